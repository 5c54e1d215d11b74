"""Select the development gold-set articles from the ANT news dump (reproducible, seeded).

Usage: python benchmarks/gold/select_articles.py [--source ../shared/data/news/ant_articles.jsonl.gz]

Writes benchmarks/gold/articles.jsonl: 72 articles (ANT corpus v2.1, Apache-2.0,
Chouigui et al., AJSE 2021) from the Middle East and international news sections:
48 whose text contains a strong meeting/agreement cue and 24 that contain no cue at all
(those are the false-positive check).
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
    args = ap.parse_args()
    with_cue: list[dict[str, object]] = []
    without: list[dict[str, object]] = []
    with gzip.open(args.source, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("corpus") != "ANT-v2.1" or rec.get("category") not in {"middleEast", "internationalNews"}:
                continue
            n = len(str(rec["text"]).split())
            if not 120 <= n <= 550:
                continue
            text = str(rec["text"])
            if STRONG_CUES.search(text):
                with_cue.append(rec)
            elif not BROAD_CUES.search(text):
                without.append(rec)
    rng = random.Random(args.seed)
    chosen = rng.sample(with_cue, 48) + rng.sample(without, 24)
    rng.shuffle(chosen)
    out = HERE / "articles.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for rec in chosen:
            keep = {k: rec[k] for k in ("id", "source", "category", "url", "title", "published", "text")}
            fh.write(json.dumps(keep, ensure_ascii=False) + "\n")
    print(f"wrote {len(chosen)} articles to {out}")


if __name__ == "__main__":
    main()
