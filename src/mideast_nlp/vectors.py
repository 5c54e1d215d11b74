"""Static vectors with a cache of computed floret rows (same values, computed once per word).

spaCy computes a floret vector from scratch each time a word occurs in a batch: it builds the
word's character n-grams and hashes each of them in Python, then averages the hashed rows. For
our NER model that was about a quarter of the ``tok2vec`` time. A floret vector depends on the
word alone and the table never changes at run time (static vectors are not trained), so
:class:`CachedVectors` keeps the vectors it has computed, keyed by the word's hash, in a
fixed-size table (``cache_rows`` words; it is emptied when full), and returns exactly what
:class:`spacy.vectors.Vectors` would.

Select it in a pipeline config with ``[nlp] vectors = {"@vectors":"mideast_nlp.CachedVectors.v1"}``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy
from spacy.vectors import Mode, Vectors
from spacy.vocab import Vocab

#: Default number of words whose floret vectors are kept (× 160 floats × 4 bytes = 32 MB).
CACHE_ROWS = 50_000
#: Words whose floret vectors are computed at once. spaCy gathers every hashed n-gram row of the
#: words it is given before averaging them (~30 rows of 160 floats a word: ~20 KB), so the first
#: batch of a long document asked for all its words at once (43,700 tokens: +860 MB for a moment).
#: In slices of 1,000 words the moment costs ~20 MB, at the same speed.
COMPUTE_SLICE = 1_000


class CachedVectors(Vectors):
    """:class:`spacy.vectors.Vectors` whose floret ``get_batch`` remembers computed vectors."""

    def __init__(self, *, cache_rows: int = CACHE_ROWS, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cache_rows = cache_rows
        self._row_of: dict[int, int] = {}
        self._table: numpy.ndarray | None = None

    def clear_cache(self) -> None:
        self._row_of = {}
        self._table = None

    def get_batch(self, keys: Iterable[int | str]) -> Any:
        given = list(keys.tolist() if hasattr(keys, "tolist") else keys)
        if self.mode != Mode.floret or not isinstance(self.data, numpy.ndarray) or not given:
            return super().get_batch(given)
        ids: list[int] = [self.strings.add(k) if isinstance(k, str) else int(k) for k in given]
        row_of = self._row_of
        missing = [k for k in dict.fromkeys(ids) if k not in row_of]
        if missing:
            if self._table is None or len(row_of) + len(missing) > self.cache_rows:
                if len(set(ids)) > self.cache_rows:
                    return self._compute(ids)
                self._table = numpy.zeros((self.cache_rows, self.data.shape[1]), dtype=self.data.dtype)
                row_of.clear()
                missing = list(dict.fromkeys(ids))
            start = len(row_of)
            for first in range(0, len(missing), COMPUTE_SLICE):
                keys = missing[first : first + COMPUTE_SLICE]
                self._table[start + first : start + first + len(keys)] = super().get_batch(keys)
            for offset, key in enumerate(missing):
                row_of[key] = start + offset
        assert self._table is not None
        return self._table[[row_of[k] for k in ids]]

    def _compute(self, ids: list[int]) -> Any:
        """The vectors of ``ids`` (more distinct words than the cache holds), computed in slices."""
        out = numpy.empty((len(ids), self.data.shape[1]), dtype=self.data.dtype)
        for first in range(0, len(ids), COMPUTE_SLICE):
            out[first : first + COMPUTE_SLICE] = super().get_batch(ids[first : first + COMPUTE_SLICE])
        return out

    def add(self, key: Any, **kwargs: Any) -> Any:
        self.clear_cache()
        return super().add(key, **kwargs)

    def resize(self, shape: Any, inplace: bool = False) -> Any:
        self.clear_cache()
        return super().resize(shape, inplace=inplace)

    def from_disk(self, path: Any, *, exclude: Iterable[str] = ()) -> CachedVectors:
        self.clear_cache()
        super().from_disk(path, exclude=exclude)
        return self

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> CachedVectors:
        self.clear_cache()
        super().from_bytes(data, exclude=exclude)
        return self


def create_cached_vectors(cache_rows: int = CACHE_ROWS) -> Callable[[Vocab], CachedVectors]:
    """The registered factory (``@vectors = "mideast_nlp.CachedVectors.v1"``)."""

    def make(vocab: Vocab) -> CachedVectors:
        return CachedVectors(strings=vocab.strings, cache_rows=cache_rows)

    return make
