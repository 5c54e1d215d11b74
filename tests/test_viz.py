"""Plots: the meeting graph, the network and timeline figures, Arabic labels."""

from __future__ import annotations

import itertools
import os
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")
pytest.importorskip("networkx")

import matplotlib

matplotlib.use("Agg")

from mideast_nlp.records import ArticleResult
from mideast_nlp.viz import (
    actor_key,
    matplotlib_shapes_text,
    meeting_graph,
    plot_event_timeline,
    plot_meeting_network,
    shape_arabic,
    timeline_counts,
)

ROOT = Path(__file__).resolve().parents[1]
DOC_IMAGES = ROOT / "docs" / "images"
ALIYEV, STOLTENBERG = "per:ilham-aliyev", "per:jens-stoltenberg"
MICHEL, PASHINYAN = "per:charles-michel", "per:nikol-pashinyan"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture(scope="module")
def result(nlp, reference_text) -> ArticleResult:
    return nlp.extract(reference_text, id="aliyev-stoltenberg", published="2021-12-15")


@pytest.fixture(scope="module")
def sample(nlp, news_articles) -> list[ArticleResult]:
    return list(nlp.extract_many(news_articles))


def _meeting_pairs(results: list[ArticleResult]) -> set[frozenset[str]]:
    pairs = set()
    for r in results:
        for ev in r.events:
            if ev.type != "meeting" or ev.negated:
                continue
            keys = {
                actor_key(r.entities[p.entity].kb_id, r.entities[p.entity].name)
                if p.entity is not None
                else actor_key(p.kb_id, p.name)
                for p in ev.participants
            }
            pairs |= {frozenset((a, b)) for a in keys for b in keys if a < b}
    return pairs


def test_meeting_graph_of_the_reference_article(result) -> None:
    g = meeting_graph(result)
    edges = {frozenset(e) for e in g.edges}
    assert frozenset((ALIYEV, STOLTENBERG)) in edges
    assert frozenset((ALIYEV, PASHINYAN)) in edges
    assert frozenset((ALIYEV, MICHEL)) in edges
    assert edges == _meeting_pairs([result])
    aliyev = g.nodes[ALIYEV]
    assert aliyev["name_en"] == "Ilham Aliyev"
    assert aliyev["name_ar"] == "إلهام علييف"
    assert aliyev["label"] == "PER" and aliyev["cameo"] == "AZEGOV" and aliyev["country"] == "AZE"
    entity = next(e for e in result.entities if e.kb_id == ALIYEV)
    assert aliyev["mentions"] == len(entity.mentions) >= 3
    assert aliyev["articles"] == 1
    data = g.edges[ALIYEV, STOLTENBERG]
    assert data["weight"] == 1 and data["statuses"] == {"occurred": 1}
    ((article_id, index),) = data["events"]
    assert article_id == result.id and result.events[index].type == "meeting"
    assert meeting_graph(result, statuses=("cancelled",)).number_of_nodes() == 0


def test_weights_and_counts_add_up_across_articles(result) -> None:
    twin = result.model_copy(update={"id": "twin"})
    g = meeting_graph([result, twin])
    assert g.edges[ALIYEV, STOLTENBERG]["weight"] == 2
    assert g.nodes[ALIYEV]["mentions"] == 2 * meeting_graph(result).nodes[ALIYEV]["mentions"]
    assert g.nodes[ALIYEV]["articles"] == 2
    assert set(meeting_graph([result, twin], min_weight=2).edges) == set(g.edges)
    assert meeting_graph([result], min_weight=2).number_of_edges() == 0


def test_sample_graph_matches_events(sample) -> None:
    g = meeting_graph(sample)
    assert {frozenset(e) for e in g.edges} == _meeting_pairs(sample)
    assert sum(w for _, _, w in g.edges(data="weight")) >= g.number_of_edges() > 3


def _texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_network_plot_labels(result, language, tmp_path) -> None:
    fig = plot_meeting_network(result, language=language, figsize=(7, 5))
    texts = _texts(fig)
    if language == "en":
        assert {"Ilham Aliyev", "Jens Stoltenberg", "Charles Michel", "Nikol Pashinyan"} <= set(texts)
    else:
        wanted = {shape_arabic(s) for s in ("إلهام علييف", "ينس ستولتنبرغ", "تشارلز ميشيل", "نيكول باشينيان")}
        assert wanted <= set(texts)
    (ax,) = fig.axes
    assert len(ax.lines) == meeting_graph(result).number_of_edges()
    assert len(ax.collections[0].get_offsets()) == meeting_graph(result).number_of_nodes()
    fig.savefig(tmp_path / "net.png", dpi=80)  # warnings are errors: a missing glyph would fail here
    assert (tmp_path / "net.png").stat().st_size > 10_000
    if os.environ.get("MIDEAST_NLP_DOC_IMAGES"):
        DOC_IMAGES.mkdir(parents=True, exist_ok=True)
        fig.savefig(DOC_IMAGES / f"meeting_network_{language}.png", dpi=110)


def test_network_plot_of_a_sample_and_of_nothing(sample, tmp_path) -> None:
    fig = plot_meeting_network(sample, language="ar", max_nodes=6)
    assert 2 <= len(fig.axes[0].collections[0].get_offsets()) <= 6  # the 6 most mentioned, less any left alone
    fig.savefig(tmp_path / "sample.png", dpi=60)
    empty = plot_meeting_network([], language="en")
    assert "no meetings" in " ".join(_texts(empty))


def test_arabic_shaping_for_old_matplotlib() -> None:
    word = "علييف"
    shaped = shape_arabic(word, force=True)
    assert shaped != word
    # contextual presentation forms (joined letters), in visual (reversed) order
    assert all("\ufe70" <= ch <= "\ufeff" for ch in shaped)
    assert unicodedata.normalize("NFKC", shaped) == word[::-1]
    assert shape_arabic("Ilham Aliyev", force=True) == "Ilham Aliyev"
    if matplotlib_shapes_text():
        assert shape_arabic(word) == word  # matplotlib ≥ 3.11 shapes text itself: do not do it twice


def test_timeline_counts(result, sample) -> None:
    days = timeline_counts(result, freq="D")
    assert list(days) == [date(2021, 12, 15)]
    assert sum(days[date(2021, 12, 15)].values()) == sum(not e.negated for e in result.events)
    weeks = timeline_counts(sample, freq="W")
    assert all(d.weekday() == 0 for d in weeks)
    keys = list(weeks)
    assert keys == sorted(keys) and all((b - a).days == 7 for a, b in itertools.pairwise(keys))
    total = Counter()
    for c in weeks.values():
        total.update(c)
    assert sum(total.values()) == sum(not e.negated for r in sample for e in r.events if r.published)
    with_aliyev = timeline_counts(result, actor="Ilham Aliyev", freq="D")
    expected = sum(1 for e in result.events if e.type == "meeting" and any(p.kb_id == ALIYEV for p in e.participants))
    assert sum(with_aliyev[date(2021, 12, 15)].values()) == expected >= 2
    assert timeline_counts(result, actor="إلهام علييف", freq="D") == with_aliyev
    assert timeline_counts(result, actor=ALIYEV, freq="D") == with_aliyev
    assert timeline_counts(result, actor="nobody") == {}


def test_timeline_plot(sample, result, tmp_path) -> None:
    fig = plot_event_timeline(sample, freq="W")
    (ax, *_) = fig.axes
    assert sum(p.get_height() for p in ax.patches) == sum(
        not e.negated for r in sample for e in r.events if r.published
    )
    fig.savefig(tmp_path / "timeline.png", dpi=60)
    fig = plot_event_timeline(result, actor="إلهام علييف", freq="D")
    assert fig.axes[0].get_title().startswith("Events with Ilham Aliyev per day")
    fig.savefig(tmp_path / "timeline_ar.png", dpi=60)
