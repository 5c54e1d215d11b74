"""Score actors (linking) and events on the development gold set (benchmarks/gold/).

Usage: python benchmarks/gold_eval.py [--details] [--set gold|heldout] [--morphology camel] [--parser stanza]
    [--ner camel]

With the optional backends installed with their models (README, "Optional backends"), the flags
run the same evaluation with CAMeL's lemmas, Stanza's parses or CAMeL's NER; the results then go to
benchmarks/results/gold_eval_<backends>.json beside the default run's, to compare the event F1.

Actors. A system entity matches a gold actor when one of its mention texts is one of the gold
actor's Arabic forms (folded), or their English names agree (case, accents, "the", punctuation
and word order ignored; one name's words contained in the other's counts). Reported:
* linking precision: share of linked system entities whose English name is the gold actor's;
* linking recall: share of gold actors found and correctly linked;
* detection P/R/F1 of actors regardless of linking;
* KB coverage: share of gold actors that the knowledge base knows (an Arabic form is an alias).

Events (the rule of the issue). A system event matches a gold event of the same type when the
participant sets overlap: all gold participants when the gold event has two, at least two
otherwise (one when the gold event has one). Matching is one-to-one per article; each system
event takes the free gold event it overlaps most. A system participant is matched to a gold actor
through every mention of its entity (a partial name span such as ``مون جاي`` for ``مون جاي إن``
counts when it fits one gold actor only), and a capital or a government official (CAMEO code
``AFGGOV`` on the article's day) may stand for the country (event coders code ``واشنطن`` and the
Afghan president as the Afghan government), tried only when the participants as written match
nothing. Reported: event
P/R/F1 overall and by type, status and mode accuracy on matched events, and events predicted on
the articles that have none (false positives on no-event articles).

Results are printed and saved to benchmarks/results/gold_eval.json (``--set heldout``:
heldout_eval.json; the held-out articles are scored, never tuned on).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import mideast_nlp  # noqa: E402
from mideast_nlp import fold  # noqa: E402
from mideast_nlp.kb.store import KnowledgeBase  # noqa: E402
from mideast_nlp.records import ArticleResult, MeetingEvent  # noqa: E402

CLITICS = ("و", "ف", "ب", "ل", "ك")


def en_key(name: str | None) -> frozenset[str]:
    if not name:
        return frozenset()
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    for ch in "-.,'()\"":
        text = text.replace(ch, " ")
    return frozenset(w for w in text.split() if w not in {"the", "of", "al", "el", "and"})


def en_match(a: str | None, b: str | None) -> bool:
    ka, kb = en_key(a), en_key(b)
    return bool(ka and kb) and (ka == kb or ka <= kb or kb <= ka)


def ar_forms(actor: dict[str, Any]) -> set[str]:
    return {fold(x) for x in actor.get("ar") or []}


def strip_clitic(text: str) -> set[str]:
    f = fold(text)
    out = {f}
    if len(f) > 3 and f[0] in CLITICS:
        out.add(f[1:])
    return out


def _words(text: str) -> tuple[str, ...]:
    return tuple(w[1:] if len(w) > 3 and w[0] in CLITICS else w for w in fold(text).split())


def _inside(small: tuple[str, ...], big: tuple[str, ...]) -> bool:
    n = len(small)
    return 0 < n <= len(big) and any(big[i : i + n] == small for i in range(len(big) - n + 1))


def match_actor(texts: set[str], name_en: str | None, gold_actors: list[dict[str, Any]]) -> int | None:
    """The gold actor a system entity stands for, or ``None``.

    In order: a mention text equal to one of the actor's Arabic forms (folded, a proclitic
    stripped); the English names equal, then agreeing (one's words within the other's: the first
    equal one wins, so Salman of Saudi Arabia is not Saudi Arabia); a partial name span (the NER's
    ``مون جاي`` for ``مون جاي إن``, or a longer span holding the form), when it fits one gold actor
    only and holds a word of three letters or more.
    """
    folded = set().union(*(strip_clitic(t) for t in texts)) if texts else set()
    for k, actor in enumerate(gold_actors):
        if folded & ar_forms(actor):
            return k
    # the same English name before one that holds it (Salman of Saudi Arabia is not Saudi Arabia)
    exact = [k for k, actor in enumerate(gold_actors) if name_en and en_key(name_en) == en_key(actor["name_en"])]
    if exact:
        return exact[0]
    for k, actor in enumerate(gold_actors):
        if name_en and en_match(name_en, actor["name_en"]):
            return k
    sys_words = [w for w in (_words(t) for t in texts) if any(len(x) >= 3 for x in w)]
    hits = set()
    for k, actor in enumerate(gold_actors):
        forms = [_words(f) for f in actor.get("ar") or []]
        if any(_inside(s, f) or _inside(f, s) for s in sys_words for f in forms if f):
            hits.add(k)
    return hits.pop() if len(hits) == 1 else None


def eval_actors(result: ArticleResult, gold: dict[str, Any], kb: KnowledgeBase, acc: dict[str, float]) -> None:
    actors = gold["actors"]
    found: set[int] = set()
    linked_ok: set[int] = set()
    for ent in result.entities:
        texts = {result.mentions[i].text for i in ent.mentions}
        k = match_actor(texts, ent.name_en, actors)
        acc["sys_entities"] += 1
        if ent.kb_id:
            acc["sys_linked"] += 1
        if k is None:
            continue
        acc["sys_entities_matched"] += 1
        found.add(k)
        if ent.kb_id and en_match(ent.name_en, actors[k]["name_en"]):
            acc["linked_correct"] += 1
            linked_ok.add(k)
    acc["gold_actors"] += len(actors)
    acc["gold_found"] += len(found)
    acc["gold_linked"] += len(linked_ok)
    for actor in actors:
        known = any(kb.candidates(f) for f in ar_forms(actor))
        acc["gold_in_kb"] += known


def participants_of(ev: Any) -> list[Any]:
    return list(ev.participants if isinstance(ev, MeetingEvent) else ev.parties)


def gold_participants(ev: dict[str, Any]) -> list[str]:
    return [p["name_en"] for p in ev.get("participants") or ev.get("parties") or []]


def event_match(sys_ids: set[int], gold_ids: set[int]) -> bool:
    overlap = len(sys_ids & gold_ids)
    if len(gold_ids) == 2:
        return gold_ids <= sys_ids
    if len(gold_ids) <= 1:
        return overlap >= 1
    return overlap >= 2


def eval_events(
    result: ArticleResult,
    gold: dict[str, Any],
    acc: dict[str, float],
    details: list[str],
    kb: KnowledgeBase | None = None,
) -> None:
    actors = gold["actors"]
    name_to_idx = {a["name_en"]: k for k, a in enumerate(actors)}
    gold_events = gold["events"]
    used: set[int] = set()
    for ev in result.events:
        acc[f"sys_{ev.type}"] += 1
        ids: set[int] = set()
        capital_ids: set[int] = set()
        for p in participants_of(ev):
            texts = {p.name} if p.name else set()
            if p.entity is not None:
                texts |= {result.mentions[i].text for i in result.entities[p.entity].mentions}
            k = match_actor(texts, p.name_en, actors)
            if k is not None:
                ids.add(k)
            # A capital stands for its country's government (Phoenix/CAMEO code واشنطن as USAGOV):
            # a visit to موسكو is a visit to Russia, whichever of the two the annotator wrote.
            if kb is not None and p.kb_id and (city := kb.get(p.kb_id)) is not None and city.subtype == "capital":
                country = kb.country(city.country)
                k2 = match_actor({country.name_ar} if country else set(), country.name_en if country else None, actors)
                if k2 is not None:
                    capital_ids.add(k2)
            # … and so does an official whose CAMEO code on the day is the government's (AFGGOV).
            if kb is not None and p.cameo and len(p.cameo) >= 6 and p.cameo[3:6] == "GOV":
                country = kb.country(p.cameo[:3])
                k3 = match_actor({country.name_ar} if country else set(), country.name_en if country else None, actors)
                if k3 is not None:
                    capital_ids.add(k3)
        best = None
        # the participants as written first, then with capitals standing for their countries
        for cand in (ids, ids | capital_ids):
            best_overlap = -1.0
            for g_idx, g in enumerate(gold_events):
                if g_idx in used or g["type"] != ev.type:
                    continue
                gids = {name_to_idx[n] for n in gold_participants(g) if n in name_to_idx}
                # the gold event this one overlaps most (Jaccard), so a one-to-one pairing is not greedy
                overlap = len(cand & gids) / len(cand | gids) if cand | gids else 0.0
                if event_match(cand, gids) and overlap > best_overlap:
                    best, best_overlap = g_idx, overlap
            if best is not None:
                break
        if best is None:
            details.append(
                f"  FP {result.id} {ev.type} {ev.status} {[p.name_en or p.name for p in participants_of(ev)]}"
                f" «{ev.trigger.text}»"
            )
            if not gold_events:
                acc["fp_on_no_event_articles"] += 1
            continue
        used.add(best)
        g = gold_events[best]
        acc[f"tp_{ev.type}"] += 1
        acc["status_total"] += 1
        acc["status_correct"] += ev.status == g["status"]
        if ev.type == "meeting":
            acc["mode_total"] += 1
            acc["mode_correct"] += ev.mode == g.get("mode")
            if ev.mode != g.get("mode"):
                details.append(f"  MODE {result.id} ours={ev.mode} gold={g.get('mode')} «{ev.trigger.text}»")
        if ev.status != g["status"]:
            details.append(f"  STATUS {result.id} {ev.type} ours={ev.status} gold={g['status']} «{ev.trigger.text}»")
    for g_idx, g in enumerate(gold_events):
        acc[f"gold_{g['type']}"] += 1
        if g_idx not in used:
            details.append(f"  FN {result.id} {g['type']} {g['status']} {gold_participants(g)} «{g.get('trigger')}»")


def _first_line_number(path: Path) -> int:
    """annotations_16_30.jsonl → 16, so that files written by several annotators keep article order."""
    digits = "".join(ch if ch.isdigit() else " " for ch in path.stem).split()
    return int(digits[0]) if digits else 0


def read_annotations(folder: Path) -> list[dict[str, Any]]:
    """The records of ``folder/annotations*.jsonl``, in article order (files by their first line number)."""
    return [
        json.loads(x)
        for path in sorted(folder.glob("annotations*.jsonl"), key=_first_line_number)
        for x in path.read_text(encoding="utf-8").splitlines()
        if x
    ]


def prf(tp: float, n_sys: float, n_gold: float) -> dict[str, float]:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--details", action="store_true", help="print every false positive/negative")
    ap.add_argument(
        "--set",
        default="gold",
        help="folder under benchmarks/ holding articles.jsonl and annotations*.jsonl: gold (development) or "
        "heldout (never tuned on)",
    )
    ap.add_argument(
        "--annotations",
        help="score against the set's second annotation, in this sub-folder of the set (see agreement.py)",
    )
    ap.add_argument("--morphology", choices=["camel"], help="lemmas and POS from CAMeL Tools' MLE disambiguator")
    ap.add_argument("--parser", choices=["stanza"], help="UD parses from Stanza's Arabic pipeline")
    ap.add_argument("--ner", choices=["camel"], help="CAMeL Tools' NERecognizer instead of the packaged NER model")
    ap.add_argument("--ner-path", help="with --ner camel: a BERT token-classification folder")
    ap.add_argument("--stanza-dir", help="Stanza's model folder (default STANZA_RESOURCES_DIR or ~/stanza_resources)")
    args = ap.parse_args()
    folder = ROOT / "benchmarks" / args.set
    articles = [json.loads(x) for x in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines() if x]
    golds = read_annotations(folder / args.annotations if args.annotations else folder)
    backends = {
        k: v for k, v in (("ner", args.ner), ("morphology", args.morphology), ("parser", args.parser)) if v is not None
    }
    nlp = mideast_nlp.load(**backends, ner_path=args.ner_path, stanza_dir=args.stanza_dir)  # type: ignore[arg-type]
    kb = KnowledgeBase.load()
    from collections import defaultdict

    acc: dict[str, float] = defaultdict(float)
    details: list[str] = []
    t0 = time.perf_counter()
    words = 0
    for art, gold in zip(articles, golds, strict=True):
        text = f"{art['title']}\n\n{art['text']}"
        words += len(text.split())
        result = nlp.extract(text, id=art["id"], published=art["published"])
        eval_actors(result, gold, kb, acc)
        eval_events(result, gold, acc, details, kb)
    elapsed = time.perf_counter() - t0
    tp = acc["tp_meeting"] + acc["tp_agreement"]
    n_sys = acc["sys_meeting"] + acc["sys_agreement"]
    n_gold = acc["gold_meeting"] + acc["gold_agreement"]
    no_event_articles = sum(1 for g in golds if not g["events"])
    out = {
        "articles": len(articles),
        "pipeline": nlp.pipe_names,
        "backends": backends,
        "linking": {
            "precision": round(acc["linked_correct"] / acc["sys_linked"], 4) if acc["sys_linked"] else 0.0,
            "recall": round(acc["gold_linked"] / acc["gold_actors"], 4),
            "f1": prf(acc["linked_correct"], acc["sys_linked"], acc["gold_actors"])["f1"],
            "gold_actors": int(acc["gold_actors"]),
            "system_linked_entities": int(acc["sys_linked"]),
        },
        "actor_detection": prf(acc["sys_entities_matched"], acc["sys_entities"], acc["gold_actors"]),
        "kb_coverage_of_gold_actors": round(acc["gold_in_kb"] / acc["gold_actors"], 4),
        "events": {
            **prf(tp, n_sys, n_gold),
            "meeting": prf(acc["tp_meeting"], acc["sys_meeting"], acc["gold_meeting"]),
            "agreement": prf(acc["tp_agreement"], acc["sys_agreement"], acc["gold_agreement"]),
            "gold_events": int(n_gold),
            "system_events": int(n_sys),
            "status_accuracy": round(acc["status_correct"] / acc["status_total"], 4) if acc["status_total"] else 0.0,
            "mode_accuracy": round(acc["mode_correct"] / acc["mode_total"], 4) if acc["mode_total"] else 0.0,
            "no_event_articles": no_event_articles,
            "events_predicted_on_no_event_articles": int(acc["fp_on_no_event_articles"]),
        },
        "words_per_second": round(words / elapsed),
    }
    out["set"] = args.set
    if args.annotations:
        out["annotations"] = args.annotations
    suffix = "".join(f"_{k}-{v}" for k, v in sorted(backends.items()))
    name = "gold_eval" if args.set == "gold" else f"{args.set}_eval"
    if args.annotations:
        name += f"_{args.annotations}"
    results = ROOT / "benchmarks" / "results" / f"{name}{suffix}.json"
    results.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2, ensure_ascii=False))
    if args.details:
        print("\n".join(details))


if __name__ == "__main__":
    main()
