"""Sentence boundaries for Arabic news: punctuation (. ! ? ؟ … ۔), line and paragraph breaks.

A sentence ends after sentence-final punctuation (and any closing quotes or brackets after it),
unless the token before the full stop is an initial or a listed abbreviation, or the next token is
a digit or lower-case Latin word; a newline always ends a sentence (headlines, datelines and
boilerplate lines such as "SHARE:" stand on their own lines in real dumps).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy
from spacy.attrs import IS_DIGIT, IS_SPACE, NORM, ORTH, SENT_START
from spacy.tokens import Doc

from .lang.chars import CLOSERS, SENTENCE_FINAL
from .normalizer import fold


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    text = resources.files("mideast_nlp").joinpath("lang/abbreviations.txt").read_text(encoding="utf-8")
    return frozenset(fold(x.strip()) for x in text.splitlines() if x.strip() and not x.startswith("#"))


def _is_final(text: str) -> bool:
    return bool(text) and all(ch in SENTENCE_FINAL for ch in text)


def _is_abbreviation(doc: Doc, i: int, texts: list[str], norms: list[str]) -> bool:
    """Is the full stop at ``doc[i]`` part of an abbreviation or initial?"""
    if texts[i] != "." or i == 0 or doc[i - 1].whitespace_:
        return False
    prev = norms[i - 1]
    if len(prev) == 1 and prev.isalpha():
        return True
    return prev in abbreviations()


class ArabicSentencizer:
    """Set ``token.is_sent_start`` on every token (a spaCy component: ``nlp.add_pipe("mideast_sentencizer")``)."""

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        # token attributes read from the Doc's arrays: no Token object per token
        strings = doc.vocab.strings
        arr = doc.to_array([ORTH, NORM, IS_SPACE, IS_DIGIT]).tolist()
        texts = [strings[row[0]] for row in arr]
        norms = [strings[row[1]] for row in arr]
        space = [bool(row[2]) for row in arr]
        digit = [bool(row[3]) for row in arr]
        starts = [False] * n
        starts[0] = True
        i = 0
        while i < n:
            text = texts[i]
            if space[i]:
                if "\n" in text and i + 1 < n:
                    starts[i + 1] = True
                i += 1
                continue
            if _is_final(text) and not _is_abbreviation(doc, i, texts, norms):
                j = i + 1
                while j < n and (texts[j] in CLOSERS or _is_final(texts[j])):
                    j += 1
                while j < n and space[j]:
                    j += 1
                if j < n and not (digit[j] and text == "." and not doc[i].whitespace_):
                    starts[j] = True
                i = j
                continue
            i += 1
        # A whitespace token never starts a sentence: move the start to the next real token.
        for k in range(n):
            if starts[k] and space[k] and k + 1 < n:
                starts[k] = k == 0
                starts[k + 1] = True
        values = numpy.array([1 if start else -1 for start in starts], dtype="int64").astype("uint64").reshape(-1, 1)
        doc.from_array([SENT_START], values)  # type: ignore[arg-type]
        return doc
