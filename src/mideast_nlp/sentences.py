"""Sentence boundaries for Arabic news: punctuation (. ! ? ؟ … ۔), line and paragraph breaks.

A sentence ends after sentence-final punctuation (and any closing quotes or brackets after it),
unless the token before the full stop is an initial or a listed abbreviation, or the next token is
a digit or lower-case Latin word; a newline always ends a sentence (headlines, datelines and
boilerplate lines such as "SHARE:" stand on their own lines in real dumps).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc

from .lang.chars import CLOSERS, SENTENCE_FINAL
from .normalizer import fold


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    text = resources.files("mideast_nlp").joinpath("lang/abbreviations.txt").read_text(encoding="utf-8")
    return frozenset(fold(x.strip()) for x in text.splitlines() if x.strip() and not x.startswith("#"))


def _is_final(text: str) -> bool:
    return bool(text) and all(ch in SENTENCE_FINAL for ch in text)


def _is_abbreviation(doc: Doc, i: int) -> bool:
    """Is the full stop at ``doc[i]`` part of an abbreviation or initial?"""
    if doc[i].text != "." or i == 0 or doc[i - 1].whitespace_:
        return False
    prev = doc[i - 1].norm_
    if len(prev) == 1 and prev.isalpha():
        return True
    return prev in abbreviations()


class ArabicSentencizer:
    """Set ``token.is_sent_start`` on every token (a spaCy component: ``nlp.add_pipe("mideast_sentencizer")``)."""

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        starts = [False] * n
        starts[0] = True
        i = 0
        while i < n:
            tok = doc[i]
            if tok.is_space:
                if "\n" in tok.text and i + 1 < n:
                    starts[i + 1] = True
                i += 1
                continue
            if _is_final(tok.text) and not _is_abbreviation(doc, i):
                j = i + 1
                while j < n and (doc[j].text in CLOSERS or _is_final(doc[j].text)):
                    j += 1
                while j < n and doc[j].is_space:
                    j += 1
                if j < n and not (doc[j].is_digit and tok.text == "." and not doc[i].whitespace_):
                    starts[j] = True
                i = j
                continue
            i += 1
        # A whitespace token never starts a sentence: move the start to the next real token.
        for k in range(n):
            if starts[k] and doc[k].is_space and k + 1 < n:
                starts[k] = k == 0
                starts[k + 1] = True
        for k in range(n):
            doc[k].is_sent_start = starts[k]
        return doc
