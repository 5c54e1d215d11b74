"""Data-driven proclitic segmentation of Arabic words.

A surface word such as ``وبالرياض`` is one token to a whitespace tokenizer and three words to a
linguist (``و`` + ``ب`` + ``الرياض``). The segmenter decides where to cut from evidence, not from a
bare prefix rule:

* word counts from 9M words of Arabic news (how often the would-be stem stands alone, against how
  often the whole word is seen), built by ``python -m mideast_nlp.training.segmenter_lexicon``;
* a set of names that must stay whole even though they begin with a clitic letter (بغداد، بيروت،
  واشنطن), from the gold entity tokens of WikiFANE and the knowledge base;
* words that begin with و or ف but are lexemes of their own (واحد، وزير، فكرة), learned from
  WikiFANE, which splits the conjunctions everywhere else;
* a list of function words that are never split (``lang/no_split.txt``).

Cut points are offsets into the *surface* word, so tokens keep pointing into the user's text.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import Errors, ModelError
from .lang import clitics
from .normalizer import DEFAULT_CONFIG, fold

_LEXICON_FILE = "data/segmenter/lexicon.tsv.gz"


@dataclass(frozen=True, slots=True)
class Piece:
    """One piece of a surface word: ``word[start:end]``, its folded form, and whether it is a clitic."""

    start: int
    end: int
    norm: str
    is_clitic: bool
    #: True when ``norm`` restores an article that ل swallowed (ل + لرئيس → norm الرئيس).
    restored: bool = False


#: Segmentation decisions use folded forms that keep ة apart from ه (بلدية is not ب + لديه).
KEY_CONFIG = DEFAULT_CONFIG


def key(text: str) -> str:
    """The form under which the segmenter's lexicon counts a word."""
    return fold(text, KEY_CONFIG)


#: ``key`` of one character, memoised: words are folded letter by letter below.
_key_char = lru_cache(maxsize=8192)(key)


def _letter_positions(word: str) -> tuple[str, list[int]] | None:
    """Fold ``word`` letter by letter; return the folded form and where each folded letter starts.

    Returns ``None`` when folding does not keep one letter per surface character (presentation
    forms, ligatures): such rare words are not segmented.
    """
    folded: list[str] = []
    positions: list[int] = []
    for i, ch in enumerate(word):
        f = _key_char(ch)
        if not f:
            continue
        if len(f) != 1:
            return None
        folded.append(f)
        positions.append(i)
    return "".join(folded), positions


class CliticSegmenter:
    """Split proclitics (و ف ب ل ك س) off Arabic words, deciding from word counts and name lists."""

    def __init__(
        self,
        counts: Mapping[str, int],
        *,
        names: Iterable[str] = (),
        whole: Iterable[str] = (),
        no_split: Iterable[str] = (),
        cache_size: int = 200_000,
    ) -> None:
        self.counts = counts
        self.names = frozenset(names)
        self.no_split = frozenset(no_split) | frozenset(whole)
        self._split = lru_cache(maxsize=cache_size)(self._split_uncached)
        self.segment = lru_cache(maxsize=cache_size)(self._segment_uncached)  # type: ignore[method-assign]

    @classmethod
    def load(cls, path: Path | None = None) -> CliticSegmenter:
        """Load the packaged lexicon (or the one at ``path``)."""
        return _load_default() if path is None else _load(path)

    def count(self, folded: str) -> int:
        return self.counts.get(folded, 0)

    def segment(self, word: str) -> tuple[Piece, ...]:
        """Return the pieces of ``word`` (one piece when nothing is split off)."""
        return self._segment_uncached(word)

    def _segment_uncached(self, word: str) -> tuple[Piece, ...]:
        cuts = self._split(word)
        if not cuts:
            return (Piece(0, len(word), fold(word), False),)
        pieces: list[Piece] = []
        bounds = (0, *cuts, len(word))
        for i in range(len(bounds) - 1):
            s, e = bounds[i], bounds[i + 1]
            last = i == len(bounds) - 2
            norm = fold(word[s:e])
            # (the lexicon counts key forms, which keep ة: للمملكة → ل + لمملكة is المملكة)
            restored = last and pieces[-1].norm == "ل" and norm.startswith("ل") and self._article_lost(key(word[s:e]))
            pieces.append(Piece(s, e, "ا" + norm if restored else norm, not last, restored))
        return tuple(pieces)

    def split_points(self, word: str) -> tuple[int, ...]:
        """Offsets into ``word`` where a clitic ends and the next piece starts."""
        return self._split(word)

    def _article_lost(self, stem: str) -> bool:
        """After ل, is ``لX`` really ``الX`` with the article's alef dropped (للرئيس → ل + الرئيس)?"""
        return self.count("ا" + stem) > self.count(stem)

    def _stem_count(self, clitic: str, stem: str) -> int:
        n = self.count(stem)
        if clitic == "ل" and stem.startswith("ل"):
            n = max(n, self.count("ا" + stem))
        if clitic == clitics.FUTURE and n < clitics.MIN_STEM_COUNT:
            # a rare dual or plural of a frequent verb: سيجتمعان is س + يجتمعان (يجتمع)
            for suffix in clitics.IMPERFECT_NUMBER_SUFFIXES:
                base = stem[: -len(suffix)]
                if stem.endswith(suffix) and len(base) >= 3 and self.count(base) >= clitics.FUTURE_BASE_COUNT:
                    n = max(n, clitics.MIN_STEM_COUNT)
        return n

    def _split_uncached(self, word: str) -> tuple[int, ...]:
        letters = _letter_positions(word)
        if letters is None:
            return ()
        folded, positions = letters
        if len(folded) <= clitics.MIN_STEM_LETTERS or folded in self.no_split or folded in self.names:
            return ()
        best: tuple[int, ...] = ()
        best_count = -1
        whole = self.count(folded)
        for n_letters, last_clitic in self._prefix_candidates(folded):
            stem = folded[n_letters:]
            if len(stem) < clitics.MIN_STEM_LETTERS or stem in clitics.PRONOUN_SUFFIXES:
                continue
            if n_letters == 1 and last_clitic in clitics.CONJUNCTIONS and (stem in self.no_split or stem in self.names):
                # و + a word that is itself never split: cut the conjunction and stop there.
                return (positions[1],) if self.count(stem) >= clitics.MIN_STEM_COUNT else ()
            n = self._stem_count(last_clitic, stem)
            if n < clitics.MIN_STEM_COUNT or n < clitics.MIN_STEM_RATIO[last_clitic] * whole:
                continue
            if n > best_count:
                best_count = n
                best = tuple(positions[k] for k in range(1, n_letters + 1))
        return best

    @staticmethod
    def _prefix_candidates(folded: str) -> list[tuple[int, str]]:
        """(number of clitic letters, the clitic nearest the stem) for each possible prefix."""
        out: list[tuple[int, str]] = []
        i = 0
        if folded[0] in clitics.CONJUNCTIONS:
            out.append((1, folded[0]))
            i = 1
        if i < len(folded) - 1:
            ch = folded[i]
            if ch in clitics.PREPOSITIONS or (ch == clitics.FUTURE and folded[i + 1] in clitics.IMPERFECT_PREFIXES):
                out.append((i + 1, ch))
        return out


def read_lexicon(path: Path | resources.abc.Traversable) -> tuple[dict[str, int], set[str], set[str]]:
    """Read a lexicon file: ``word<TAB>count``, ``word<TAB>NAME`` and ``word<TAB>WHOLE`` lines."""
    counts: dict[str, int] = {}
    names: set[str] = set()
    whole: set[str] = set()
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            word, _, value = line.rstrip("\n").partition("\t")
            if value == "NAME":
                names.add(word)
            elif value == "WHOLE":
                whole.add(word)
            else:
                counts[word] = int(value)
    return counts, names, whole


def _read_no_split() -> list[str]:
    text = resources.files("mideast_nlp").joinpath("lang/no_split.txt").read_text(encoding="utf-8")
    return [key(line.strip()) for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _load(path: Path | resources.abc.Traversable) -> CliticSegmenter:
    try:
        counts, names, whole = read_lexicon(path)
    except (FileNotFoundError, OSError) as e:
        raise ModelError(Errors.E012.format(path=path, reason=e)) from e
    return CliticSegmenter(counts, names=names, whole=whole, no_split=_read_no_split())


@lru_cache(maxsize=1)
def _load_default() -> CliticSegmenter:
    return _load(resources.files("mideast_nlp").joinpath(_LEXICON_FILE))
