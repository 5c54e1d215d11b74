"""Gazetteer features for the NER model: which tokens lie inside a known name.

:class:`GazetteerTagger` is a pipeline component that runs before the NER model's ``tok2vec``.
It matches the tokens' folded forms (``token.norm_``) against a table of names (knowledge-base
persons, organisations and places, and person name parts such as given names and surnames) and
writes one feature value per token into ``token.tag_``, which the model's ``MultiHashEmbed``
embeds as an extra attribute (``TAG``). No tagger uses ``tag_`` in our pipelines; the values
all start with ``gz`` so that they cannot be mistaken for part-of-speech tags:

* ``gzB-LOC`` / ``gzI-LOC`` (also ``PER``, ``ORG``): the token starts / continues the longest
  table name found at that position, left to right (``الأمم المتحدة`` → ``gzB-ORG gzI-ORG``);
* a trailing ``+N`` when the token is a person name part (``محمد`` → ``gzO+N``);
* ``gzO`` otherwise.

The table is data, written next to the model by :meth:`GazetteerTagger.to_disk` (``entries.tsv``:
``kind<TAB>label<TAB>folded tokens``, kind ``name`` or ``part``), so a saved model always sees
the features it was trained with. It is built at training time by
:mod:`mideast_nlp.training.gazetteer_table`.

Gazetteer dropout: while training, :meth:`arm_dropout` makes the next batch drop each matched
name and each name-part flag with probability ``dropout``, so that the model does not trust the
table blindly; the flag disarms itself after that batch, so evaluation always sees every match.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

PREFIX = "gz"
OUTSIDE = PREFIX + "O"
PART = "+N"
LABELS: tuple[str, ...] = ("PER", "ORG", "LOC")
ENTRIES_FILE = "entries.tsv"


def feature_values() -> list[str]:
    """Every value the tagger can write (added to the string store up front)."""
    bio = [OUTSIDE] + [f"{PREFIX}{p}-{label}" for label in LABELS for p in ("B", "I")]
    return bio + [v + PART for v in bio]


class GazetteerTagger:
    """Sets ``token.tag_`` to a gazetteer feature (see the module docstring)."""

    def __init__(self, nlp: Language, name: str = "gazetteer", *, dropout: float = 0.0, seed: int = 0) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.dropout = dropout
        self._rng = random.Random(seed)
        self._armed = False
        self.names: dict[tuple[str, ...], str] = {}
        self.parts: set[str] = set()
        self._max_len: dict[str, int] = {}
        self._hashes: dict[str, int] = {}
        self._add_strings()

    # -- table --------------------------------------------------------------------------------

    def _add_strings(self) -> None:
        self._hashes = {v: self.vocab.strings.add(v) for v in feature_values()}

    def set_entries(self, entries: Iterable[tuple[str, str, str]]) -> None:
        """Replace the table with ``(kind, label, folded tokens joined by spaces)`` rows."""
        names: dict[tuple[str, ...], str] = {}
        parts: set[str] = set()
        for kind, label, text in entries:
            tokens = tuple(text.split())
            if not tokens:
                continue
            if kind == "part":
                parts.update(tokens)
            elif kind == "name" and label in LABELS:
                names.setdefault(tokens, label)
            else:
                raise ValueError(f"gazetteer entry of unknown kind/label: {kind!r} {label!r}")
        self.names = names
        self.parts = parts
        max_len: dict[str, int] = {}
        for tokens in names:
            if max_len.get(tokens[0], 0) < len(tokens):
                max_len[tokens[0]] = len(tokens)
        self._max_len = max_len

    def entries(self) -> Iterator[tuple[str, str, str]]:
        """The table as ``(kind, label, text)`` rows, in a stable order."""
        for tokens, label in sorted(self.names.items()):
            yield "name", label, " ".join(tokens)
        for part in sorted(self.parts):
            yield "part", "PER", part

    # -- tagging ------------------------------------------------------------------------------

    def features(self, norms: list[str], *, drop: float = 0.0) -> list[str]:
        """The feature value of each folded token (longest match first, left to right)."""
        n = len(norms)
        values = [OUTSIDE] * n
        max_len = self._max_len
        names = self.names
        rng = self._rng
        i = 0
        while i < n:
            longest = max_len.get(norms[i])
            if longest:
                for length in range(min(longest, n - i), 0, -1):
                    label = names.get(tuple(norms[i : i + length])) if length > 1 else names.get((norms[i],))
                    if label is None:
                        continue
                    if not drop or rng.random() >= drop:
                        values[i] = f"{PREFIX}B-{label}"
                        for j in range(i + 1, i + length):
                            values[j] = f"{PREFIX}I-{label}"
                    i += length - 1
                    break
            i += 1
        parts = self.parts
        for k, norm in enumerate(norms):
            if norm in parts and (not drop or rng.random() >= drop):
                values[k] += PART
        return values

    def __call__(self, doc: Doc) -> Doc:
        drop = self.dropout if self._armed else 0.0
        hashes = self._hashes
        for token, value in zip(doc, self.features([t.norm_ for t in doc], drop=drop), strict=True):
            token.tag = hashes[value]
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)
        self._armed = False

    def arm_dropout(self) -> None:
        """Apply gazetteer dropout to the next batch only (called before each training update)."""
        self._armed = self.dropout > 0

    # -- spaCy plumbing -----------------------------------------------------------------------

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]] | None = None,
        *,
        nlp: Language | None = None,
        path: str | None = None,
    ) -> None:
        """Load the table from a ``kind<TAB>label<TAB>text`` file (``[initialize.components.<name>] path``)."""
        if path is not None:
            self.set_entries(read_entries(Path(path)))
        self._add_strings()

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        write_entries(self.entries(), path / ENTRIES_FILE)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> GazetteerTagger:
        self.set_entries(read_entries(Path(path) / ENTRIES_FILE))
        self._add_strings()
        return self


def read_entries(path: Path) -> Iterator[tuple[str, str, str]]:
    """Rows of an ``entries.tsv`` file (``kind<TAB>label<TAB>text``)."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            kind, label, text = line.rstrip("\n").split("\t")
            yield kind, label, text


def write_entries(entries: Iterable[tuple[str, str, str]], path: Path) -> int:
    """Write rows as ``kind<TAB>label<TAB>text`` lines; returns how many."""
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for kind, label, text in entries:
            fh.write(f"{kind}\t{label}\t{text}\n")
            n += 1
    return n


def arm_gazetteer_dropout(nlp: Language, args: dict[str, Any]) -> None:
    """``[training.before_update]`` callback: arm gazetteer dropout on every gazetteer component."""
    for _, proc in nlp.pipeline:
        if isinstance(proc, GazetteerTagger):
            proc.arm_dropout()
