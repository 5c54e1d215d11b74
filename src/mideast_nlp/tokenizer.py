"""Clitic-aware Arabic tokenizer for spaCy.

The tokenizer reads the user's text as it is (``doc.text == text``): it finds words, numbers,
URLs and punctuation with one regular expression, then cuts proclitics off Arabic words with the
:class:`~mideast_nlp.segmenter.CliticSegmenter` (``وبالرياض`` → ``و`` ``ب`` ``الرياض``). Every token's
``idx`` points into the original text; ``token.norm_`` is the folded matching form
(:func:`mideast_nlp.normalizer.fold`), and after ل a dropped article is restored in the norm
(``للرئيس`` → ``ل`` ``لرئيس`` with norm ``الرئيس``). Clitic tokens have ``token._.is_clitic``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex
from spacy.attrs import NORM, PREFIX, SUFFIX
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .extensions import ensure_extensions
from .normalizer import fold
from .segmenter import CliticSegmenter

# Order matters: the first alternative that matches at a position wins.
TOKEN_PATTERN = regex.compile(
    r"""
    (?P<url>(?:https?://|www\.)[^\s<>"'«»]+[^\s<>"'«».,،;؛:!?؟)\]])
  | (?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)
  | (?P<num>\d+(?:[.,\u066B\u066C]\d+)*)
  | (?P<word>\p{L}[\p{L}\p{M}\p{Cf}\u0640]*)
  | (?P<inv>[\p{Cf}\p{M}]+)
  | (?P<punct>(?P<p>[^\s\p{L}\p{N}\p{M}\p{Cf}])(?P=p)*)
    """,
    regex.VERBOSE | regex.V1,
)
#: Splits a text into alternating non-whitespace chunks and whitespace runs (same ``\s`` as above).
_CHUNKS = regex.compile(r"(\s+)")
#: A chunk's tokens: the token strings, which of them are clitics, and restored norms (index, norm).
Chunk = tuple[tuple[str, ...], tuple[int, ...], tuple[tuple[int, str], ...]]
_ARABIC = regex.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")


#: How many distinct whitespace-free chunks the tokenizer remembers (about 100 bytes each).
CHUNK_CACHE_SIZE = 100_000


def _prefix(text: str) -> str:
    return fold(text)[:1]


def _suffix(text: str) -> str:
    return fold(text)[-3:]


class ArabicTokenizer:
    """A spaCy tokenizer: ``ArabicTokenizer(vocab)(text) -> Doc``.

    Lexeme attributes are computed on folded forms: ``NORM`` is :func:`fold`, and the ``PREFIX``
    and ``SUFFIX`` features that spaCy's models embed are taken from the folded form too, so a
    statistical model sees إلى and الى, ى and ي as the same word.
    """

    def __init__(self, vocab: Vocab, segmenter: CliticSegmenter | None = None) -> None:
        ensure_extensions()
        self.vocab = vocab
        self.segmenter = segmenter if segmenter is not None else CliticSegmenter.load()
        getters = dict(getattr(vocab, "lex_attr_getters", None) or {})
        getters.update({NORM: fold, PREFIX: _prefix, SUFFIX: _suffix})
        vocab.lex_attr_getters = getters  # type: ignore[attr-defined]
        self._chunk = lru_cache(maxsize=CHUNK_CACHE_SIZE)(self._chunk_uncached)

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaced: list[int] = []
        clitic_idx: list[int] = []
        restored: list[tuple[int, str]] = []
        chunk_tokens = self._chunk
        # Whitespace never occurs inside a token, so the text is cut at whitespace runs first and
        # each chunk (mostly one word) is tokenised once and cached: news repeats its words.
        # parts alternate chunk, whitespace, chunk, …; a chunk is empty only at the very start.
        parts = _CHUNKS.split(text)
        for i in range(0, len(parts), 2):
            chunk = parts[i]
            if chunk:
                tokens, clitics_at, norms_at = chunk_tokens(chunk)
                if clitics_at:
                    base = len(words)
                    clitic_idx.extend(base + k for k in clitics_at)
                    if norms_at:
                        restored.extend((base + k, norm) for k, norm in norms_at)
                words.extend(tokens)
            if i + 1 < len(parts):
                gap = parts[i + 1]
                # one space trails the token before it; the rest of the run is a token of its own
                if gap[0] == " " and words:
                    spaced.append(len(words) - 1)
                    gap = gap[1:]
                if gap:
                    words.append(gap)
        spaces = [False] * len(words)
        for i in spaced:
            spaces[i] = True
        doc = Doc(self.vocab, words=words, spaces=spaces)
        for i in clitic_idx:
            doc[i]._.is_clitic = True
        for i, norm in restored:
            doc[i].norm_ = norm
        return doc

    def _chunk_uncached(self, chunk: str) -> Chunk:
        """Tokens of a whitespace-free chunk: words, numbers, URLs, punctuation, clitics cut off."""
        words: list[str] = []
        clitic_idx: list[int] = []
        restored: list[tuple[int, str]] = []
        pos = 0
        for m in TOKEN_PATTERN.finditer(chunk):
            start = m.start()
            if start > pos:  # a character no pattern matches stands as a token of its own
                words.append(chunk[pos:start])
            token = m.group()
            if m.lastgroup == "word" and _ARABIC.match(token):
                for piece in self.segmenter.segment(token):
                    if piece.is_clitic:
                        clitic_idx.append(len(words))
                    elif piece.restored:
                        restored.append((len(words), piece.norm))
                    words.append(token[piece.start : piece.end])
            else:
                words.append(token)
            pos = m.end()
        if pos < len(chunk):
            words.append(chunk[pos:])
        return tuple(words), tuple(clitic_idx), tuple(restored)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    # spaCy serialises the tokenizer with the pipeline; ours is rebuilt from packaged data.
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return b""

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = ()) -> ArabicTokenizer:
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "README").write_text(
            "mideast_nlp.ArabicTokenizer: rebuilt from the lexicon packaged with mideast_nlp.\n", encoding="utf-8"
        )

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ArabicTokenizer:
        return self


def create_tokenizer() -> Callable[[Language], ArabicTokenizer]:
    """The registered factory (``@tokenizers = "mideast_nlp.ArabicTokenizer.v1"``)."""

    def make(nlp: Language) -> ArabicTokenizer:
        return ArabicTokenizer(nlp.vocab)

    return make


def tokenizer_settings() -> dict[str, Any]:
    """The ``[nlp.tokenizer]`` block that selects this tokenizer in a spaCy config."""
    return {"@tokenizers": "mideast_nlp.ArabicTokenizer.v1"}
