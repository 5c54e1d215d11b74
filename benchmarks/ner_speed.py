"""Throughput of tokenizer + NER on one core (n_process=1) over a fixed slice of the news dump.

Usage: python benchmarks/ner_speed.py [--shared ../shared] [--model models/ner] [--articles 1000]

Takes the first N articles (title + text) of ../shared/data/news/ant_articles.jsonl.gz, warms
the pipeline up on a few texts, then times ``nlp.pipe(texts, n_process=1)`` (tokenizer + NER)
and the tokenizer alone. BLAS is pinned to one thread. Words are whitespace-separated words of the
input. Peak RSS is the process's ru_maxrss. Saves benchmarks/results/ner_speed.json.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import itertools
import json
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mideast_nlp.evaluation import load_ner, packaged_ner_path  # noqa: E402
from mideast_nlp.training.corpora import iter_news_texts  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/ner_speed.json")
    args = ap.parse_args()
    news = args.shared / "data/news/ant_articles.jsonl.gz"
    texts = [t for t in itertools.islice(iter_news_texts(news), 2 * args.articles) if t.strip()]
    words = sum(len(t.split()) for t in texts)
    nlp = load_ner(args.model)
    list(nlp.pipe(texts[:20]))
    start = time.perf_counter()
    n_tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(texts))
    tok_s = time.perf_counter() - start
    start = time.perf_counter()
    n_ents = sum(len(doc.ents) for doc in nlp.pipe(texts, n_process=1, batch_size=64))
    all_s = time.perf_counter() - start
    model_dir = args.model or packaged_ner_path()
    size = sum(p.stat().st_size for p in Path(model_dir).rglob("*") if p.is_file())
    result = {
        "articles": args.articles,
        "texts": len(texts),
        "words": words,
        "tokens": n_tokens,
        "entities": n_ents,
        "tokenizer_words_per_s": round(words / tok_s),
        "tokenizer_ner_words_per_s": round(words / all_s),
        "tokenizer_ner_seconds": round(all_s, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "model_size_mb": round(size / 2**20, 1),
        "python": platform.python_version(),
        "cpu": platform.processor() or platform.machine(),
        "n_process": 1,
    }
    print(json.dumps(result, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
