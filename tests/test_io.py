from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from mideast_nlp import InputError
from mideast_nlp.io import FieldMap, read_inputs, read_jsonl


def _write(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_jsonl_with_broken_records(tmp_path: Path, news_articles) -> None:
    good = json.dumps(news_articles[1], ensure_ascii=False).encode()
    path = _write(
        tmp_path / "dump.jsonl",
        [good, b"{not json", b"\xff\xfe broken utf8", b"[1, 2]", b'{"id": "t"}', b'{"text": 5}', good],
    )
    recs = list(read_jsonl(path))
    assert len(recs) == 7
    assert recs[0].error is None and recs[0].id == news_articles[1]["id"] and recs[0].line == 1
    assert [r.error.code if r.error else None for r in recs] == [None, "E008", "E006", "E009", "E007", "E007", None]
    assert recs[1].error and recs[1].error.line == 2 and str(path) in recs[1].error.message


def test_gzip_and_field_mapping(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(
            json.dumps({"doc": "a1", "body": "التقى الرئيسان", "headline": "لقاء", "date": "2018-05-01", "lang": "ar"})
            + "\n"
        )
        fh.write(json.dumps({"body": "نص بلا معرف"}) + "\n")
    recs = list(read_inputs([path], fields=FieldMap(text="body", id="doc", title="headline", published="date")))
    assert recs[0].id == "a1" and recs[0].title == "لقاء" and recs[0].published == "2018-05-01"
    assert recs[0].meta == {"lang": "ar"}
    assert recs[1].id == "dump:2"


def test_text_file_folder_and_missing(tmp_path: Path, reference_text: str) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(reference_text, encoding="utf-8")
    (tmp_path / "b.txt").write_text("نص", encoding="utf-8")
    recs = list(read_inputs([tmp_path]))
    assert [r.id for r in recs] == ["b", "a"]
    with pytest.raises(InputError, match="E010"):
        list(read_inputs([tmp_path / "missing.jsonl"]))
    (tmp_path / "bad.txt").write_bytes(b"\xd8\xa7\xff")
    with pytest.raises(InputError, match="E006"):
        list(read_inputs([tmp_path / "bad.txt"]))
