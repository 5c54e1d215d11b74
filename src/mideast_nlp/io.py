"""Streaming readers for article inputs and a JSONL writer for results.

Readers yield :class:`InputRecord` objects one at a time (constant memory). A record that cannot
be used (invalid JSON, invalid UTF-8, no text, wrong types) is still yielded, with ``error`` set,
so that a batch run reports it instead of losing it.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import json
import lzma
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO

from .errors import Errors, InputError
from .records import ArticleResult, ProcessingError

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
COMPRESSED: dict[str, Callable[..., Any]] = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Which JSON fields hold the text, id, title and date."""

    text: str = "text"
    id: str = "id"
    title: str = "title"
    published: str = "published"


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


def stable_id(source: str | None, line: int | None, text: str | None) -> str:
    """An id for a record that has none: the file stem and line, else a hash of the text."""
    if source is not None and line is not None:
        return f"{Path(source).name.split('.')[0]}:{line}"
    digest = hashlib.sha1((text or "").encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"doc-{digest}"


def _error(code: str, message: str, *, source: str | None, line: int | None) -> ProcessingError:
    return ProcessingError(code=code, message=message, stage="input", source=source, line=line)


def record_from_mapping(
    obj: Any, *, fields: FieldMap = FieldMap(), source: str | None = None, line: int | None = None
) -> InputRecord:
    """Validate one decoded JSON value into an :class:`InputRecord` (``error`` set when unusable)."""
    where = f"{source}:{line}" if source and line else (source or "<input>")
    if isinstance(obj, str):
        return InputRecord(id=stable_id(source, line, obj), text=obj, source=source, line=line)
    if not isinstance(obj, dict):
        msg = Errors.E009.format(where=where, type=type(obj).__name__)
        return InputRecord(
            id=stable_id(source, line, None),
            text=None,
            source=source,
            line=line,
            error=_error("E009", msg, source=source, line=line),
        )
    raw_id = obj.get(fields.id)
    rec_id = str(raw_id) if isinstance(raw_id, str | int) and str(raw_id) else stable_id(source, line, None)
    for name in (fields.title, fields.published):
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            msg = Errors.E011.format(field=name, where=where, type=type(value).__name__)
            return InputRecord(
                id=rec_id, text=None, source=source, line=line, error=_error("E011", msg, source=source, line=line)
            )
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
    return InputRecord(
        id=rec_id,
        text=text,
        title=obj.get(fields.title),
        published=obj.get(fields.published),
        meta=meta,
        source=source,
        line=line,
    )


def _open_binary(path: Path) -> BinaryIO:
    opener = COMPRESSED.get(path.suffix)
    if opener is not None:
        return opener(path, "rb")
    if path.suffix == ".zst":
        try:
            import zstandard
        except ImportError as e:
            raise InputError(Errors.E010.format(path=path, reason="reading .zst needs `pip install zstandard`")) from e
        return zstandard.open(path, "rb")
    return path.open("rb")


def _base_suffix(path: Path) -> str:
    suffixes = [s for s in path.suffixes if s not in (*COMPRESSED, ".zst")]
    return suffixes[-1] if suffixes else ""


def read_jsonl(path: Path | str, *, fields: FieldMap = FieldMap()) -> Iterator[InputRecord]:
    """Read a JSONL file (plain, .gz, .bz2, .xz, .zst) record by record."""
    path = Path(path)
    source = str(path)
    try:
        fh = _open_binary(path)
    except OSError as e:
        raise InputError(Errors.E010.format(path=path, reason=e.strerror or e)) from e
    with fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                msg = Errors.E006.format(what=f"{source}:{lineno}", reason=e.reason)
                yield InputRecord(
                    id=stable_id(source, lineno, None),
                    text=None,
                    source=source,
                    line=lineno,
                    error=_error("E006", msg, source=source, line=lineno),
                )
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                msg = Errors.E008.format(where=f"{source}:{lineno}", reason=e.msg)
                yield InputRecord(
                    id=stable_id(source, lineno, None),
                    text=None,
                    source=source,
                    line=lineno,
                    error=_error("E008", msg, source=source, line=lineno),
                )
                continue
            yield record_from_mapping(obj, fields=fields, source=source, line=lineno)


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(Errors.E006.format(what=what, reason=e.reason)) from e


def read_text_file(path: Path | str) -> InputRecord:
    """One article from a text file; its id is the file name without extension."""
    path = Path(path)
    try:
        with _open_binary(path) as fh:
            data = fh.read()
    except OSError as e:
        raise InputError(Errors.E010.format(path=path, reason=e.strerror or e)) from e
    return InputRecord(id=path.name.split(".")[0], text=_decode(data, str(path)), source=str(path))


def read_inputs(
    inputs: Iterable[str | Path], *, fields: FieldMap = FieldMap(), stdin: BinaryIO | None = None
) -> Iterator[InputRecord]:
    """Read every input: ``-`` (stdin, one article), a JSONL file, a text file, or a folder of .txt files.

    Raises:
        InputError: an input cannot be opened or read at all (missing file, undecodable text file).
    """
    for item in inputs:
        if str(item) == "-":
            data = (stdin or sys.stdin.buffer).read()
            text = _decode(data, "standard input")
            yield InputRecord(id=stable_id(None, None, text), text=text, source="-")
            continue
        path = Path(item)
        if path.is_dir():
            for sub in sorted(path.rglob("*.txt")):
                yield read_text_file(sub)
        elif not path.exists():
            raise InputError(Errors.E010.format(path=path, reason="no such file or directory"))
        elif _base_suffix(path) in JSONL_SUFFIXES:
            yield from read_jsonl(path, fields=fields)
        else:
            yield read_text_file(path)


def write_jsonl(results: Iterable[ArticleResult], out: TextIO | IO[str]) -> int:
    """Write results as JSON lines; return how many were written."""
    n = 0
    for result in results:
        out.write(result.model_dump_json(exclude_none=False) + "\n")
        n += 1
    return n
