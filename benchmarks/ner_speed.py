"""Throughput of tokenizer + NER on one core (n_process=1) over a fixed slice of the news dump.

Usage: python benchmarks/ner_speed.py [--shared ../shared] [--model models/ner] [--articles 500]
                                     [--warm-articles 1000]

Cold run: takes the first N articles (title + text) of ../shared/data/news/ant_articles.jsonl.gz, warms
the pipeline up on a few texts, then times ``nlp.pipe(texts, n_process=1)`` (tokenizer + NER)
and the tokenizer alone (first pass over the texts: every word is new to the tokenizer's caches
and the vocab; tokenizer + NER then runs on a warm tokenizer). BLAS is pinned to one thread.
Wall-clock and CPU-time (``time.process_time``) rates are both reported: on a core shared with
other jobs the wall-clock rate understates the speed.
Warm run: the pipeline then processes the next ``--warm-articles`` articles (filling the
tokenizer's and the vectors' caches, as in any long batch) and tokenizer + NER is timed on the
N articles after those, which it has not seen. Words are whitespace-separated words of the
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
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument(
        "--warm-articles",
        type=int,
        default=1000,
        help="after the cold run, process this many further articles, then time the next --articles (warm caches)",
    )
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/ner_speed.json")
    args = ap.parse_args()
    news = args.shared / "data/news/ant_articles.jsonl.gz"
    all_texts = [t for t in itertools.islice(iter_news_texts(news), 2 * (2 * args.articles + args.warm_articles))]
    texts = [t for t in all_texts[: 2 * args.articles] if t.strip()]
    warm_texts = [t for t in all_texts[2 * args.articles : 2 * (args.articles + args.warm_articles)] if t.strip()]
    unseen = [t for t in all_texts[2 * (args.articles + args.warm_articles) :] if t.strip()]
    words = sum(len(t.split()) for t in texts)
    nlp = load_ner(args.model)
    list(nlp.pipe(texts[:20]))
    start, cpu = time.perf_counter(), time.process_time()
    n_tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(texts))
    tok_s, tok_cpu = time.perf_counter() - start, time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    n_ents = sum(len(doc.ents) for doc in nlp.pipe(texts, n_process=1, batch_size=64))
    all_s, all_cpu = time.perf_counter() - start, time.process_time() - cpu
    warm: dict[str, float] = {}
    if warm_texts and unseen:
        for _ in nlp.pipe(warm_texts, n_process=1, batch_size=64):
            pass
        unseen_words = sum(len(t.split()) for t in unseen)
        start, cpu = time.perf_counter(), time.process_time()
        for _ in nlp.pipe(unseen, n_process=1, batch_size=64):
            pass
        warm = {
            "warm_articles": args.warm_articles,
            "warm_timed_words": unseen_words,
            "warm_tokenizer_ner_words_per_s": round(unseen_words / (time.perf_counter() - start)),
            "warm_tokenizer_ner_words_per_cpu_s": round(unseen_words / (time.process_time() - cpu)),
        }
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
        # CPU time of this process: what the figures would be on an otherwise idle core
        "tokenizer_words_per_cpu_s": round(words / tok_cpu),
        "tokenizer_ner_words_per_cpu_s": round(words / all_cpu),
        "pipeline": nlp.pipe_names,
        **warm,
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
