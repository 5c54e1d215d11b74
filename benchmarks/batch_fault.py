"""Fault run: SIGKILL ``mideast-nlp extract`` mid-dump, resume, and check every id is written once.

Usage: python benchmarks/batch_fault.py [--articles 6000] [--step 7] [--workers 2] [--kill-after 3]

Takes a subset of the ANT dump (every ``step``-th article; ``--articles 0`` for the whole dump),
starts the command with ``--workers`` worker processes, waits until ``kill-after`` parts are
committed plus a random 0–3 s (so the kill lands mid-part), sends SIGKILL to the command, checks
that no worker process outlives it, then re-runs the same command with ``--resume``. Checks:
the output is valid JSONL, every input id appears exactly once in the output or the errors file,
in input order, and the resumed run skipped exactly what was committed. Also samples peak memory (the
command and its workers together: summed RSS, and summed PSS, which counts a page the forked
workers share once). Saves benchmarks/results/batch_fault.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
EXE = str(Path(sys.executable).with_name("mideast-nlp"))
sys.path.insert(0, str(Path(__file__).parent))
from batch_throughput import tree_memory  # noqa: E402


def jsonl_lines(path: Path) -> list[str]:
    """The lines of a JSONL file: split on "\\n" only (``str.splitlines`` also splits on U+2028,
    U+2029, U+0085…, which JSON strings may hold unescaped: one ANT article has a U+2029)."""
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=6000)
    ap.add_argument("--step", type=int, default=7)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--part-size", type=int, default=500)
    ap.add_argument("--kill-after", type=int, default=3, help="committed parts before the kill")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--news", type=Path, default=ROOT.parent / "shared/data/news/ant_articles.jsonl.gz")
    args = ap.parse_args()
    random.seed(args.seed)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        src = tmp / "dump.jsonl.gz"
        ids: list[str] = []
        with gzip.open(args.news, "rt", encoding="utf-8") as fh, gzip.open(src, "wt", encoding="utf-8") as dst:
            for i, line in enumerate(fh):
                if args.articles and len(ids) >= args.articles:
                    break
                if i % args.step == 0:
                    dst.write(line)
                    ids.append(json.loads(line)["id"])
        print(f"dump: {len(ids)} articles")
        out = tmp / "out.jsonl"
        cmd = [
            EXE,
            "extract",
            str(src),
            "-o",
            str(out),
            "--workers",
            str(args.workers),
            "--part-size",
            str(args.part_size),
            "--date-format",
            "%d/%m/%Y",
        ]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        ps = psutil.Process(proc.pid)
        parts = tmp / "out.jsonl.parts"
        peak = peak_pss = 0
        deadline: float | None = None
        workers: list[psutil.Process] = []
        while proc.poll() is None:
            rss, pss = tree_memory(ps)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            workers = ps.children(recursive=True) or workers
            n_parts = len([p for p in parts.glob("part-*") if ".tmp-" not in p.name]) if parts.is_dir() else 0
            if deadline is None and n_parts >= args.kill_after:
                deadline = time.perf_counter() + random.uniform(0, 3)
            if deadline is not None and time.perf_counter() >= deadline:
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.05)
        proc.wait()
        killed_at = time.perf_counter() - t0
        if proc.returncode != -signal.SIGKILL:
            raise SystemExit(f"the run ended before the kill ({proc.returncode}); use a bigger dump")
        committed = [p for p in parts.glob("part-*") if ".tmp-" not in p.name]
        partial = [p for p in parts.glob("part-*") if ".tmp-" in p.name]
        committed_ids = sum(len(jsonl_lines(p / "ids.txt")) for p in committed)
        existed = out.exists()
        time.sleep(2.5)
        orphans = [w.pid for w in workers if w.is_running() and w.status() != psutil.STATUS_ZOMBIE]
        print(
            f"killed after {killed_at:.1f}s: {len(committed)} parts committed ({committed_ids} ids), "
            f"{len(partial)} part(s) half-written, output exists: {existed}, orphan workers: {orphans}"
        )
        t1 = time.perf_counter()
        proc = subprocess.Popen([*cmd, "--resume"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        ps = psutil.Process(proc.pid)
        while proc.poll() is None:
            rss, pss = tree_memory(ps)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            time.sleep(0.1)
        stderr = proc.stderr.read() if proc.stderr else ""
        resumed = time.perf_counter() - t1
        print(stderr.strip())
        got = [json.loads(line)["id"] for line in jsonl_lines(out)]
        errors_file = tmp / "out.errors.jsonl"
        err_lines = jsonl_lines(errors_file) if errors_file.exists() else []
        failed = [json.loads(line)["id"] for line in err_lines]
        every_once = sorted(got + failed) == sorted(ids) and len(set(got + failed)) == len(ids)
        in_order = got == [i for i in ids if i not in set(failed)]
        result = {
            "articles": len(ids),
            "workers": args.workers,
            "part_size": args.part_size,
            "killed_after_seconds": round(killed_at, 1),
            "parts_committed_at_kill": len(committed),
            "ids_committed_at_kill": committed_ids,
            "half_written_parts_at_kill": len(partial),
            "output_existed_at_kill": existed,
            "orphan_workers_after_kill": orphans,
            "resume_seconds": round(resumed, 1),
            "resume_summary": stderr.strip().splitlines()[0] if stderr.strip() else "",
            "written": len(got),
            "failed": len(failed),
            "every_id_exactly_once": every_once,
            "output_in_input_order": in_order,
            "peak_rss_mb": round(peak / 2**20),
            "peak_pss_mb": round(peak_pss / 2**20),
            "returncode_resume": proc.returncode,
        }
    print(json.dumps(result, indent=2))
    path = ROOT / "benchmarks" / "results" / "batch_fault.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"saved {path}")
    if not (every_once and in_order and proc.returncode == 0):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
