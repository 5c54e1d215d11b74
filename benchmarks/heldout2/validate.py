"""Check the held-out annotations' format against their articles (no system output involved).

Usage: python benchmarks/heldout2/validate.py [FOLDER]   (default: this folder)

Every record follows the dev set's schema; every trigger lies in its evidence, every evidence and
Arabic form occurs in the article (title + text), every participant is one of the record's actors.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

STATUS = {
    "meeting": {"occurred", "planned", "requested", "cancelled"},
    "agreement": {"signed", "agreed_in_principle", "negotiating", "proposed", "rejected", "historical"},
}
ROLES = {"host", "visitor", "mediator", "participant"}
MODES = {"phone", "video", "visit", "multilateral", "in_person", "unknown"}


def problems(article: dict[str, Any], record: dict[str, Any]) -> list[str]:
    text = article["title"] + "\n" + article["text"]
    names = {a["name_en"] for a in record["actors"]}
    out = [f"form {form!r} not in text" for a in record["actors"] for form in a["ar"] if form not in text]
    for ev in record["events"]:
        people = (ev.get("participants") if ev["type"] == "meeting" else ev.get("parties")) or []
        if ev["status"] not in STATUS[ev["type"]]:
            out.append(f"status {ev['status']!r}")
        if ev["type"] == "meeting" and ev.get("mode") not in MODES:
            out.append(f"mode {ev.get('mode')!r}")
        if ev["trigger"] not in ev["evidence"] or ev["evidence"] not in text:
            out.append(f"trigger/evidence {ev['trigger']!r}")
        out += [f"unknown actor {p['name_en']!r}" for p in people if p["name_en"] not in names]
        out += [f"role {p['role']!r}" for p in people if p.get("role", "participant") not in ROLES]
    return [f"{record['id']}: {p}" for p in out]


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    lines = (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    articles = {a["id"]: a for a in map(json.loads, lines)}
    records = [
        json.loads(x)
        for path in sorted(folder.glob("annotations*.jsonl"))
        for x in path.read_text(encoding="utf-8").splitlines()
    ]
    found = [p for r in records for p in problems(articles[r["id"]], r)]
    events = sum(len(r["events"]) for r in records)
    print("\n".join(found) if found else f"{len(records)} records, {events} events: OK")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
