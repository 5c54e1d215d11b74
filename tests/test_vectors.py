"""CachedVectors returns exactly the floret vectors spaCy computes, whatever the cache holds."""

from __future__ import annotations

import numpy
import pytest
from spacy.strings import StringStore
from spacy.vectors import Vectors

from mideast_nlp.vectors import CachedVectors

SETTINGS = {"mode": "floret", "minn": 2, "maxn": 3, "hash_count": 2}
WORDS = ["أذربيجان", "اذربيجان", "ستولتنبرغ", "بروكسل", "و", "الناتو", "أذربيجان", "باكو", "بروكسل"]


def _pair(cache_rows: int) -> tuple[Vectors, CachedVectors, StringStore]:
    strings = StringStore()
    data = numpy.random.default_rng(0).standard_normal((97, 8)).astype("float32")
    plain = Vectors(strings=strings, data=data, **SETTINGS)
    cached = CachedVectors(strings=strings, data=data.copy(), cache_rows=cache_rows, **SETTINGS)
    return plain, cached, strings


@pytest.mark.parametrize("cache_rows", [2, 5, 1000])
def test_same_vectors_as_spacy(cache_rows: int) -> None:
    plain, cached, strings = _pair(cache_rows)
    keys = numpy.asarray([strings.add(w) for w in WORDS], dtype="uint64")
    expected = plain.get_batch(keys)
    for _ in range(3):  # first call fills the cache, later calls read it (or overflow and refill)
        got = cached.get_batch(keys)
        assert got.shape == (len(WORDS), 8)
        numpy.testing.assert_array_equal(got, expected)
    # a batch of other words, then the first batch again
    numpy.testing.assert_array_equal(cached.get_batch(keys[2:5]), plain.get_batch(keys[2:5]))
    numpy.testing.assert_array_equal(cached.get_batch(keys), expected)
    # spelling variants differ: the cache is keyed by the exact word
    assert not numpy.array_equal(expected[0], expected[1])
    numpy.testing.assert_array_equal(expected[0], expected[6])


def test_string_keys_and_reload_clear_the_cache(tmp_path) -> None:
    plain, cached, _ = _pair(100)
    numpy.testing.assert_array_equal(cached.get_batch(["باكو", "بروكسل"]), plain.get_batch(["باكو", "بروكسل"]))
    plain.data[:] = 0.5
    plain.to_disk(tmp_path)
    cached.from_disk(tmp_path)  # new table: nothing stale may be returned
    numpy.testing.assert_allclose(cached.get_batch(["باكو"]), numpy.full((1, 8), 0.5, dtype="float32"), rtol=1e-6)


def test_vectors_computed_in_slices_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    import mideast_nlp.vectors as vectors_module

    monkeypatch.setattr(vectors_module, "COMPUTE_SLICE", 2)
    plain, cached, strings = _pair(cache_rows=1000)
    keys = numpy.asarray([strings.add(w) for w in WORDS], dtype="uint64")
    numpy.testing.assert_array_equal(cached.get_batch(keys), plain.get_batch(keys))
    # more distinct words than the cache holds: computed in slices without the cache
    small = CachedVectors(strings=strings, data=cached.data.copy(), cache_rows=3, **SETTINGS)
    numpy.testing.assert_array_equal(small.get_batch(keys), plain.get_batch(keys))
