"""The ``pretrain`` step of the NER build: raw-text JSONL and the merged pretraining config."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from thinc.api import Config

from mideast_nlp.training import ner


def _fake_dump(shared: Path, n: int) -> None:
    path = shared / "data/news/ant_articles.jsonl.gz"
    path.parent.mkdir(parents=True)
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"title": f"عنوان {i}", "text": f"نص المقال رقم {i}" if i % 3 else ""}) + "\n")


def test_pretrain_text_is_jsonl_spread_over_the_dump(tmp_path: Path) -> None:
    _fake_dump(tmp_path / "shared", 10)
    work = tmp_path / "work"
    work.mkdir()
    every = ner.write_pretrain_text(tmp_path / "shared", work)
    lines = [json.loads(x) for x in every.read_text(encoding="utf-8").splitlines()]
    assert set(lines[0]) == {"text"}
    assert len(lines) == 10 + 6  # every title, the non-empty texts
    some = ner.write_pretrain_text(tmp_path / "shared", work, articles=4)
    titles = [r["text"] for r in map(json.loads, some.read_text(encoding="utf-8").splitlines()) if "عنوان" in r["text"]]
    assert titles == ["عنوان 0", "عنوان 2", "عنوان 5", "عنوان 7"]


def test_pretrain_config_keeps_the_training_tok2vec(tmp_path: Path) -> None:
    # spacy train loads initialize.init_tok2vec only when [pretraining] names the component
    assert not Config().from_disk(ner.CONFIG, interpolate=False)["pretraining"]
    train_cfg = Config().from_disk(ner.CONFIG, interpolate=False)
    merged = Config().from_disk(ner.with_pretraining(ner.CONFIG, tmp_path / "p.cfg"), interpolate=False)
    assert merged["components"]["tok2vec"] == train_cfg["components"]["tok2vec"]
    assert merged["pretraining"]["component"] == "tok2vec"
    assert merged["pretraining"]["corpus"] == "corpora.pretrain"
    assert merged["corpora"]["pretrain"]["@readers"] == "spacy.JsonlCorpus.v1"
    assert merged["corpora"]["train"] == train_cfg["corpora"]["train"]
    assert ner.PRETRAINED_WEIGHTS.name == "model-last.bin"
