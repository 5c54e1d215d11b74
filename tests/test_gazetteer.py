"""Gazetteer features for the NER model (mideast_nlp.gazetteer) and the table builder."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import spacy

from mideast_nlp.gazetteer import GazetteerTagger, feature_values, read_entries, write_entries
from mideast_nlp.training.ner import blank_nlp

ENTRIES = [
    ("name", "PER", "ينس ستولتنبرغ"),
    ("name", "ORG", "حلف شمال الاطلسي"),
    ("name", "ORG", "حلف"),
    ("name", "LOC", "بروكسل"),
    ("name", "LOC", "اذربيجان"),
    ("part", "PER", "الهام"),
    ("part", "PER", "علييف"),
]
TEXT = "استقبل إلهام علييف الأمين العام لحلف شمال الأطلسي ينس ستولتنبرغ في بروكسل وأذربيجان"


@pytest.fixture
def nlp() -> spacy.language.Language:
    nlp = blank_nlp()
    gaz = nlp.add_pipe("mideast_gazetteer")
    gaz.set_entries(ENTRIES)
    return nlp


def test_longest_match_bio_and_name_parts(nlp: spacy.language.Language) -> None:
    doc = nlp(TEXT)
    tags = {t.text: t.tag_ for t in doc}
    assert [(t.text, t.tag_) for t in doc[:3]] == [("استقبل", "gzO"), ("إلهام", "gzO+N"), ("علييف", "gzO+N")]
    # لحلف → ل + حلف: the longest name wins over the one-word حلف, and the clitic stays outside
    assert [(t.text, t.tag_) for t in doc if t.tag_.startswith("gzB-ORG") or t.tag_.startswith("gzI-ORG")] == [
        ("حلف", "gzB-ORG"),
        ("شمال", "gzI-ORG"),
        ("الأطلسي", "gzI-ORG"),
    ]
    hilf = next(t for t in doc if t.text == "حلف")
    assert doc[hilf.i - 1].text == "ل" and doc[hilf.i - 1].tag_ == "gzO"
    assert tags["ينس"] == "gzB-PER" and tags["ستولتنبرغ"] == "gzI-PER"
    assert tags["بروكسل"] == "gzB-LOC"
    assert tags["أذربيجان"] == "gzB-LOC"  # folded match: أ → ا, after the proclitic و
    assert tags["و"] == "gzO"
    assert set(tags.values()) <= set(feature_values())


def test_dropout_only_for_one_armed_batch(nlp: spacy.language.Language) -> None:
    gaz = nlp.get_pipe("mideast_gazetteer")
    gaz.dropout = 1.0
    gaz.arm_dropout()
    (armed,) = list(gaz.pipe([nlp.make_doc(TEXT)]))
    assert {t.tag_ for t in armed} == {"gzO"}  # everything dropped
    after = nlp(TEXT)  # disarmed after that batch: every match is back
    assert any(t.tag_ == "gzB-LOC" for t in after)


def test_round_trip_with_the_pipeline(nlp: spacy.language.Language, tmp_path: Path) -> None:
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.pipe_names == ["mideast_gazetteer"]
    assert [t.tag_ for t in loaded(TEXT)] == [t.tag_ for t in nlp(TEXT)]
    rows = list(read_entries(tmp_path / "pipe" / "mideast_gazetteer" / "entries.tsv"))
    assert len(rows) == len(ENTRIES)


def test_unknown_entry_kind_is_rejected() -> None:
    gaz = GazetteerTagger(blank_nlp())
    with pytest.raises(ValueError, match="unknown kind"):
        gaz.set_entries([("city", "LOC", "بروكسل")])


def test_table_builder_strips_titles_and_frequent_words(tmp_path: Path) -> None:
    from mideast_nlp.training import gazetteer_table as gt

    shared = tmp_path / "shared"
    rigour = shared / gt.RIGOUR
    rigour.parent.mkdir(parents=True)
    # "في" is a rigour form too (a transliteration) but the news makes it a frequent word
    rigour.write_text("jens, ينس, Йенс => Q1\nfi, في => Q2\nkhosrow, خسرو, خسرۆ => Q3\n", encoding="utf-8")
    arab = shared / gt.ARABNAMER
    arab.parent.mkdir(parents=True)
    arab.write_text(json.dumps({"aliyev": "علييف", "nasir": "ناصر"}), encoding="utf-8")
    news = shared / gt.NEWS
    news.parent.mkdir(parents=True)
    with gzip.open(news, "wt", encoding="utf-8") as fh:
        for _ in range(3):
            fh.write(json.dumps({"title": "في المدينة", "text": "في " * 50}) + "\n")
    entries, counts = gt.build_entries(shared)
    parts = {text for kind, _, text in entries if kind == "part"}
    names = {(label, text) for kind, label, text in entries if kind == "name"}
    assert {"ينس", "علييف", "ناصر", "خسرو"} <= parts
    assert "في" not in parts and "الرئيس" not in parts
    assert ("LOC", "اذربيجان") in names
    # KB person aliases lose their titles: no name starts with a title word
    titles = gt.title_words()
    assert not any(text.split()[0] in titles for label, text in names if label == "PER")
    assert counts["part/PER"] == len(parts)
    out = tmp_path / "table.tsv"
    assert write_entries(entries, out) == len(entries)
