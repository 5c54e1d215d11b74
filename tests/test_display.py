"""The HTML view: structure, offsets, escaping, a standalone page, and a real browser's rendering."""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mideast_nlp.display import article_html, display, render_html
from mideast_nlp.records import ArticleResult, Codes, MeetingEvent, Mention, Participant, ProcessingError, TextSpan

ROOT = Path(__file__).resolve().parents[1]
DOC_IMAGES = ROOT / "docs" / "images"
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Element | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element | str] = []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Element):
                yield from c.iter()


class Tree(HTMLParser):
    """A strict little DOM: fails on any closing tag that does not match the open element."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, None)
        self.current = self.root
        self.feed(markup)
        self.close()
        assert self.current is self.root, f"unclosed <{self.current.tag}>"

    def handle_starttag(self, tag, attrs):
        el = Element(tag, dict(attrs), self.current)
        self.current.children.append(el)
        if tag not in VOID:
            self.current = el

    def handle_endtag(self, tag):
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.children.append(data)

    def find(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        return [e for e in self.root.iter() if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)]


@pytest.fixture(scope="module")
def result(nlp, reference_text) -> ArticleResult:
    return nlp.extract(
        reference_text,
        id="aliyev-stoltenberg",
        title="علييف يلتقي ستولتنبرغ وميشيل وباشينيان",
        published="2021-12-15",
    )


@pytest.fixture(scope="module")
def tree(result) -> Tree:
    return Tree(render_html(result, standalone=False))


def test_text_is_right_to_left_and_round_trips(result, tree) -> None:
    (text_div,) = tree.find("div", "mnlp-text")
    assert text_div.attrs["dir"] == "rtl"
    assert text_div.attrs["lang"] == "ar"
    assert text_div.text() == result.text  # markup added, not a character of the text lost or changed


def test_one_highlight_per_mention_with_offsets_and_tooltips(result, tree) -> None:
    marks = tree.find("mark", "mnlp-ent")
    assert len(result.mentions) > 20
    assert len(marks) == len(result.mentions)
    for mark, mention in zip(sorted(marks, key=lambda m: int(m.attrs["data-mention"])), result.mentions, strict=True):
        start, end = int(mark.attrs["data-start"]), int(mark.attrs["data-end"])
        assert (start, end) == (mention.start, mention.end)
        assert result.text[start:end] == mention.text == mark.text()
        assert mark.attrs["data-label"] == mention.label
        assert f"mnlp-{mention.label}" in mark.classes
        tooltip = mark.attrs["title"]
        for value in (mention.name_en, mention.qid, mention.country, mention.cameo):
            if value:
                assert value in tooltip
    by_name = {m.attrs.get("data-kb-id"): m.attrs["title"] for m in marks}
    assert "Ilham Aliyev" in by_name["per:ilham-aliyev"] and "AZEGOV" in by_name["per:ilham-aliyev"]
    assert "Q7184" in by_name["Q7184"] and "IGOWSTNAT" in by_name["Q7184"]


def test_triggers_are_underlined_once_per_span(result, tree) -> None:
    triggers = tree.find("u", "mnlp-trigger")
    spans = {(e.trigger.start, e.trigger.end) for e in result.events}
    assert len(result.events) >= 3
    assert len(triggers) == len(spans)
    listed: list[int] = []
    for u in triggers:
        start, end = int(u.attrs["data-start"]), int(u.attrs["data-end"])
        assert result.text[start:end] == u.text()
        events = [int(i) for i in u.attrs["data-events"].split()]
        assert all((result.events[i].trigger.start, result.events[i].trigger.end) == (start, end) for i in events)
        listed += events
        assert u.parent is not None and u.parent.tag != "mark"  # triggers and mentions do not overlap
    assert sorted(listed) == list(range(len(result.events)))
    assert "text-decoration-line: underline" in render_html(result)


def test_events_listed_with_participants_status_mode_date_codes(result, tree) -> None:
    rows = tree.find("tr", "mnlp-event")
    assert len(rows) == len(result.events)
    for row, ev in zip(rows, result.events, strict=True):
        text = row.text()
        assert row.attrs["data-type"] == ev.type
        assert row.attrs["data-status"] == ev.status
        assert ev.status in text and ev.codes.cameo in text and ev.codes.plover in text
        assert ev.trigger.text in text and ev.evidence.text in text
        assert (ev.mode if ev.type == "meeting" else ev.agreement.kind) in text
        if ev.date is not None:
            assert ev.date.text in text and (ev.date.iso is None or ev.date.iso in text)
        for p in ev.participants if ev.type == "meeting" else ev.parties:
            assert p.name in text and (p.name_en is None or p.name_en in text)
    met = [r for r, ev in zip(rows, result.events, strict=True) if ev.type == "meeting" and ev.status == "occurred"]
    assert any("Ilham Aliyev" in r.text() and "Jens Stoltenberg" in r.text() for r in met)


def test_standalone_page_loads_nothing(result, tmp_path) -> None:
    page = render_html(result, standalone=True)
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "<title>" + html.escape(result.title) + "</title>" in page
    for banned in ("<script", "<link", "@import", "@font-face", "url(", "<img", "<iframe"):
        assert banned not in page.lower()
    Tree(page)
    out = tmp_path / "out.html"
    shown = display(result, path=out)
    assert out.read_text(encoding="utf-8") == page
    assert article_html(result) == render_html(result, standalone=False)
    pytest.importorskip("IPython")
    assert shown.data == article_html(result)  # an IPython.display.HTML


def test_display_returns_a_string_without_ipython(result, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "IPython", None)
    monkeypatch.setitem(sys.modules, "IPython.display", None)
    assert display(result) == article_html(result)


def test_many_results(result, news_articles, nlp) -> None:
    results = list(nlp.extract_many(news_articles[:4]))
    tree = Tree(render_html([result, *results]))
    assert [a.attrs["data-id"] for a in tree.find("article")] == [result.id] + [r.id for r in results]
    assert len(tree.find("mark", "mnlp-ent")) == len(result.mentions) + sum(len(r.mentions) for r in results)
    with pytest.raises(TypeError):
        render_html(["not a result"])  # type: ignore[list-item]


def _synthetic(text: str, spans: list[tuple[int, int]], trigger: tuple[int, int]) -> ArticleResult:
    mentions = tuple(
        Mention(text=text[s:e], start=s, end=e, label="PER", sentence=0, name_en='<b>"x"</b>') for s, e in spans
    )
    who = (Participant(name=text[spans[0][0] : spans[0][1]], name_en="A & B"), Participant(name="<i>"))
    ev = MeetingEvent(
        participants=who,
        status="occurred",
        trigger=TextSpan(text=text[trigger[0] : trigger[1]], start=trigger[0], end=trigger[1]),
        evidence=TextSpan(text=text, start=0, end=len(text)),
        codes=Codes(cameo="040", plover="CONSULT"),
        confidence=0.5,
    )
    return ArticleResult(id='a"<1>', title="<script>alert(1)</script>", text=text, mentions=mentions, events=(ev,))


def test_markup_is_escaped() -> None:
    text = 'التقى <script>alert("x")</script> & علييف'
    r = _synthetic(text, [(6, 14), (len(text) - 5, len(text))], (0, 5))
    out = render_html(r, standalone=True)
    assert "<script>" not in out and "<i>" not in out and '<b>"x"</b>' not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "A &amp; B" in out
    tree = Tree(out)
    (text_div,) = tree.find("div", "mnlp-text")
    assert text_div.text() == text
    assert [m.text() for m in tree.find("mark")] == ["<script>", "علييف"]


def test_overlapping_and_bad_spans_stay_well_formed() -> None:
    text = "الرئيس إلهام علييف التقى ستولتنبرغ"
    # nested (0-18 holds 7-18), overlapping a trigger (13-24 vs trigger 19-24 inside it; 15-30 crosses it),
    # empty and out-of-range spans that must be skipped
    spans = [(0, 18), (7, 18), (13, 24), (15, 30), (5, 5), (30, 99)]
    r = ArticleResult(
        id="x",
        text=text,
        mentions=tuple(Mention(text=text[s:e], start=s, end=e, label="PER", sentence=0) for s, e in spans),
        events=(_synthetic(text, [(0, 18)], (19, 24)).events[0],),
    )
    tree = Tree(render_html(r))  # raises on a mis-nested closing tag
    (text_div,) = tree.find("div", "mnlp-text")
    assert text_div.text() == text
    marks = tree.find("mark")
    assert sorted((int(m.attrs["data-start"]), int(m.attrs["data-end"])) for m in marks) == sorted(spans[:4])
    for m in marks:  # every element's visible text is a prefix of its true span
        s, e = int(m.attrs["data-start"]), int(m.attrs["data-end"])
        assert text[s:e].startswith(m.text())
    assert any("mnlp-clipped" in m.classes for m in marks)
    assert len(tree.find("u", "mnlp-trigger")) == 1


def test_repr_html_when_added(result) -> None:
    if not hasattr(ArticleResult, "_repr_html_"):
        pytest.skip("ArticleResult._repr_html_ not added yet")
    assert result._repr_html_() == article_html(result)


def test_top_level_display_survives_submodule_import(result) -> None:
    import mideast_nlp

    if not callable(getattr(mideast_nlp, "display", None)):
        pytest.skip("mideast_nlp.display is not re-exported")
    import mideast_nlp.display

    assert callable(mideast_nlp.display)
    assert mideast_nlp.display(result) is not None


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def screenshot(page: Path, png: Path, profile: Path, *, width: int = 1100, height: int = 1500) -> None:
    """Render an HTML file to PNG with headless Chromium (no network, no GPU)."""
    browser = _chromium()
    assert browser is not None
    cmd = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
        f"--screenshot={png}",
        page.as_uri(),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)


@pytest.mark.skipif(_chromium() is None, reason="headless Chromium is not installed (apt-get install chromium)")
def test_reference_article_renders_in_chromium(result, tmp_path) -> None:
    page = tmp_path / "article.html"
    display(result, path=page)
    png = tmp_path / "article.png"
    screenshot(page, png, tmp_path / "profile")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = pytest.importorskip("PIL.Image")
    with image.open(png) as im:
        rgb = im.convert("RGB")
        assert rgb.size == (1100, 1500)
        colours = {c for _, c in rgb.getcolors(maxcolors=1 << 20) or []}
        # the highlight colours of the three labels are on the page
        for hexcol in ("#ffd88a", "#a8d1ff", "#b4ecc1"):
            assert tuple(int(hexcol[i : i + 2], 16) for i in (1, 3, 5)) in colours
    if os.environ.get("MIDEAST_NLP_DOC_IMAGES"):
        DOC_IMAGES.mkdir(parents=True, exist_ok=True)
        screenshot(page, DOC_IMAGES / "article_html.png", tmp_path / "profile", width=1000, height=2450)


def test_failed_article_shows_its_errors() -> None:
    bad = ArticleResult(id="bad", errors=(ProcessingError(code="E004", message="the text is <empty>"),))
    tree = Tree(render_html(bad))
    assert not tree.find("div", "mnlp-text")
    (errors,) = tree.find("div", "mnlp-errors")
    assert "E004" in errors.text() and "the text is <empty>" in errors.text()
    assert "No events found." in tree.root.text()
