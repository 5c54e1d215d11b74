"""The wheel, installed into a fresh virtual environment outside the repository, loads and extracts."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_installs_and_extracts_in_fresh_venv(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
        timeout=600,
    )
    wheels = list(dist.glob("mideast_nlp-*.whl"))
    assert len(wheels) == 1
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheels[0])], check=True, timeout=900)
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(ROOT / "examples" / "aliyev_stoltenberg_ar.txt", work / "article.txt")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    code = (
        "import json, mideast_nlp, importlib.resources as r;"
        "nlp = mideast_nlp.load();"
        "res = nlp.extract(open('article.txt', encoding='utf-8').read(), id='a');"
        "print(json.dumps({'file': mideast_nlp.__file__, 'sents': len(res.sentences),"
        " 'mentions': [m.text for m in res.mentions], 'pipes': nlp.pipe_names}, ensure_ascii=False))"
    )
    proc = subprocess.run([str(py), "-c", code], cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert str(env_dir) in out["file"], "the package must come from the fresh venv, not the checkout"
    assert out["sents"] >= 20
    assert out["pipes"][:3] == ["mideast_sentencizer", "tok2vec", "ner"], "the NER model must ship in the wheel"
    assert "ستولتنبرغ" in out["mentions"] and "أذربيجان" in out["mentions"]
    cli = env_dir / "bin" / "mideast-nlp"
    proc = subprocess.run(
        [str(cli), "extract", "article.txt", "--format", "jsonl"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["id"] == "article"
