"""Batch throughput of ``mideast-nlp extract`` on real news: 1 and 2 workers, peak memory, writer costs.

Usage: python benchmarks/batch_throughput.py [--articles 4000] [--step 10] [--part-size 200] [--repeats 3]
                                            [--save NAME.json]

Takes a fixed subset of the ANT dump (every ``step``-th article, so that every source and section
is in it), runs the real command on it (``--workers 1`` and ``--workers 2``, JSONL output, then
``--workers 2`` into Parquet), and samples the memory of the command and its worker processes
every 0.2 s (psutil): the sum of their RSS (which counts the pages that forked workers share with
each other once per process, so it overstates) and the sum of their PSS (each shared page split
between the processes that map it: what the tree really occupies). Then times each writer alone
on results held in memory (no NLP): JSONL, Parquet, CSV, DuckDB. Results are printed and saved to
benchmarks/results/batch_throughput.json.

Every process that runs the pipeline uses one BLAS thread (the command's default
``--blas-threads 1``, the single process of ``--workers 1`` included), so the 2-worker figure is
compared with a one-core baseline; the command reports the threads in force, and they are saved.
``words_per_second`` is the command's own figure (its summary line: words of processed articles
over the run's time, pipeline loading and worker start-up included); ``steady_words_per_second``
leaves out the start-up the command reports (loading the pipeline, starting the workers: a one-off
~3 s that a dump of 10^5 articles does not feel, but a 30-second benchmark does). Each
configuration runs ``--repeats`` times, interleaved; the run with the median speed is reported
(all are saved under ``trials``): this machine's speed drifts by several per cent between runs.
The machine's own ceiling for two processes is measured too: two independent one-worker commands,
each on half of the subset, at the same time (``two_independent_processes``): the two cores share
caches and memory bandwidth, so even work that shares nothing does not run twice as fast. ``cpu_words_per_second``
divides by the CPU seconds the command and its workers used: the per-core throughput, less
sensitive to other jobs on the machine; ``cores_used`` (CPU seconds over wall seconds) shows whether
the workers had their cores. ``rss_mb_by_quarter`` is the peak summed RSS in each
quarter of the run: flat when memory does not grow with the dump. Timings are facts about this
machine (2 cores, maybe shared with other jobs: the load average is saved); nothing asserts them.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
EXE = str(Path(sys.executable).with_name("mideast-nlp"))
DATE_FORMAT = "%d/%m/%Y"  # the ANT v1.1 (Jawhara FM) dates


def make_subset(news: Path, out: Path, n: int, step: int) -> tuple[int, int]:
    count = words = 0
    with gzip.open(news, "rt", encoding="utf-8") as fh, out.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(fh):
            if i % step == 0:
                dst.write(line)
                words += len(json.loads(line)["text"].split())
                count += 1
                if count >= n:
                    break
    return count, words


def tree_memory(proc: psutil.Process) -> tuple[int, int]:
    """Summed RSS and summed PSS of a process and all its children (PSS: 0 where unavailable)."""
    rss = pss = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            info = p.memory_full_info()
            rss += info.rss
            pss += getattr(info, "pss", 0)
    return rss, pss


SUMMARY = re.compile(r"read ([\d,]+), written ([\d,]+), failed ([\d,]+), ([\d.]+)s, ([\d,]+) words/s")
WORKERS = re.compile(r"(\d+) workers? \((\w+)\)(?:, (\d+) BLAS threads? each)?(?:, start-up ([\d.]+)s)?")


def run_command(args: list[str]) -> dict[str, object]:
    """Run the CLI, sampling the memory of its process tree; parse its summary lines."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.Popen([EXE, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    ps = psutil.Process(proc.pid)
    samples: list[tuple[float, int, int]] = []
    while proc.poll() is None:
        rss, pss = tree_memory(ps)
        samples.append((time.perf_counter() - t0, rss, pss))
        time.sleep(0.2)
    wall = time.perf_counter() - t0
    stderr = proc.stderr.read() if proc.stderr else ""
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    m = SUMMARY.search(stderr)
    w = WORKERS.search(stderr)
    if proc.returncode != 0 or m is None or w is None:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(args)}\n{stderr}")
    read, written, failed = (int(m.group(i).replace(",", "")) for i in (1, 2, 3))
    seconds, wps = float(m.group(4)), int(m.group(5).replace(",", ""))
    words = round(wps * seconds)
    startup = float(w.group(4)) if w.group(4) else 0.0
    quarters = [
        round(max((r for t, r, _ in samples if k * wall / 4 <= t < (k + 1) * wall / 4), default=0) / 2**20)
        for k in range(4)
    ]
    return {
        "read": read,
        "written": written,
        "failed": failed,
        "workers": int(w.group(1)),
        "start_method": w.group(2),
        "blas_threads_per_worker": int(w.group(3)) if w.group(3) else None,
        "seconds": seconds,
        "wall_seconds": round(wall, 2),
        "words_per_second": wps,
        "startup_seconds": startup,
        "steady_words_per_second": round(words / (seconds - startup)) if seconds > startup else None,
        "cpu_seconds": round(cpu, 2),
        "cpu_words_per_second": round(words / cpu) if cpu else None,
        "cores_used": round(cpu / wall, 2) if wall else None,
        "peak_rss_mb": round(max((r for _, r, _ in samples), default=0) / 2**20),
        "peak_pss_mb": round(max((p for _, _, p in samples), default=0) / 2**20),
        "rss_mb_by_quarter": quarters,
        "load_average_before": round(load_before, 2),
    }


def two_independent(subset: Path, tmp: Path, common: list[str]) -> dict[str, object]:
    """The machine's own ceiling for two processes: two independent one-worker commands, each on one
    half of the subset, run at the same time. Their combined words/s over the one-worker figure is
    the most any two-process split of the work can reach here (the two cores share caches, memory
    bandwidth and maybe a host's physical core)."""
    lines = subset.read_text(encoding="utf-8").splitlines(keepends=True)
    halves = [tmp / "half_a.jsonl", tmp / "half_b.jsonl"]
    halves[0].write_text("".join(lines[0::2]), encoding="utf-8")
    halves[1].write_text("".join(lines[1::2]), encoding="utf-8")
    t0 = time.perf_counter()
    procs = [
        subprocess.Popen(
            [EXE, *common[:1], str(h), *common[2:], "-o", str(tmp / f"ceiling_{k}.jsonl"), "--workers", "1"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k, h in enumerate(halves)
    ]
    outs = [p.communicate()[1] for p in procs]
    wall = time.perf_counter() - t0
    parsed = []
    for proc, err in zip(procs, outs, strict=True):
        m, w = SUMMARY.search(err), WORKERS.search(err)
        if proc.returncode != 0 or m is None or w is None:
            raise SystemExit(f"ceiling run failed ({proc.returncode}):\n{err}")
        seconds, wps = float(m.group(4)), int(m.group(5).replace(",", ""))
        parsed.append((seconds, round(wps * seconds), float(w.group(4) or 0.0)))
    words = sum(n for _, n, _ in parsed)
    slowest = max(sec for sec, _, _ in parsed)
    steady = max(sec - up for sec, _, up in parsed)
    return {
        "words": words,
        "wall_seconds": round(wall, 2),
        "words_per_second": round(words / slowest),
        "steady_words_per_second": round(words / steady) if steady > 0 else None,
    }


def _median_run(trials: list[dict[str, object]]) -> dict[str, object]:
    """The trial with the median words per second (the run reported for its configuration)."""
    ranked = sorted(trials, key=lambda r: float(r["words_per_second"]))  # type: ignore[arg-type]
    return ranked[(len(ranked) - 1) // 2]


def writer_costs(subset: Path, tmp: Path, n: int) -> dict[str, dict[str, float]]:
    """Seconds per 1,000 articles of each writer alone, on the results of the first ``n`` articles."""
    sys.path.insert(0, str(ROOT / "src"))
    import itertools

    import mideast_nlp
    from mideast_nlp.batch import set_blas_threads
    from mideast_nlp.io import FieldMap, read_inputs, write_csv, write_duckdb, write_jsonl, write_parquet

    nlp = mideast_nlp.load()
    set_blas_threads(1)
    records = itertools.islice(read_inputs([subset], fields=FieldMap(date_formats=(DATE_FORMAT,))), n)
    results = [r for r in nlp.extract_many(records) if r.ok]
    out: dict[str, dict[str, float]] = {}

    def jsonl(path: Path) -> None:
        with path.open("w", encoding="utf-8") as fh:
            write_jsonl(results, fh)

    writers = {
        "jsonl": (jsonl, tmp / "w.jsonl"),
        "parquet": (lambda p: write_parquet(results, p), tmp / "w_parquet"),
        "csv": (lambda p: write_csv(results, p), tmp / "w_csv"),
        "duckdb": (lambda p: write_duckdb(results, p), tmp / "w.duckdb"),
    }
    for name, (fn, path) in writers.items():
        runs = []
        for k in range(3):
            target = path.with_name(f"{path.name}{k}")
            t0 = time.perf_counter()
            fn(target)
            runs.append(time.perf_counter() - t0)
        size = sum(f.stat().st_size for f in target.rglob("*")) if target.is_dir() else target.stat().st_size
        best = min(runs)
        out[name] = {
            "seconds_per_1000_articles": round(1000 * best / len(results), 3),
            "bytes_per_article": round(size / len(results)),
        }
        print(
            f"writer {name:8s} {out[name]['seconds_per_1000_articles']:.3f} s / 1000 articles, "
            f"{out[name]['bytes_per_article']:,} bytes/article"
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=4000)
    ap.add_argument("--step", type=int, default=10)
    ap.add_argument("--part-size", type=int, default=200, help="records per committed part (the unit of work)")
    ap.add_argument("--writer-articles", type=int, default=1000, help="articles whose results time the writers")
    ap.add_argument("--news", type=Path, default=ROOT.parent / "shared/data/news/ant_articles.jsonl.gz")
    ap.add_argument("--save", default="batch_throughput.json", help="file name under benchmarks/results/")
    ap.add_argument("--repeats", type=int, default=3, help="runs of each configuration (medians are reported)")
    ap.add_argument(
        "--no-ceiling",
        dest="ceiling",
        action="store_false",
        help="skip the machine's ceiling (two independent one-worker commands on halves of the subset)",
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        subset = tmp / "subset.jsonl"
        n, words = make_subset(args.news, subset, args.articles, args.step)
        print(f"subset: {n} articles, {words:,} words")
        common = ["extract", str(subset), "--date-format", DATE_FORMAT, "--part-size", str(args.part_size)]
        common += ["--blas-threads", "1"]
        configs = (
            ("jsonl, 1 worker", ["-o", str(tmp / "o1.jsonl"), "--workers", "1"]),
            ("jsonl, 2 workers", ["-o", str(tmp / "o2.jsonl"), "--workers", "2"]),
            ("parquet, 2 workers", ["-o", str(tmp / "o2_parquet"), "--format", "parquet", "--workers", "2"]),
        )
        trials: dict[str, list[dict[str, object]]] = {name: [] for name, _ in configs}
        for rep in range(args.repeats):  # interleaved, so that a slow spell of the machine hits every config
            for name, extra in configs:
                r = run_command(common + extra)
                trials[name].append(r)
                print(
                    f"{name:20s} {r['words_per_second']:>8,} words/s  (steady {r['steady_words_per_second']:,},"
                    f" {r['cpu_words_per_second']:,} per CPU-second)  {r['seconds']:.1f}s incl."
                    f" {r['startup_seconds']:.1f}s start-up, on {r['cores_used']} cores  {r['start_method']},"
                    f" {r['blas_threads_per_worker']} BLAS thread(s) per worker  peak RSS {r['peak_rss_mb']} MB"
                    f" (summed), PSS {r['peak_pss_mb']} MB  by quarter {r['rss_mb_by_quarter']}"
                    f"  load {r['load_average_before']}  [run {rep + 1}]"
                )
        ceilings = [two_independent(subset, tmp, common) for _ in range(args.repeats)] if args.ceiling else []
        for c in ceilings:
            print(
                f"2 independent 1-worker commands on halves: {c['words_per_second']:,} words/s"
                f" (steady {c['steady_words_per_second']:,})"
            )
        runs = {name: _median_run(ts) for name, ts in trials.items()}
        same = (tmp / "o1.jsonl").read_bytes() == (tmp / "o2.jsonl").read_bytes()
        one, two = runs["jsonl, 1 worker"], runs["jsonl, 2 workers"]
        ratio = float(two["words_per_second"]) / float(one["words_per_second"])  # type: ignore[arg-type]
        steady = float(two["steady_words_per_second"]) / float(one["steady_words_per_second"])  # type: ignore[arg-type]
        print(
            f"scaling 2 workers / 1 worker (medians of {args.repeats}): {ratio:.2f}x end to end,"
            f" {steady:.2f}x after start-up; outputs identical: {same}"
        )
        ceiling = None
        if ceilings:
            ceiling = sorted(ceilings, key=lambda c: float(c["words_per_second"]))[(len(ceilings) - 1) // 2]  # type: ignore[arg-type]
            cratio = float(ceiling["words_per_second"]) / float(one["words_per_second"])  # type: ignore[arg-type]
            ceiling["scaling"] = round(cratio, 2)
            print(f"this machine's ceiling (2 independent processes / 1): {cratio:.2f}x")
        writers = writer_costs(subset, tmp, args.writer_articles)
    out = {
        "articles": n,
        "words": words,
        "subset": f"every {args.step}th article of {args.news.name}",
        "part_size": args.part_size,
        "cpu_count": os.cpu_count(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "repeats": args.repeats,
        "runs": runs,
        "trials": trials,
        "scaling_2_workers": round(ratio, 2),
        "scaling_2_workers_after_startup": round(steady, 2),
        "two_independent_processes": ceiling,
        "two_independent_trials": ceilings,
        "outputs_identical_1_vs_2_workers": same,
        "writers": writers,
        "writer_articles": min(args.writer_articles, n),
    }
    path = ROOT / "benchmarks" / "results" / args.save
    path.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"saved {path}")


if __name__ == "__main__":
    main()
