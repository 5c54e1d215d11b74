"""Words per second of each pipeline stage on real news, one process (n_process=1).

Usage: python benchmarks/pipeline_speed.py [--articles 600] [--repeats 3]

Runs the pipeline in cumulative configurations — tokenizer + sentences; + NER (when the packaged
model is installed); + knowledge-base linking; + events — over a fixed slice of the ANT news dump
(every 50th article, so every source and section is in it), after one warm-up pass, and reports the
median and spread of ``repeats`` timed passes, the cost of each stage, and peak RSS. Results are
printed and saved to benchmarks/results/pipeline_speed.json. Timings are facts about this machine
(2 cores); nothing asserts them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import mideast_nlp  # noqa: E402
from mideast_nlp.pipeline import ner_model_path  # noqa: E402


def load_texts(path: Path, n: int, step: int = 50) -> list[str]:
    texts: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % step == 0:
                texts.append(json.loads(line)["text"])
                if len(texts) >= n:
                    break
    return texts


def timed(nlp: mideast_nlp.pipeline.Pipeline, texts: list[str], repeats: int) -> list[float]:
    for _ in nlp.spacy.pipe(texts[:50]):
        pass
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _doc in nlp.spacy.pipe(texts, batch_size=32):
            pass
        runs.append(time.perf_counter() - t0)
    return runs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=600)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--news", type=Path, default=ROOT.parent / "shared/data/news/ant_articles.jsonl.gz")
    args = ap.parse_args()
    texts = load_texts(args.news, args.articles)
    words = sum(len(t.split()) for t in texts)
    has_ner = ner_model_path() is not None
    configs = [("tokenizer+sentences", {"ner": False, "link": False, "events": False})]
    if has_ner:
        configs.append(("+ner", {"ner": True, "link": False, "events": False}))
    configs += [
        ("+link", {"ner": has_ner, "link": True, "events": False}),
        ("+events (full pipeline)", {"ner": has_ner, "link": True, "events": True}),
    ]
    results = {}
    for name, kwargs in configs:
        nlp = mideast_nlp.load(**kwargs)
        runs = timed(nlp, texts, args.repeats)
        med = statistics.median(runs)
        results[name] = {
            "words_per_second": round(words / med),
            "min_wps": round(words / max(runs)),
            "max_wps": round(words / min(runs)),
            "pipes": nlp.pipe_names,
        }
        print(f"{name:28s} {words / med:10,.0f} words/s  (range {words / max(runs):,.0f}–{words / min(runs):,.0f})")
    out = {
        "articles": len(texts),
        "words": words,
        "repeats": args.repeats,
        "ner_model": has_ner,
        "configs": results,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    path = ROOT / "benchmarks" / "results" / "pipeline_speed.json"
    path.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"peak RSS {out['peak_rss_mb']} MB; saved {path}")


if __name__ == "__main__":
    main()
