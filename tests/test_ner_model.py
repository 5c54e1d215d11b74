"""The packaged NER model (models/ner/, shipped as package data of mideast_nlp.models)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
import spacy

ROOT = Path(__file__).resolve().parents[1]
MODEL = Path(str(resources.files("mideast_nlp.models") / "ner"))
ARTICLE_CANDIDATES = (
    ROOT / "examples/aliyev_stoltenberg_ar.txt",
    ROOT.parent / "shared/data/examples/aliyev_stoltenberg_ar.txt",
)

pytestmark = pytest.mark.skipif(not (MODEL / "meta.json").exists(), reason="models/ner not built")


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.load(MODEL)


@pytest.fixture(scope="module")
def article_doc(nlp: spacy.language.Language) -> spacy.tokens.Doc:
    path = next((p for p in ARTICLE_CANDIDATES if p.exists()), None)
    if path is None:
        pytest.skip("reference article not available")
    return nlp(path.read_text(encoding="utf-8"))


def test_model_metadata_and_size() -> None:
    meta = json.loads((MODEL / "meta.json").read_text(encoding="utf-8"))
    assert meta["lang"] == "ar"
    assert set(meta["labels"]["ner"]) == {"PER", "ORG", "LOC", "MISC"}
    assert meta["license"] == "CC BY-SA 4.0"
    assert (MODEL / "LICENSE").exists()
    size = sum(p.stat().st_size for p in MODEL.rglob("*") if p.is_file())
    assert size <= 60 * 1024 * 1024


def test_model_uses_our_tokenizer(nlp: spacy.language.Language) -> None:
    doc = nlp("وأذربيجان للبنان")
    assert [t.text for t in doc] == ["و", "أذربيجان", "ل", "لبنان"]
    assert nlp.pipe_names == ["tok2vec", "ner"]


def test_model_entities_and_cached_vectors(nlp: spacy.language.Language) -> None:
    from mideast_nlp.vectors import CachedVectors

    doc = nlp("التقى الرئيس إلهام علييف الأمين العام لحلف شمال الأطلسي في بروكسل")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("إلهام علييف", "PER") in ents
    assert ("حلف شمال الأطلسي", "ORG") in ents
    assert ("بروكسل", "LOC") in ents
    assert isinstance(nlp.vocab.vectors, CachedVectors)
    assert nlp.vocab.vectors.shape == (50_000, 160)


def test_reference_article_entities(article_doc: spacy.tokens.Doc) -> None:
    ents = {(e.text, e.label_) for e in article_doc.ents}
    assert ("ستولتنبرغ", "PER") in ents or any(
        e.label_ == "PER" and e.text.endswith("ستولتنبرغ") for e in article_doc.ents
    )
    assert ("أذربيجان", "LOC") in ents


def test_reference_article_spans_and_clitics(article_doc: spacy.tokens.Doc) -> None:
    doc = article_doc
    assert doc.ents
    for ent in doc.ents:
        assert doc.text[ent.start_char : ent.end_char] == ent.text
        assert not ent[0]._.is_clitic, ent.text
    # every mention of أذربيجان after a proclitic (وأذربيجان, لأذربيجان) starts after the clitic
    for tok in doc:
        if tok.text == "أذربيجان" and tok.i > 0 and doc[tok.i - 1]._.is_clitic and tok.ent_type_:
            assert tok.ent_iob_ == "B"
