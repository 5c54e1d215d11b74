"""Flat, analysis-ready tables of :class:`~mideast_nlp.records.ArticleResult` records.

:func:`result_rows` turns one result into rows of five tables; :func:`results_to_frames` makes
pandas DataFrames of many. The batch writers (Parquet, CSV, DuckDB: ``mideast-nlp extract
--format parquet|csv|duckdb``) write exactly these tables and columns. Every function here is pure;
pandas is imported only inside :func:`results_to_frames`.

Keys (stable: the same article gives the same keys in every run and every format):

- ``article_id`` is ``ArticleResult.id``;
- ``mention_id`` is ``f"{article_id}:m{i}"``, ``i`` the index into ``ArticleResult.mentions``;
- ``entity_id`` is ``f"{article_id}:e{i}"``, ``i`` the index into ``ArticleResult.entities``;
- ``event_id`` is ``f"{article_id}:v{i}"``, ``i`` the index into ``ArticleResult.events``.

Offsets (``*_start``/``*_end``) are character offsets into the article's text.
Types are ``string``, ``int`` (64-bit), ``float`` (64-bit) and ``bool``; every column may be null
unless marked *never null*.

``articles`` — one row per article:
    ``article_id`` (never null), ``title``, ``published`` (as given, ISO 8601),
    ``year`` (int, from ``published``), ``n_chars`` (length of the text), ``n_words`` (whitespace
    words), ``n_sentences``, ``n_mentions``, ``n_entities``, ``n_events`` (ints, never null),
    ``meta`` (JSON object of the input's other fields, ``"{}"`` when none), ``error_code`` and
    ``error`` (first processing error, null when the article was processed; the batch command
    writes failed articles to its errors file instead), ``text`` (the article text; null with
    ``include_text=False``).

``mentions`` — one row per mention of a person, organisation or place:
    ``mention_id``, ``article_id``, ``mention_index``, ``entity_id`` (the actor it belongs to),
    ``sentence`` (index of its sentence), ``mention_text``, ``mention_start``, ``mention_end``
    (``text[mention_start:mention_end] == mention_text``),
    ``label`` (PER, ORG, LOC, MISC), and the link: ``kb_id``, ``name_en``, ``qid`` (Wikidata),
    ``country`` (ISO 3166-1 alpha-3), ``cameo`` (CAMEO actor code on the article's date).

``entities`` — one row per distinct actor of an article:
    ``entity_id``, ``article_id``, ``entity_index``, ``label``, ``name`` (``name_en`` when linked,
    else the longest mention), ``kb_id``, ``name_en``, ``qid``, ``country``, ``cameo``,
    ``n_mentions``, ``roles`` (titles seen next to the actor, ``|``-separated, e.g.
    ``president|minister``; ``""`` when none).

``events`` — one row per meeting or agreement:
    ``event_id``, ``article_id``, ``event_index``, ``type`` (``meeting`` or ``agreement``),
    ``status`` (meetings: occurred, planned, cancelled, requested; agreements: signed,
    agreed_in_principle, negotiating, proposed, rejected, historical), ``mode`` (meetings:
    in_person, phone, video, visit, multilateral, unknown; null for agreements),
    ``agreement_kind`` and ``agreement_topic`` (agreements only), ``cameo`` (CAMEO event code, e.g.
    ``040``, ``057``), ``plover`` (PLOVER event type), ``plover_mode``, ``negated`` (bool),
    ``confidence`` (float 0–1), ``trigger_text``, ``trigger_start``, ``trigger_end``,
    ``evidence_start``, ``evidence_end`` (the sentence stating the event), ``date_text``,
    ``date_iso`` (YYYY-MM-DD when resolved), ``date_start``, ``date_end``, ``published`` (the
    article's, so that ``coalesce(date_iso, published)`` dates every event), ``location_name``,
    ``location_kb_id``, ``location_qid``, ``location_country``, ``n_participants``.

``event_participants`` — one row per participant of a meeting or party to an agreement:
    ``event_id``, ``article_id``, ``participant_index``, ``entity_id`` (null when the participant is
    not one of the article's entities), ``role`` (visitor, host, participant, mediator), ``name``,
    ``kb_id``, ``name_en``, ``qid``, ``country``, ``cameo``, ``mention_text``, ``mention_start``,
    ``mention_end``.

Example (DuckDB over the Parquet output): who met Aliyev in 2021::

    select distinct p2.name_en
    from events e
    join event_participants p1 on p1.event_id = e.event_id and p1.name_en like '%Aliyev%'
    join event_participants p2 on p2.event_id = e.event_id and p2.participant_index <> p1.participant_index
    where e.type = 'meeting' and not e.negated and coalesce(e.date_iso, e.published) like '2021%'
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .records import AgreementEvent, ArticleResult, Participant

if TYPE_CHECKING:
    import pandas

TABLES = ("articles", "mentions", "entities", "events", "event_participants")

_ACTOR = (("kb_id", "string"), ("name_en", "string"), ("qid", "string"), ("country", "string"), ("cameo", "string"))

#: Columns of each table, in order, with their types (string, int, float, bool).
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "articles": (
        ("article_id", "string"),
        ("title", "string"),
        ("published", "string"),
        ("year", "int"),
        ("n_chars", "int"),
        ("n_words", "int"),
        ("n_sentences", "int"),
        ("n_mentions", "int"),
        ("n_entities", "int"),
        ("n_events", "int"),
        ("meta", "string"),
        ("error_code", "string"),
        ("error", "string"),
        ("text", "string"),
    ),
    "mentions": (
        ("mention_id", "string"),
        ("article_id", "string"),
        ("mention_index", "int"),
        ("entity_id", "string"),
        ("sentence", "int"),
        ("mention_text", "string"),
        ("mention_start", "int"),
        ("mention_end", "int"),
        ("label", "string"),
        *_ACTOR,
    ),
    "entities": (
        ("entity_id", "string"),
        ("article_id", "string"),
        ("entity_index", "int"),
        ("label", "string"),
        ("name", "string"),
        *_ACTOR,
        ("n_mentions", "int"),
        ("roles", "string"),
    ),
    "events": (
        ("event_id", "string"),
        ("article_id", "string"),
        ("event_index", "int"),
        ("type", "string"),
        ("status", "string"),
        ("mode", "string"),
        ("agreement_kind", "string"),
        ("agreement_topic", "string"),
        ("cameo", "string"),
        ("plover", "string"),
        ("plover_mode", "string"),
        ("negated", "bool"),
        ("confidence", "float"),
        ("trigger_text", "string"),
        ("trigger_start", "int"),
        ("trigger_end", "int"),
        ("evidence_start", "int"),
        ("evidence_end", "int"),
        ("date_text", "string"),
        ("date_iso", "string"),
        ("date_start", "int"),
        ("date_end", "int"),
        ("published", "string"),
        ("location_name", "string"),
        ("location_kb_id", "string"),
        ("location_qid", "string"),
        ("location_country", "string"),
        ("n_participants", "int"),
    ),
    "event_participants": (
        ("event_id", "string"),
        ("article_id", "string"),
        ("participant_index", "int"),
        ("entity_id", "string"),
        ("role", "string"),
        ("name", "string"),
        *_ACTOR,
        ("mention_text", "string"),
        ("mention_start", "int"),
        ("mention_end", "int"),
    ),
}


def _year(published: str | None) -> int | None:
    if published and len(published) >= 4 and published[:4].isdigit():
        return int(published[:4])
    return None


def _actor(obj: Any) -> dict[str, Any]:
    return {"kb_id": obj.kb_id, "name_en": obj.name_en, "qid": obj.qid, "country": obj.country, "cameo": obj.cameo}


def _participant_row(result: ArticleResult, event_id: str, index: int, p: Participant) -> dict[str, Any]:
    aid = result.id
    return {
        "event_id": event_id,
        "article_id": aid,
        "participant_index": index,
        "entity_id": f"{aid}:e{p.entity}" if p.entity is not None else None,
        "role": p.role,
        "name": p.name,
        **_actor(p),
        "mention_text": p.mention.text if p.mention else None,
        "mention_start": p.mention.start if p.mention else None,
        "mention_end": p.mention.end if p.mention else None,
    }


def result_rows(
    result: ArticleResult, *, include_text: bool = True, n_words: int | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The rows of the five tables (see the module docstring) for one result.

    Args:
        result: one pipeline result.
        include_text: put the article text in ``articles.text`` (else null).
        n_words: the article's word count when the caller already has it (else counted here).
    """
    aid = result.id
    text = result.text or ""
    first_error = result.errors[0] if result.errors else None
    article = {
        "article_id": aid,
        "title": result.title,
        "published": result.published,
        "year": _year(result.published),
        "n_chars": len(text),
        "n_words": n_words if n_words is not None else len(text.split()),
        "n_sentences": len(result.sentences),
        "n_mentions": len(result.mentions),
        "n_entities": len(result.entities),
        "n_events": len(result.events),
        "meta": json.dumps(result.meta, ensure_ascii=False, default=str, sort_keys=True),
        "error_code": first_error.code if first_error else None,
        "error": first_error.message if first_error else None,
        "text": result.text if include_text else None,
    }
    mentions = [
        {
            "mention_id": f"{aid}:m{i}",
            "article_id": aid,
            "mention_index": i,
            "entity_id": f"{aid}:e{m.entity}" if m.entity is not None else None,
            "sentence": m.sentence,
            "mention_text": m.text,
            "mention_start": m.start,
            "mention_end": m.end,
            "label": m.label,
            **_actor(m),
        }
        for i, m in enumerate(result.mentions)
    ]
    entities = [
        {
            "entity_id": f"{aid}:e{i}",
            "article_id": aid,
            "entity_index": i,
            "label": e.label,
            "name": e.name,
            **_actor(e),
            "n_mentions": len(e.mentions),
            "roles": "|".join(e.roles),
        }
        for i, e in enumerate(result.entities)
    ]
    events: list[dict[str, Any]] = []
    participants: list[dict[str, Any]] = []
    for i, ev in enumerate(result.events):
        event_id = f"{aid}:v{i}"
        who = ev.parties if isinstance(ev, AgreementEvent) else ev.participants
        loc = ev.location
        events.append(
            {
                "event_id": event_id,
                "article_id": aid,
                "event_index": i,
                "type": ev.type,
                "status": ev.status,
                "mode": None if isinstance(ev, AgreementEvent) else ev.mode,
                "agreement_kind": ev.agreement.kind if isinstance(ev, AgreementEvent) else None,
                "agreement_topic": ev.agreement.topic if isinstance(ev, AgreementEvent) else None,
                "cameo": ev.codes.cameo,
                "plover": ev.codes.plover,
                "plover_mode": ev.codes.plover_mode,
                "negated": ev.negated,
                "confidence": ev.confidence,
                "trigger_text": ev.trigger.text,
                "trigger_start": ev.trigger.start,
                "trigger_end": ev.trigger.end,
                "evidence_start": ev.evidence.start,
                "evidence_end": ev.evidence.end,
                "date_text": ev.date.text if ev.date else None,
                "date_iso": ev.date.iso if ev.date else None,
                "date_start": ev.date.start if ev.date else None,
                "date_end": ev.date.end if ev.date else None,
                "published": result.published,
                "location_name": loc.name if loc else None,
                "location_kb_id": loc.kb_id if loc else None,
                "location_qid": loc.qid if loc else None,
                "location_country": loc.country if loc else None,
                "n_participants": len(who),
            }
        )
        participants.extend(_participant_row(result, event_id, j, p) for j, p in enumerate(who))
    return {
        "articles": [article],
        "mentions": mentions,
        "entities": entities,
        "events": events,
        "event_participants": participants,
    }


def empty_rows() -> dict[str, list[dict[str, Any]]]:
    """A dict of the five table names, each with no rows."""
    return {name: [] for name in TABLES}


_PANDAS_DTYPES = {"string": "string", "int": "Int64", "float": "Float64", "bool": "boolean"}


def results_to_frames(results: Iterable[ArticleResult], *, include_text: bool = True) -> dict[str, pandas.DataFrame]:
    """pandas DataFrames of the five tables for ``results`` (columns and keys as documented above).

    Columns have pandas' nullable dtypes (``string``, ``Int64``, ``Float64``, ``boolean``), so an
    empty table still has every column and integer columns stay integers when some are null.

    >>> frames = results_to_frames(nlp.extract_many(records))          # doctest: +SKIP
    >>> frames["events"].merge(frames["event_participants"], on="event_id")   # doctest: +SKIP
    """
    import pandas as pd

    rows = empty_rows()
    for result in results:
        for name, table_rows in result_rows(result, include_text=include_text).items():
            rows[name].extend(table_rows)
    frames = {}
    for name, cols in COLUMNS.items():
        frame = pd.DataFrame(rows[name], columns=[c for c, _ in cols])
        frames[name] = frame.astype({c: _PANDAS_DTYPES[t] for c, t in cols})
    return frames
