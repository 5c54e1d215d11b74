"""Streaming readers for article inputs and writers for results.

Readers yield :class:`InputRecord` objects one at a time (constant memory). A record that cannot
be used (invalid JSON, invalid UTF-8, no text, wrong types, a malformed CSV row or ``<DOC>``) is
still yielded, with ``error`` set, so that a batch run reports it instead of losing it.

Inputs (:func:`read_inputs` picks the reader from the file name):

- JSONL (``.jsonl``, ``.ndjson``, ``.json``; plain or ``.gz``, ``.bz2``, ``.xz``, ``.zst``);
- CSV (``.csv``) and TSV (``.tsv``, ``.tab``), with a header row, also compressed;
- Parquet (``.parquet``, ``.pq``; needs pyarrow);
- TREC-style ``<DOC>`` files (``.xml``, ``.trec``, ``.sgml``, or any file starting with
  ``<DOC>``): ``<DOCNO>`` is the id, ``<TITLE>``/``<HEADLINE>`` the title, ``<TIME>``/``<DATE>``
  the date, ``<TEXT>`` the text, other tags go to ``meta``;
- a text file (one article, its id the file name without extension), ``-`` (standard input), or a
  folder, searched recursively for ``.txt`` files (ids are paths relative to the folder, without
  extension, so that they are unique).

Writers: :func:`write_jsonl` (lossless), and the flat tables of :mod:`mideast_nlp.tables` as
Parquet (:class:`ParquetTableWriter`, :func:`write_parquet`; pyarrow), CSV
(:class:`CsvTableWriter`, :func:`write_csv`; standard library) or a DuckDB database
(:func:`write_duckdb`; duckdb and pyarrow). Those libraries are imported only when used.
"""

from __future__ import annotations

import bz2
import contextlib
import csv
import gzip
import hashlib
import html
import json
import lzma
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO

from .errors import Errors, InputError
from .records import ArticleResult, ProcessingError
from .tables import COLUMNS, TABLES, empty_rows, result_rows

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
CSV_SUFFIXES = {".csv": ",", ".tsv": "\t", ".tab": "\t"}
PARQUET_SUFFIXES = (".parquet", ".pq")
TREC_SUFFIXES = (".xml", ".trec", ".sgml", ".sgm")
COMPRESSED: dict[str, Callable[..., Any]] = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
_WRAPPERS: dict[str, Callable[[BinaryIO], Any]] = {
    ".gz": lambda raw: gzip.GzipFile(fileobj=raw, mode="rb"),
    ".bz2": lambda raw: bz2.BZ2File(raw, "rb"),
    ".xz": lambda raw: lzma.LZMAFile(raw, "rb"),  # noqa: SIM115
}


#: Called by readers with the position (in bytes) reached in the file being read.
ProgressCallback = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Which input fields hold the text, id, title and date.

    ``date_formats`` are ``strptime`` formats (e.g. ``"%d/%m/%Y"``) tried on a date that is not
    ISO 8601; a date they parse is passed on as ISO ``YYYY-MM-DD[THH:MM:SS]`` and the original is
    kept in ``meta["published_raw"]``. Other dates are passed on as given (the pipeline rejects a
    date that is not ISO 8601 with ``E013``).
    """

    text: str = "text"
    id: str = "id"
    title: str = "title"
    published: str = "published"
    date_formats: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class InputRecord:
    """One article to process, or the error that stopped it from being read."""

    id: str
    text: str | None
    title: str | None = None
    published: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    source: str | None = None
    line: int | None = None
    error: ProcessingError | None = None


@dataclass(slots=True)
class ReadStats:
    """How far :func:`read_inputs` has got, in bytes of the input files (for progress and ETA)."""

    bytes_total: int = 0
    bytes_done: int = 0

    @property
    def fraction(self) -> float | None:
        return min(self.bytes_done / self.bytes_total, 1.0) if self.bytes_total > 0 else None


def stable_id(source: str | None, line: int | None, text: str | None) -> str:
    """An id for a record that has none: the file stem and line, else a hash of the text."""
    if source is not None and line is not None:
        return f"{Path(source).name.split('.')[0]}:{line}"
    digest = hashlib.sha1((text or "").encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"doc-{digest}"


def _error(code: str, message: str, *, source: str | None, line: int | None) -> ProcessingError:
    return ProcessingError(code=code, message=message, stage="input", source=source, line=line)


def _failed(code: str, message: str, *, source: str | None, line: int | None, rec_id: str | None = None) -> InputRecord:
    return InputRecord(
        id=rec_id or stable_id(source, line, None),
        text=None,
        source=source,
        line=line,
        error=_error(code, message, source=source, line=line),
    )


def _is_iso(value: str) -> bool:
    try:
        datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _reformat_date(value: str, formats: tuple[str, ...]) -> str | None:
    for fmt in formats:
        try:
            parsed = datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
        has_time = any(d in fmt for d in ("%H", "%I", "%M", "%S"))
        return parsed.isoformat() if has_time else parsed.date().isoformat()
    return None


def record_from_mapping(
    obj: Any, *, fields: FieldMap = FieldMap(), source: str | None = None, line: int | None = None
) -> InputRecord:
    """Validate one decoded JSON value into an :class:`InputRecord` (``error`` set when unusable)."""
    where = f"{source}:{line}" if source and line else (source or "<input>")
    if isinstance(obj, str):
        return InputRecord(id=stable_id(source, line, obj), text=obj, source=source, line=line)
    if not isinstance(obj, dict):
        msg = Errors.E009.format(where=where, type=type(obj).__name__)
        return _failed("E009", msg, source=source, line=line)
    raw_id = obj.get(fields.id)
    rec_id = str(raw_id) if isinstance(raw_id, str | int) and str(raw_id) else stable_id(source, line, None)
    for name in (fields.title, fields.published):
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            msg = Errors.E011.format(field=name, where=where, type=type(value).__name__)
            return _failed("E011", msg, source=source, line=line, rec_id=rec_id)
    text = obj.get(fields.text)
    meta = {k: v for k, v in obj.items() if k not in (fields.text, fields.id, fields.title, fields.published)}
    if not isinstance(text, str) or not text.strip():
        msg = Errors.E007.format(where=where, field=fields.text)
        return InputRecord(
            id=rec_id,
            text=None,
            meta=meta,
            source=source,
            line=line,
            error=_error("E007", msg, source=source, line=line),
        )
    published = obj.get(fields.published)
    if published and fields.date_formats and not _is_iso(published):
        iso = _reformat_date(published, fields.date_formats)
        if iso is not None:
            meta["published_raw"] = published
            published = iso
    return InputRecord(
        id=rec_id,
        text=text,
        title=obj.get(fields.title),
        published=published,
        meta=meta,
        source=source,
        line=line,
    )


def _open_binary(path: Path) -> BinaryIO:
    opener = COMPRESSED.get(path.suffix)
    if opener is not None:
        return opener(path, "rb")
    fh, _raw = _open_tracked(path)
    return fh


def _open_tracked(path: Path) -> tuple[BinaryIO, BinaryIO]:
    """Open ``path`` for reading bytes, decompressing by suffix; also return the raw file (for tell())."""
    raw = path.open("rb")
    try:
        wrap = _WRAPPERS.get(path.suffix)
        if wrap is not None:
            return wrap(raw), raw
        if path.suffix == ".zst":
            try:
                import zstandard
            except ImportError as e:
                raise InputError(
                    Errors.E010.format(path=path, reason="reading .zst needs `pip install zstandard`")
                ) from e
            import io as _io

            reader = zstandard.ZstdDecompressor().stream_reader(raw, closefd=True)
            return _io.BufferedReader(reader), raw
    except BaseException:
        raw.close()
        raise
    return raw, raw


def _open_input(path: Path) -> tuple[BinaryIO, BinaryIO]:
    try:
        return _open_tracked(path)
    except OSError as e:
        raise InputError(Errors.E010.format(path=path, reason=e.strerror or e)) from e


def _base_suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes if s not in (*COMPRESSED, ".zst")]
    return suffixes[-1] if suffixes else ""


def _tracker(raw: BinaryIO, on_progress: ProgressCallback | None, every: int = 16) -> Callable[[int], None]:
    def tick(n: int) -> None:
        if on_progress is not None and n % every == 0:
            with contextlib.suppress(OSError, ValueError):
                on_progress(raw.tell())

    return tick


def read_jsonl(
    path: Path | str, *, fields: FieldMap = FieldMap(), on_progress: ProgressCallback | None = None
) -> Iterator[InputRecord]:
    """Read a JSONL file (plain, .gz, .bz2, .xz, .zst) record by record."""
    path = Path(path)
    source = str(path)
    fh, raw = _open_input(path)
    tick = _tracker(raw, on_progress)
    with raw, fh:
        for lineno, line_bytes in enumerate(fh, start=1):
            tick(lineno)
            if not line_bytes.strip():
                continue
            try:
                line = line_bytes.decode("utf-8")
            except UnicodeDecodeError as e:
                msg = Errors.E006.format(what=f"{source}:{lineno}", reason=e.reason)
                yield _failed("E006", msg, source=source, line=lineno)
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                msg = Errors.E008.format(where=f"{source}:{lineno}", reason=e.msg)
                yield _failed("E008", msg, source=source, line=lineno)
                continue
            yield record_from_mapping(obj, fields=fields, source=source, line=lineno)


def _has_surrogates(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def read_csv(
    path: Path | str,
    *,
    fields: FieldMap = FieldMap(),
    delimiter: str | None = None,
    on_progress: ProgressCallback | None = None,
) -> Iterator[InputRecord]:
    """Read a CSV or TSV file with a header row (plain or compressed), one record per row.

    The delimiter is ``\\t`` for ``.tsv``/``.tab`` files, else ``,``. Quoted fields may span lines;
    ``line`` is the row's first line. Columns other than the mapped ones go to ``meta``; an empty
    id, title or date cell counts as missing.
    """
    path = Path(path)
    source = str(path)
    if delimiter is None:
        delimiter = CSV_SUFFIXES.get(_base_suffix(path), ",")
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    fh, raw = _open_input(path)
    tick = _tracker(raw, on_progress)

    def lines() -> Iterator[str]:
        for i, b in enumerate(fh):
            text = b.decode("utf-8", "surrogateescape")
            yield text.removeprefix("\ufeff") if i == 0 else text

    with raw, fh:
        reader = csv.reader(lines(), delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise InputError(Errors.E010.format(path=path, reason=f"bad CSV header: {e}")) from e
        header = [h.strip() for h in header]
        n_rows = 0
        while True:
            first_line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as e:
                msg = Errors.E103.format(where=f"{source}:{first_line}", reason=e)
                yield _failed("E103", msg, source=source, line=first_line)
                continue
            n_rows += 1
            tick(n_rows)
            if not row or not any(cell.strip() for cell in row):
                continue
            where = f"{source}:{first_line}"
            if len(row) != len(header):
                msg = Errors.E101.format(where=where, n=len(row), expected=len(header))
                yield _failed("E101", msg, source=source, line=first_line)
                continue
            if any(_has_surrogates(cell) for cell in row):
                msg = Errors.E006.format(what=where, reason="invalid continuation byte")
                yield _failed("E006", msg, source=source, line=first_line)
                continue
            obj: dict[str, Any] = dict(zip(header, row, strict=True))
            for name in (fields.id, fields.title, fields.published):
                if obj.get(name) == "":
                    obj[name] = None
            yield record_from_mapping(obj, fields=fields, source=source, line=first_line)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def read_parquet(
    path: Path | str, *, fields: FieldMap = FieldMap(), on_progress: ProgressCallback | None = None
) -> Iterator[InputRecord]:
    """Read a Parquet file row by row (in batches of 512 rows; needs pyarrow).

    ``line`` is the 1-based row number. Date and timestamp columns become ISO 8601 strings.
    """
    path = Path(path)
    source = str(path)
    try:
        import pyarrow.parquet as pq
    except ImportError as e:
        raise InputError(Errors.E010.format(path=path, reason="reading Parquet needs `pip install pyarrow`")) from e
    try:
        pf = pq.ParquetFile(path)
    except (OSError, ValueError) as e:
        raise InputError(Errors.E010.format(path=path, reason=e)) from e
    size = path.stat().st_size
    total = max(pf.metadata.num_rows, 1)
    row = 0
    with pf:
        for batch in pf.iter_batches(batch_size=512):
            for obj in batch.to_pylist():
                row += 1
                yield record_from_mapping(_plain(obj), fields=fields, source=source, line=row)
            if on_progress is not None:
                on_progress(size * row // total)


_DOC_OPEN = re.compile(rb"<DOC(?:\s[^>]*)?>", re.IGNORECASE)
_DOC_CLOSE = re.compile(rb"</DOC\s*>", re.IGNORECASE)
_TAG = re.compile(r"<([A-Za-z][\w.-]*)(?:\s[^>]*)?>(.*?)</\1\s*>", re.DOTALL)
_INNER_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)
_DOCNO = re.compile(rb"<DOCNO>\s*(.*?)\s*</DOCNO>", re.IGNORECASE | re.DOTALL)
_TREC_ALIASES = {
    "id": ("docno", "docid", "id"),
    "title": ("title", "headline", "hl"),
    "published": ("time", "date", "date_time", "published"),
    "text": ("text", "body"),
}


def _trec_value(value: str, *, strip_tags: bool) -> str:
    cdata = _CDATA.fullmatch(value.strip())
    if cdata is not None:
        return cdata.group(1).strip()
    if strip_tags:
        value = _INNER_TAG.sub("", value)
    return html.unescape(value).strip()


def _trec_record(chunk: bytes, fields: FieldMap, source: str, line: int) -> InputRecord:
    where = f"{source}:{line}"
    try:
        body = chunk.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return _failed("E006", Errors.E006.format(what=where, reason=e.reason), source=source, line=line)
    start = re.search(r"<DOC(?:\s[^>]*)?>", body, re.IGNORECASE)
    end = re.search(r"</DOC\s*>\s*$", body, re.IGNORECASE)
    if start is None or end is None:
        return _failed("E102", Errors.E102.format(where=where, reason="no closing </DOC>"), source=source, line=line)
    inner = body[start.end() : end.start()]
    tags: dict[str, str] = {}
    for m in _TAG.finditer(inner):
        name = m.group(1).lower()
        value = _trec_value(m.group(2), strip_tags=True)
        tags[name] = f"{tags[name]}\n\n{value}" if name in tags else value
    obj: dict[str, Any] = {}
    used: set[str] = set()
    for key, default in (("id", "id"), ("title", "title"), ("published", "published"), ("text", "text")):
        target = getattr(fields, key)
        names = (target.lower(),) if target != default else _TREC_ALIASES[key]
        for name in names:
            if name in tags and name not in used:
                obj[target] = tags[name]
                used.add(name)
                break
    for name, value in tags.items():
        if name not in used:
            obj.setdefault(name, value)
    if fields.text not in obj:
        return _failed(
            "E007",
            Errors.E007.format(where=where, field="TEXT"),
            source=source,
            line=line,
            rec_id=str(obj.get(fields.id) or "") or None,
        )
    for name in (fields.id, fields.title, fields.published):
        if obj.get(name) == "":
            obj[name] = None
    return record_from_mapping(obj, fields=fields, source=source, line=line)


def read_trec(
    path: Path | str, *, fields: FieldMap = FieldMap(), on_progress: ProgressCallback | None = None
) -> Iterator[InputRecord]:
    """Read a TREC-style file of ``<DOC>`` elements (ANT corpus and many Arabic corpora).

    Each ``<DOC>…</DOC>`` is one record: ``<DOCNO>`` (or ``<DOCID>``) is the id, ``<TITLE>`` (or
    ``<HEADLINE>``) the title, ``<TIME>`` (or ``<DATE>``) the date and ``<TEXT>`` the text; other tags
    go to ``meta`` under their lower-cased names. Markup inside a field is dropped and entities are
    unescaped. The file need not be well-formed XML (no root element, ``&`` unescaped…); it is read
    line by line, one document in memory at a time. ``line`` is the line of ``<DOC>``.
    """
    path = Path(path)
    source = str(path)
    fh, raw = _open_input(path)
    tick = _tracker(raw, on_progress, every=1)
    buf: list[bytes] = []
    start = 0
    n_docs = 0
    with raw, fh:
        for lineno, line in enumerate(fh, start=1):
            rest = line
            while rest:
                if not buf:
                    m = _DOC_OPEN.search(rest)
                    if m is None:
                        break
                    start = lineno
                    rest = rest[m.start() :]
                    buf.append(rest[: m.end() - m.start()])
                    rest = rest[m.end() - m.start() :]
                    continue
                close = _DOC_CLOSE.search(rest)
                reopen = _DOC_OPEN.search(rest)
                if reopen is not None and (close is None or reopen.start() < close.start()):
                    # A new <DOC> before this one was closed.
                    buf.append(rest[: reopen.start()])
                    reason = "no closing </DOC> before the next <DOC>"
                    msg = Errors.E102.format(where=f"{source}:{start}", reason=reason)
                    yield _failed("E102", msg, source=source, line=start, rec_id=_docno(buf))
                    buf = []
                    rest = rest[reopen.start() :]
                    continue
                if close is None:
                    buf.append(rest)
                    break
                buf.append(rest[: close.end()])
                rest = rest[close.end() :]
                n_docs += 1
                tick(n_docs)
                yield _trec_record(b"".join(buf), fields, source, start)
                buf = []
        if buf:
            msg = Errors.E102.format(where=f"{source}:{start}", reason="no closing </DOC> at the end of the file")
            yield _failed("E102", msg, source=source, line=start, rec_id=_docno(buf))


def _docno(buf: list[bytes]) -> str | None:
    m = _DOCNO.search(b"".join(buf))
    return m.group(1).decode("utf-8", "replace") or None if m else None


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(Errors.E006.format(what=what, reason=e.reason)) from e


def read_text_file(path: Path | str, *, id: str | None = None) -> InputRecord:
    """One article from a text file; its id is the file name without extension (or ``id``)."""
    path = Path(path)
    try:
        with _open_binary(path) as fh:
            data = fh.read()
    except OSError as e:
        raise InputError(Errors.E010.format(path=path, reason=e.strerror or e)) from e
    rec_id = id if id is not None else path.name.split(".")[0]
    return InputRecord(id=rec_id, text=_decode(data, str(path)), source=str(path))


def _walk_txt(root: Path) -> Iterator[Path]:
    """``.txt`` files under ``root``, recursively, in a stable order, without listing them all first."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.lower().endswith(".txt"):
                yield Path(dirpath) / name


def read_folder(
    root: Path | str, *, fields: FieldMap = FieldMap(), on_progress: ProgressCallback | None = None
) -> Iterator[InputRecord]:
    """Every ``.txt`` file under ``root`` (recursively) as one article each.

    A file's id is its path relative to ``root`` without extension (``2021/05/a1`` for
    ``root/2021/05/a1.txt``). A file that starts with ``<DOC>`` is read as a TREC file. A file that
    is not valid UTF-8 or cannot be read becomes a record with an error (the folder goes on).
    """
    root = Path(root)
    done = 0
    for sub in _walk_txt(root):
        rel = sub.relative_to(root).as_posix()
        rec_id = rel[: -len(".txt")] if rel.lower().endswith(".txt") else rel
        try:
            if _looks_like_trec(sub):
                yield from read_trec(sub, fields=fields)
            else:
                yield read_text_file(sub, id=rec_id)
        except InputError as e:
            code = str(e)[1:5]
            yield _failed(code, str(e), source=str(sub), line=None, rec_id=rec_id)
        if on_progress is not None:
            with contextlib.suppress(OSError):
                done += sub.stat().st_size
            on_progress(done)


def _looks_like_trec(path: Path) -> bool:
    try:
        with _open_binary(path) as fh:
            head = fh.read(256)
    except (OSError, EOFError, InputError):
        return False
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:5].upper() == b"<DOC>"


def input_size(item: str | Path) -> int:
    """Bytes of an input (a folder: of its .txt files; ``-``: 0), for progress estimates."""
    if str(item) == "-":
        return 0
    path = Path(item)
    try:
        if path.is_dir():
            return sum(p.stat().st_size for p in _walk_txt(path))
        return path.stat().st_size
    except OSError:
        return 0


def read_input(
    item: str | Path,
    *,
    fields: FieldMap = FieldMap(),
    stdin: BinaryIO | None = None,
    on_progress: ProgressCallback | None = None,
) -> Iterator[InputRecord]:
    """Read one input, choosing the reader from its name (see the module docstring)."""
    if str(item) == "-":
        data = (stdin or sys.stdin.buffer).read()
        text = _decode(data, "standard input")
        if text.lstrip()[:5].upper() == "<DOC>":
            yield _trec_record(data, fields, "-", 1)
            return
        yield InputRecord(id=stable_id(None, None, text), text=text, source="-")
        return
    path = Path(item)
    suffix = _base_suffix(path)
    if path.is_dir():
        yield from read_folder(path, fields=fields, on_progress=on_progress)
    elif not path.exists():
        raise InputError(Errors.E010.format(path=path, reason="no such file or directory"))
    elif suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path, fields=fields, on_progress=on_progress)
    elif suffix in CSV_SUFFIXES:
        yield from read_csv(path, fields=fields, on_progress=on_progress)
    elif suffix in PARQUET_SUFFIXES:
        yield from read_parquet(path, fields=fields, on_progress=on_progress)
    elif suffix in TREC_SUFFIXES or _looks_like_trec(path):
        yield from read_trec(path, fields=fields, on_progress=on_progress)
    else:
        yield read_text_file(path)


def read_inputs(
    inputs: Iterable[str | Path],
    *,
    fields: FieldMap = FieldMap(),
    stdin: BinaryIO | None = None,
    stats: ReadStats | None = None,
) -> Iterator[InputRecord]:
    """Read every input in turn (see :func:`read_input`), streaming.

    Args:
        stats: filled with the total size of the inputs and the bytes read so far.

    Raises:
        InputError: an input cannot be opened or read at all (missing file, undecodable text file).
    """
    inputs = list(inputs)
    if stats is None:
        for item in inputs:
            yield from read_input(item, fields=fields, stdin=stdin)
        return
    sizes = [input_size(item) for item in inputs]
    stats.bytes_total = sum(sizes)
    base = 0
    for item, size in zip(inputs, sizes, strict=True):

        def on_progress(pos: int, base: int = base, size: int = size) -> None:
            stats.bytes_done = base + min(pos, size)

        yield from read_input(item, fields=fields, stdin=stdin, on_progress=on_progress)
        base += size
        stats.bytes_done = base


# --- writers -------------------------------------------------------------------------------------


def write_jsonl(results: Iterable[ArticleResult], out: TextIO | IO[str]) -> int:
    """Write results as JSON lines; return how many were written."""
    n = 0
    for result in results:
        out.write(result.model_dump_json(exclude_none=False) + "\n")
        n += 1
    return n


def arrow_schema(table: str) -> Any:
    """The pyarrow schema of one of the five tables (see :mod:`mideast_nlp.tables`)."""
    import pyarrow as pa

    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    return pa.schema([pa.field(name, types[kind]) for name, kind in COLUMNS[table]])


def duckdb_ddl(table: str) -> str:
    """``CREATE TABLE`` for one of the five tables in DuckDB."""
    types = {"string": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN"}
    cols = ", ".join(f'"{name}" {types[kind]}' for name, kind in COLUMNS[table])
    return f"CREATE TABLE {table} ({cols})"


class TableWriter:
    """Base of the table writers: ``write(result)`` adds a result's rows; use as a context manager."""

    def __init__(self, *, include_text: bool = True) -> None:
        self.include_text = include_text
        self.count = 0

    def write(self, result: ArticleResult, *, n_words: int | None = None) -> None:
        self.write_rows(result_rows(result, include_text=self.include_text, n_words=n_words))

    def write_rows(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ParquetTableWriter(TableWriter):
    """Write the five tables as ``DIRECTORY/<table>.parquet`` (zstd), streaming in row groups."""

    def __init__(
        self,
        directory: Path | str,
        *,
        include_text: bool = True,
        row_group_size: int = 2000,
        compression: str = "zstd",
    ) -> None:
        import pyarrow.parquet as pq

        super().__init__(include_text=include_text)
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.row_group_size = row_group_size
        self._schemas = {name: arrow_schema(name) for name in TABLES}
        self._writers = {
            name: pq.ParquetWriter(self.directory / f"{name}.parquet", self._schemas[name], compression=compression)
            for name in TABLES
        }
        self._rows = empty_rows()

    def write_rows(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        for name, table_rows in rows.items():
            self._rows[name].extend(table_rows)
        self.count += len(rows["articles"])
        if len(self._rows["articles"]) >= self.row_group_size:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        for name, rows in self._rows.items():
            if rows:
                self._writers[name].write_table(pa.Table.from_pylist(rows, schema=self._schemas[name]))
        self._rows = empty_rows()

    def close(self) -> None:
        if self._writers:
            self.flush()
            for writer in self._writers.values():
                writer.close()
            self._writers = {}


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class CsvTableWriter(TableWriter):
    """Write the five tables as ``DIRECTORY/<table>.csv`` (UTF-8, header row, RFC 4180 quoting).

    Missing values are empty cells; booleans are ``true``/``false``.
    """

    def __init__(self, directory: Path | str, *, include_text: bool = True) -> None:
        super().__init__(include_text=include_text)
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._files = {
            name: (self.directory / f"{name}.csv").open("w", encoding="utf-8", newline="") for name in TABLES
        }
        self._writers = {name: csv.writer(fh) for name, fh in self._files.items()}
        for name, writer in self._writers.items():
            writer.writerow([c for c, _ in COLUMNS[name]])

    def write_rows(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        for name, table_rows in rows.items():
            cols = [c for c, _ in COLUMNS[name]]
            self._writers[name].writerows([_csv_cell(row[c]) for c in cols] for row in table_rows)
        self.count += len(rows["articles"])

    def close(self) -> None:
        for fh in self._files.values():
            fh.close()
        self._files = {}


class DuckDBTableWriter(TableWriter):
    """Write the five tables into a DuckDB database file (created when missing)."""

    def __init__(self, path: Path | str, *, include_text: bool = True, batch_size: int = 2000) -> None:
        import duckdb

        super().__init__(include_text=include_text)
        self.con = duckdb.connect(str(path))
        existing = {row[0] for row in self.con.execute("select table_name from information_schema.tables").fetchall()}
        for name in TABLES:
            if name not in existing:
                self.con.execute(duckdb_ddl(name))
        self.batch_size = batch_size
        self._rows = empty_rows()

    def write_rows(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        for name, table_rows in rows.items():
            self._rows[name].extend(table_rows)
        self.count += len(rows["articles"])
        if len(self._rows["articles"]) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        for name, rows in self._rows.items():
            if rows:
                self.con.register("_mideast_batch", pa.Table.from_pylist(rows, schema=arrow_schema(name)))
                self.con.execute(f"INSERT INTO {name} SELECT * FROM _mideast_batch")
                self.con.unregister("_mideast_batch")
        self._rows = empty_rows()

    def close(self) -> None:
        if self.con is not None:
            self.flush()
            self.con.close()
            self.con = None  # type: ignore[assignment]


def _write_tables(writer: TableWriter, results: Iterable[ArticleResult]) -> int:
    with writer:
        for result in results:
            writer.write(result)
    return writer.count


def write_parquet(results: Iterable[ArticleResult], directory: Path | str, *, include_text: bool = True) -> int:
    """Write the five tables of ``results`` as ``DIRECTORY/<table>.parquet``; return the article count."""
    return _write_tables(ParquetTableWriter(directory, include_text=include_text), results)


def write_csv(results: Iterable[ArticleResult], directory: Path | str, *, include_text: bool = True) -> int:
    """Write the five tables of ``results`` as ``DIRECTORY/<table>.csv``; return the article count."""
    return _write_tables(CsvTableWriter(directory, include_text=include_text), results)


def write_duckdb(results: Iterable[ArticleResult], path: Path | str, *, include_text: bool = True) -> int:
    """Write the five tables of ``results`` into the DuckDB database ``path``; return the article count."""
    return _write_tables(DuckDBTableWriter(path, include_text=include_text), results)
