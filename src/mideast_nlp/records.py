"""Typed records that leave the pipeline (pydantic v2, frozen, ``extra="forbid"``).

Every ``start``/``end`` is a character offset into the text the user gave:
``text[start:end]`` gives the mention, trigger or evidence back, whatever normalisation happened
inside. The JSON Schema of :class:`ArticleResult` is printed by ``mideast-nlp schema``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.0"

Label = Literal["PER", "ORG", "LOC", "MISC"]
MeetingStatus = Literal["occurred", "planned", "cancelled", "requested"]
MeetingMode = Literal["in_person", "phone", "video", "visit", "multilateral", "unknown"]
AgreementStatus = Literal["signed", "agreed_in_principle", "negotiating", "proposed", "rejected", "historical"]
Role = Literal["visitor", "host", "participant", "mediator"]


class Record(BaseModel):
    """Base of every record: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class TextSpan(Record):
    """A span of the original text."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> TextSpan:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class SentenceSpan(Record):
    """A sentence: its offsets in the original text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class ActorLink(Record):
    """Canonical identity of an actor in the knowledge base (all ``None`` when unlinked)."""

    kb_id: str | None = None
    name_en: str | None = None
    qid: str | None = Field(default=None, pattern=r"^Q\d+$")
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3")
    cameo: str | None = Field(default=None, description="CAMEO actor code, e.g. AZEGOV, IGOWSTNAT")


class Mention(TextSpan, ActorLink):
    """One mention of a person, organisation or place; linking fields are filled when linked."""

    label: Label
    sentence: int = Field(ge=0, description="index into ArticleResult.sentences")
    entity: int | None = Field(default=None, description="index into ArticleResult.entities")
    translit: str | None = Field(
        default=None,
        description="the mention in Latin letters (Buckwalter, safe Buckwalter or HSB), when load(translit=...) asked",
    )


class Entity(ActorLink):
    """One distinct actor of an article, with the indices of its mentions."""

    label: Label
    name: str = Field(description="display name: name_en when linked, else the longest mention")
    mentions: tuple[int, ...] = Field(description="indices into ArticleResult.mentions")
    roles: tuple[str, ...] = Field(default=(), description="titles seen next to the actor, e.g. president")


class Participant(ActorLink):
    """An actor taking part in an event."""

    name: str
    role: Role = "participant"
    entity: int | None = Field(default=None, description="index into ArticleResult.entities")
    mention: TextSpan | None = None


class DateExpression(TextSpan):
    """A time expression and, when it can be resolved against the article's date, an ISO date."""

    iso: str | None = Field(default=None, description="YYYY-MM-DD, resolved against `published`")


class Place(ActorLink):
    """Where an event takes place."""

    name: str
    mention: TextSpan | None = None


class Codes(Record):
    """Event codes: CAMEO (e.g. 040, 036, 057) and PLOVER event type with its mode."""

    cameo: str
    plover: str
    plover_mode: str | None = None


class AgreementInfo(Record):
    """What is agreed: the kind (peace agreement, ceasefire, memorandum of understanding, ...) and topic."""

    kind: str
    topic: str | None = None


class EventBase(Record):
    """Fields every event has."""

    trigger: TextSpan
    evidence: TextSpan = Field(description="the sentence that states the event")
    negated: bool = False
    location: Place | None = None
    date: DateExpression | None = None
    codes: Codes
    confidence: float = Field(ge=0.0, le=1.0)


class MeetingEvent(EventBase):
    """A meeting, visit, call or summit between two or more actors."""

    type: Literal["meeting"] = "meeting"
    participants: tuple[Participant, ...]
    status: MeetingStatus
    mode: MeetingMode = "unknown"


class AgreementEvent(EventBase):
    """An agreement, treaty, deal, memorandum or ceasefire between parties."""

    type: Literal["agreement"] = "agreement"
    parties: tuple[Participant, ...]
    agreement: AgreementInfo
    status: AgreementStatus


Event = Annotated[MeetingEvent | AgreementEvent, Field(discriminator="type")]


class ProcessingError(Record):
    """A problem met while reading or processing one article; the article is still reported."""

    code: str
    message: str
    stage: Literal["input", "normalize", "tokenize", "ner", "link", "events", "output"] = "input"
    source: str | None = Field(default=None, description="file the record came from")
    line: int | None = Field(default=None, description="1-based line of the record in its file")


class ArticleResult(Record):
    """Everything the pipeline found in one article."""

    schema_version: str = SCHEMA_VERSION
    id: str
    title: str | None = None
    published: str | None = Field(default=None, description="ISO 8601 date or date-time, as given")
    meta: dict[str, Any] = Field(default_factory=dict)
    text: str | None = Field(default=None, description="the original text all offsets point into")
    sentences: tuple[SentenceSpan, ...] = ()
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    errors: tuple[ProcessingError, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the article was processed without errors."""
        return not self.errors

    def _repr_html_(self) -> str:
        """The article right-to-left with its mentions and triggers highlighted (Jupyter)."""
        from .display import article_html

        return article_html(self)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`ArticleResult` (``mideast-nlp schema``)."""
    return ArticleResult.model_json_schema()
