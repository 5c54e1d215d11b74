"""Select gold-set articles from the ANT news dump (reproducible, seeded).

Usage: python benchmarks/gold/select_articles.py [--source ../shared/data/news/ant_articles.jsonl.gz]

By default writes benchmarks/gold/articles.jsonl, the development set: 72 articles (ANT corpus
v2.1, Apache-2.0, Chouigui et al., AJSE 2021) from the Middle East and international news
sections: 48 whose text contains a strong meeting/agreement cue and 24 that contain no cue at all
(those are the false-positive check).

The held-out set (benchmarks/heldout/, never tuned on) is drawn by

    python benchmarks/gold/select_articles.py --seed 20261202 --cue 22 --hard 8 --plain 0 \
        --exclude benchmarks/gold/articles.jsonl --out benchmarks/heldout/articles.jsonl

where ``--hard`` articles have a weak cue (لقاء، زيارة، اتفاق، بحث …) but no strong one: the
harder false-positive check.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from pathlib import Path

import regex

# Strong cues pick the positive pool; any broad cue keeps an article out of the negative pool.
STRONG_CUES = regex.compile(
    r"التقى|يلتقي|استقبل|اجتماع|اجتمع|مباحثات|محادثات|قمة|اتصالا? هاتفيا?|مذكرة تفاهم|اتفاقي[ةه]|توقيع"
)
BROAD_CUES = regex.compile(r"لقاء|زيار[ةه]|زار|اتفاق|وقع|بحث|ناقش|" + STRONG_CUES.pattern)
HERE = Path(__file__).parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--source", default=str(HERE.parents[1] / ".." / "shared/data/news/ant_articles.jsonl.gz"))
    ap.add_argument("--seed", type=int, default=20261130)
    ap.add_argument("--cue", type=int, default=48, help="articles with a strong cue")
    ap.add_argument("--plain", type=int, default=24, help="articles with no cue at all")
    ap.add_argument("--hard", type=int, default=0, help="articles with a weak cue but no strong one")
    ap.add_argument("--exclude", action="append", default=[], help="JSONL files whose ids are left out")
    ap.add_argument("--out", default=str(HERE / "articles.jsonl"))
    args = ap.parse_args()
    excluded = {
        json.loads(line)["id"] for path in args.exclude for line in Path(path).read_text(encoding="utf-8").splitlines()
    }
    with_cue: list[dict[str, object]] = []
    without: list[dict[str, object]] = []
    weak: list[dict[str, object]] = []
    with gzip.open(args.source, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("corpus") != "ANT-v2.1" or rec.get("category") not in {"middleEast", "internationalNews"}:
                continue
            if rec["id"] in excluded:
                continue
            n = len(str(rec["text"]).split())
            if not 120 <= n <= 550:
                continue
            text = str(rec["text"])
            if STRONG_CUES.search(text):
                with_cue.append(rec)
            elif not BROAD_CUES.search(text):
                without.append(rec)
            else:
                weak.append(rec)
    rng = random.Random(args.seed)
    chosen = rng.sample(with_cue, args.cue) + rng.sample(without, args.plain)
    if args.hard:
        chosen += rng.sample(weak, args.hard)
    rng.shuffle(chosen)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for rec in chosen:
            keep = {k: rec[k] for k in ("id", "source", "category", "url", "title", "published", "text")}
            fh.write(json.dumps(keep, ensure_ascii=False) + "\n")
    print(f"wrote {len(chosen)} articles to {out}")


if __name__ == "__main__":
    main()
