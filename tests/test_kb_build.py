"""Tests of the packaged knowledge base (``mideast_nlp/data/kb/kb.jsonl.gz``) and its loader."""

from __future__ import annotations

import gzip
import json
import re
import time
from pathlib import Path

import pytest

from mideast_nlp.errors import ModelError
from mideast_nlp.kb import KBEntity, KnowledgeBase
from mideast_nlp.normalizer import fold

PERSIAN_ONLY = set("یکگپچژەۆڕێۇ")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def find(kb: KnowledgeBase, text: str) -> tuple[KBEntity, ...]:
    return kb.candidates(fold(text))


def names(kb: KnowledgeBase, text: str) -> list[str]:
    return [e.name_en for e in find(kb, text)]


def test_packaged_kb_loads_and_is_cached(kb: KnowledgeBase) -> None:
    assert len(kb) > 5000
    assert KnowledgeBase.load() is kb


def test_missing_file_raises_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="E012"):
        KnowledgeBase.load(tmp_path / "nope.jsonl.gz")


def test_load_is_fast(kb: KnowledgeBase) -> None:
    assert kb.path is not None
    t0 = time.perf_counter()
    KnowledgeBase.load(kb.path)
    assert time.perf_counter() - t0 < 2.0  # typically ~0.25 s; slack for loaded CI machines


@pytest.mark.parametrize("alias", ["أذربيجان", "الأذربيجاني", "أذربيجانية", "أذربيجانيون"])
def test_azerbaijan(kb: KnowledgeBase, alias: str) -> None:
    top = find(kb, alias)[0]
    assert (top.name_en, top.country, top.cameo, top.qid) == ("Azerbaijan", "AZE", "AZE", "Q227")
    assert top.type == "LOC" and top.subtype == "country"


def test_nisba_kind(kb: KnowledgeBase) -> None:
    assert kb.alias_kind(fold("الأذربيجاني"), "Q227") == "nisba"
    assert kb.alias_kind(fold("أذربيجان"), "Q227") == "name"


@pytest.mark.parametrize("alias", ["ناختشيفان", "نخجوان", "ناخيتشيفان"])
def test_nakhchivan(kb: KnowledgeBase, alias: str) -> None:
    found = find(kb, alias)
    assert any("Nakhchivan" in e.name_en or "Naxcivan" in e.name_en for e in found)
    assert all(e.country == "AZE" for e in found)


@pytest.mark.parametrize("alias", ["الناتو", "حلف شمال الأطلسي", "حلف الناتو", "حلف الأطلسي"])
def test_nato(kb: KnowledgeBase, alias: str) -> None:
    top = find(kb, alias)[0]
    assert top.cameo == "IGOWSTNAT"
    assert top.qid == "Q7184"
    assert top.type == "ORG"


@pytest.mark.parametrize(
    ("alias", "name_en"),
    [
        ("المجلس الأوروبي", "European Council"),
        ("المفوضية الأوروبية", "European Commission"),
        ("الاتحاد الأوروبي", "European Union"),
        ("الأمم المتحدة", "United Nations"),
        ("مجلس الأمن الدولي", "United Nations Security Council"),
        ("جامعة الدول العربية", "Arab League"),
        ("الجامعة العربية", "Arab League"),
        ("مجلس التعاون الخليجي", "Gulf Cooperation Council"),
        ("الشراكة الشرقية", "Eastern Partnership"),
        ("حزب الله", "Hezbollah"),
        ("داعش", "Islamic State"),
        ("أنصار الله", "Houthis"),
    ],
)
def test_organisations(kb: KnowledgeBase, alias: str, name_en: str) -> None:
    assert names(kb, alias)[0] == name_en


@pytest.mark.parametrize("alias", ["كابول", "كابل"])
def test_kabul(kb: KnowledgeBase, alias: str) -> None:
    top = find(kb, alias)[0]
    assert top.name_en == "Kabul" and top.country == "AFG" and top.subtype == "capital"
    assert top.geonames == 1138958


@pytest.mark.parametrize(
    ("alias", "name_en"),
    [
        ("جنوب القوقاز", "South Caucasus"),
        ("ناغورنو كاراباخ", "Nagorno-Karabakh"),
        ("الضفة الغربية", "West Bank"),
        ("قطاع غزة", "Gaza Strip"),
        ("الشرق الأوسط", "Middle East"),
        ("القوقاز", "Caucasus"),
    ],
)
def test_regions(kb: KnowledgeBase, alias: str, name_en: str) -> None:
    assert names(kb, alias)[0] == name_en


def test_people(kb: KnowledgeBase) -> None:
    aliyev = find(kb, "إلهام علييف")[0]
    assert aliyev.name_en == "Ilham Aliyev" and aliyev.country == "AZE" and aliyev.type == "PER"
    assert aliyev.cameo == "AZEGOV"
    assert any(r.role == "president" and r.org == "AZE" for r in aliyev.roles)
    assert "علييف" in aliyev.short_aliases
    assert kb.alias_kind(fold("علييف"), aliyev.kb_id) == "short"
    stoltenberg = find(kb, "ينس ستولتنبرغ")[0]
    assert stoltenberg.name_en == "Jens Stoltenberg"
    assert [r.role for r in stoltenberg.role_on("2021-12-15")] == ["secretary general"]
    assert names(kb, "تشارلز ميشيل")[0] == "Charles Michel"
    assert names(kb, "نيكول باشينيان")[0] == "Nikol Pashinyan"
    assert find(kb, "دونالد ترامب")[0].qid == "Q22686"


def test_candidate_prior_prefers_country_then_capital(kb: KnowledgeBase) -> None:
    subtypes = [e.subtype for e in find(kb, "عمان")]
    assert subtypes[:2] == ["country", "capital"]
    assert kb.is_risky(fold("عمان"), find(kb, "عمان")[0].kb_id)


def test_coverage_floors(kb: KnowledgeBase) -> None:
    c = kb.counts_by_type()
    assert c.get("LOC/country", 0) + c.get("LOC/territory", 0) >= 245
    places = sum(v for k, v in c.items() if k.startswith("LOC/") and k not in ("LOC/country", "LOC/territory"))
    assert places >= 3000
    igos = sum(c.get(f"ORG/{s}", 0) for s in ("igo", "igo_body", "forum", "alliance"))
    assert igos >= 150
    assert c.get("PER", 0) >= 1000


def test_every_country_has_names_and_nisba(kb: KnowledgeBase) -> None:
    countries = [e for e in kb if e.subtype == "country"]
    assert all(e.name_ar and e.cameo and e.country for e in countries)
    assert sum(1 for e in countries if e.qid) >= 190
    assert sum(1 for e in countries if e.nisba) >= 170


def test_alias_hygiene(kb: KnowledgeBase) -> None:
    for e in kb:
        for a in (*e.aliases_ar, *e.short_aliases, *e.nisba):
            assert not PERSIAN_ONLY & set(a), (e.kb_id, a)
            assert len(a.replace(" ", "")) > 2, (e.kb_id, a)
            assert a == a.strip() and "ـ" not in a
            assert not re.search(r"[\u064B-\u0652]", a), (e.kb_id, a)  # no tashkeel
        assert set(e.risky_aliases) <= {*e.aliases_ar, *e.short_aliases, *e.nisba}


def test_qids_and_ids(kb: KnowledgeBase) -> None:
    for e in kb:
        if e.qid is not None:
            assert re.fullmatch(r"Q\d+", e.qid), e.kb_id
        if e.kb_id.startswith("Q"):
            assert e.kb_id == e.qid
        assert e.type in ("PER", "ORG", "LOC")
        if e.country is not None:
            assert re.fullmatch(r"[A-Z]{3}", e.country), e.kb_id


def test_aliases_iterator(kb: KnowledgeBase) -> None:
    kinds = {k for _, _, k in kb.aliases()}
    assert kinds == {"name", "short", "nisba"}
    assert (fold("الناتو"), "Q7184", "name") in set(kb.aliases())


def test_file_is_sorted_and_deterministic(kb: KnowledgeBase) -> None:
    assert kb.path is not None
    raw = Path(kb.path).read_bytes()
    assert raw[4:8] == b"\x00\x00\x00\x00"  # gzip mtime 0
    ids = [json.loads(line)["kb_id"] for line in gzip.decompress(raw).decode("utf-8").splitlines()]
    assert ids == sorted(ids)
    assert len(raw) < 8_000_000


def test_kb_package_does_not_import_build() -> None:
    import subprocess
    import sys

    code = "import sys, mideast_nlp.kb; print('mideast_nlp.kb.build' in sys.modules, 'yaml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


# -- political figures: Phoenix office holders with Arabic names composed from name-part dictionaries --


def test_politician_floor(kb: KnowledgeBase) -> None:
    c = kb.counts_by_type()
    assert c.get("PER/politician", 0) >= 1000
    composed = [e for e in kb if "composed_name" in e.sources]
    assert len(composed) >= 600
    for e in composed:
        assert e.type == "PER" and e.subtype == "politician", e.kb_id
        assert e.qid is None, e.kb_id  # never inferred
        assert "petrarch2_phoenix" in e.sources and e.cameo_history, e.kb_id
        assert {"rigour_person-names_pypi-1.8.2", "arabnamer_pypi-0.1.3"} & set(e.sources), e.kb_id


def test_composed_names_are_unique_among_people(kb: KnowledgeBase) -> None:
    for e in kb:
        if "composed_name" not in e.sources:
            continue
        for a in (*e.aliases_ar, *e.short_aliases):
            people = [x.kb_id for x in find(kb, a) if x.type == "PER"]
            assert people == [e.kb_id], (e.kb_id, a, people)


# Names composed by the build and found as such in the ANT news corpus (counts of the folded full name).
@pytest.mark.parametrize(
    ("alias", "name_en", "country"),
    [
        ("دونالد رامسفيلد", "Donald Rumsfeld", "USA"),  # 3 in the corpus
        ("جلال طالباني", "Jalal Talabani", "IRQ"),  # 3
        ("حمد بن خليفة آل ثاني", "Hamad bin Khalifa al Thani", "QAT"),  # 16
        ("نيكولاي ملادينوف", "Nikolay Mladenov", "BGR"),  # 40
        ("إدوارد نالبانديان", "Eduard Nalbandian", "ARM"),  # 2
        ("إبراهيم محلب", "Ibrahim Mahlab", "EGY"),  # 4
    ],
)
def test_composed_politicians(kb: KnowledgeBase, alias: str, name_en: str, country: str) -> None:
    top = find(kb, alias)[0]
    assert (top.name_en, top.country, top.type, top.subtype) == (name_en, country, "PER", "politician")
    assert "composed_name" in top.sources and top.qid is None
    assert any(p.code.startswith(country + "GOV") for p in top.cameo_history)


def test_name_skeletons() -> None:
    from mideast_nlp.kb.build import CLOSE_SIMILARITY, skeleton_similarity

    assert skeleton_similarity("michael", "مايكل") > skeleton_similarity("michael", "مايك")
    assert skeleton_similarity("joe", "جو") == 1.0
    assert skeleton_similarity("joe", "تشو") < CLOSE_SIMILARITY
    assert skeleton_similarity("guillaume", "ويليام") < CLOSE_SIMILARITY  # William's name, not Guillaume's
    assert skeleton_similarity("hollande", "أولاند") >= CLOSE_SIMILARITY  # silent h
    assert skeleton_similarity("mohammed", "محمد") == 1.0
