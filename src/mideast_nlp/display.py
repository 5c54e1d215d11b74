"""HTML views of results: the article right-to-left with highlighted actors and events below.

>>> from mideast_nlp.display import render_html, display
>>> html = render_html(result, standalone=True)     # doctest: +SKIP  (a whole page)
>>> display(results, path="out.html")               # doctest: +SKIP  (in Jupyter, and a file)

The markup needs nothing from the network: no scripts, no web fonts, only an inline ``<style>``
with system font stacks that have Arabic. Tooltips are plain ``title`` attributes, so they work in
Jupyter, in a static HTML export of a notebook and in a page written with ``path=``.

Structure (stable, tests rely on it):

* each article is an ``<article class="mnlp-article" data-id=...>``; its text is a
  ``<div class="mnlp-text" dir="rtl" lang="ar">``;
* each mention is one ``<mark class="mnlp-ent mnlp-{LABEL}">`` with ``data-start``/``data-end``
  (offsets into ``result.text``), ``data-label``, ``data-kb-id``, ``data-qid``, ``data-country``,
  ``data-cameo`` and a ``title`` tooltip (English name, QID, country, CAMEO code);
* each distinct event trigger is one ``<u class="mnlp-trigger">`` with ``data-start``/``data-end``
  and ``data-events`` (space-separated indices into ``result.events``);
* events are rows ``<tr class="mnlp-event" data-event=i data-type=...>`` of a table below the text.

Importing this module is cheap (standard library only); IPython is imported by :func:`display` only.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .records import ArticleResult, Participant

__all__ = ["LABEL_COLORS", "article_html", "display", "render_html"]

#: Background colour of each entity label (light enough for black text; colour-blind-distinct hues).
LABEL_COLORS: dict[str, str] = {
    "PER": "#ffd88a",  # amber
    "ORG": "#a8d1ff",  # blue
    "LOC": "#b4ecc1",  # green
    "MISC": "#e3c8ff",  # purple
}
TRIGGER_COLOR = "#c2410c"
ARABIC_FONTS = (
    '"Noto Naskh Arabic", "Amiri", "Noto Sans Arabic", "Geeza Pro", "Traditional Arabic", "Arial", sans-serif'
)
UI_FONTS = 'system-ui, "Segoe UI", "Noto Sans", "DejaVu Sans", "Arial", sans-serif'

CSS = f"""
.mnlp-root {{ font-family: {UI_FONTS}; color: #111; background: #fff; line-height: 1.4;
  padding: 0.5em; max-width: 60em; }}
.mnlp-root .mnlp-article {{ border: 1px solid #ddd; border-radius: 6px; padding: 0.8em 1em; margin: 0 0 1.2em 0; }}
.mnlp-root .mnlp-head {{ margin: 0 0 0.6em 0; }}
.mnlp-root .mnlp-title {{ font-family: {ARABIC_FONTS}; font-size: 1.35em; font-weight: bold; margin: 0 0 0.2em 0; }}
.mnlp-root .mnlp-meta {{ color: #555; font-size: 0.85em; }}
.mnlp-root .mnlp-legend span {{ display: inline-block; border-radius: 3px; padding: 0 0.4em; margin-right: 0.3em;
  color: #111; font-size: 0.8em; }}
.mnlp-root .mnlp-text {{ font-family: {ARABIC_FONTS}; font-size: 1.2em; line-height: 1.95; white-space: pre-wrap;
  text-align: right; unicode-bidi: isolate; }}
.mnlp-root mark.mnlp-ent {{ color: #111; border-radius: 3px; box-shadow: 0 0 0 1px rgba(0,0,0,0.12); }}
.mnlp-root mark.mnlp-ent::after {{ content: attr(data-label); font-family: {UI_FONTS}; font-size: 0.55em;
  font-weight: bold; vertical-align: super; color: #333; margin-inline-start: 0.15em; }}
.mnlp-root mark.mnlp-clipped {{ outline: 1px dashed #900; }}
.mnlp-root u.mnlp-trigger {{ text-decoration-line: underline; text-decoration-color: {TRIGGER_COLOR};
  text-decoration-thickness: 2px; text-underline-offset: 0.3em; color: {TRIGGER_COLOR}; font-weight: bold; }}
.mnlp-root .mnlp-ar {{ font-family: {ARABIC_FONTS}; }}
.mnlp-root table.mnlp-events {{ border-collapse: collapse; margin-top: 0.8em; font-size: 0.9em; width: 100%; }}
.mnlp-root table.mnlp-events th, .mnlp-root table.mnlp-events td {{ border: 1px solid #ddd; padding: 0.25em 0.45em;
  vertical-align: top; text-align: left; }}
.mnlp-root table.mnlp-events th {{ background: #f4f4f4; }}
.mnlp-root table.mnlp-events ul {{ margin: 0; padding-left: 1.1em; }}
.mnlp-root .mnlp-dim {{ color: #666; font-size: 0.85em; }}
.mnlp-root .mnlp-badge {{ display: inline-block; border-radius: 3px; padding: 0 0.35em; background: #eee; }}
.mnlp-root .mnlp-status-occurred, .mnlp-root .mnlp-status-signed {{ background: #d1f2d9; }}
.mnlp-root .mnlp-status-cancelled, .mnlp-root .mnlp-status-rejected {{ background: #f8d0d0; }}
.mnlp-root .mnlp-negated {{ background: #f8d0d0; }}
.mnlp-root details.mnlp-evidence {{ font-size: 0.9em; }}
.mnlp-root details.mnlp-evidence p {{ font-family: {ARABIC_FONTS}; margin: 0.2em 0; }}
.mnlp-root .mnlp-errors {{ background: #fdecea; border: 1px solid #f5c2c0; padding: 0.4em 0.6em; margin: 0.5em 0; }}
.mnlp-root .mnlp-empty {{ color: #777; font-style: italic; }}
"""


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _attrs(pairs: Iterable[tuple[str, object]]) -> str:
    """`` name="value"`` for each pair whose value is not ``None``, escaped."""
    return "".join(f' {name}="{_esc(value)}"' for name, value in pairs if value is not None)


def _link_tooltip(obj: Any, *, label: str | None = None) -> str:
    """Tooltip text of a linked actor: English name, label, QID, country, CAMEO code, KB id."""
    head = obj.name_en or getattr(obj, "text", None) or getattr(obj, "name", "") or ""
    lines = [f"{head} ({label})" if label else head]
    lines.append(f"QID: {obj.qid}" if obj.qid else "QID: —")
    lines.append(f"country: {obj.country}" if obj.country else "country: —")
    lines.append(f"CAMEO: {obj.cameo}" if obj.cameo else "CAMEO: —")
    lines.append(f"KB: {obj.kb_id}" if obj.kb_id else "not linked")
    return "\n".join(lines)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    order: int  # tie-breaker: keeps input order among equal spans
    tag: str  # element name
    attrs: tuple[tuple[str, object], ...]
    classes: tuple[str, ...]
    style: str | None = None


def _mention_spans(result: ArticleResult) -> list[_Span]:
    spans = []
    for i, m in enumerate(result.mentions):
        color = LABEL_COLORS.get(m.label, "#ddd")
        attrs = (
            ("data-mention", i),
            ("data-start", m.start),
            ("data-end", m.end),
            ("data-label", m.label),
            ("data-entity", m.entity),
            ("data-kb-id", m.kb_id),
            ("data-qid", m.qid),
            ("data-country", m.country),
            ("data-cameo", m.cameo),
            ("title", _link_tooltip(m, label=m.label)),
        )
        spans.append(
            _Span(m.start, m.end, i, "mark", attrs, ("mnlp-ent", f"mnlp-{m.label}"), f"background-color: {color}")
        )
    return spans


def _event_summary(i: int, ev: Any) -> str:
    who = ", ".join(p.name_en or p.name for p in _people(ev))
    how = ev.mode if ev.type == "meeting" else ev.agreement.kind
    neg = " · NEGATED" if ev.negated else ""
    return f"event {i}: {ev.type} · {ev.status} · {how} · CAMEO {ev.codes.cameo} · PLOVER {ev.codes.plover}{neg}\n{who}"


def _trigger_spans(result: ArticleResult, first_order: int) -> list[_Span]:
    by_span: dict[tuple[int, int], list[int]] = {}
    for i, ev in enumerate(result.events):
        by_span.setdefault((ev.trigger.start, ev.trigger.end), []).append(i)
    spans = []
    for k, ((start, end), events) in enumerate(sorted(by_span.items())):
        tooltip = "\n".join(_event_summary(i, result.events[i]) for i in events)
        attrs = (
            ("data-start", start),
            ("data-end", end),
            ("data-events", " ".join(map(str, events))),
            ("title", tooltip),
        )
        spans.append(_Span(start, end, first_order + k, "u", attrs, ("mnlp-trigger",)))
    return spans


def _open(span: _Span, *, clipped: bool) -> str:
    classes = " ".join((*span.classes, "mnlp-clipped") if clipped else span.classes)
    return f"<{span.tag}{_attrs((('class', classes), *span.attrs, ('style', span.style)))}>"


def highlight(text: str, spans: Sequence[_Span]) -> str:
    """Escaped ``text`` with one element per valid span, always well nested.

    Spans are opened in order of start (longest first); a span that starts inside an open one is
    nested in it, and if it would run past the end of its parent it is cut there (and gets the
    class ``mnlp-clipped``; its ``data-start``/``data-end`` still give its true offsets). Spans with
    offsets outside the text or of zero length are left out.
    """
    valid = sorted(
        (s for s in spans if 0 <= s.start < s.end <= len(text)),
        key=lambda s: (s.start, -s.end, s.order),
    )
    out: list[str] = []
    pos = 0
    stack: list[tuple[int, str]] = []  # (visible end, closing tag); ends never increase upwards

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1][0] <= limit:
            end, tag = stack.pop()
            out.append(_esc(text[pos:end]))
            pos = end
            out.append(f"</{tag}>")

    for span in valid:
        close_until(span.start)
        out.append(_esc(text[pos : span.start]))
        pos = span.start
        end = min(span.end, stack[-1][0]) if stack else span.end
        out.append(_open(span, clipped=end < span.end))
        stack.append((end, span.tag))
    close_until(len(text))
    out.append(_esc(text[pos:]))
    return "".join(out)


def _people(ev: Any) -> tuple[Participant, ...]:
    return tuple(ev.participants if ev.type == "meeting" else ev.parties)


def _ar(text: str | None) -> str:
    """Arabic text isolated inside left-to-right context."""
    if not text:
        return ""
    return f'<bdi dir="rtl" lang="ar" class="mnlp-ar">{_esc(text)}</bdi>'


def _participant_html(p: Participant) -> str:
    parts = []
    if p.name_en:
        parts.append(f"<b>{_esc(p.name_en)}</b> {_ar(p.name)}")
    else:
        parts.append(f"<b>{_ar(p.name)}</b>")
    details = [x for x in (p.role if p.role != "participant" else None, p.country, p.cameo, p.qid) if x]
    if details:
        parts.append(f'<span class="mnlp-dim">{_esc(" · ".join(details))}</span>')
    attrs = _attrs((("class", "mnlp-participant"), ("data-kb-id", p.kb_id), ("title", _link_tooltip(p))))
    return f"<li{attrs}>{' '.join(parts)}</li>"


def _events_table(result: ArticleResult) -> str:
    if not result.events:
        return '<p class="mnlp-empty">No events found.</p>'
    rows = []
    for i, ev in enumerate(result.events):
        people = "".join(_participant_html(p) for p in _people(ev))
        status = f'<span class="mnlp-badge mnlp-status-{_esc(ev.status)}">{_esc(ev.status)}</span>'
        if ev.negated:
            status += ' <span class="mnlp-badge mnlp-negated">negated</span>'
        if ev.type == "meeting":
            kind = _esc(ev.mode)
        else:
            kind = _esc(ev.agreement.kind) + (f" — {_esc(ev.agreement.topic)}" if ev.agreement.topic else "")
        if ev.date is not None:
            date = _ar(ev.date.text) + (f"<br>{_esc(ev.date.iso)}" if ev.date.iso else "")
        else:
            date = '<span class="mnlp-dim">—</span>'
        where = ""
        if ev.location is not None:
            where = (
                f'<div class="mnlp-dim">at {_esc(ev.location.name_en) + " " if ev.location.name_en else ""}'
                f"{_ar(ev.location.name)}</div>"
            )
        codes = f"CAMEO {_esc(ev.codes.cameo)}<br>PLOVER {_esc(ev.codes.plover)}"
        if ev.codes.plover_mode:
            codes += f" ({_esc(ev.codes.plover_mode)})"
        evidence = (
            f'<details class="mnlp-evidence"><summary>evidence</summary>'
            f'<p dir="rtl" lang="ar" data-start="{ev.evidence.start}" data-end="{ev.evidence.end}">'
            f"{_esc(ev.evidence.text)}</p></details>"
        )
        trigger = (
            f'<span class="mnlp-dim">{_esc(ev.type)}</span><br>'
            f'<u class="mnlp-ar" data-start="{ev.trigger.start}" data-end="{ev.trigger.end}">'
            f'<bdi dir="rtl" lang="ar">{_esc(ev.trigger.text)}</bdi></u>'
        )
        row_attrs = _attrs(
            (
                ("class", "mnlp-event"),
                ("data-event", i),
                ("data-type", ev.type),
                ("data-status", ev.status),
                ("data-cameo", ev.codes.cameo),
            )
        )
        rows.append(
            f"<tr{row_attrs}><td>{i}</td><td>{trigger}</td><td><ul>{people}</ul>{where}{evidence}</td>"
            f"<td>{status}</td><td>{kind}</td><td>{date}</td><td>{codes}</td><td>{ev.confidence:.2f}</td></tr>"
        )
    head = (
        "<tr><th>#</th><th>event</th><th>participants / parties</th><th>status</th>"
        "<th>mode / kind</th><th>date</th><th>codes</th><th>conf.</th></tr>"
    )
    return f'<table class="mnlp-events" dir="ltr" lang="en"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def _legend() -> str:
    items = "".join(
        f'<span class="mnlp-{label}" style="background-color: {color}">{label}</span>'
        for label, color in LABEL_COLORS.items()
    )
    trig = f'<span><u class="mnlp-legend-trigger" style="color: {TRIGGER_COLOR}">trigger</u></span>'
    return f'<div class="mnlp-legend">{items}{trig}</div>'


def article_html(result: ArticleResult) -> str:
    """One article as an HTML fragment with its own ``<style>`` (``ArticleResult._repr_html_``)."""
    return render_html(result, standalone=False)


def _article_body(result: ArticleResult) -> str:
    parts = ['<div class="mnlp-head">']
    if result.title:
        parts.append(f'<div class="mnlp-title" dir="rtl" lang="ar">{_esc(result.title)}</div>')
    meta = [f"id <code>{_esc(result.id)}</code>"]
    if result.published:
        meta.append(f"published {_esc(result.published)}")
    meta.append(f"{len(result.mentions)} mentions · {len(result.entities)} actors · {len(result.events)} events")
    parts.append(f'<div class="mnlp-meta" dir="ltr">{" · ".join(meta)}</div>')
    parts.append(_legend())
    parts.append("</div>")
    if result.errors:
        errs = "".join(
            f"<li><code>{_esc(e.code)}</code> ({_esc(e.stage)}) {_esc(e.message)}</li>" for e in result.errors
        )
        parts.append(f'<div class="mnlp-errors" dir="ltr"><b>Errors</b><ul>{errs}</ul></div>')
    if result.text:
        spans = _mention_spans(result)
        spans += _trigger_spans(result, len(spans))
        parts.append(f'<div class="mnlp-text" dir="rtl" lang="ar">{highlight(result.text, spans)}</div>')
    else:
        parts.append('<p class="mnlp-empty">(no text)</p>')
    parts.append(_events_table(result))
    attrs = _attrs((("class", "mnlp-article"), ("data-id", result.id)))
    return f"<article{attrs}>{''.join(parts)}</article>"


def _as_list(obj: ArticleResult | Iterable[ArticleResult]) -> list[ArticleResult]:
    from .records import ArticleResult

    if isinstance(obj, ArticleResult):
        return [obj]
    results = list(obj)
    for r in results:
        if not isinstance(r, ArticleResult):
            raise TypeError(f"expected ArticleResult objects, got {type(r).__name__}")
    return results


def render_html(
    obj: ArticleResult | Iterable[ArticleResult], *, standalone: bool = False, title: str | None = None
) -> str:
    """HTML for one result or many.

    Args:
        obj: an :class:`~mideast_nlp.records.ArticleResult` or an iterable of them.
        standalone: a whole page (``<!DOCTYPE html>`` … ``</html>``) instead of a fragment for a
            notebook; both carry their CSS inline and load nothing.
        title: the page title when ``standalone`` (default: the article's title or id).
    """
    results = _as_list(obj)
    body = "".join(_article_body(r) for r in results)
    if len(results) != 1:
        body = f'<p class="mnlp-meta">{len(results)} articles</p>' + body
    fragment = f'<div class="mnlp-root"><style>{CSS}</style>{body}</div>'
    if not standalone:
        return fragment
    if title is None:
        title = (results[0].title or results[0].id) if len(results) == 1 else f"{len(results)} articles"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n</head>\n<body>\n{fragment}\n</body>\n</html>\n"
    )


def display(obj: ArticleResult | Iterable[ArticleResult], path: str | Path | None = None) -> Any:
    """Show results in Jupyter; with ``path``, also write them as a standalone HTML page.

    Returns an ``IPython.display.HTML`` when IPython is installed (so it renders as the cell's
    output), else the HTML fragment as a string.
    """
    results = _as_list(obj)
    if path is not None:
        Path(path).write_text(render_html(results, standalone=True), encoding="utf-8")
    fragment = render_html(results, standalone=False)
    try:
        from IPython.display import HTML
    except ImportError:
        return fragment
    return HTML(fragment)
