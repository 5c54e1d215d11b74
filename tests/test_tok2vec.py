"""The packaged model's tok2vec runs under a token budget and gives the vectors of one pass."""

from __future__ import annotations

import numpy
import pytest

from mideast_nlp.tok2vec import WindowedTok2Vec, receptive_field, windows


def test_windows_tile_the_document() -> None:
    got = list(windows(10, 4, 2))
    assert got == [(0, 6, 0, 4), (2, 10, 4, 8), (6, 10, 8, 10)]
    kept = [i for _, _, start, end in windows(1001, 37, 5) for i in range(start, end)]
    assert kept == list(range(1001))


def test_packaged_tok2vec_is_windowed(nlp) -> None:
    tok2vec = nlp.spacy.get_pipe("tok2vec")
    assert isinstance(tok2vec, WindowedTok2Vec)
    # four encoder layers, each with a window of one token on each side
    assert receptive_field(tok2vec.model) == tok2vec.margin == 4


@pytest.mark.parametrize("budget", [60, 400])
def test_windowed_vectors_equal_one_pass(nlp, reference_text, news_articles, budget) -> None:
    tok2vec = nlp.spacy.get_pipe("tok2vec")
    texts = [reference_text] + [str(a["text"]) for a in news_articles[:6]]
    docs = [nlp.spacy.make_doc(t) for t in texts]
    assert len(docs[0]) > 400  # the reference article is cut into windows
    expected = tok2vec.model.predict(docs)
    saved = tok2vec.token_budget
    tok2vec.token_budget = budget
    try:
        got = tok2vec.predict(docs)
    finally:
        tok2vec.token_budget = saved
    assert [v.shape for v in got] == [v.shape for v in expected]
    for g, e in zip(got, expected, strict=True):
        numpy.testing.assert_allclose(g, e, atol=1e-4)


def test_entities_unchanged_by_windows(nlp, reference_text) -> None:
    tok2vec = nlp.spacy.get_pipe("tok2vec")
    whole = [(e.start_char, e.end_char, e.label_) for e in nlp.spacy(reference_text).ents]
    saved = tok2vec.token_budget
    tok2vec.token_budget = 60
    try:
        windowed = [(e.start_char, e.end_char, e.label_) for e in nlp.spacy(reference_text).ents]
    finally:
        tok2vec.token_budget = saved
    assert windowed == whole
    assert any(reference_text[s:e] == "ستولتنبرغ" and label == "PER" for s, e, label in whole)


def test_budget_must_be_positive(nlp) -> None:
    with pytest.raises(ValueError, match="token_budget"):
        WindowedTok2Vec(nlp.spacy.vocab, nlp.spacy.get_pipe("tok2vec").model, token_budget=0)


def test_empty_docs_beside_a_long_one(nlp, reference_text) -> None:
    # an input error becomes an empty text in extract_many: it must not break the long article's batch
    tok2vec = nlp.spacy.get_pipe("tok2vec")
    long_doc = nlp.spacy.make_doc(reference_text)
    saved = tok2vec.token_budget
    tok2vec.token_budget = 60
    try:
        got = tok2vec.predict([long_doc, nlp.spacy.make_doc(""), nlp.spacy.make_doc("")])
    finally:
        tok2vec.token_budget = saved
    assert [v.shape[0] for v in got] == [len(long_doc), 0, 0]
    results = list(nlp.extract_many([reference_text, "   "]))
    assert results[0].entities and results[1].errors and results[1].errors[0].code == "E004"
