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

Workers (``workers=N``) are processes. On Linux they are forked from this process after it has
loaded the pipeline once, so they start at once and share its memory
(copy-on-write); elsewhere they are spawned and each loads its own. Every process that runs the
pipeline — the one process of ``workers=1`` included — uses ``BatchOptions.blas_threads`` BLAS
threads (default 1: N workers use N cores), keeps freed memory for reuse (glibc), streams each part
through one ``extract_many`` and runs it in a spaCy memory zone, so that what an article adds to
the vocabulary is freed with its part and a worker's memory stays flat on a dump of any size. Note
that ``run_batch`` with ``workers=1`` sets these in the calling process.

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
from collections import deque
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
    #: Texts per spaCy batch. The NER model's tok2vec runs on at most 2,000 tokens at once whatever
    #: the batch (:mod:`mideast_nlp.tok2vec`), so this hardly moves memory or speed (4,000 ANT
    #: articles, one worker: peak RSS 458 MB with 16, 524 MB with 64, same CPU time).
    batch_size: int = 16
    include_text: bool = True
    ner: bool = True
    max_chars: int = DEFAULT_MAX_CHARS
    compress: bool = False
    #: BLAS threads in each process that runs the pipeline (the one process of ``workers=1`` too),
    #: so that N workers use N cores and their speed-up over one worker is a fair one.
    blas_threads: int = 1

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise InputError(f"Unknown output format {self.format!r}; choose from {', '.join(FORMATS)}.")
        if self.blas_threads < 1:
            raise InputError(f"blas_threads must be at least 1, not {self.blas_threads}.")

    def load_kwargs(self) -> dict[str, Any]:
        return {"ner": self.ner, "max_length": self.max_chars}


@dataclass
class PartResult:
    """What one committed part holds."""

    name: str
    written: int = 0
    failed: int = 0
    words: int = 0
    #: BLAS threads in force in the process that ran the part (None: unknown, or no OpenBLAS).
    blas_threads: int | None = None

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
        if part.blas_threads is not None:
            self.extra["blas_threads"] = max(part.blas_threads, self.extra.get("blas_threads", 0))

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        """``read …, written …, failed …, 12.3s, 10,000 words/s`` (and what was skipped)."""
        text = (
            f"read {self.read:,}, written {self.written:,}, failed {self.failed:,}, "
            f"{self.seconds:.1f}s, {self.words_per_second:,.0f} words/s"
        )
        if self.skipped:
            text += f"; skipped {self.skipped:,} already done"
        return text

    def workers_line(self) -> str:
        """How the work ran: ``2 workers (fork), 1 BLAS thread each``."""
        n = self.extra.get("workers", 1)
        text = f"{n} worker{'s' if n != 1 else ''} ({self.extra.get('start_method', 'inline')})"
        threads = self.extra.get("blas_threads")
        if threads is not None:
            text += f", {threads} BLAS thread{'s' if threads != 1 else ''} each"
        startup = self.extra.get("startup_seconds")
        if startup is not None:
            text += f", start-up {startup:.1f}s"
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


# --- the processes that run the pipeline ------------------------------------------------------------

BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
_OPENBLAS_PREFIXES = ("openblas", "scipy_openblas")
_OPENBLAS_SUFFIXES = ("", "64_")
_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3  # glibc's mallopt parameters


def _openblas_libraries() -> list[Any]:
    """The OpenBLAS libraries loaded in this process (read off ``/proc/self/maps``; Linux only)."""
    import ctypes

    maps = Path("/proc/self/maps")
    if not maps.is_file():
        return []
    paths = set()
    with contextlib.suppress(OSError):
        for line in maps.read_text(encoding="utf-8", errors="replace").splitlines():
            path = line.split(maxsplit=5)[-1] if line.count(" ") >= 5 else ""
            if path.startswith("/") and "openblas" in Path(path).name.lower():
                paths.add(path)
    libs = []
    for path in sorted(paths):
        with contextlib.suppress(OSError):
            libs.append(ctypes.CDLL(path))
    return libs


def _openblas_call(lib: Any, what: str) -> Any:
    for prefix in _OPENBLAS_PREFIXES:
        for suffix in _OPENBLAS_SUFFIXES:
            fn = getattr(lib, f"{prefix}_{what}{suffix}", None)
            if fn is not None:
                return fn
    return None


def blas_threads() -> int | None:
    """The number of threads the loaded OpenBLAS uses (None when none is loaded or it cannot say)."""
    counts = []
    for lib in _openblas_libraries():
        get = _openblas_call(lib, "get_num_threads")
        if get is not None:
            counts.append(int(get()))
    return max(counts) if counts else None


def set_blas_threads(n: int) -> int | None:
    """Use ``n`` BLAS threads in this process and the processes it starts; return the count in force.

    Sets ``OPENBLAS_NUM_THREADS``/``OMP_NUM_THREADS``/``MKL_NUM_THREADS`` (read by a BLAS loaded
    later, here or in a spawned process) and tells an OpenBLAS already loaded (Linux). A forked
    process inherits the setting.
    """
    for key in BLAS_THREAD_VARS:
        os.environ[key] = str(n)
    for lib in _openblas_libraries():
        set_ = _openblas_call(lib, "set_num_threads")
        if set_ is not None:
            set_(n)
    return blas_threads()


def tune_malloc() -> bool:
    """Have glibc's malloc keep freed memory for reuse instead of returning it at once.

    The NER model allocates and frees arrays of several MB per batch; by default glibc serves
    them with fresh ``mmap`` pages and gives them back (and trims the heap), so batches
    page-fault their memory in again. With a 64 MB mmap threshold, a 256 MB trim threshold and a
    16 MB top pad the freed memory is reused: on 2,000 ANT articles, 135,000 page faults instead
    of 184,000 and ~7% less CPU time; peak RSS hardly moves. Returns whether the settings were
    applied (only with glibc).
    """
    import ctypes
    import platform

    if not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc":
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    return all(
        libc.mallopt(param, value)
        for param, value in ((_M_MMAP_THRESHOLD, 64 << 20), (_M_TRIM_THRESHOLD, 256 << 20), (_M_TOP_PAD, 16 << 20))
    )


def malloc_trim() -> bool:
    """Return the free memory of glibc's heap to the system (``malloc_trim(0)``); False elsewhere."""
    import ctypes
    import platform

    if not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc":
        return False
    try:
        return bool(ctypes.CDLL("libc.so.6").malloc_trim(0))
    except (OSError, AttributeError):
        return False


def prepare_process(options: BatchOptions) -> int | None:
    """Set up the process that will run the pipeline: malloc tuning, ``options.blas_threads``."""
    tune_malloc()
    return set_blas_threads(options.blas_threads)


# --- one part (runs in a worker) ----------------------------------------------------------------------

_local = threading.local()
#: Pipelines loaded by the parent of forked workers (who find them here, copy-on-write).
_FORK_PIPELINES: dict[tuple[Any, ...], Any] = {}
#: (pid, blas_threads) of the last :func:`prepare_process` in this process, and its result.
_prepared: tuple[int, int] | None = None
_blas_in_force: int | None = None


def _pipeline_key(options: BatchOptions) -> tuple[Any, ...]:
    return tuple(sorted(options.load_kwargs().items()))


def _prepare_once(options: BatchOptions) -> int | None:
    global _prepared, _blas_in_force  # noqa: PLW0603 (per-process state)
    if _prepared != (os.getpid(), options.blas_threads):
        _blas_in_force = prepare_process(options)
        _prepared = (os.getpid(), options.blas_threads)
    return _blas_in_force


def get_pipeline(options: BatchOptions) -> Any:
    """The pipeline for ``options``, loaded once per worker thread (each Dask or pool worker has one).

    The first call in a process also prepares it (:func:`prepare_process`: malloc tuning and
    ``options.blas_threads``). A forked pool worker gets the pipeline its parent loaded.
    """
    global _blas_in_force  # noqa: PLW0603 (per-process state)
    _prepare_once(options)
    key = _pipeline_key(options)
    nlp = _FORK_PIPELINES.get(key)
    if nlp is None:
        cache: dict[tuple[Any, ...], Any] = getattr(_local, "pipelines", None) or {}
        _local.pipelines = cache
        if key not in cache:
            from .pipeline import load

            cache[key] = load(**options.load_kwargs())
        nlp = cache[key]
    if _blas_in_force is None:  # BLAS was not loaded yet when the process was prepared
        _blas_in_force = set_blas_threads(options.blas_threads)
    return nlp


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
    """Results of ``records`` in batches of ``batch_size``; an exception in the pipeline fails only its record.

    The records go through one ``extract_many`` stream: a new stream per batch costs about 18% more
    CPU (on 2,000 ANT articles: 980,000 page faults instead of 184,000). When the stream raises,
    the results it yielded are kept and the records after them are run one by one until the one
    that fails alone is found (it becomes an E104 failure); then streaming resumes after it.
    """
    pos = 0
    while pos < len(records):
        batch: list[ArticleResult] = []
        try:
            for result in nlp.extract_many(records[pos:], batch_size=batch_size):
                batch.append(result)
                if len(batch) >= batch_size:
                    pos += len(batch)
                    yield batch
                    batch = []
        except Exception:
            pos += len(batch)
            if batch:
                yield batch
            isolated, pos = _isolate(nlp, records, pos)
            for start in range(0, len(isolated), batch_size):
                yield isolated[start : start + batch_size]
            continue
        pos += len(batch)
        if batch:
            yield batch


def _isolate(nlp: Any, records: list[InputRecord], pos: int) -> tuple[list[ArticleResult], int]:
    """Run ``records[pos:]`` one by one until one fails alone; return the results and where to go on."""
    out: list[ArticleResult] = []
    while pos < len(records):
        rec = records[pos]
        pos += 1
        try:
            out.extend(nlp.extract_many([rec], batch_size=1))
        except Exception as e:
            out.append(_failure(rec, e))
            break
    return out, pos


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


#: Articles a spaCy memory zone spans (over one part or several) before it is closed.
MEMORY_ZONE_RECORDS = 2000
_zones = threading.local()


def _zone_open(nlp: Any) -> None:
    """Open a spaCy memory zone on ``nlp`` unless this thread has one open on it already.

    What the articles of a zone add to the vocabulary (strings, lexemes) is freed when it closes,
    so a worker's memory does not grow with the dump. A zone is kept over parts until it has seen
    :data:`MEMORY_ZONE_RECORDS` articles: closing one costs re-making the lexemes of the words the
    next articles use (~3% of the CPU time with zones of 200 articles). Results are plain records:
    nothing of spaCy outlives a zone.
    """
    state = getattr(_zones, "state", None)
    if state is not None and state[0] is nlp and state[3] == os.getpid():
        return
    _zone_close()
    zone = getattr(getattr(nlp, "spacy", None), "memory_zone", None)
    if zone is None:
        return
    stack = contextlib.ExitStack()
    stack.enter_context(zone())
    _zones.state = (nlp, stack, 0, os.getpid())


def _zone_count(n: int) -> None:
    """Count ``n`` more articles in this thread's zone; close it once it has seen enough."""
    state = getattr(_zones, "state", None)
    if state is None:
        return
    nlp, stack, seen, pid = state
    _zones.state = (nlp, stack, seen + n, pid)
    if seen + n >= MEMORY_ZONE_RECORDS:
        _zone_close()


def _zone_close() -> None:
    """Close this thread's memory zone, if it has one (in the process that opened it)."""
    state = getattr(_zones, "state", None)
    _zones.state = None
    if state is not None and state[3] == os.getpid():
        state[1].close()


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
    counts = PartResult(name=name, blas_threads=_blas_in_force)
    writer = _part_writer(tmp, options)
    try:
        _zone_open(nlp)
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
        _zone_count(len(records))
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


def _die_with_parent(parent: int) -> None:
    """End this worker when the main process is gone (killed), rather than let it linger.

    On Linux the kernel does it (``prctl(PR_SET_PDEATHSIG)``: the worker gets SIGKILL when the
    thread that started it ends, which is the thread running the batch, alive until the pool is
    closed); elsewhere a daemon thread checks the parent once a second.
    """
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            if ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0) == 0:  # PR_SET_PDEATHSIG
                if os.getppid() != parent:  # the parent died before the request was made
                    os._exit(1)
                return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _init_worker(queue: Any, options: BatchOptions, parent: int) -> None:
    global _queue  # noqa: PLW0603 (one progress queue per worker process)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled by the main process
    _queue = queue
    _die_with_parent(parent)
    get_pipeline(options)


def _queue_progress(articles: int, words: int) -> None:
    if _queue is not None:
        _queue.put((articles, words))


def _pool_task(parts: str, name: str, records: list[InputRecord], options: BatchOptions) -> PartResult:
    return process_part(parts, name, records, options, progress=_queue_progress)


def _ready() -> int:
    return os.getpid()


def start_method(requested: str | None = None) -> str:
    """How pool workers start: ``fork`` on Linux when this process runs one thread (the workers
    then share the pipeline the parent loaded, copy-on-write), else ``spawn`` (macOS system
    libraries are not safe to fork, nor is a process with other threads)."""
    import multiprocessing

    if requested is not None:
        if requested not in multiprocessing.get_all_start_methods():
            raise InputError(f"start method {requested!r} is not available here")
        return requested
    if (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    ):
        return "fork"
    return "spawn"


class PoolBackend:
    """A pool of ``workers`` processes, each with one pipeline and ``options.blas_threads`` BLAS threads.

    With ``fork`` (see :func:`start_method`) the parent loads the pipeline once, freezes its
    objects out of the garbage collector's reach (so the workers' pages stay shared) and forks
    the workers, which start at once; then the parent drops its own reference. With ``spawn``
    each worker imports the package and loads the pipeline itself (~2.5 s, in parallel).
    """

    def __init__(self, workers: int, options: BatchOptions, *, method: str | None = None) -> None:
        import gc
        import multiprocessing

        self.method = start_method(method)
        ctx = multiprocessing.get_context(self.method)
        # One BLAS thread per worker: a single process otherwise spreads its matrix products over
        # every core, and N workers then fight over them instead of scaling. Spawned workers read
        # the environment when they start; forked ones inherit the parent's setting.
        self._saved_env = {k: os.environ.get(k) for k in BLAS_THREAD_VARS}
        key = _pipeline_key(options)
        if self.method == "fork":
            from .pipeline import load

            _zone_close()  # a forked worker must not start inside a zone of this process
            _prepare_once(options)
            cached = (getattr(_local, "pipelines", None) or {}).get(key)  # this thread's, if it has one
            _FORK_PIPELINES[key] = cached if cached is not None else load(**options.load_kwargs())
            gc.collect()
            gc.freeze()
        else:
            for var in BLAS_THREAD_VARS:
                os.environ[var] = str(options.blas_threads)
        self.queue = ctx.Queue()
        self.max_in_flight = 2 * workers
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()  # a forked child must not write out the parent's buffered output again
        self.executor = cf.ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(self.queue, options, os.getpid())
        )
        try:
            # Start every worker now (a forking pool starts them all on its first task), then the
            # parent no longer needs its pipeline.
            self.executor.submit(_ready).result()
        except cf.process.BrokenProcessPool as e:
            self.abort()
            raise MideastNLPError(f"the worker processes could not start ({self.method}): {e}") from e
        except BaseException:
            self.abort()
            raise
        finally:
            if self.method == "fork":
                _FORK_PIPELINES.pop(key, None)
                gc.unfreeze()
                gc.collect()
                malloc_trim()  # give back what the parent's copy of the pipeline held

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


def tail_sizes(n: int, part_size: int, in_flight: int) -> list[int]:
    """How the last ``n`` records of a run are cut into parts: whole parts while more than
    ``in_flight`` remain to share, then ever smaller ones (half of what is left per slot, at least
    a sixteenth of a part), so that the workers finish together.

    >>> tail_sizes(2000, 1000, 1)
    [1000, 1000]
    >>> tail_sizes(1200, 400, 4)
    [150, 150, 150, 150, 75, 75, 75, 75, 37, 37, 37, 37, 25, 25, 25, 25, 25, 25, 2]
    """
    if in_flight <= 1:
        return [part_size] * (n // part_size) + ([n % part_size] if n % part_size else [])
    floor = max(1, part_size // 16)
    sizes: list[int] = []
    while n > 0:
        size = min(part_size, max(floor, n // (2 * in_flight)))
        for _ in range(in_flight):
            if n <= 0:
                break
            take = min(size, n)
            sizes.append(take)
            n -= take
    return sizes


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
    t_start = time.perf_counter()
    if backend is None:
        if workers <= 1:
            backend = InlineBackend(progress=bar.update)
            get_pipeline(options)  # loaded now, so that its time is counted as the start-up
        else:
            backend = PoolBackend(workers, options)
        # the one-off cost of a run (loading the pipeline, starting the workers), apart from the
        # processing itself: a dump of 10^5 articles hardly feels it, a small benchmark does
        summary.extra["startup_seconds"] = round(time.perf_counter() - t_start, 2)
    summary.extra["workers"] = max(workers, 1)
    summary.extra["start_method"] = getattr(backend, "method", "inline")
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

    # Records read but not yet submitted. With several workers, ``reserve`` records more than a
    # part are held back, so that when the input ends the rest can be cut into small parts and no
    # worker idles while another finishes a whole part (the tail of a run).
    reserve = part_size * (backend.max_in_flight // 2)
    pending: deque[tuple[int, InputRecord]] = deque()

    def submit_pending(n: int) -> None:
        chunk = [pending.popleft() for _ in range(n)]
        submit(chunk[0][0], [rec for _, rec in chunk])

    try:
        for pos, rec in enumerate(records):
            bar.seen = pos + 1
            if committed is not None and rec.id in committed:
                summary.skipped += 1
                bar.skipped += 1
                bar.render()
                continue
            pending.append((pos, rec))
            if len(pending) >= part_size + reserve:
                submit_pending(part_size)
        for size in tail_sizes(len(pending), part_size, backend.max_in_flight):
            submit_pending(size)
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
        _zone_close()  # the pipeline of an inline run leaves its memory zone
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
