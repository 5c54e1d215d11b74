from __future__ import annotations

import bz2
import csv
import gzip
import json
import lzma
from pathlib import Path

import pytest

from mideast_nlp import InputError
from mideast_nlp.io import FieldMap, ReadStats, read_csv, read_inputs, read_jsonl, read_parquet, read_trec


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
    assert [r.id for r in recs] == ["b", "sub/a"]  # ids relative to the folder: unique
    with pytest.raises(InputError, match="E010"):
        list(read_inputs([tmp_path / "missing.jsonl"]))
    (tmp_path / "bad.txt").write_bytes(b"\xd8\xa7\xff")
    with pytest.raises(InputError, match="E006"):
        list(read_inputs([tmp_path / "bad.txt"]))


def _expected(articles) -> list[tuple]:
    return [(a["id"], a["text"], a.get("title"), a.get("published"), a.get("source")) for a in articles]


def _got(recs) -> list[tuple]:
    assert all(r.error is None for r in recs), [r.error for r in recs if r.error]
    return [(r.id, r.text, r.title, r.published, r.meta.get("source")) for r in recs]


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".jsonl.bz2", ".jsonl.xz", ".jsonl.zst"])
def test_jsonl_round_trip_compressed(tmp_path: Path, news_articles, suffix: str) -> None:
    data = "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in news_articles).encode("utf-8")
    path = tmp_path / f"dump{suffix}"
    if suffix.endswith(".zst"):
        zstandard = pytest.importorskip("zstandard")
        path.write_bytes(zstandard.ZstdCompressor().compress(data))
    else:
        opener = {".gz": gzip.compress, ".bz2": bz2.compress, ".xz": lzma.compress}.get(path.suffix, lambda b: b)
        path.write_bytes(opener(data))
    stats = ReadStats()
    recs = list(read_inputs([path], stats=stats))
    assert _got(recs) == _expected(news_articles)
    assert [r.line for r in recs] == list(range(1, len(news_articles) + 1))
    assert stats.bytes_total == path.stat().st_size and stats.bytes_done == stats.bytes_total


@pytest.mark.parametrize(("name", "delimiter"), [("dump.csv", ","), ("dump.tsv", "\t")])
def test_csv_tsv_round_trip(tmp_path: Path, news_articles, name: str, delimiter: str) -> None:
    path = tmp_path / name
    cols = ["id", "title", "published", "source", "text"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(cols)
        for a in news_articles:
            writer.writerow([a.get(c) or "" for c in cols])  # texts have newlines: quoted multi-line cells
        writer.writerow(["short", "", "", "", "x", "extra"])  # too many fields
    recs = list(read_inputs([path]))
    assert _got(recs[:-1]) == _expected(news_articles)
    assert recs[1].line == 3 + news_articles[0]["text"].count("\n")  # the row's first line
    assert recs[-1].error is not None and recs[-1].error.code == "E101"


def test_csv_invalid_utf8_and_field_mapping(tmp_path: Path) -> None:
    path = tmp_path / "dump.csv"
    path.write_bytes(
        "doc,body,when,lang\n1,التقى الرئيسان,15/12/2021,ar\n".encode() + b"2,\xff\xfe,,ar\n" + "3,نص,,ar\n".encode()
    )
    fields = FieldMap(text="body", id="doc", published="when", date_formats=("%d/%m/%Y",))
    recs = list(read_csv(path, fields=fields))
    assert [r.id for r in recs] == ["1", "dump:3", "3"]
    assert recs[0].published == "2021-12-15" and recs[0].meta == {"lang": "ar", "published_raw": "15/12/2021"}
    assert recs[1].error is not None and recs[1].error.code == "E006" and recs[1].line == 3
    assert recs[2].published is None


def test_parquet_round_trip(tmp_path: Path, news_articles) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from datetime import datetime

    rows = [{**a, "published": a.get("published"), "n": i} for i, a in enumerate(news_articles)]
    table = pa.Table.from_pylist(rows)
    table = table.append_column("seen", pa.array([datetime(2021, 12, 14, 10, 0)] * len(rows)))
    path = tmp_path / "dump.parquet"
    pq.write_table(table, path, row_group_size=5)
    recs = list(read_parquet(path))
    assert _got(recs) == _expected(news_articles)
    assert recs[3].line == 4 and recs[3].meta["n"] == 3 and recs[3].meta["seen"] == "2021-12-14T10:00:00"


TREC = """<DOC>
<DOCNO>ant-1</DOCNO>
<TITLE>لقاء &amp; اتفاق</TITLE>
<TIME>2018-05-13</TIME>
<SOURCE>CNN</SOURCE>
<TEXT>
{text1}
</TEXT>
</DOC>
<DOC><DOCNO>ant-2</DOCNO><TEXT><P>{text2}</P></TEXT></DOC>
<DOC>
<DOCNO>ant-3</DOCNO>
<TEXT>لا نهاية
<DOC>
<DOCNO>ant-4</DOCNO>
<TITLE></TITLE>
</DOC>
<DOC>
<DOCNO>ant-5</DOCNO>
<TEXT>بلا إغلاق
"""


def test_trec_documents(tmp_path: Path, news_articles) -> None:
    text1, text2 = news_articles[1]["text"], news_articles[2]["text"].replace("\n", " ")
    xml = TREC.format(text1=text1.replace("&", "&amp;").replace("<", "&lt;"), text2=text2.replace("&", "&amp;"))
    path = tmp_path / "ant.xml"
    path.write_text(xml, encoding="utf-8")
    recs = list(read_inputs([path]))
    starts = [i for i, line in enumerate(xml.splitlines(), start=1) if line.startswith("<DOC>")]
    assert [r.line for r in recs] == starts
    assert [r.id for r in recs] == ["ant-1", "ant-2", "ant-3", "ant-4", "ant-5"]
    assert recs[0].text == text1.strip() and recs[0].title == "لقاء & اتفاق" and recs[0].published == "2018-05-13"
    assert recs[0].meta == {"source": "CNN"} and recs[0].line == 1
    assert recs[1].text == text2.strip()
    assert [r.error.code if r.error else None for r in recs] == [None, None, "E102", "E007", "E102"]
    # a .txt file that starts with <DOC> is read as TREC, in a folder too
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "ant.txt").write_text(xml, encoding="utf-8")
    assert [r.id for r in read_inputs([tmp_path / "folder"])] == [r.id for r in recs]
    assert [r.id for r in read_trec(path, fields=FieldMap(id="source"))][:1] == ["CNN"]


def test_folder_isolates_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text("التقى الرئيسان", encoding="utf-8")
    (tmp_path / "a" / "x.txt").write_bytes(b"\xd8\xa7\xff")
    (tmp_path / "z.md").write_text("not read", encoding="utf-8")
    recs = list(read_inputs([tmp_path]))
    assert [r.id for r in recs] == ["a/x", "a/b/x"]
    assert recs[0].error is not None and recs[0].error.code == "E006" and recs[1].error is None
