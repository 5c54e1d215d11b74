"""Make the typed records from an annotated spaCy ``Doc`` — the one place that does it.

Components leave plain values on the Doc (spans in ``doc.ents`` with ``kb_id_``, actor details in
``doc._.actors``, event dicts in ``doc._.events``); :func:`doc_to_result` turns them into an
:class:`~mideast_nlp.records.ArticleResult`.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from pydantic import TypeAdapter
from spacy.tokens import Doc, Span

from .events import finalize_event
from .extensions import ensure_extensions
from .normalizer import fold
from .records import (
    ArticleResult,
    Entity,
    Event,
    Mention,
    ProcessingError,
    SentenceSpan,
)

LABELS = {"PER": "PER", "PERS": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "MISC": "MISC"}
_EVENT = TypeAdapter(Event)


def sentence_spans(doc: Doc) -> list[SentenceSpan]:
    """Sentences as offsets, trailing whitespace excluded."""
    if not doc.has_annotation("SENT_START"):
        return [SentenceSpan(start=0, end=len(doc.text))] if doc.text else []
    out: list[SentenceSpan] = []
    for sent in doc.sents:
        text = sent.text
        end = sent.start_char + len(text.rstrip())
        if end > sent.start_char:
            out.append(SentenceSpan(start=sent.start_char, end=end))
    return out


GOVERNMENT_ROLES = (
    "president",
    "prime minister",
    "minister",
    "king",
    "emir",
    "crown prince",
    "chancellor",
    "vice president",
    "supreme leader",
    "sultan",
    "head of state",
    "head of government",
)


def cameo_on(info: Mapping[str, Any], day: str | None) -> str | None:
    """The actor's CAMEO code on ``day`` (ISO date).

    An office the knowledge base dates to ``day`` decides it (a head of state or minister of a
    country → ``<ISO3>GOV``); else a closed period of the Phoenix history that covers ``day``;
    else the knowledge base's current code. Open-ended Phoenix periods are stale (its
    dictionaries stop around 2015) and are not trusted.
    """
    if day:
        for role, org, start, end in info.get("roles") or ():
            active = (start is None or start <= day) and (end is None or day <= end)
            if active and org and len(org) == 3 and org.isupper() and any(g in role for g in GOVERNMENT_ROLES):
                return f"{org}GOV"
        for code, start, end in info.get("cameo_history") or ():
            if start is not None and end is not None and start <= day <= end:
                return str(code)
    cameo = info.get("cameo")
    return str(cameo) if cameo else None


def _actor_fields(info: Mapping[str, Any], kb_id: str, day: str | None) -> dict[str, Any]:
    return {
        "kb_id": kb_id or None,
        "name_en": info.get("name_en"),
        "qid": info.get("qid"),
        "country": info.get("country") or info.get("country_seen"),
        "cameo": cameo_on(info, day),
    }


def _parse_day(day: str | None) -> date | None:
    if not day:
        return None
    try:
        return date.fromisoformat(day)
    except ValueError:
        return None


def _cluster_key(ent: Span) -> str:
    return ent.id_ or ent.kb_id_ or f"{ent.label_}:{fold(ent.text)}"


def doc_to_result(
    doc: Doc,
    *,
    id: str,
    title: str | None = None,
    published: str | None = None,
    meta: Mapping[str, Any] | None = None,
    errors: Sequence[ProcessingError] = (),
    include_text: bool = True,
) -> ArticleResult:
    """Build the :class:`ArticleResult` of an annotated ``doc``."""
    ensure_extensions()
    sentences = sentence_spans(doc)
    sent_starts = [s.start for s in sentences]
    actors: Mapping[str, Mapping[str, Any]] = doc._.actors or {}
    day = published[:10] if published else None
    ents = [e for e in doc.ents if e.label_ in LABELS]
    keys = [_cluster_key(e) for e in ents]
    members: dict[str, list[int]] = {}  # cluster key → its mention indices, in order of first mention
    for i, key in enumerate(keys):
        members.setdefault(key, []).append(i)
    order = {key: n for n, key in enumerate(members)}
    translit: Mapping[str, str] = doc._.translit or {}
    mentions: list[Mention] = []
    for ent, key in zip(ents, keys, strict=True):
        sent_idx = max(bisect.bisect_right(sent_starts, ent.start_char) - 1, 0)
        mentions.append(
            Mention(
                text=ent.text,
                start=ent.start_char,
                end=ent.end_char,
                label=LABELS[ent.label_],  # type: ignore[arg-type]
                sentence=sent_idx,
                entity=order[key],
                translit=translit.get(f"{ent.start_char}:{ent.end_char}"),
                **_actor_fields(actors.get(key, {}), ent.kb_id_, day),
            )
        )
    entities: list[Entity] = []
    for key, positions in members.items():
        idxs = tuple(positions)
        first = mentions[idxs[0]]
        info = actors.get(key, {})
        longest = max((mentions[i].text for i in idxs), key=len)
        entities.append(
            Entity(
                label=first.label,
                name=first.name_en or longest,
                mentions=idxs,
                roles=tuple(info.get("roles_seen", ())),
                kb_id=first.kb_id,
                name_en=first.name_en,
                qid=first.qid,
                country=first.country,
                cameo=first.cameo,
            )
        )

    published_day = _parse_day(day)
    events = tuple(
        _EVENT.validate_python(
            finalize_event(e, actors=actors, entity_index=order, published=published_day, actor_fields=_actor_fields)
        )
        for e in (doc._.events or ())
    )
    return ArticleResult(
        id=id,
        title=title,
        published=published,
        meta=dict(meta or {}),
        text=doc.text if include_text else None,
        sentences=tuple(sentences),
        mentions=tuple(mentions),
        entities=tuple(entities),
        events=events,
        errors=tuple(errors),
    )
