"""Readers for the training corpora in ``../shared/data`` (build time only, never at run time).

Each reader yields sentences as lists of ``(word, tag)`` pairs, with tags in BIO form over the
corpus's own label set; mapping onto our labels happens in the NER training code.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import regex

from ..lang.chars import INVISIBLE

Sentence = list[tuple[str, str]]
_INVISIBLE_TABLE = {ord(c): None for c in INVISIBLE}
WORD = regex.compile(r"[\p{L}\p{M}\u0640]+")


def default_shared() -> Path:
    """``../shared`` seen from the repository root (the layout of every checkout)."""
    return Path(__file__).resolve().parents[3].parent / "shared"


def read_conll(path: Path, *, sep: str | None = None, encoding: str = "utf-8") -> Iterator[Sentence]:
    """Read ``word TAG`` lines with blank lines between sentences (ANERcorp, Wojood, AQMAR)."""
    sent: Sentence = []
    with path.open(encoding=encoding, errors="replace") as fh:
        for raw in fh:
            line = raw.rstrip("\r\n").translate(_INVISIBLE_TABLE)
            if not line.strip():
                if sent:
                    yield sent
                    sent = []
                continue
            parts = line.split(sep) if sep else line.split()
            if len(parts) < 2:
                continue
            if sep:
                sent.append((parts[0], parts[1]))
            else:
                # the tag is the last column: a few ANERcorp words contain a space ("الصالحية ونايفة O")
                sent.append((" ".join(parts[:-1]), parts[-1]))
    if sent:
        yield sent


def read_wikifane(path: Path) -> Iterator[Sentence]:
    """WikiFANE gold: BOM, CRLF, U+200E before most tokens, tab-separated fine-grained BIO tags."""
    yield from read_conll(path, sep="\t", encoding="utf-8-sig")


def iter_news_texts(path: Path) -> Iterator[str]:
    """Titles and texts of the ANT news dump (JSONL.gz)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            yield str(rec.get("title") or "")
            yield str(rec.get("text") or "")


PROCLITIC_TOKENS = frozenset({"و", "ف", "ب", "ل", "ك", "س"})
ENCLITIC_TOKENS = frozenset({"ه", "ها", "هم", "هما", "هن", "كم", "نا", "ي"})
#: WikiFANE sentences with ``index % WIKIFANE_FOLDS == WIKIFANE_HELDOUT`` are held out of every
#: statistic the segmenter learns, so that the segmentation benchmark scores unseen text.
WIKIFANE_FOLDS = 5
WIKIFANE_HELDOUT = 4


def rebuild_words(sent: Sentence) -> list[tuple[str, tuple[int, ...], str]]:
    """Rebuild surface words from clitic-split tokens (WikiFANE).

    Returns ``(surface word, gold proclitic cut points, tag of the stem token)`` per word: each
    proclitic token is joined to the token after it, each enclitic pronoun token to the one before.
    """
    words: list[tuple[str, tuple[int, ...], str]] = []
    prefix = ""
    cuts: list[int] = []
    for tok, tag in sent:
        if tok in ENCLITIC_TOKENS and words and not prefix:
            w, c, t = words[-1]
            words[-1] = (w + tok, c, t)
            continue
        if tok in PROCLITIC_TOKENS:
            prefix += tok
            cuts.append(len(prefix))
            continue
        words.append((prefix + tok, tuple(cuts), tag))
        prefix, cuts = "", []
    return words
