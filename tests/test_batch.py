"""Batch runs on real articles: tables, writers, error isolation, resume, worker pool, Dask."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import threading
from pathlib import Path

import pytest

from mideast_nlp.batch import (
    BatchOptions,
    PoolBackend,
    ProgressBar,
    blas_threads,
    errors_path,
    get_pipeline,
    parts_dir,
    process_part,
    run_batch,
    safe_results,
    set_blas_threads,
    start_method,
    tail_sizes,
    tune_malloc,
)
from mideast_nlp.io import (
    InputRecord,
    ReadStats,
    read_inputs,
    read_jsonl,
    write_csv,
    write_duckdb,
    write_jsonl,
    write_parquet,
)
from mideast_nlp.records import ArticleResult
from mideast_nlp.tables import COLUMNS, TABLES, result_rows, results_to_frames

MET_ALIYEV = {"Jens Stoltenberg", "Charles Michel", "Nikol Pashinyan"}
WHO_MET_ALIYEV = """
    select distinct p2.name_en
    from events e
    join event_participants p1 on p1.event_id = e.event_id and p1.name_en like '%Aliyev%'
    join event_participants p2 on p2.event_id = e.event_id and p2.participant_index <> p1.participant_index
    where e.type = 'meeting' and not e.negated and coalesce(e.date_iso, e.published) like '2021%'
"""


@pytest.fixture(scope="module")
def articles(news_articles) -> list[dict[str, object]]:
    """The example articles; the reference one dated (its summit is in December 2021)."""
    out = [dict(a) for a in news_articles]
    out[0]["published"] = "2021-12-14"
    return out


@pytest.fixture(scope="module")
def results(articles) -> list[ArticleResult]:
    return list(get_pipeline(BatchOptions()).extract_many(articles[:6]))


def _dump(path: Path, articles, extra: list[bytes] = ()) -> Path:
    lines = [json.dumps(a, ensure_ascii=False).encode() for a in articles]
    path.write_bytes(b"\n".join([*lines, *extra]) + b"\n")
    return path


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_result_rows_have_stable_join_keys(results) -> None:
    for result in results:
        rows = result_rows(result)
        assert list(rows) == list(TABLES)
        for name, table in rows.items():
            assert all(list(row) == [c for c, _ in COLUMNS[name]] for row in table)
        entity_ids = {r["entity_id"] for r in rows["entities"]}
        event_ids = {r["event_id"] for r in rows["events"]}
        assert {m["entity_id"] for m in rows["mentions"]} <= entity_ids
        assert {p["event_id"] for p in rows["event_participants"]} == event_ids
        assert {p["entity_id"] for p in rows["event_participants"]} - {None} <= entity_ids
        for m in rows["mentions"]:
            assert result.text[m["mention_start"] : m["mention_end"]] == m["mention_text"]
        for e in rows["events"]:
            assert result.text[e["trigger_start"] : e["trigger_end"]] == e["trigger_text"]
        assert rows["articles"][0]["n_events"] == len(rows["events"])
    assert result_rows(results[0]) == result_rows(results[0])  # pure and stable


def test_results_to_frames(results) -> None:
    pytest.importorskip("pandas")
    frames = results_to_frames(results)
    assert set(frames) == set(TABLES)
    assert len(frames["articles"]) == len(results)
    assert str(frames["events"]["trigger_start"].dtype) == "Int64"
    assert str(frames["events"]["negated"].dtype) == "boolean"
    met = frames["events"].merge(frames["event_participants"], on=["event_id", "article_id"])
    assert set(met[met.type == "meeting"]["name_en"].dropna()) >= MET_ALIYEV
    empty = results_to_frames([])
    assert list(empty["mentions"].columns) == [c for c, _ in COLUMNS["mentions"]] and empty["mentions"].empty


def test_writers_round_trip(tmp_path: Path, results) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    duckdb = pytest.importorskip("duckdb")
    expected = {name: [] for name in TABLES}
    for result in results:
        for name, rows in result_rows(result).items():
            expected[name].extend(rows)
    with (tmp_path / "r.jsonl").open("w", encoding="utf-8") as fh:
        assert write_jsonl(results, fh) == len(results)
    lines = (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()
    assert [ArticleResult.model_validate_json(line) for line in lines] == results
    assert write_parquet(results, tmp_path / "pq") == len(results)
    assert write_csv(results, tmp_path / "csv") == len(results)
    assert write_duckdb(results, tmp_path / "r.duckdb") == len(results)
    con = duckdb.connect(str(tmp_path / "r.duckdb"), read_only=True)
    for name in TABLES:
        assert pq.read_table(tmp_path / "pq" / f"{name}.parquet").to_pylist() == expected[name]
        cols = [c for c, _ in COLUMNS[name]]
        got = con.execute(f"select * from {name}").fetchall()
        assert [dict(zip(cols, row, strict=True)) for row in got] == expected[name]
        with (tmp_path / "csv" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        as_text = [
            {k: "" if v is None else ("true" if v is True else "false" if v is False else str(v)) for k, v in r.items()}
            for r in expected[name]
        ]
        assert rows == as_text
    assert {r[0] for r in con.execute(WHO_MET_ALIYEV).fetchall()} == MET_ALIYEV
    con.close()


def test_batch_isolates_broken_records(tmp_path: Path, articles) -> None:
    good = articles[1:5]
    broken = [
        b"{not json",
        b'{"id": "no-text"}',
        b'{"id": "bad-title", "title": 5, "text": "\xd9\x86\xd8\xb5"}',
        json.dumps({"id": "huge", "text": "كلمة " * 2_100_000}).encode(),  # 10.5 MB
        b'{"id": "bad-utf8", "text": "\xff\xfe"}',
        b'{"id": "bad-date", "text": "\xd9\x86\xd8\xb5", "published": "15/12/2021"}',
    ]
    middle = [json.dumps(a).encode() for a in good[2:]]
    src = _dump(tmp_path / "in.jsonl", good[:2], [*broken[:3], *middle, *broken[3:]])
    out = tmp_path / "out.jsonl"
    summary = run_batch(read_inputs([src]), out, BatchOptions(batch_size=4), part_size=3)
    assert summary.complete and (summary.read, summary.written, summary.failed) == (10, 4, 6)
    assert summary.read == summary.written + summary.failed
    assert _ids(out) == [a["id"] for a in good]
    errors = [json.loads(line) for line in errors_path(out).read_text(encoding="utf-8").splitlines()]
    assert errors_path(out).name == "out.errors.jsonl"
    assert [(e["id"], e["line"], e["code"]) for e in errors] == [
        ("in:3", 3, "E008"),
        ("no-text", 4, "E007"),
        ("bad-title", 5, "E011"),
        ("huge", 8, "E005"),
        ("in:9", 9, "E006"),
        ("bad-date", 10, "E013"),
    ]
    assert all(e["source"] == str(src) and e["reason"].startswith(f"[{e['code']}]") for e in errors)
    assert not parts_dir(out).exists()


class Crash(Exception):
    pass


def _crash_after(records, n: int, exc: type[BaseException]):
    for i, rec in enumerate(records):
        if i == n:
            raise exc
        yield rec


def test_resume_after_interrupt_and_crash(tmp_path: Path, articles) -> None:
    src = _dump(tmp_path / "in.jsonl", articles)
    ref = tmp_path / "ref.jsonl"
    run_batch(read_inputs([src]), ref, part_size=2)
    out = tmp_path / "out.jsonl"
    # Ctrl-C after 7 records: parts of 2 records are committed, the 7th is not, the summary says so
    summary = run_batch(_crash_after(read_inputs([src]), 7, KeyboardInterrupt), out, part_size=2)
    assert summary.interrupted and not summary.complete and (summary.read, summary.parts) == (6, 3)
    assert not out.exists() and len(list(parts_dir(out).glob("part-*"))) == 3
    # a crash while a part is being written leaves only a temporary folder, which resume removes
    (parts_dir(out) / "part-000000000006.tmp-99999-1").mkdir()
    (parts_dir(out) / "part-000000000006.tmp-99999-1" / "results.jsonl").write_text("{half a rec", encoding="utf-8")
    with pytest.raises(Crash):
        run_batch(_crash_after(read_inputs([src]), 9, Crash), out, part_size=2, resume=True)
    summary = run_batch(read_inputs([src]), out, part_size=2, resume=True)
    assert summary.complete and summary.skipped == 8 and summary.read == len(articles) - 8
    assert (summary.total_written, summary.total_failed) == (len(articles), 0)
    assert out.read_bytes() == ref.read_bytes()  # every id once, in input order, same results
    again = run_batch(read_inputs([src]), out, part_size=2, resume=True)
    assert again.read == 0 and "nothing to resume" in again.extra["note"]


def test_table_formats_and_duckdb_join(tmp_path: Path, articles) -> None:
    duckdb = pytest.importorskip("duckdb")
    pd = pytest.importorskip("pandas")
    src = _dump(tmp_path / "in.jsonl", articles[:4])
    for fmt, name in (("duckdb", "out.duckdb"), ("parquet", "out"), ("csv", "csv_out")):
        summary = run_batch(read_inputs([src]), tmp_path / name, BatchOptions(format=fmt), part_size=3)
        assert summary.complete and summary.written == 4
    con = duckdb.connect(str(tmp_path / "out.duckdb"), read_only=True)
    assert {r[0] for r in con.execute(WHO_MET_ALIYEV).fetchall()} == MET_ALIYEV
    assert con.execute("select count(*) from articles").fetchone() == (4,)
    con.close()
    assert sorted(p.name for p in (tmp_path / "out" / "events").iterdir()) == [
        "part-000000000000.parquet",
        "part-000000000003.parquet",
    ]
    events = pd.read_parquet(tmp_path / "out" / "events")
    parts = pd.read_parquet(tmp_path / "out" / "event_participants")
    assert set(events.merge(parts, on="event_id")["name_en"]) >= MET_ALIYEV
    frame = pd.read_csv(tmp_path / "csv_out" / "articles.csv")
    assert list(frame["article_id"]) == [a["id"] for a in articles[:4]]


def test_worker_pool_matches_single_process(tmp_path: Path, articles) -> None:
    src = _dump(tmp_path / "in.jsonl", articles[:8])
    one, two, spawned = tmp_path / "one.jsonl", tmp_path / "two.jsonl", tmp_path / "spawned.jsonl"
    summary = run_batch(read_inputs([src]), one, part_size=3)
    assert summary.extra["start_method"] == "inline" and summary.workers_line().startswith("1 worker (inline)")
    expected = start_method()  # fork where there is fork and this process runs one thread
    assert expected in {"fork", "spawn"}
    if threading.active_count() == 1:
        assert (expected == "fork") == sys.platform.startswith("linux")
    summary = run_batch(read_inputs([src]), two, workers=2, part_size=3)
    assert summary.complete and summary.written == 8
    assert summary.extra["start_method"] == expected
    assert two.read_bytes() == one.read_bytes()
    # workers that start afresh (the platforms without fork) write the same
    options = BatchOptions()
    backend = PoolBackend(2, options, method="spawn")
    summary = run_batch(read_inputs([src]), spawned, options, part_size=3, backend=backend)
    assert summary.complete and summary.extra["start_method"] == "spawn"
    assert spawned.read_bytes() == one.read_bytes()
    if blas_threads() is not None:  # OpenBLAS (numpy's wheels): each worker said it ran one thread
        assert summary.extra["blas_threads"] == 1
        assert "1 BLAS thread each" in summary.workers_line()


def test_tail_of_a_run_is_cut_into_small_parts() -> None:
    # one process: whole parts and the remainder, as before
    assert tail_sizes(2500, 1000, 1) == [1000, 1000, 500]
    assert tail_sizes(0, 1000, 4) == []
    for n, part, slots in [(3000, 1000, 4), (7, 1000, 4), (1999, 200, 2), (601, 200, 4), (1, 1, 4)]:
        sizes = tail_sizes(n, part, slots)
        assert sum(sizes) == n and all(0 < k <= part for k in sizes)
        assert sizes == sorted(sizes, reverse=True)  # the biggest parts go first
    # several workers: the last parts shrink, so that no worker is left with a whole part alone
    sizes = tail_sizes(3000, 1000, 4)
    assert sizes[0] < 1000 and sizes[-2] <= 1000 // 16


class _Poisoned:
    """The real pipeline, except that the stream raises when it reaches a poisoned id (as spaCy
    does when a component fails on a document: the results before it were already yielded)."""

    def __init__(self, nlp, poisoned: set[str]) -> None:
        self.nlp = nlp
        self.poisoned = poisoned
        self.streams = 0

    def extract_many(self, items, *, batch_size: int = 32):
        self.streams += 1
        items = list(items)
        for result in self.nlp.extract_many(items, batch_size=batch_size):
            if result.id in self.poisoned:
                raise RuntimeError(f"component failed on {result.id}")
            yield result


def test_safe_results_streams_and_isolates_the_failing_record(articles) -> None:
    nlp = get_pipeline(BatchOptions())
    records = [InputRecord(id=f"a{i}", text=str(a["text"]), title=a.get("title")) for i, a in enumerate(articles)]
    reference = [r.model_dump_json() for r in nlp.extract_many(records, batch_size=4)]
    clean = _Poisoned(nlp, set())
    batches = list(safe_results(clean, records, batch_size=4))
    assert clean.streams == 1  # one stream for the whole part, not one per batch
    assert [len(b) for b in batches[:-1]] == [4] * (len(batches) - 1)
    assert [r.model_dump_json() for b in batches for r in b] == reference
    # two bad records in one batch, one at the very end: each fails alone, nothing else is lost
    bad = {"a1", "a2", f"a{len(records) - 1}"}
    poisoned = _Poisoned(nlp, bad)
    got = [r for b in safe_results(poisoned, records, batch_size=4) for r in b]
    assert [r.id for r in got] == [r.id for r in records]
    failed = [r for r in got if r.errors]
    assert {r.id for r in failed} == bad and all(r.errors[0].code == "E104" for r in failed)
    assert all("component failed on" in r.errors[0].message for r in failed)
    assert [r.model_dump_json() for r in got if not r.errors] == [
        line for line, rec in zip(reference, records, strict=True) if rec.id not in bad
    ]


def test_parts_free_what_they_add_to_the_vocabulary(tmp_path: Path, articles, monkeypatch) -> None:
    """Parts run in spaCy memory zones: the vocabulary does not grow with the dump."""
    from mideast_nlp import batch

    monkeypatch.setattr(batch, "MEMORY_ZONE_RECORDS", 4)  # a zone closes after 4 articles
    options = BatchOptions()
    nlp = get_pipeline(options)
    strings = nlp.spacy.vocab.strings
    records = [InputRecord(id=f"z{i}", text=str(a["text"])) for i, a in enumerate(articles)]
    expected = [r.model_dump_json() for r in nlp.extract_many(records[:3])]
    before = len(strings)
    parts = tmp_path / "parts"
    parts.mkdir()
    word = "قيرغيزستانيونالمتخيلون"
    process_part(parts, "part-000000000000", records[:3], options)
    assert nlp.spacy.vocab.in_memory_zone  # 3 articles: the zone stays open for the next part
    process_part(parts, "part-000000000003", [InputRecord(id="new", text=f"زار {word} تونس"), *records[3:]], options)
    assert not nlp.spacy.vocab.in_memory_zone  # 3 + 1 + more articles: closed
    assert len(strings) == before and word not in strings
    lines = (parts / "part-000000000000" / "results.jsonl").read_text(encoding="utf-8").split("\n")
    assert lines[:-1] == expected and lines[-1] == ""  # the same records as outside a zone
    # an inline run leaves no zone open behind it
    src = _dump(tmp_path / "in.jsonl", articles[:2])
    run_batch(read_inputs([src]), tmp_path / "out.jsonl", options)
    assert not nlp.spacy.vocab.in_memory_zone and len(strings) == before


def test_worker_processes_are_tuned() -> None:
    import platform

    import numpy as np

    np.dot(np.ones((64, 64)), np.ones((64, 64)))  # OpenBLAS loaded and used
    if blas_threads() is None:
        pytest.skip("no OpenBLAS that says how many threads it runs")
    assert set_blas_threads(1) == 1 and blas_threads() == 1
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"  # for the processes started from here
    assert tune_malloc() == (sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc")
    with pytest.raises(ValueError, match="blas_threads"):
        BatchOptions(blas_threads=0)


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::ResourceWarning", "ignore::UserWarning")
def test_dask_local_cluster(tmp_path: Path, articles) -> None:
    distributed = pytest.importorskip("distributed")
    pd = pytest.importorskip("pandas")
    from mideast_nlp.dask import run

    src = _dump(tmp_path / "in.jsonl", articles[:10])
    out = tmp_path / "out"
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        summary = run(read_inputs([src]), out, client=client, part_size=3)
    # 10 records in parts of 3 on 2 workers (4 in flight): all of it is the tail, cut small
    assert summary.complete and (summary.read, summary.written) == (10, 10)
    assert summary.parts > 4  # more parts than 10 records in whole parts of 3
    assert len(list((out / "articles").glob("part-*.parquet"))) == summary.parts
    frame = pd.read_parquet(out / "articles")
    assert sorted(frame["article_id"]) == sorted(a["id"] for a in articles[:10])


def test_progress_bar_and_quiet() -> None:
    stream = io.StringIO()
    bar = ProgressBar(enabled=True, stats=ReadStats(bytes_total=1000, bytes_done=250), stream=stream)
    bar.seen = 10
    bar.update(10, 2000)
    bar.close()
    text = stream.getvalue()
    assert "10 articles" in text and "words/s" in text and "25%" in text and "ETA" in text
    quiet = io.StringIO()
    ProgressBar(enabled=False, stream=quiet).update(5, 5)
    assert quiet.getvalue() == ""


def test_jsonl_reader_reads_batch_output(tmp_path: Path, results) -> None:
    """A JSONL output is a valid input (ids and texts kept), e.g. to re-run a newer pipeline."""
    path = tmp_path / "r.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        write_jsonl(results, fh)
    recs = list(read_jsonl(path))
    assert [(r.id, r.text) for r in recs] == [(r.id, r.text) for r in results]


def test_line_and_paragraph_separators_stay_inside_their_record(tmp_path: Path, articles) -> None:
    """U+2028/U+2029 (one ANT article has a U+2029) are written unescaped inside a JSON string:
    the output still has one record per "\\n"-terminated line, and reads back whole."""
    first, second = (dict(a) for a in articles[:2])
    first["text"] = str(first["text"]).replace(". ", ".\u2029", 1)
    second["text"] = str(second["text"]).replace(" ", "\u2028", 1)
    src = _dump(tmp_path / "in.jsonl", [first, second, *articles[2:4]])
    out = tmp_path / "out.jsonl"
    summary = run_batch(read_inputs([src]), out, part_size=2)
    assert summary.complete and summary.written == 4
    raw = out.read_text(encoding="utf-8")
    assert "\u2029" in raw and "\u2028" in raw
    lines = raw.split("\n")
    assert len(lines) == 5 and lines[-1] == ""
    back = list(read_jsonl(out))
    assert [(r.id, r.text) for r in back] == [(a["id"], a["text"]) for a in (first, second, *articles[2:4])]
