from __future__ import annotations

import pytest

import mideast_nlp
from mideast_nlp import InputError


def test_extract_reference_article(nlp, reference_text: str) -> None:
    result = nlp.extract(reference_text, id="ref", title="أمين عام الناتو", published="2021-12-15")
    assert result.id == "ref" and result.published == "2021-12-15"
    assert result.text == reference_text
    assert len(result.sentences) >= 20
    for s in result.sentences:
        assert reference_text[s.start : s.end].strip() == reference_text[s.start : s.end]
    for m in result.mentions:
        assert reference_text[m.start : m.end] == m.text
        assert result.sentences[m.sentence].start <= m.start < result.sentences[m.sentence].end
    for ent in result.entities:
        assert ent.mentions and all(result.mentions[i].entity == result.entities.index(ent) for i in ent.mentions)


def test_pipeline_without_ner_is_honest(reference_text: str) -> None:
    bare = mideast_nlp.load(ner=False, link=False, events=False)
    result = bare.extract(reference_text)
    assert result.mentions == () and result.entities == () and result.events == ()
    assert len(result.sentences) >= 20


@pytest.mark.parametrize(
    ("value", "code"),
    [("", "E004"), ("   \n", "E004"), (None, "E001"), (b"\xd8\xa7", "E001"), (42, "E001")],
)
def test_bad_input_raises_typed_errors(nlp, value: object, code: str) -> None:
    with pytest.raises(InputError, match=code):
        nlp.extract(value)  # type: ignore[arg-type]


def test_too_long_and_bad_date(reference_text: str) -> None:
    small = mideast_nlp.load(ner=False, max_length=100)
    with pytest.raises(InputError, match="E005"):
        small.extract(reference_text)
    with pytest.raises(InputError, match="E013"):
        small.extract("نص قصير", published="yesterday")


def test_extract_many_keeps_order_and_reports_failures(nlp, news_articles) -> None:
    items: list[object] = [
        news_articles[1],
        "",
        {"id": "no-text"},
        7,
        news_articles[2]["text"],
        {"text": "x", "published": "soon"},
    ]
    results = list(nlp.extract_many(items, batch_size=2))
    assert len(results) == len(items)
    assert results[0].id == news_articles[1]["id"] and results[0].ok
    assert [r.errors[0].code for r in results[1:4]] == ["E004", "E007", "E009"]
    assert results[4].ok and results[4].text == news_articles[2]["text"]
    assert results[5].errors[0].code == "E013"
    assert results[0].meta["source"] == news_articles[1]["source"]


def test_extract_many_two_processes_matches_one(nlp, news_articles) -> None:
    texts = [str(a["text"]) for a in news_articles[:6]]
    one = [r.model_dump() for r in nlp.extract_many(texts, n_process=1)]
    two = [r.model_dump() for r in nlp.extract_many(texts, n_process=2, batch_size=2)]
    assert one == two


def test_spacy_doc_carries_annotations(nlp, reference_text: str) -> None:
    doc = nlp.spacy(reference_text)
    assert doc.has_annotation("SENT_START")
    assert all(t.norm_ for t in doc if not t.is_space)
