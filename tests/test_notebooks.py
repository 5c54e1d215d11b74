"""The example notebooks: committed without outputs, and they run from top to bottom on small inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))
CORPUS = ROOT.parent / "shared" / "data" / "news" / "ant_articles.jsonl.gz"


def test_notebooks_exist() -> None:
    assert {p.name for p in NOTEBOOKS} >= {"quickstart.ipynb", "corpus.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{path.name}: strip the outputs before committing"
            assert cell["execution_count"] is None
    assert "widgets" not in nb["metadata"]


def _run(path: Path, monkeypatch: pytest.MonkeyPatch, *, until: str | None = None, **env: str):
    """Execute a notebook in a fresh kernel (in ``examples/``); with ``until``, only up to and
    including the first cell containing that string."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    for mod in ("pandas", "matplotlib", "networkx"):
        pytest.importorskip(mod)
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")  # no jupyter_core deprecation warning
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    nb = nbformat.read(path, as_version=4)
    if until is not None:
        last = next(i for i, cell in enumerate(nb.cells) if until in cell.source)
        nb.cells = nb.cells[: last + 1]
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(EXAMPLES)}}
    )
    client.execute()  # raises CellExecutionError with the cell and traceback if a cell fails
    return nb


def _outputs(nb, kind: str) -> list[str]:
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if kind == "stream" and o.get("output_type") == "stream":
                out.append(o["text"])
            elif kind in o.get("data", {}):
                data = o["data"][kind]
                out.append(data if isinstance(data, str) else "".join(data))
    return out


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_quickstart_runs(monkeypatch) -> None:
    nb = _run(EXAMPLES / "quickstart.ipynb", monkeypatch)
    html = _outputs(nb, "text/html")
    assert any('class="mnlp-text" dir="rtl"' in h for h in html)  # the article view
    assert any("<table" in h and "Ilham Aliyev" in h for h in html)  # DataFrames
    assert len(_outputs(nb, "image/png")) == 2  # the network, in English and in Arabic
    assert any("Jens Stoltenberg" in t for t in _outputs(nb, "text/plain"))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.skipif(not CORPUS.is_file(), reason=f"news corpus not at {CORPUS}")
def test_corpus_notebook_runs_on_a_small_sample(monkeypatch) -> None:
    nb = _run(EXAMPLES / "corpus.ipynb", monkeypatch, MIDEAST_NLP_N_ARTICLES="40")
    text = "".join(_outputs(nb, "stream"))
    assert "40 articles" in text and "Corpus:" in text
    assert len(_outputs(nb, "image/png")) == 4  # two networks, two timelines
    assert any('dir="rtl"' in h for h in _outputs(nb, "text/html"))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_corpus_notebook_falls_back_to_the_bundled_articles(monkeypatch, tmp_path) -> None:
    nb = _run(
        EXAMPLES / "corpus.ipynb",
        monkeypatch,
        until="articles = read_articles(",
        MIDEAST_NLP_CORPUS=str(tmp_path / "missing.jsonl.gz"),
    )
    text = "".join(_outputs(nb, "stream"))
    assert "is not at" in text and "articles.jsonl" in text
    assert "12 articles" in text
