"""Shared fixtures: the pipeline is loaded once per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def nlp():
    import mideast_nlp

    return mideast_nlp.load()


@pytest.fixture(scope="session")
def reference_text() -> str:
    return (EXAMPLES / "aliyev_stoltenberg_ar.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def news_articles() -> list[dict[str, object]]:
    lines = (EXAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def reference_doc(nlp, reference_text):
    return nlp.spacy(reference_text)
