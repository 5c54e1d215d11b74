"""Batch runs over article dumps: bounded memory, parallel workers, progress, resume, no lost article.

:func:`run_batch` (``mideast-nlp extract INPUT... -o OUT``) reads the inputs as a stream, cuts it
into *parts* of ``part_size`` records and has each part processed — in this process, in a pool of
worker processes (one pipeline each), or on Dask workers (:mod:`mideast_nlp.dask`). A part is
written into ``OUT.parts/<name>.tmp-…/`` and committed by renaming that folder to
``OUT.parts/<name>/``, an atomic step: a part is either entirely there or not at all, whenever the
process is killed. Each committed part holds its results (``results.jsonl``, or one file per table
of :mod:`mideast_nlp.tables`), ``errors.jsonl`` (failed records), ``ids.txt`` (every id it covers)
and ``counts.json``. When every part is in, the parts are assembled into ``OUT`` (written beside it
and renamed into place) and ``OUT.parts/`` is removed.

``resume=True`` reads the ids of the committed parts and skips those records, so re-running after a
crash, a SIGKILL or Ctrl-C processes only what is not already written. Failed records (bad JSON,
missing text, wrong types, too long, invalid UTF-8, an exception in the pipeline) go to
``OUT.errors.jsonl`` with their id, source, line, code and reason, never into ``OUT``, so that
``read = written + failed``.

Output layouts (``--format``): ``jsonl`` — one file of ``ArticleResult`` lines, in input order
(``.gz`` when ``OUT`` ends with ``.gz``); ``parquet`` — a folder ``OUT/<table>/part-*.parquet``
(a partitioned dataset: ``pandas.read_parquet("OUT/events")``, ``read_parquet('OUT/events/*.parquet')``
in DuckDB); ``csv`` — a folder ``OUT/<table>.csv``; ``duckdb`` — one database file with the five
tables.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import gzip
import hashlib
import json
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from .errors import Errors, InputError, MideastNLPError
from .io import CsvTableWriter, InputRecord, ParquetTableWriter, ReadStats, arrow_schema, duckdb_ddl
from .records import ArticleResult, ProcessingError
from .tables import COLUMNS, TABLES

FORMATS = ("jsonl", "parquet", "csv", "duckdb")
DEFAULT_MAX_CHARS = 1_000_000
_OUT_SUFFIXES = (".gz", ".jsonl", ".ndjson", ".json", ".parquet", ".pq", ".csv", ".duckdb", ".ddb", ".db")

#: Called with (articles, words) as a part makes progress.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BatchOptions:
    """What a batch run writes and how the pipeline is loaded (the same on every worker)."""

    format: str = "jsonl"
    batch_size: int = 32
    include_text: bool = True
    ner: bool = True
    max_chars: int = DEFAULT_MAX_CHARS
    compress: bool = False

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise InputError(f"Unknown output format {self.format!r}; choose from {', '.join(FORMATS)}.")

    def load_kwargs(self) -> dict[str, Any]:
        return {"ner": self.ner, "max_length": self.max_chars}


@dataclass
class PartResult:
    """What one committed part holds."""

    name: str
    written: int = 0
    failed: int = 0
    words: int = 0

    @property
    def read(self) -> int:
        return self.written + self.failed


@dataclass
class Summary:
    """Counts of a batch run; ``read == written + failed`` (records processed by this run)."""

    read: int = 0
    written: int = 0
    failed: int = 0
    skipped: int = 0
    words: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    complete: bool = False
    output: str | None = None
    errors_path: str | None = None
    total_written: int = 0
    total_failed: int = 0
    parts: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def add(self, part: PartResult) -> None:
        self.read += part.read
        self.written += part.written
        self.failed += part.failed
        self.words += part.words
        self.parts += 1

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        text = (
            f"read {self.read:,}, written {self.written:,}, failed {self.failed:,}, "
            f"{self.seconds:.1f}s, {self.words_per_second:,.0f} words/s"
        )
        if self.skipped:
            text += f"; skipped {self.skipped:,} already done"
        return text

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- paths -----------------------------------------------------------------------------------------


def parts_dir(output: Path) -> Path:
    """Where the parts of ``output`` are kept until the run is complete."""
    return output.with_name(output.name + ".parts")


def errors_path(output: Path) -> Path:
    """``OUT.errors.jsonl``: ``results.jsonl.gz`` → ``results.errors.jsonl``."""
    name = output.name
    while True:
        for suffix in _OUT_SUFFIXES:
            if name.lower().endswith(suffix) and len(name) > len(suffix):
                name = name[: -len(suffix)]
                break
        else:
            break
    return output.with_name(name + ".errors.jsonl")


def guess_format(output: str | Path) -> str:
    """The output format a file name implies (``jsonl`` when it implies none)."""
    name = str(output).lower().rstrip("/")
    if name.endswith((".duckdb", ".ddb", ".db")):
        return "duckdb"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith(".csv"):
        return "csv"
    return "jsonl"


# --- committed ids -----------------------------------------------------------------------------------


def _id_hash(rec_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(rec_id.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


class IdSet:
    """A compact set of ids (8-byte hashes in a sorted numpy array: 80 MB for 10 million ids)."""

    def __init__(self, ids: Iterable[str] = ()) -> None:
        import numpy as np

        self._np = np
        hashes = np.fromiter((_id_hash(i) for i in ids), dtype=np.uint64)
        hashes.sort()
        self._hashes = hashes

    def __len__(self) -> int:
        return len(self._hashes)

    def __contains__(self, rec_id: object) -> bool:
        if not isinstance(rec_id, str) or not len(self._hashes):
            return False
        h = self._np.uint64(_id_hash(rec_id))
        i = int(self._np.searchsorted(self._hashes, h))
        return i < len(self._hashes) and self._hashes[i] == h


def committed_parts(parts: Path) -> list[Path]:
    """The committed part folders, in output order."""
    if not parts.is_dir():
        return []
    return sorted(p for p in parts.iterdir() if p.is_dir() and p.name.startswith("part-") and ".tmp-" not in p.name)


def _iter_part_ids(parts: Path) -> Iterator[str]:
    for part in committed_parts(parts):
        with (part / "ids.txt").open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)


def _part_counts(part: Path) -> PartResult:
    data = json.loads((part / "counts.json").read_text(encoding="utf-8"))
    return PartResult(name=part.name, written=data["written"], failed=data["failed"], words=data["words"])


# --- one part (runs in a worker) ----------------------------------------------------------------------

_local = threading.local()


def get_pipeline(options: BatchOptions) -> Any:
    """The pipeline for ``options``, loaded once per worker thread (each Dask or pool worker has one)."""
    cache: dict[tuple[Any, ...], Any] = getattr(_local, "pipelines", None) or {}
    _local.pipelines = cache
    key = tuple(sorted(options.load_kwargs().items()))
    if key not in cache:
        from .pipeline import load

        cache[key] = load(**options.load_kwargs())
    return cache[key]


def _failure(rec: InputRecord, exc: BaseException) -> ArticleResult:
    err = ProcessingError(
        code="E104",
        message=Errors.E104.format(reason=f"{type(exc).__name__}: {exc}"),
        stage="output",
        source=rec.source,
        line=rec.line,
    )
    return ArticleResult(id=rec.id, title=rec.title, meta=rec.meta, errors=(err,))


def safe_results(nlp: Any, records: list[InputRecord], batch_size: int) -> Iterator[list[ArticleResult]]:
    """Results of ``records`` in batches; an exception inside the pipeline fails only its record."""
    for start in range(0, len(records), batch_size):
        chunk = records[start : start + batch_size]
        try:
            yield list(nlp.extract_many(chunk, batch_size=batch_size))
        except Exception:
            out = []
            for rec in chunk:
                try:
                    out.extend(nlp.extract_many([rec], batch_size=1))
                except Exception as e:
                    out.append(_failure(rec, e))
            yield out


def error_entry(result: ArticleResult) -> dict[str, Any]:
    """The line of ``OUT.errors.jsonl`` for a failed result."""
    err = result.errors[0]
    return {
        "id": result.id,
        "source": err.source,
        "line": err.line,
        "code": err.code,
        "stage": err.stage,
        "reason": err.message,
    }


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class _JsonlPart:
    def __init__(self, folder: Path, options: BatchOptions) -> None:
        self.include_text = options.include_text
        self.path = folder / ("results.jsonl.gz" if options.compress else "results.jsonl")
        self.fh: IO[str] = (
            gzip.open(self.path, "wt", encoding="utf-8", compresslevel=5)  # noqa: SIM115 (closed by close())
            if options.compress
            else self.path.open("w", encoding="utf-8")
        )

    def write(self, result: ArticleResult, *, n_words: int | None = None) -> None:
        if not self.include_text:
            result = result.model_copy(update={"text": None})
        self.fh.write(result.model_dump_json() + "\n")

    def close(self) -> None:
        self.fh.close()


def _part_writer(folder: Path, options: BatchOptions) -> Any:
    if options.format == "jsonl":
        return _JsonlPart(folder, options)
    if options.format == "csv":
        return CsvTableWriter(folder, include_text=options.include_text)
    return ParquetTableWriter(folder, include_text=options.include_text, row_group_size=10_000)


def process_part(
    parts: str | Path,
    name: str,
    records: list[InputRecord],
    options: BatchOptions,
    progress: Progress | None = None,
) -> PartResult:
    """Process ``records`` and commit them as the part ``parts/name`` (atomically); return its counts."""
    nlp = get_pipeline(options)
    parts = Path(parts)
    final = parts / name
    tmp = parts / f"{name}.tmp-{os.getpid()}-{threading.get_ident()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    counts = PartResult(name=name)
    writer = _part_writer(tmp, options)
    try:
        with (
            (tmp / "errors.jsonl").open("w", encoding="utf-8") as errors,
            (tmp / "ids.txt").open("w", encoding="utf-8") as ids,
        ):
            for results in safe_results(nlp, records, options.batch_size):
                words = 0
                for result in results:
                    ids.write(json.dumps(result.id, ensure_ascii=False) + "\n")
                    if result.errors:
                        errors.write(json.dumps(error_entry(result), ensure_ascii=False) + "\n")
                        counts.failed += 1
                        continue
                    n_words = len((result.text or "").split())
                    writer.write(result, n_words=n_words)
                    counts.written += 1
                    words += n_words
                counts.words += words
                if progress is not None:
                    progress(len(results), words)
    finally:
        writer.close()
    (tmp / "counts.json").write_text(
        json.dumps({"written": counts.written, "failed": counts.failed, "words": counts.words}), encoding="utf-8"
    )
    for path in tmp.iterdir():
        _fsync(path)
    if final.exists():  # the same records were committed by a retried task: keep the first
        shutil.rmtree(tmp)
        return _part_counts(final)
    os.rename(tmp, final)
    _fsync(parts)
    return counts


# --- backends ----------------------------------------------------------------------------------------


class Backend(Protocol):
    """Where parts are processed: in this process, a process pool, or a Dask cluster."""

    max_in_flight: int

    def submit(self, parts: Path, name: str, records: list[InputRecord], options: BatchOptions) -> Any: ...

    def wait(self, futures: list[Any], timeout: float) -> list[Any]: ...

    def result(self, future: Any) -> PartResult: ...

    def poll_progress(self) -> tuple[int, int]: ...

    def abort(self) -> None: ...

    def close(self) -> None: ...


class _Done:
    def __init__(self, value: PartResult) -> None:
        self.value = value


class InlineBackend:
    """Process each part in this process, as it is submitted."""

    max_in_flight = 1

    def __init__(self, progress: Progress | None = None) -> None:
        self.progress = progress

    def submit(self, parts: Path, name: str, records: list[InputRecord], options: BatchOptions) -> _Done:
        return _Done(process_part(parts, name, records, options, progress=self.progress))

    def wait(self, futures: list[Any], timeout: float) -> list[Any]:
        return list(futures)

    def result(self, future: _Done) -> PartResult:
        return future.value

    def poll_progress(self) -> tuple[int, int]:
        return 0, 0

    def abort(self) -> None:
        pass

    def close(self) -> None:
        pass


_queue: Any = None


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)  # the main process is gone (killed): do not linger


def _init_worker(queue: Any, options: BatchOptions, parent: int) -> None:
    global _queue  # noqa: PLW0603 (one progress queue per worker process)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled by the main process
    _queue = queue
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    get_pipeline(options)


def _queue_progress(articles: int, words: int) -> None:
    if _queue is not None:
        _queue.put((articles, words))


def _pool_task(parts: str, name: str, records: list[InputRecord], options: BatchOptions) -> PartResult:
    return process_part(parts, name, records, options, progress=_queue_progress)


BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


class PoolBackend:
    """A pool of ``workers`` processes (spawned), each loading the pipeline once."""

    def __init__(self, workers: int, options: BatchOptions) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        # One BLAS thread per worker: a single process otherwise spreads its matrix products over
        # every core, and N workers then fight over them instead of scaling. Spawned workers read
        # these variables when they start; the parent's own numpy is already loaded and unaffected.
        self._saved_env = {k: os.environ.get(k) for k in BLAS_THREAD_VARS}
        for key in BLAS_THREAD_VARS:
            os.environ.setdefault(key, "1")
        self.queue = ctx.Queue()
        self.max_in_flight = 2 * workers
        self.executor = cf.ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(self.queue, options, os.getpid())
        )

    def submit(self, parts: Path, name: str, records: list[InputRecord], options: BatchOptions) -> cf.Future[Any]:
        return self.executor.submit(_pool_task, str(parts), name, records, options)

    def wait(self, futures: list[Any], timeout: float) -> list[Any]:
        done, _ = cf.wait(futures, timeout=timeout, return_when=cf.FIRST_COMPLETED)
        return list(done)

    def result(self, future: cf.Future[Any]) -> PartResult:
        try:
            value: PartResult = future.result()
        except cf.process.BrokenProcessPool as e:
            raise MideastNLPError(
                "a worker process died (out of memory?); committed parts are kept: re-run with --resume"
            ) from e
        return value

    def poll_progress(self) -> tuple[int, int]:
        articles = words = 0
        while True:
            try:
                a, w = self.queue.get_nowait()
            except Exception:
                return articles, words
            articles += a
            words += w

    def abort(self) -> None:
        processes = list(getattr(self.executor, "_processes", {}).values())
        self.executor.shutdown(wait=False, cancel_futures=True)
        for proc in processes:
            with contextlib.suppress(Exception):
                proc.terminate()
        for proc in processes:
            with contextlib.suppress(Exception):
                proc.join(5)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.queue.close()
        self.queue.join_thread()
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


# --- progress bar ------------------------------------------------------------------------------------


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


class ProgressBar:
    """One line on standard error: articles, articles/s, words/s, share of the input read, ETA.

    Quiet unless enabled (the CLI enables it when standard error is a terminal and not ``--quiet``).
    The ETA extrapolates from the bytes of input read so far.
    """

    def __init__(self, *, enabled: bool, stats: ReadStats | None = None, stream: IO[str] | None = None) -> None:
        self.enabled = enabled
        self.stats = stats
        self.stream = stream or sys.stderr
        self.t0 = time.perf_counter()
        self.articles = 0
        self.words = 0
        self.seen = 0
        self.skipped = 0
        self._last = 0.0

    def update(self, articles: int = 0, words: int = 0) -> None:
        self.articles += articles
        self.words += words
        self.render()

    def render(self, force: bool = False) -> None:
        now = time.perf_counter()
        if not self.enabled or (not force and now - self._last < 0.25):
            return
        self._last = now
        elapsed = max(now - self.t0, 1e-9)
        aps = self.articles / elapsed
        text = f"{self.articles:,} articles  {aps:,.1f}/s  {self.words / elapsed:,.0f} words/s"
        if self.skipped:
            text += f"  ({self.skipped:,} skipped)"
        fraction = self.stats.fraction if self.stats else None
        if fraction and self.seen:
            total = self.seen / fraction
            remaining = max(total - self.skipped - self.articles, 0)
            done = min((self.articles + self.skipped) / total, 1.0)
            text += f"  {100 * done:3.0f}%"
            if aps > 0:
                text += f"  ETA {_duration(remaining / aps)}"
        self.stream.write("\r" + text + "\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.render(force=True)
            self.stream.write("\n")
            self.stream.flush()


# --- the run -----------------------------------------------------------------------------------------


def _prepare_parts(parts: Path, output: Path, options: BatchOptions, resume: bool) -> IdSet | None:
    manifest = {"format": options.format, "include_text": options.include_text, "compress": options.compress}
    committed: IdSet | None = None
    if resume and parts.is_dir():
        for stale in parts.glob("*.tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)
        path = parts / "run.json"
        if path.exists():
            previous = json.loads(path.read_text(encoding="utf-8"))
            if previous != manifest:
                raise InputError(
                    f"{parts} was written with {previous}, this run asks for {manifest}: use the same options"
                )
        committed = IdSet(_iter_part_ids(parts))
    elif parts.exists():
        shutil.rmtree(parts)
    parts.mkdir(parents=True, exist_ok=True)
    (parts / "run.json").write_text(json.dumps(manifest), encoding="utf-8")
    return committed


def run_batch(
    records: Iterable[InputRecord],
    output: str | Path,
    options: BatchOptions = BatchOptions(),
    *,
    workers: int = 1,
    part_size: int = 1000,
    resume: bool = False,
    progress: ProgressBar | None = None,
    backend: Backend | None = None,
) -> Summary:
    """Process ``records`` into ``output`` (see the module docstring); return the counts.

    Args:
        records: the input stream (from :func:`mideast_nlp.io.read_inputs`); ids must be unique
            for ``resume`` to be exact.
        output: the output file (jsonl, duckdb) or folder (parquet, csv).
        options: format and pipeline options.
        workers: processes; 1 runs in this process.
        part_size: records per committed part (the most work a crash can lose per worker).
        resume: skip the records of the parts an interrupted run has committed.
        progress: a progress bar to update.
        backend: where to process the parts (default: by ``workers``; :mod:`mideast_nlp.dask`
            passes a Dask one).

    A KeyboardInterrupt stops the run cleanly: the committed parts stay, the summary says
    ``interrupted`` and ``resume=True`` goes on from there.
    """
    output = Path(output)
    parts = parts_dir(output)
    summary = Summary(output=str(output), errors_path=str(errors_path(output)))
    t0 = time.perf_counter()
    if resume and not parts.is_dir() and output.exists():
        summary.complete = True  # nothing was interrupted: the output is complete
        summary.extra["note"] = f"{output} is complete; nothing to resume"
        return summary
    committed = _prepare_parts(parts, output, options, resume)
    bar = progress or ProgressBar(enabled=False)
    if backend is None:
        backend = InlineBackend(progress=bar.update) if workers <= 1 else PoolBackend(workers, options)
    used = {p.name for p in committed_parts(parts)}
    in_flight: list[Any] = []

    def collect(below: int, timeout: float = 0.2) -> None:
        """Harvest finished parts, waiting until fewer than ``below`` are in flight."""
        while in_flight:
            done = backend.wait(in_flight, timeout=timeout)
            articles, words = backend.poll_progress()
            bar.update(articles, words)
            for fut in done:
                in_flight.remove(fut)
                summary.add(backend.result(fut))
            if len(in_flight) < below:
                return

    def submit(first: int, chunk: list[InputRecord]) -> None:
        name = f"part-{first:012d}"
        k = 0
        while name in used:
            k += 1
            name = f"part-{first:012d}-r{k}"
        used.add(name)
        in_flight.append(backend.submit(parts, name, chunk, options))
        if len(in_flight) >= backend.max_in_flight:
            collect(below=backend.max_in_flight)
        else:
            collect(below=len(in_flight) + 1, timeout=0)

    try:
        chunk: list[InputRecord] = []
        first = 0
        for pos, rec in enumerate(records):
            bar.seen = pos + 1
            if committed is not None and rec.id in committed:
                summary.skipped += 1
                bar.skipped += 1
                bar.render()
                continue
            if not chunk:
                first = pos
            chunk.append(rec)
            if len(chunk) >= part_size:
                submit(first, chunk)
                chunk = []
        if chunk:
            submit(first, chunk)
        collect(below=1)
        backend.close()
        totals = finalize(parts, output, options)
        summary.total_written, summary.total_failed = totals
        summary.complete = True
    except KeyboardInterrupt:
        summary.interrupted = True
        backend.abort()
    except BaseException:
        backend.abort()
        raise
    finally:
        summary.seconds = time.perf_counter() - t0
        bar.close()
    return summary


# --- assembling the output -----------------------------------------------------------------------------


def _concat(sources: list[Path], target: Path, *, skip_header: bool = False, header: bytes | None = None) -> None:
    with target.open("wb") as out:
        if header is not None:
            out.write(header)
        for src in sources:
            with src.open("rb") as fh:
                if skip_header:
                    fh.readline()
                shutil.copyfileobj(fh, out, 1 << 20)
        out.flush()
        os.fsync(out.fileno())


def _swap_dir(tmp: Path, output: Path) -> None:
    old = output.with_name(output.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if output.is_dir():
        os.rename(output, old)
    elif output.exists():
        output.unlink()
    os.rename(tmp, output)
    if old.exists():
        shutil.rmtree(old)


def _link(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def finalize(parts: Path, output: Path, options: BatchOptions) -> tuple[int, int]:
    """Assemble the committed parts into ``output`` and its errors file; remove the parts.

    Every file is written beside its target and renamed into place, so a crash here leaves the
    parts intact and a ``resume`` run finalizes again. Returns (written, failed) over all parts.
    """
    done = committed_parts(parts)
    counts = [_part_counts(p) for p in done]
    written = sum(c.written for c in counts)
    failed = sum(c.failed for c in counts)
    err_target = errors_path(output)
    if failed:
        tmp = err_target.with_name(err_target.name + ".tmp")
        _concat([p / "errors.jsonl" for p in done], tmp)
        os.replace(tmp, err_target)
    elif err_target.exists():
        err_target.unlink()
    tmp_out = output.with_name(output.name + ".tmp")
    if tmp_out.is_dir():
        shutil.rmtree(tmp_out)
    elif tmp_out.exists():
        tmp_out.unlink()
    if options.format == "jsonl":
        name = "results.jsonl.gz" if options.compress else "results.jsonl"
        if options.compress and not done:
            with gzip.open(tmp_out, "wb"):
                pass
        else:
            _concat([p / name for p in done], tmp_out)
        if output.is_dir():
            shutil.rmtree(output)
        os.replace(tmp_out, output)
    elif options.format == "parquet":
        for table in TABLES:
            (tmp_out / table).mkdir(parents=True)
            for p in done:
                _link(p / f"{table}.parquet", tmp_out / table / f"{p.name}.parquet")
            if not done:
                import pyarrow.parquet as pq

                pq.write_table(arrow_schema(table).empty_table(), tmp_out / table / "part-empty.parquet")
        _swap_dir(tmp_out, output)
    elif options.format == "csv":
        tmp_out.mkdir(parents=True)
        for table in TABLES:
            header = (",".join(c for c, _ in COLUMNS[table]) + "\r\n").encode("utf-8")
            _concat([p / f"{table}.csv" for p in done], tmp_out / f"{table}.csv", skip_header=True, header=header)
        _swap_dir(tmp_out, output)
    else:
        import duckdb

        wal = tmp_out.with_name(tmp_out.name + ".wal")
        if wal.exists():
            wal.unlink()
        con = duckdb.connect(str(tmp_out))
        try:
            for table in TABLES:
                con.execute(duckdb_ddl(table))
                files = [str(p / f"{table}.parquet") for p in done]
                if files:
                    con.execute(f"INSERT INTO {table} SELECT * FROM read_parquet(?)", [files])
            con.execute("CHECKPOINT")
        finally:
            con.close()
        if output.is_dir():
            shutil.rmtree(output)
        os.replace(tmp_out, output)
    trash = parts.with_name(f"{parts.name}.done-{os.getpid()}")
    os.rename(parts, trash)
    shutil.rmtree(trash, ignore_errors=True)
    return written, failed
