"""Word-level NER scoring: score_spans and evaluate_ner's CoNLL reading on a hand-made snippet."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from mideast_nlp.errors import InputError
from mideast_nlp.evaluation import (
    bio_spans,
    evaluate_ner,
    project_to_words,
    read_conll_entities,
    score_spans,
)

SNIPPET = """\
التقى O
الرئيس O
إلهام B-PERS
علييف I-PERS
وستولتنبرغ B-PERS
في O
بروكسل B-LOC
. O

وأعلن O
حلف B-ORG
الناتو I-ORG
دعم O
أذربيجان B-LOC
"""


@pytest.fixture
def conll(tmp_path: Path) -> Path:
    path = tmp_path / "snippet.txt"
    path.write_text(SNIPPET, encoding="utf-8")
    return path


def test_bio_spans_conlleval_chunking() -> None:
    assert bio_spans(["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC"]) == {
        (0, 2, "PER"),
        (3, 5, "LOC"),
        (5, 6, "LOC"),
    }
    assert bio_spans(["B-PER", "I-ORG"]) == {(0, 1, "PER"), (1, 2, "ORG")}


def test_score_spans_counts() -> None:
    gold = [{(0, 2, "PER"), (3, 4, "LOC")}, {(1, 3, "ORG")}]
    pred = [{(0, 2, "PER"), (3, 4, "ORG")}, {(1, 3, "ORG"), (4, 5, "LOC")}]
    s = score_spans(gold, pred)
    assert (s["tp"], s["fp"], s["fn"]) == (2, 2, 1)
    assert s["p"] == pytest.approx(0.5)
    assert s["r"] == pytest.approx(2 / 3)
    assert s["f"] == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert s["per_label"]["PER"]["f"] == pytest.approx(1.0)
    assert (s["per_label"]["LOC"]["tp"], s["per_label"]["LOC"]["fp"], s["per_label"]["LOC"]["fn"]) == (
        0,
        1,
        1,
    )
    assert (s["per_label"]["ORG"]["tp"], s["per_label"]["ORG"]["fp"]) == (1, 1)


def test_score_spans_empty() -> None:
    s = score_spans([set()], [set()])
    assert s["f"] == 0.0
    assert s["per_label"] == {}


def test_read_conll_entities(conll: Path) -> None:
    sents = read_conll_entities(conll)
    assert [len(words) for words, _ in sents] == [8, 5]
    assert sents[0][1] == {(2, 4, "PER"), (4, 5, "PER"), (6, 7, "LOC")}
    assert sents[1][1] == {(1, 3, "ORG"), (4, 5, "LOC")}


def test_unknown_label_raises_e015(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("بغداد B-CITY\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"E015.*CITY.*line 1"):
        read_conll_entities(path)


def test_unknown_label_filter_raises_e015(conll: Path) -> None:
    nlp = spacy.blank("xx")
    with pytest.raises(InputError, match="E015"):
        evaluate_ner(nlp, conll, labels=["PER", "DATE"])


def test_projection_counts_clitic_stripped_start_as_word_start() -> None:
    words = ["رحب", "وستولتنبرغ", "بالرئيس"]
    doc = Doc(
        spacy.blank("xx").vocab,
        words=["رحب", "و", "ستولتنبرغ", "ب", "الرئيس"],
        spaces=[True, False, True, False, False],
    )
    doc.ents = [doc.char_span(5, 14, label="PER")]
    starts = [0, 4, 15]
    assert project_to_words(doc, starts) == {(1, 2, "PER")}
    assert len(words) == 3


class _Oracle:
    """A stand-in pipeline that tags fixed character spans, to test evaluate_ner end to end."""

    def __init__(self) -> None:
        self.nlp = spacy.blank("xx")

    def pipe(self, texts, batch_size: int = 64):
        for text in texts:
            doc = self.nlp.make_doc(text)
            ents = []
            for word, label in (
                ("علييف", "PER"),
                ("ستولتنبرغ", "PER"),
                ("الناتو", "ORG"),
                ("أذربيجان", "LOC"),
            ):
                start = text.find(word)
                if start >= 0:
                    span = doc.char_span(start, start + len(word), label=label, alignment_mode="expand")
                    if span is not None:
                        ents.append(span)
            doc.ents = ents
            yield doc


def test_evaluate_ner_counts(conll: Path) -> None:
    result = evaluate_ner(_Oracle(), conll)
    # gold: PER×2, LOC×2, ORG×1; predicted: علييف (wrong start), وستولتنبرغ ✓, الناتو (wrong start), أذربيجان ✓
    assert (result["tp"], result["fp"], result["fn"]) == (2, 2, 3)
    assert result["per_label"]["PER"]["tp"] == 1
    assert result["per_label"]["LOC"]["tp"] == 1
    only = evaluate_ner(_Oracle(), conll, labels=["LOC"])
    assert (only["tp"], only["fp"], only["fn"]) == (1, 0, 1)
    assert only["labels"] == ["LOC"]


def test_word_with_space_keeps_its_tag(tmp_path: Path) -> None:
    path = tmp_path / "space.txt"
    path.write_text("الصالحية ونايفة O\nالمفرق B-LOC\n", encoding="utf-8")
    [(words, spans)] = read_conll_entities(path)
    assert words == ["الصالحية ونايفة", "المفرق"]
    assert spans == {(1, 2, "LOC")}
