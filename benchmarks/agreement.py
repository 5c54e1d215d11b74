"""Inter-annotator agreement on the event sets: how far two annotators who follow the same guideline agree.

Usage: python benchmarks/agreement.py --set dev2 [--second second] [--details]

``benchmarks/SET/annotations*.jsonl`` (annotator A: the set's gold) and
``benchmarks/SET/SECOND/annotations*.jsonl`` (annotator B, who annotated the same articles blind,
without seeing A's records or any system output) are compared with exactly the rule that scores
the library (``gold_eval.py``): B's events stand for the system's, B's actors are matched to A's
by their Arabic forms or English names (``match_actor``), and an event matches when the types agree
and the participant sets overlap (all of A's participants when A has two, at least two otherwise),
one-to-one per article. The capital-for-country rule of ``gold_eval.py`` needs linked actors and is
not applied, so agreement is, if anything, understated. Reported: event P/R/F1 of B against A (F1 is
the agreement: it does not depend on which annotator is the reference), by type, and status and
mode agreement on the matched events. The library's own score against each annotator is
``gold_eval.py --set SET`` (A) and ``gold_eval.py --set SET --annotations SECOND`` (B).

This bounds what a held-out score can mean: a system cannot be expected to agree with one
annotator much more than a second annotator does. Results are printed and saved to
``benchmarks/results/agreement_SET.json``. ``--details`` prints the disagreements; do not use it on
a held-out set (its annotations are never looked into).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gold_eval import ROOT, event_match, gold_participants, match_actor, prf, read_annotations


def compare(a: dict[str, Any], b: dict[str, Any], acc: dict[str, float], details: list[str]) -> None:
    """Score annotator B's events of one article against annotator A's, into ``acc``."""
    a_actors = a["actors"]
    a_index = {x["name_en"]: k for k, x in enumerate(a_actors)}
    b_to_a = {x["name_en"]: match_actor(set(x.get("ar") or []), x["name_en"], a_actors) for x in b["actors"]}
    used: set[int] = set()
    for ev in b["events"]:
        acc[f"b_{ev['type']}"] += 1
        ids = {k for n in gold_participants(ev) if (k := b_to_a.get(n)) is not None}
        best, best_overlap = None, -1.0
        for g_idx, g in enumerate(a["events"]):
            if g_idx in used or g["type"] != ev["type"]:
                continue
            gids = {a_index[n] for n in gold_participants(g) if n in a_index}
            overlap = len(ids & gids) / len(ids | gids) if ids | gids else 0.0
            if event_match(ids, gids) and overlap > best_overlap:
                best, best_overlap = g_idx, overlap
        if best is None:
            details.append(f"  B-only {b['id']} {ev['type']} {ev['status']} {gold_participants(ev)} «{ev['trigger']}»")
            continue
        used.add(best)
        g = a["events"][best]
        acc[f"tp_{ev['type']}"] += 1
        acc["status_total"] += 1
        acc["status_agree"] += ev["status"] == g["status"]
        if ev["type"] == "meeting":
            acc["mode_total"] += 1
            acc["mode_agree"] += ev.get("mode") == g.get("mode")
        if ev["status"] != g["status"]:
            details.append(f"  STATUS {b['id']} {ev['type']} A={g['status']} B={ev['status']} «{ev['trigger']}»")
    for g_idx, g in enumerate(a["events"]):
        acc[f"a_{g['type']}"] += 1
        if g_idx not in used:
            details.append(f"  A-only {a['id']} {g['type']} {g['status']} {gold_participants(g)} «{g['trigger']}»")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", default="dev2", help="folder under benchmarks/ with two annotations of its articles")
    ap.add_argument("--second", default="second", help="sub-folder of the set holding annotator B's records")
    ap.add_argument("--details", action="store_true", help="print the disagreements (development sets only)")
    args = ap.parse_args()
    folder = ROOT / "benchmarks" / args.set
    first = {r["id"]: r for r in read_annotations(folder)}
    second = {r["id"]: r for r in read_annotations(folder / args.second)}
    missing = sorted(set(first) ^ set(second))
    if missing:
        raise SystemExit(f"the two annotations do not cover the same articles: {missing[:5]}")
    acc: dict[str, float] = defaultdict(float)
    details: list[str] = []
    for rec_id, a in first.items():
        compare(a, second[rec_id], acc, details)
    tp = acc["tp_meeting"] + acc["tp_agreement"]
    out = {
        "set": args.set,
        "articles": len(first),
        "events_a": int(acc["a_meeting"] + acc["a_agreement"]),
        "events_b": int(acc["b_meeting"] + acc["b_agreement"]),
        "events": {
            **prf(tp, acc["b_meeting"] + acc["b_agreement"], acc["a_meeting"] + acc["a_agreement"]),
            "meeting": prf(acc["tp_meeting"], acc["b_meeting"], acc["a_meeting"]),
            "agreement": prf(acc["tp_agreement"], acc["b_agreement"], acc["a_agreement"]),
            "status_agreement": round(acc["status_agree"] / acc["status_total"], 4) if acc["status_total"] else 0.0,
            "mode_agreement": round(acc["mode_agree"] / acc["mode_total"], 4) if acc["mode_total"] else 0.0,
            "matched": int(tp),
        },
        "articles_without_events": {
            "a": sum(1 for r in first.values() if not r["events"]),
            "b": sum(1 for r in second.values() if not r["events"]),
            "both": sum(1 for k, r in first.items() if not r["events"] and not second[k]["events"]),
        },
    }
    path = ROOT / "benchmarks" / "results" / f"agreement_{args.set}.json"
    path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))
    if args.details:
        print("\n".join(details))


if __name__ == "__main__":
    main()
