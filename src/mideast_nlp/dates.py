"""Time expressions in Arabic news and their resolution against the article's date.

``find_dates`` finds day-month(-year) dates (three month-name systems), month-year and year
expressions and relative periods (الشهر الماضي; kept without an ISO date), weekdays and relative days
(أمس، اليوم، غدا) in a text span; ``resolve`` turns one into an ISO date given the article's
``published`` date, choosing the nearest matching day before it for past events and after it
for planned ones.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import regex

from .lang.dates import MONTHS, PERIOD_SHIFTS, PERIODS, RELATIVE_DAYS, WEEKDAYS
from .normalizer import fold

_DIAC = r"[\p{M}\u0640]*"


def _loose(word: str) -> str:
    """A pattern for a folded word that also matches its unfolded spellings in the original text."""
    variants = {"ا": "[اأإآٱ]", "ي": "[يى]", "ه": "[هة]"}
    return r"\s+".join("".join(variants.get(ch, regex.escape(ch)) + _DIAC for ch in w) for w in word.split())


_MONTH_ALT = "|".join(_loose(m) for m in sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = "|".join(_loose(w) for w in sorted({fold(w) for w in WEEKDAYS}, key=len, reverse=True))
_REL_ALT = "|".join(_loose(w) for w in sorted(RELATIVE_DAYS, key=len, reverse=True))
_PERIOD_ALT = "|".join(_loose(w) for w in sorted(PERIODS, key=len, reverse=True))
_SHIFT_ALT = "|".join(_loose(w) for w in sorted(PERIOD_SHIFTS, key=len, reverse=True))
DATE_PATTERN = regex.compile(
    rf"""
    (?P<dm>(?<!\d)(?P<day>\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?(?P<month>{_MONTH_ALT})(?!\p{{L}})(?:\s+(?P<year>\d{{4}}))?)
  | (?P<my>(?<!\p{{L}})(?P<month2>{_MONTH_ALT})(?:\s+(?:من\s+)?(?:عام|العام)?\s*)?(?P<year2>\d{{4}}))
  | (?P<yr>(?<!\p{{L}})(?:عام|العام|سنه|سنة)\s+(?P<year3>\d{{4}}))
  | (?P<weekday>(?<!\p{{L}})(?:يوم\s+)?(?:{_WEEKDAY_ALT})(?!\p{{L}}))
  | (?P<period>(?<!\p{{L}})(?P<unit>{_PERIOD_ALT})\s+(?P<shift>{_SHIFT_ALT})(?!\p{{L}}))
  | (?P<rel>(?<!\p{{L}})(?:{_REL_ALT})(?!\p{{L}}))
    """,
    regex.VERBOSE,
)


def find_dates(text: str, offset: int = 0) -> list[dict[str, Any]]:
    """Date expressions in ``text`` as plain dicts: ``text``, ``start``, ``end`` (+``offset``) and ``rel``."""
    out: list[dict[str, Any]] = []
    for m in DATE_PATTERN.finditer(text):
        rel: dict[str, int]
        if m.group("dm"):
            month = MONTHS.get(" ".join(fold(m.group("month")).split()))
            day = int(fold(m.group("day")))
            if month is None or not 1 <= day <= 31:
                continue
            rel = {"day": day, "month": month}
            if m.group("year"):
                rel["year"] = int(fold(m.group("year")))
            start, end = m.start("dm"), m.end("dm")
            span_text = text[start:end]
        elif m.group("my"):
            month = MONTHS.get(" ".join(fold(m.group("month2")).split()))
            if month is None:
                continue
            rel = {"month": month, "year": int(fold(m.group("year2"))), "partial": 1}
            start, end, span_text = m.start(), m.end(), m.group()
        elif m.group("yr"):
            rel = {"year": int(fold(m.group("year3"))), "partial": 1}
            start, end, span_text = m.start(), m.end(), m.group()
        elif m.group("weekday"):
            word = fold(m.group("weekday")).split()[-1]
            rel = {"weekday": {fold(k): v for k, v in WEEKDAYS.items()}[word]}
            start, end, span_text = m.start(), m.end(), m.group()
        elif m.group("period"):
            # الشهر الماضي: a period, kept as text (no ISO date), that tells events apart
            rel = {
                "period": PERIODS[fold(m.group("unit"))],
                "shift": PERIOD_SHIFTS[fold(m.group("shift"))],
                "partial": 1,
            }
            start, end, span_text = m.start(), m.end(), m.group()
        else:
            rel = {"offset": RELATIVE_DAYS[fold(m.group("rel"))]}
            start, end, span_text = m.start(), m.end(), m.group()
        out.append({"text": span_text, "start": start + offset, "end": end + offset, "rel": rel})
    return out


def resolve(rel: dict[str, int], published: date | None, *, future: bool = False) -> date | None:
    """The date ``rel`` denotes, seen from ``published``; ``future`` picks the next matching day."""
    if "partial" in rel:
        return None  # a month or a year, not a day: kept as text, no ISO date
    if "year" in rel and "month" in rel:
        try:
            return date(rel["year"], rel["month"], rel["day"])
        except ValueError:
            return None
    if published is None:
        return None
    if "offset" in rel:
        return published + timedelta(days=rel["offset"])
    if "weekday" in rel:
        delta = (rel["weekday"] - published.weekday()) % 7
        return published + timedelta(days=delta) if future else published - timedelta(days=(7 - delta) % 7)
    if "month" in rel:
        for year in (published.year, published.year + 1) if future else (published.year, published.year - 1):
            try:
                candidate = date(year, rel["month"], rel["day"])
            except ValueError:
                return None
            if (candidate >= published) if future else (candidate <= published):
                return candidate
        return None
    return None
