"""Knowledge-base linking on real Arabic text."""

from __future__ import annotations

import pytest

EXPECTED_ACTORS = {
    "Ilham Aliyev",
    "Jens Stoltenberg",
    "Charles Michel",
    "Nikol Pashinyan",
    "North Atlantic Treaty Organization",
    "European Union",
    "European Council",
    "Azerbaijan",
    "Armenia",
    "Afghanistan",
    "Kabul",
    "South Caucasus",
    "Nakhchivan Autonomous Republic",
    "Iran",
    "Russia",
}
# Genuinely named in the article as well: the Eastern Partnership (its summit).
ALSO_NAMED = {"Eastern Partnership"}


@pytest.fixture(scope="module")
def reference_result(nlp, reference_text):
    return nlp.extract(reference_text, id="ref", published="2021-12-14")


def test_reference_article_links_exactly_its_actors(reference_result) -> None:
    linked = {e.name_en for e in reference_result.entities if e.kb_id}
    assert linked >= EXPECTED_ACTORS
    assert linked - EXPECTED_ACTORS <= ALSO_NAMED


def test_mentions_point_into_text_and_carry_links(reference_result, reference_text: str) -> None:
    for m in reference_result.mentions:
        assert reference_text[m.start : m.end] == m.text
        assert not m.text.startswith(("و", "ل")) or m.text in ("ليبيا", "لبنان") or not m.kb_id or m.label != "LOC"
    nato = [m for m in reference_result.mentions if m.name_en == "North Atlantic Treaty Organization"]
    assert {m.text for m in nato} >= {"الناتو", "حلف الناتو", "حلف شمال الأطلسي"}
    assert all(m.cameo == "IGOWSTNAT" and m.qid == "Q7184" for m in nato)


def test_short_forms_join_the_full_name(reference_result) -> None:
    by_name = {e.name_en: e for e in reference_result.entities}
    aliyev = by_name["Ilham Aliyev"]
    forms = {reference_result.mentions[i].text for i in aliyev.mentions}
    assert forms >= {"إلهام علييف", "علييف"}
    assert aliyev.country == "AZE" and aliyev.cameo == "AZEGOV" and "president" in aliyev.roles
    michel = by_name["Charles Michel"]
    assert {reference_result.mentions[i].text for i in michel.mentions} >= {"تشارلز ميشيل", "ميشيل"}


def test_entities_list_each_actor_once(reference_result) -> None:
    names = [e.name_en for e in reference_result.entities if e.kb_id]
    assert len(names) == len(set(names))
    azerbaijan = next(e for e in reference_result.entities if e.name_en == "Azerbaijan")
    assert len(azerbaijan.mentions) >= 8


@pytest.mark.parametrize(
    ("text", "surface", "name_en"),
    [
        ("وأذربيجان دولة في القوقاز", "أذربيجان", "Azerbaijan"),
        ("انضمت مقدونيا لحلف الناتو", "حلف الناتو", "North Atlantic Treaty Organization"),
        ("وصل الوفد بالرياض أمس", "الرياض", "Riyadh"),
        ("سافر الى القاهرة", "القاهرة", "Cairo"),
        ("قالت الأمم المتحدة إن", "الأمم المتحدة", "United Nations"),
        ("أعلنت جامعة الدول العربية", "جامعة الدول العربية", "Arab League"),
    ],
)
def test_aliases_match_through_clitics_and_spelling(nlp, text: str, surface: str, name_en: str) -> None:
    result = nlp.extract(text)
    found = {(m.text, m.name_en) for m in result.mentions}
    assert (surface, name_en) in found


def test_ambiguity_is_decided_by_context(nlp) -> None:
    oman = nlp.extract("تستضيف سلطنة عمان المحادثات")
    assert [m.name_en for m in oman.mentions] == ["Oman"]
    amman = nlp.extract("وصل الوفد إلى العاصمة الأردنية عمان")
    assert [m.name_en for m in amman.mentions] == ["Amman"]
    georgia = nlp.extract("زار تبليسي عاصمة جورجيا")
    assert "Georgia" in {m.name_en for m in georgia.mentions}
    state = nlp.extract("في ولاية جورجيا الأمريكية")
    assert "Georgia" not in {m.name_en for m in state.mentions}


def test_common_words_are_not_linked(nlp) -> None:
    result = nlp.extract("نريد السلام والأمل والنور لكل الناس")
    assert result.mentions == ()


def test_title_with_nisba_is_a_mention_of_the_named_office_holder(nlp) -> None:
    result = nlp.extract("التقى الرئيس الروسي فلاديمير بوتين الوفد. وقال الرئيس الروسي إن المحادثات كانت مثمرة.")
    putin = [m for m in result.mentions if m.name_en == "Vladimir Putin"]
    assert {m.text for m in putin} == {"فلاديمير بوتين", "الرئيس الروسي"}
    assert len({m.entity for m in putin}) == 1
    # another office of the same country is not the president
    other = nlp.extract("وصل نائب الرئيس الأمريكي إلى القاهرة والتقى الرئيس دونالد ترامب.")
    assert [m.text for m in other.mentions if m.name_en == "Donald Trump"] == ["دونالد ترامب"]


def test_a_definite_head_refers_back_to_the_organisation(nlp) -> None:
    text = (
        "أعلن الرئيس الأفغاني أشرف غني تمديد الهدنة مع مسلحي حركة طالبان.\n"
        "كما التقى وزير الداخلية الأفغاني بعدد من مسلحي الحركة في العاصمة."
    )
    result = nlp.extract(text)
    taliban = [m for m in result.mentions if m.name_en == "Taliban"]
    assert [m.text for m in taliban] == ["حركة طالبان", "الحركة"]
    assert len({m.entity for m in taliban}) == 1
    # a new name with the same head is not a reference back
    other = nlp.extract("قال مسلحو حركة طالبان إن الحركة الشعبية لتحرير السودان لم ترد.")
    assert [m.text for m in other.mentions if m.name_en == "Taliban"] == ["حركة طالبان"]


def test_idiom_is_not_a_city(nlp) -> None:
    result = nlp.extract("سيقضي ترمب معظم فترة الزيارة في اسكتلندا، مسقط رأس والدته.")
    assert "Masqat" not in {m.name_en for m in result.mentions}
    assert "Masqat" in {m.name_en for m in nlp.extract("زار السلطان قابوس مسقط.").mentions}


def test_a_surname_alias_links_only_at_the_end_of_a_name(nlp) -> None:
    result = nlp.extract("وقال ميشال بارنييه للصحافيين في بروكسل إن المفاوضات مستمرة.")
    assert "Charles Michel" not in {m.name_en for m in result.mentions}


def test_an_ambiguous_coalition_name_links_when_its_mission_follows(nlp) -> None:
    text = "كان العبادي يشارك في اجتماع التحالف الدولي ضد تنظيم الدولة الإسلامية في بروكسل."
    names = {m.name_en for m in nlp.extract(text).mentions}
    assert "Global Coalition to Defeat ISIS" in names


def test_knowledge_base_finds_a_country_by_its_iso_code() -> None:
    from mideast_nlp.kb.store import KnowledgeBase

    kb = KnowledgeBase.load()
    egypt = kb.country("EGY")
    assert egypt is not None and egypt.name_en == "Egypt" and egypt.subtype == "country"
    assert kb.country("XXX") is None and kb.country(None) is None


def test_an_ambiguous_name_takes_the_country_the_article_is_about(nlp) -> None:
    # عمان is Oman and Amman; beside الأردن it is Amman, beside سلطنة/مسقط the sultanate
    jordan = nlp.extract(
        "وصل الأمير وليام الأحد إلى الأردن. وحطت طائرة الأمير في مطار ماركا (شرق عمان) عند الساعة 16:05.",
        id="amman",
    )
    oman = nlp.extract("زار وزير الخارجية الإيراني مسقط حيث التقى المسؤولين في عمان.", id="oman")
    for result, expected in ((jordan, "Amman"), (oman, "Oman")):
        names = {m.name_en for m in result.mentions if m.text == "عمان"}
        assert names == {expected}


def test_names_after_lam_al_are_linked(nlp) -> None:
    result = nlp.extract("وذلك بعد زيارة رسمية للولايات المتحدة، وقبل زيارته للعراق والسعودية.")
    assert {m.name_en for m in result.mentions} >= {"United States", "Iraq", "Saudi Arabia"}
    # the mention leaves the preposition out: للولايات → لولايات (the article's alef is not written)
    assert {m.text for m in result.mentions if m.name_en == "United States"} == {"لولايات المتحدة"}
    assert all(not m.text.startswith("لل") for m in result.mentions)


def test_a_two_word_nisba_is_no_person(nlp) -> None:
    # FR-internationalNews-263 (ANT, dev3): the NER reads كوري of كوري جنوبي as a person
    r = nlp.extract("وصل وفد كوري جنوبي الإثنين إلى بيونغ يانغ في زيارة تاريخية يلتقي خلالها الزعيم كيم جونغ أون.")
    assert all(m.text != "كوري" for m in r.mentions)
    assert any(e.name_en == "Kim Jong-un" for e in r.entities)
