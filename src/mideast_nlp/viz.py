"""Pictures of results: who meets whom (a network) and events over time (a timeline).

Needs the ``[viz]`` extra (matplotlib, networkx; arabic-reshaper and python-bidi for matplotlib
older than 3.11), imported here only::

    from mideast_nlp.viz import meeting_graph, plot_meeting_network, plot_event_timeline
    fig = plot_meeting_network(results, language="ar")     # labels in Arabic, shaped, right-to-left
    fig.savefig("network.png", dpi=150)

Actors are identified by their knowledge-base id when linked, else by the folded Arabic name, so
the same actor across articles is one node. Arabic labels are drawn shaped and right-to-left:
matplotlib ≥ 3.11 shapes text itself (libraqm); with older versions the text is reshaped with
``arabic_reshaper`` and reordered with ``python-bidi`` first.
"""

from __future__ import annotations

import math
import sys
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from functools import cache
from itertools import combinations
from typing import TYPE_CHECKING, Any, Literal, cast

try:
    import matplotlib
    import networkx as nx
except ImportError as e:  # pragma: no cover - exercised only without the extra
    raise ImportError("mideast_nlp.viz needs matplotlib and networkx: pip install 'mideast-nlp[viz]'") from e

from .normalizer import fold

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .records import ArticleResult, Entity, Participant

__all__ = [
    "LABEL_COLORS",
    "actor_key",
    "meeting_graph",
    "plot_event_timeline",
    "plot_meeting_network",
    "shape_arabic",
    "timeline_counts",
]

#: Node colours by entity label (the hues of the HTML view, darker for a plot).
LABEL_COLORS: dict[str | None, str] = {
    "PER": "#f0a202",
    "ORG": "#3b82c4",
    "LOC": "#3fa55b",
    "MISC": "#9b59b6",
    None: "#9e9e9e",
}
#: Bar colours of the timeline, by "type: status".
CATEGORY_COLORS: dict[str, str] = {
    "meeting: occurred": "#1f6fb2",
    "meeting: planned": "#7fb3e0",
    "meeting: requested": "#b9d6f0",
    "meeting: cancelled": "#6a51a3",
    "agreement: signed": "#d35400",
    "agreement: agreed_in_principle": "#e67e22",
    "agreement: negotiating": "#f5b041",
    "agreement: proposed": "#f8d49a",
    "agreement: rejected": "#7f2704",
    "agreement: historical": "#d9c8a9",
}
ARABIC_FONTS = ("Noto Sans Arabic", "Noto Naskh Arabic", "Amiri", "KacstOne", "DejaVu Sans")
LATIN_FONTS = ("DejaVu Sans",)

Language = Literal["en", "ar"]


# --------------------------------------------------------------------------- Arabic text


def _has_rtl(text: str) -> bool:
    return any("\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufefc" for ch in text)


def matplotlib_shapes_text() -> bool:
    """True when matplotlib lays out complex scripts itself (libraqm, matplotlib ≥ 3.11)."""
    return "text.language" in matplotlib.rcParams


@cache
def _bidi_get_display() -> Callable[[str], str]:
    try:
        from bidi.algorithm import get_display  # python-bidi < 0.5 (and 0.5+ keeps a shim)
    except ImportError:
        from bidi import get_display  # python-bidi ≥ 0.5 (Rust)
    return get_display


def shape_arabic(text: str, *, force: bool = False) -> str:
    """Text as matplotlib must be given it to draw Arabic joined and right-to-left.

    With matplotlib ≥ 3.11 that is the text itself (matplotlib shapes it); otherwise the letters
    are replaced by their contextual presentation forms (``arabic_reshaper``) and put in visual
    order (``python-bidi``). ``force=True`` does the latter whatever the matplotlib version.
    """
    if not text or not _has_rtl(text) or (matplotlib_shapes_text() and not force):
        return text
    try:
        import arabic_reshaper
    except ImportError:
        warnings.warn(
            "Arabic labels need arabic-reshaper and python-bidi with matplotlib < 3.11: pip install 'mideast-nlp[viz]'",
            stacklevel=2,
        )
        return text
    return _bidi_get_display()(arabic_reshaper.reshape(text))


@cache
def _font_family(arabic: bool) -> list[str]:
    from matplotlib import font_manager

    available = {f.name for f in font_manager.fontManager.ttflist}
    wanted = ARABIC_FONTS if arabic else LATIN_FONTS
    family = [name for name in wanted if name in available]
    return family or ["sans-serif"]


def _text_kwargs(text: str) -> dict[str, Any]:
    arabic = _has_rtl(text)
    kwargs: dict[str, Any] = {"fontfamily": _font_family(arabic)}
    if arabic and matplotlib_shapes_text():
        kwargs["language"] = "ar"
    return kwargs


# --------------------------------------------------------------------------- the graph


def _results(results: ArticleResult | Iterable[ArticleResult]) -> list[ArticleResult]:
    from .records import ArticleResult

    return [results] if isinstance(results, ArticleResult) else list(results)


def _entity_of(result: ArticleResult, p: Participant) -> Entity | None:
    """The article entity a participant refers to, if any."""
    if p.entity is not None and 0 <= p.entity < len(result.entities):
        return result.entities[p.entity]
    return None


def actor_key(kb_id: str | None, name: str) -> str:
    """The node id of an actor: its KB id when linked, else ``"name:"`` + the folded Arabic name."""
    return kb_id if kb_id else "name:" + " ".join(fold(name).split())


def _people(ev: Any) -> tuple[Participant, ...]:
    return tuple(ev.participants if ev.type == "meeting" else ev.parties)


def meeting_graph(
    results: ArticleResult | Iterable[ArticleResult],
    *,
    statuses: Sequence[str] | None = None,
    include_negated: bool = False,
    event_types: Sequence[str] = ("meeting",),
    labels: Sequence[str] | None = None,
    min_weight: int = 1,
) -> nx.Graph:
    """Who met whom: an undirected graph of actors, one edge per pair that met.

    An event with *n* distinct actors adds an edge between each pair (a summit is a clique);
    events with fewer than two actors add nothing.

    Args:
        results: results of ``extract``/``extract_many``.
        statuses: keep events with these statuses (default: all; e.g. ``("occurred",)``).
        include_negated: also count events stated as not having happened.
        event_types: ``("meeting",)`` by default; add ``"agreement"`` to link parties too.
        labels: keep only actors of these types, e.g. ``("PER",)`` for people meeting people
            (actors of unknown type are dropped too); default: all.
        min_weight: drop edges seen fewer times than this (and the nodes left without edges).

    Returns:
        ``networkx.Graph``. Node id: :func:`actor_key`. Node attributes: ``name_en``, ``name_ar``
        (most frequent Arabic form), ``label`` (PER/ORG/LOC/MISC), ``kb_id``, ``qid``, ``country``,
        ``cameo``, ``mentions`` (mentions in all results), ``articles`` (articles mentioning it),
        ``events`` (events it takes part in). Edge attributes: ``weight`` (number of events),
        ``statuses`` (``{status: count}``), ``events`` (list of ``(article_id, event_index)``).
    """
    items = _results(results)
    mentions: Counter[str] = Counter()
    articles: defaultdict[str, set[str]] = defaultdict(set)
    surface: defaultdict[str, Counter[str]] = defaultdict(Counter)
    info: dict[str, dict[str, Any]] = {}

    def remember(key: str, obj: Any, label: str | None) -> None:
        node = info.setdefault(
            key, {"name_en": None, "label": None, "kb_id": None, "qid": None, "country": None, "cameo": None}
        )
        for field in ("name_en", "kb_id", "qid", "country", "cameo"):
            if node[field] is None and getattr(obj, field, None):
                node[field] = getattr(obj, field)
        if node["label"] is None and label:
            node["label"] = label

    for r in items:
        for entity in r.entities:
            key = actor_key(entity.kb_id, entity.name)
            remember(key, entity, entity.label)
            mentions[key] += len(entity.mentions)
            articles[key].add(r.id)
            for i in entity.mentions:
                if 0 <= i < len(r.mentions):
                    surface[key][r.mentions[i].text] += 1

    graph = nx.Graph()
    for r in items:
        for index, ev in enumerate(r.events):
            if ev.type not in event_types or (ev.negated and not include_negated):
                continue
            if statuses is not None and ev.status not in statuses:
                continue
            keys: dict[str, Participant] = {}
            for p in _people(ev):
                ent = _entity_of(r, p)
                key = actor_key(ent.kb_id, ent.name) if ent is not None else actor_key(p.kb_id, p.name)
                if labels is not None and (ent.label if ent is not None else None) not in labels:
                    continue
                remember(key, p, ent.label if ent is not None else None)
                surface[key][p.name] += 0  # known, even when never counted as a mention
                keys.setdefault(key, p)
            if len(keys) < 2:
                continue
            for key in keys:
                if key not in graph:
                    graph.add_node(key, events=0)
                graph.nodes[key]["events"] += 1
            for a, b in combinations(sorted(keys), 2):
                if not graph.has_edge(a, b):
                    graph.add_edge(a, b, weight=0, statuses={}, events=[])
                edge = graph.edges[a, b]
                edge["weight"] += 1
                edge["statuses"][ev.status] = edge["statuses"].get(ev.status, 0) + 1
                edge["events"].append((r.id, index))

    if min_weight > 1:
        graph.remove_edges_from([(a, b) for a, b, w in graph.edges(data="weight") if w < min_weight])
        graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    for key, attrs in graph.nodes(data=True):
        forms = surface.get(key)
        attrs.update(info.get(key, {}))
        name_ar = _arabic_name(forms, attrs.get("label")) if forms else key
        attrs["name_ar"] = name_ar
        attrs["mentions"] = mentions.get(key, 0)
        attrs["articles"] = len(articles.get(key, ()))
    return graph


@cache
def _title_heads() -> frozenset[str]:
    """First words of the titles in ``lang/titles.tsv`` (folded): الرئيس, وزير, نائب, ..."""
    from importlib import resources

    text = resources.files("mideast_nlp").joinpath("lang/titles.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t")[0] for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return frozenset(fold(row).split()[0] for row in rows if row.strip())


def _arabic_name(forms: Counter[str], label: str | None) -> str:
    """The Arabic label of an actor among the forms seen.

    People: the most frequent full name that is not a title (إلهام علييف, not علييف nor الرئيس
    الأذربيجاني); others: the most frequent form (أرمينيا, not جمهورية أرمينيا).
    """
    if label != "PER":
        return max(forms.items(), key=lambda kv: (kv[1], -len(kv[0])))[0]
    heads = _title_heads()
    names = {f: c for f, c in forms.items() if f.split() and fold(f).split()[0] not in heads} or dict(forms)
    return max(names.items(), key=lambda kv: (len(kv[0].split()) > 1, kv[1], -len(kv[0])))[0]


def _layout(graph: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    """Spring layout per connected component, components packed in rows (largest first)."""
    comps = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    sides = [1.0 + math.sqrt(len(c)) for c in comps]
    width = max(*sides, 1.2 * math.sqrt(sum(s * s for s in sides)))
    pos: dict[Any, tuple[float, float]] = {}
    x = y = row = 0.0
    for comp, side in zip(comps, sides, strict=True):
        if x > 0 and x + side > width:
            x, y, row = 0.0, y + row, 0.0
        sub = graph.subgraph(comp)
        if len(comp) == 1:
            local = {comp[0]: (0.0, 0.0)}
        else:
            k = 2.2 / math.sqrt(len(comp))
            local = nx.spring_layout(sub, seed=seed, k=k, weight=None, iterations=300, scale=1.0)
        half = (side - 1.0) / 2 + 0.25
        for node, (px, py) in local.items():
            pos[node] = (x + side / 2 + half * float(px), -(y + side / 2 + half * float(py)))
        x += side
        row = max(row, side)
    return pos


def _overlap(a: Any, b: Any) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _place_labels(
    ax: Axes, items: list[tuple[tuple[float, float], str, float, int]], fontsize: tuple[int, int]
) -> None:
    """Label nodes, most mentioned first, each above, below, right or left of its node, wherever it
    overlaps least the labels placed so far and the other nodes."""
    from matplotlib.transforms import Bbox

    fig = cast("Figure", ax.figure)
    fig.draw_without_rendering()  # settle the layout so that positions on the canvas are final
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    to_px = ax.transData.transform
    dpi_scale = fig.dpi / 72.0
    nodes = []
    for xy, _, radius, _ in items:
        (cx, cy), r = to_px(xy), radius * dpi_scale
        nodes.append(Bbox.from_extents(cx - r, cy - r, cx + r, cy + r))
    placed: list[Any] = []
    order = sorted(range(len(items)), key=lambda i: -items[i][3])
    for rank, i in enumerate(order):
        xy, label, radius, _ = items[i]
        gap = radius + 3
        options = [
            ((0, gap), "center", "bottom"),
            ((0, -gap), "center", "top"),
            ((gap, 0), "left", "center"),
            ((-gap, 0), "right", "center"),
        ]
        best: tuple[float, Any] | None = None
        for offset, ha, va in options:
            ann = ax.annotate(
                shape_arabic(label),
                xy,
                xytext=offset,
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=fontsize[1] if _has_rtl(label) else fontsize[0],
                zorder=5 - rank / (len(order) + 1),  # the labels of the most mentioned on top
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.65},
                **_text_kwargs(label),
            )
            box = ann.get_window_extent(renderer)
            cost = sum(_overlap(box, b) for b in placed) + sum(_overlap(box, b) for j, b in enumerate(nodes) if j != i)
            if best is None or cost < best[0]:
                if best is not None:
                    best[1].remove()
                best = (cost, ann)
                if cost == 0:
                    break
            else:
                ann.remove()
        assert best is not None
        placed.append(best[1].get_window_extent(renderer))


def _node_label(attrs: dict[str, Any], language: Language) -> str:
    if language == "ar":
        return str(attrs.get("name_ar") or attrs.get("name_en") or "")
    return str(attrs.get("name_en") or attrs.get("name_ar") or "")


def _new_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes, bool]:
    if ax is not None:
        return ax.figure, ax, False  # type: ignore[return-value]
    import matplotlib.pyplot as plt

    fig, new_ax = plt.subplots(figsize=figsize, layout="constrained")
    return fig, new_ax, True


def _finish(fig: Figure, created: bool) -> Figure:
    # In a notebook the returned figure is shown once (as the cell's value), not twice.
    if created and "ipykernel" in sys.modules:
        import matplotlib.pyplot as plt

        plt.close(fig)
    return fig


def plot_meeting_network(
    results: ArticleResult | Iterable[ArticleResult] | nx.Graph,
    *,
    language: Language = "en",
    max_nodes: int | None = 40,
    ax: Axes | None = None,
    figsize: tuple[float, float] = (10.0, 8.0),
    seed: int = 7,
    title: str | None = None,
    **graph_options: Any,
) -> Figure:
    """Draw who met whom: nodes sized by mentions, edges as wide as the number of meetings.

    Args:
        results: results, or a graph from :func:`meeting_graph`.
        language: ``"en"`` labels nodes with canonical English names, ``"ar"`` with the Arabic form
            seen in the text (shaped, right-to-left); unlinked actors always show their Arabic name.
        max_nodes: keep the actors with most mentions (``None``: all).
        ax: draw into these axes instead of a new figure.
        seed: layout seed (the same input gives the same picture).
        title: figure title (default: counts of actors and meetings).
        graph_options: passed to :func:`meeting_graph` (``statuses``, ``min_weight``, ...).

    Edges seen only as planned, requested or cancelled meetings are dashed.
    """
    graph = results if isinstance(results, nx.Graph) else meeting_graph(results, **graph_options)
    if max_nodes is not None and graph.number_of_nodes() > max_nodes:
        ranked = sorted(graph.nodes, key=lambda n: (-graph.nodes[n]["mentions"], -graph.degree(n, "weight"), n))
        graph = graph.subgraph(ranked[:max_nodes]).copy()
        graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    fig, ax, created = _new_axes(ax, figsize)
    ax.set_axis_off()
    n_events = len({e for _, _, evs in graph.edges(data="events") for e in evs})
    if title is None:
        title = f"Who met whom: {graph.number_of_nodes()} actors, {n_events} meetings"
    ax.set_title(shape_arabic(title), **_text_kwargs(title))
    if graph.number_of_nodes() == 0:
        ax.text(
            0.5,
            0.5,
            "no meetings between two or more actors",
            ha="center",
            va="center",
            transform=ax.transAxes,
            color="#666",
        )
        return _finish(fig, created)

    pos = _layout(graph, seed)
    top = max(graph.nodes[n]["mentions"] for n in graph) or 1
    weights = sorted((w for _, _, w in graph.edges(data="weight")), reverse=True)
    max_w = weights[0] if weights else 1
    # numbers on the heaviest edges only (a dozen at most), faint lines when there are many
    label_from = max(2, weights[min(len(weights), 12) - 1] if weights else 2)
    alpha = 0.75 if len(weights) <= 30 else 0.45
    for a, b, data in graph.edges(data=True):
        happened = data["statuses"].get("occurred", 0) > 0
        (xa, ya), (xb, yb) = pos[a], pos[b]
        ax.plot(
            [xa, xb],
            [ya, yb],
            color="#555" if happened else "#999",
            linestyle="-" if happened else (0, (4, 3)),
            linewidth=1.5 + 4.5 * (data["weight"] - 1) / max(max_w - 1, 1),
            alpha=alpha,
            zorder=1,
            solid_capstyle="round",
        )
        if data["weight"] >= label_from:
            ax.text(
                (xa + xb) / 2,
                (ya + yb) / 2,
                str(data["weight"]),
                fontsize=8,
                color="#333",
                ha="center",
                va="center",
                zorder=2,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
            )
    xs, ys, sizes, colors = [], [], [], []
    for node in graph:
        attrs = graph.nodes[node]
        xs.append(pos[node][0])
        ys.append(pos[node][1])
        sizes.append(100 + 1300 * math.sqrt(max(attrs["mentions"], 1) / top))
        colors.append(LABEL_COLORS.get(attrs.get("label"), LABEL_COLORS[None]))
    ax.scatter(xs, ys, s=sizes, c=colors, edgecolors="white", linewidths=1.5, zorder=3)
    ax.margins(0.15)
    from matplotlib.lines import Line2D

    present = [
        lab for lab in ("PER", "ORG", "LOC", "MISC", None) if any(graph.nodes[n].get("label") == lab for n in graph)
    ]
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=9,
            markerfacecolor=LABEL_COLORS[lab],
            markeredgecolor="white",
            label=lab or "unknown",
        )
        for lab in present
    ]
    handles.append(Line2D([], [], color="#555", linewidth=2, label="met (occurred)"))
    handles.append(Line2D([], [], color="#999", linewidth=2, linestyle=(0, (4, 3)), label="planned / other"))
    ax.legend(handles=handles, loc="best", fontsize=8, framealpha=0.8)
    fontsize = (10, 11) if graph.number_of_nodes() <= 15 else (9, 10)  # (Latin, Arabic)
    _place_labels(
        ax,
        [
            (pos[n], _node_label(graph.nodes[n], language), math.sqrt(size) / 2, graph.nodes[n]["mentions"])
            for n, size in zip(graph, sizes, strict=True)
        ],
        fontsize,
    )
    return _finish(fig, created)


# --------------------------------------------------------------------------- the timeline


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None


def _matches(p: Participant, ent: Any, needle: str) -> bool:
    folded = " ".join(fold(needle).split())
    values = [p.kb_id, p.qid, p.name_en, p.cameo]
    if ent is not None:
        values += [ent.kb_id, ent.qid, ent.name_en, ent.name]
    if any(v and v.casefold() == needle.casefold() for v in values):
        return True
    names = [p.name] + ([ent.name] if ent is not None else [])
    return any(" ".join(fold(n).split()) == folded for n in names)


def _actor_name(results: list[ArticleResult], actor: str) -> str:
    """The English (else Arabic) name of the first participant that ``actor`` matches."""
    for r in results:
        for ev in r.events:
            for p in _people(ev):
                ent = _entity_of(r, p)
                if _matches(p, ent, actor):
                    return p.name_en or (ent.name_en if ent is not None else None) or p.name
    return actor


def timeline_counts(
    results: ArticleResult | Iterable[ArticleResult],
    *,
    actor: str | None = None,
    freq: Literal["D", "W"] = "W",
    date_from: Literal["published", "event"] = "published",
    statuses: Sequence[str] | None = None,
    include_negated: bool = False,
) -> dict[date, Counter[str]]:
    """Events per period, by ``"type: status"``.

    Args:
        actor: keep events with this actor among participants/parties: a KB id, QID, English
            name (any case), CAMEO code or Arabic name (compared folded).
        freq: ``"D"`` per day, ``"W"`` per week (keyed by the week's Monday).
        date_from: ``"published"`` dates events by their article; ``"event"`` uses the event's own
            resolved date when it has one, else the article's.

    Returns:
        ``{period start: Counter({"meeting: occurred": 3, ...})}``, sorted, with empty periods
        between the first and the last filled in; events without any date are left out.
    """
    counts: defaultdict[date, Counter[str]] = defaultdict(Counter)
    for r in _results(results):
        published = _day(r.published)
        for ev in r.events:
            if (ev.negated and not include_negated) or (statuses is not None and ev.status not in statuses):
                continue
            if actor is not None:
                ok = False
                for p in _people(ev):
                    ent = _entity_of(r, p)
                    ok = ok or _matches(p, ent, actor)
                if not ok:
                    continue
            day = _day(ev.date.iso) if date_from == "event" and ev.date is not None else None
            day = day or published
            if day is None:
                continue
            if freq == "W":
                day = day - timedelta(days=day.weekday())
            counts[day][f"{ev.type}: {ev.status}"] += 1
    if not counts:
        return {}
    step = timedelta(days=7 if freq == "W" else 1)
    first, last = min(counts), max(counts)
    out: dict[date, Counter[str]] = {}
    day = first
    while day <= last:
        out[day] = counts.get(day, Counter())
        day += step
    return out


def plot_event_timeline(
    results: ArticleResult | Iterable[ArticleResult],
    *,
    actor: str | None = None,
    freq: Literal["D", "W"] = "W",
    date_from: Literal["published", "event"] = "published",
    ax: Axes | None = None,
    figsize: tuple[float, float] = (10.0, 4.0),
    title: str | None = None,
    **options: Any,
) -> Figure:
    """Stacked bars of events per day or week, coloured by type and status.

    ``actor``, ``freq``, ``date_from`` and ``options`` (``statuses``, ``include_negated``) are those
    of :func:`timeline_counts`.
    """
    items = _results(results)
    counts = timeline_counts(items, actor=actor, freq=freq, date_from=date_from, **options)
    fig, ax, created = _new_axes(ax, figsize)
    unit = "week" if freq == "W" else "day"
    if title is None:
        who = f" with {_actor_name(items, actor)}" if actor else ""
        title = f"Events{who} per {unit} ({sum(sum(c.values()) for c in counts.values())} events)"
    ax.set_title(shape_arabic(title), **_text_kwargs(title))
    if not counts:
        ax.text(0.5, 0.5, "no dated events", ha="center", va="center", transform=ax.transAxes, color="#666")
        ax.set_axis_off()
        return _finish(fig, created)
    seen = {cat for c in counts.values() for cat in c}
    categories = [c for c in CATEGORY_COLORS if c in seen] + sorted(seen - set(CATEGORY_COLORS))
    days = list(counts)
    import matplotlib.dates as mdates
    from matplotlib.ticker import MaxNLocator

    xs = mdates.date2num([datetime(d.year, d.month, d.day) for d in days])
    width = (7 if freq == "W" else 1) * 0.8  # in days
    bottom = [0] * len(days)
    for cat in categories:
        heights = [counts[d].get(cat, 0) for d in days]
        ax.bar(
            xs,
            heights,
            width=width,
            bottom=bottom,
            align="edge",
            label=cat,
            color=CATEGORY_COLORS.get(cat, "#bbbbbb"),
            edgecolor="white",
            linewidth=0.5,
        )
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    ax.set_ylabel(f"events per {unit}")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))

    locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _finish(fig, created)
