from __future__ import annotations

import json

import pytest
from pydantic import TypeAdapter, ValidationError

from mideast_nlp.records import (
    AgreementEvent,
    ArticleResult,
    Codes,
    Event,
    MeetingEvent,
    Mention,
    Participant,
    TextSpan,
    json_schema,
)


def _meeting() -> MeetingEvent:
    return MeetingEvent(
        participants=(Participant(name="علييف", name_en="Ilham Aliyev", role="participant"),),
        status="occurred",
        mode="in_person",
        trigger=TextSpan(text="التقى", start=0, end=5),
        evidence=TextSpan(text="التقى علييف", start=0, end=11),
        codes=Codes(cameo="040", plover="CONSULT"),
        confidence=0.9,
    )


def test_records_are_frozen_and_forbid_extra_fields() -> None:
    m = Mention(text="علييف", label="PER", start=3, end=8, sentence=0)
    with pytest.raises(ValidationError):
        m.text = "x"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Mention(text="x", label="PER", start=0, end=1, sentence=0, colour="red")  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        Mention(text="x", label="PERSON", start=0, end=1, sentence=0)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        TextSpan(text="x", start=5, end=2)
    with pytest.raises(ValidationError):
        Mention(text="x", label="PER", start=0, end=1, sentence=0, qid="227")


def test_events_are_discriminated_by_type() -> None:
    adapter = TypeAdapter(Event)
    meeting = _meeting()
    back = adapter.validate_json(meeting.model_dump_json())
    assert isinstance(back, MeetingEvent)
    data = json.loads(meeting.model_dump_json())
    data["type"] = "agreement"
    with pytest.raises(ValidationError):
        adapter.validate_python(data)
    assert "agreement" in AgreementEvent.model_fields


def test_article_result_round_trips_through_json() -> None:
    result = ArticleResult(id="a", text="التقى علييف", events=(_meeting(),))
    again = ArticleResult.model_validate_json(result.model_dump_json())
    assert again == result
    assert again.ok


def test_schema_has_the_record_types() -> None:
    schema = json_schema()
    assert {"Mention", "Entity", "MeetingEvent", "AgreementEvent", "ProcessingError"} <= set(schema["$defs"])
    assert schema["additionalProperties"] is False
