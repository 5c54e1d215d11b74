from __future__ import annotations

import pytest

from mideast_nlp.segmenter import CliticSegmenter

SPLITS = {
    "وأذربيجان": ["و", "أذربيجان"],
    "لحلف": ["ل", "حلف"],
    "بالرياض": ["ب", "الرياض"],
    "للبنان": ["ل", "لبنان"],
    "وبالرياض": ["و", "ب", "الرياض"],
    "وسيلتقي": ["و", "س", "يلتقي"],
    "والاتحاد": ["و", "الاتحاد"],
    "ولأرمينيا": ["و", "ل", "أرمينيا"],
    # WikiFANE writes these whole; و + a far more frequent alef-initial word is و + that word
    "واتفق": ["و", "اتفق"],
    "واجتمع": ["و", "اجتمع"],
    "واعترف": ["و", "اعترف"],
}
WHOLE = [
    "بغداد",
    "بيروت",
    "لبنان",
    "ليبيا",
    "فلسطين",
    "فرنسا",
    "كابول",
    "كندا",
    "واشنطن",
    "وارسو",
    "بكين",
    "بريطانيا",
    "سوريا",
    "سيول",
    "وزير",
    "واحدة",
    "وافقت",
    "واليا",
    "كما",
    "بين",
    "لكن",
]


@pytest.mark.parametrize(("word", "pieces"), SPLITS.items())
def test_proclitics_are_split(nlp, word: str, pieces: list[str]) -> None:
    doc = nlp.spacy.tokenizer(word)
    assert [t.text for t in doc] == pieces
    assert [t._.is_clitic for t in doc] == [True] * (len(pieces) - 1) + [False]


@pytest.mark.parametrize("word", WHOLE)
def test_names_and_function_words_stay_whole(nlp, word: str) -> None:
    assert [t.text for t in nlp.spacy.tokenizer(word)] == [word]


@pytest.mark.parametrize(
    ("word", "norm"),
    [
        ("للرئيس", "الرئيس"),
        ("للمملكة", "المملكه"),
        ("للحكومة", "الحكومه"),
        # country names that WikiFANE tags with their ل attached are ل + the name all the same
        ("للعراق", "العراق"),
        ("للولايات", "الولايات"),
        ("للسعودية", "السعوديه"),
    ],
)
def test_article_restored_in_norm_after_lam(nlp, word: str, norm: str) -> None:
    doc = nlp.spacy.tokenizer(word)
    assert [t.text for t in doc] == ["ل", word[1:]]
    assert doc[1].norm_ == norm


def test_tokens_point_into_original_text(reference_doc, reference_text: str) -> None:
    assert reference_doc.text == reference_text
    for tok in reference_doc:
        assert reference_text[tok.idx : tok.idx + len(tok.text)] == tok.text


def test_norm_is_folded_form(reference_doc) -> None:
    norms = {t.text: t.norm_ for t in reference_doc}
    assert norms["إلهام"] == "الهام"
    assert norms["أذربيجان"] == "اذربيجان"
    assert norms["سُئل"] == "سئل"


def test_reference_article_clitics(reference_doc) -> None:
    texts = [t.text for t in reference_doc]
    # «لحلف الناتو», «وأذربيجان», «بالرئيس علييف» from the reference article
    i = texts.index("حلف")
    assert texts[i - 1] == "ل" and reference_doc[i - 1]._.is_clitic
    assert "وأذربيجان" not in texts and "أذربيجان" in texts
    trigrams = list(zip(texts, texts[1:], texts[2:], strict=False))
    assert ("ب", "الرئيس", " ") not in trigrams
    assert any(a == "ب" and b == "الرئيس" for a, b, _ in trigrams)


def test_punctuation_numbers_urls() -> None:
    import spacy

    nlp = spacy.blank("ar", config={"nlp": {"tokenizer": {"@tokenizers": "mideast_nlp.ArabicTokenizer.v1"}}})
    doc = nlp('قال: "نعم"، 120,000 شخص (15 ديسمبر) http://example.com/a?b=1 ١٢٣')
    assert [t.text for t in doc] == [
        "قال",
        ":",
        '"',
        "نعم",
        '"',
        "،",
        "120,000",
        "شخص",
        "(",
        "15",
        "ديسمبر",
        ")",
        "http://example.com/a?b=1",
        "١٢٣",
    ]
    assert doc[-1].norm_ == "123"


def test_whitespace_and_invisible_characters_round_trip(nlp) -> None:
    text = "  أمين\u200f  عام\n\n\nالناتو\u00a0يرحب ـــ "
    doc = nlp.spacy.tokenizer(text)
    assert doc.text == text


def test_segmenter_is_data_driven() -> None:
    seg = CliticSegmenter({"رياض": 1, "ياض": 100}, no_split=())
    # Without evidence that "غداد" is a word, nothing is split.
    assert seg.split_points("بغداد") == ()
    seg2 = CliticSegmenter({"غداد": 1000, "بغداد": 10}, no_split=())
    assert seg2.split_points("بغداد") == (1,)


def test_whitespace_runs_and_unmatched_characters() -> None:
    from mideast_nlp.training.ner import blank_nlp

    tok = blank_nlp().tokenizer
    text = " وبالرياض  ²³ كتاب\n\twww.example.com/a، "
    for _ in range(2):  # the second call is served from the chunk cache: same tokens
        doc = tok(text)
        assert doc.text == text
        assert [(t.text, t.whitespace_) for t in doc] == [
            (" ", ""),
            ("و", ""),
            ("ب", ""),
            ("الرياض", " "),
            (" ", ""),
            ("²³", " "),
            ("كتاب", ""),
            ("\n\t", ""),
            ("www.example.com/a", ""),
            ("،", " "),
        ]
        assert [t._.is_clitic for t in doc][1:4] == [True, True, False]


def test_restored_article_survives_the_cache() -> None:
    from mideast_nlp.training.ner import blank_nlp

    tok = blank_nlp().tokenizer
    first = [(t.text, t.norm_) for t in tok("للرئيس للرئيس")]
    second = [(t.text, t.norm_) for t in tok("قال للرئيس")]
    assert first == [("ل", "ل"), ("لرئيس", "الرئيس"), ("ل", "ل"), ("لرئيس", "الرئيس")]
    assert second[1:] == first[:2]


@pytest.mark.parametrize(("word", "pieces"), [("سيجتمعان", ["س", "يجتمعان"]), ("سيزوران", ["س", "يزوران"])])
def test_future_particle_before_a_rare_dual(nlp, word: str, pieces: list[str]) -> None:
    # too rare to be counted, but يجتمع and يزور are frequent verbs
    assert [t.text for t in nlp.spacy.tokenizer(word)] == pieces


def test_a_name_after_sin_stays_whole(nlp) -> None:
    assert [t.text for t in nlp.spacy.tokenizer("سيلفان")] == ["سيلفان"]
