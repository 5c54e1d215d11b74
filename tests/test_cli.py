from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mideast_nlp import __version__
from mideast_nlp.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXE = shutil.which("mideast-nlp") or str(Path(sys.executable).with_name("mideast-nlp"))


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], capture_output=True, text=True, input=stdin, cwd=ROOT, timeout=300)


def test_console_script_extracts_example_jsonl(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    proc = run("extract", "examples/articles.jsonl", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    n_in = len((ROOT / "examples/articles.jsonl").read_text(encoding="utf-8").splitlines())
    assert len(lines) == n_in
    first = json.loads(lines[0])
    assert first["id"] == "aliyev_stoltenberg_ar" and first["errors"] == []
    assert "read 12, written 12, failed 0" in proc.stderr


def test_console_script_pretty_and_stdin() -> None:
    proc = run("extract", "examples/aliyev_stoltenberg_ar.txt", "--format", "pretty")
    assert proc.returncode == 0, proc.stderr
    assert "=== aliyev_stoltenberg_ar" in proc.stdout and "sentences" in proc.stdout
    proc = run("extract", "-", "--format", "jsonl", stdin="التقى الرئيس علييف الأمين العام.")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["text"] == "التقى الرئيس علييف الأمين العام."


def test_malformed_line_becomes_error_record(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"id": "ok", "text": "التقى الوزيران"}\n{oops\n{"id": "ok2", "text": "وصل الوفد"}\n', encoding="utf-8"
    )
    proc = run("extract", str(src), "--format", "jsonl")
    assert proc.returncode == 0
    recs = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [r["id"] for r in recs] == ["ok", "in:2", "ok2"]
    assert recs[1]["errors"][0]["code"] == "E008" and recs[1]["errors"][0]["line"] == 2
    assert "failed 1" in proc.stderr


def test_unreadable_input_exits_nonzero_with_one_line(tmp_path: Path) -> None:
    proc = run("extract", str(tmp_path / "nope.txt"))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "E010" in proc.stderr


def test_normalize_schema_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["normalize", "إلى الأمامِ ١٢٣"]) == 0
    assert capsys.readouterr().out.strip() == "الي الامام 123"
    assert main(["normalize", "--fold", "مدينة"]) == 0
    assert capsys.readouterr().out.strip() == "مدينه"
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "ArticleResult"
    with pytest.raises(SystemExit):
        main(["--version"])
    assert __version__ in capsys.readouterr().out


def test_batch_output_formats_errors_and_quiet(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    lines = (ROOT / "examples/articles.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    src.write_text("\n".join([*lines, "{oops", '{"id": "x", "text": 3}']) + "\n", encoding="utf-8")
    out = tmp_path / "res.duckdb"
    proc = run("extract", str(src), "-o", str(out), "--workers", "1", "--part-size", "2", "--blas-threads", "1")
    assert proc.returncode == 0, proc.stderr
    assert "read 5, written 3, failed 2" in proc.stderr and "res.errors.jsonl" in proc.stderr
    assert "mideast-nlp: 1 worker (inline)" in proc.stderr  # and the BLAS threads, where it can tell
    errors = [json.loads(x) for x in (tmp_path / "res.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(e["id"], e["line"], e["code"]) for e in errors] == [("in:4", 4, "E008"), ("x", 5, "E007")]
    duckdb = pytest.importorskip("duckdb")
    with duckdb.connect(str(out), read_only=True) as con:
        assert con.execute("select count(*) from articles").fetchone() == (3,)
    proc = run("extract", str(src), "-o", str(tmp_path / "tables"), "--format", "csv", "--quiet", "--no-text")
    assert proc.returncode == 0 and proc.stderr == ""
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == [
        "articles.csv",
        "entities.csv",
        "event_participants.csv",
        "events.csv",
        "mentions.csv",
    ]
    proc = run("extract", str(src), "--resume")
    assert proc.returncode == 2 and "-o" in proc.stderr


def test_sigkill_then_resume_writes_every_id_once(tmp_path: Path) -> None:
    base = [json.loads(x) for x in (ROOT / "examples/articles.jsonl").read_text(encoding="utf-8").splitlines()]
    articles = [{**a, "id": f"{a['id']}-{k}"} for k in range(4) for a in base]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = ["extract", str(src), "-o", str(out), "--part-size", "2", "--batch-size", "2"]
    proc = subprocess.Popen([EXE, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    parts = tmp_path / "out.jsonl.parts"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if len([p for p in parts.glob("part-*") if ".tmp-" not in p.name]) >= 3:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert not out.exists()
    done = proc_resume = run(*args, "--resume")
    assert proc_resume.returncode == 0, done.stderr
    assert "skipped" in done.stderr
    ids = [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()]
    assert ids == [a["id"] for a in articles]  # every id exactly once, in input order
    assert not parts.exists()


def _children(pid: int) -> list[int]:
    """The live processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_when_the_main_process_is_killed(tmp_path: Path) -> None:
    base = [json.loads(x) for x in (ROOT / "examples/articles.jsonl").read_text(encoding="utf-8").splitlines()]
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(json.dumps({**a, "id": f"{a['id']}-{k}"}, ensure_ascii=False) + "\n" for k in range(8) for a in base),
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    args = ["extract", str(src), "-o", str(out), "--part-size", "2", "--batch-size", "2", "--workers", "2"]
    proc = subprocess.Popen([EXE, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    parts = tmp_path / "out.jsonl.parts"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if any(".tmp-" not in p.name for p in parts.glob("part-*")):
            break
        time.sleep(0.05)
    workers = _children(proc.pid)
    assert proc.poll() is None and len(workers) >= 2, "the workers were not running"
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.05)
    alive = [
        w for w in workers if Path(f"/proc/{w}/stat").exists() and " Z " not in Path(f"/proc/{w}/stat").read_text()
    ]
    assert not alive, f"workers {alive} outlived the killed main process"
    done = run(*args, "--resume")
    assert done.returncode == 0, done.stderr
    ids = [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()]
    assert ids == [f"{a['id']}-{k}" for k in range(8) for a in base]
