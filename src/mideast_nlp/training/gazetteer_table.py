"""Build the NER gazetteer table (``entries.tsv`` of :class:`mideast_nlp.gazetteer.GazetteerTagger`).

Sources, none of them derived from the NER corpora (so the model cannot learn that every
training name is in the table):

* the packaged knowledge base (:mod:`mideast_nlp.kb.store`): every ``name``/``short`` alias of
  its persons, organisations and places (not nisbas, not risky aliases, which are also ordinary
  words) → ``name`` rows with the entity type; the tokens of person names → ``part`` rows;
* rigour's person-name parts (``rigour_person-names_pypi-1.8.2/persons.txt``, Wikidata given and
  family names): the Arabic-script forms written with Arabic letters only → ``part`` rows;
* arabnamer's name-token dictionary (``arabnamer_pypi-0.1.3/dict_FINAL.json``) → ``part`` rows.

Cleaning: person aliases lose the title words of ``lang/titles.tsv`` and the KB's nisbas
(``الرئيس الأذربيجاني إلهام علييف`` → ``إلهام علييف``); a part that is a one-word place or
organisation name is dropped, and so is one of the ``FREQUENT_RANK`` most frequent tokens of the
first ``NEWS_ARTICLES`` articles of the (unlabelled) news dump (في، من، عن …: the name sources
transliterate foreign names into ordinary words) unless it begins or ends a KB person's name
(محمد، ترامب).

Every string is run through our tokenizer and stored as its tokens' folded forms
(``token.norm_``), exactly what the tagger sees at run time.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from ..gazetteer import write_entries
from ..kb.store import KnowledgeBase
from ..normalizer import fold
from .corpora import iter_news_texts

RIGOUR = "data/gazetteer/rigour_person-names_pypi-1.8.2/persons.txt"
ARABNAMER = "data/gazetteer/arabnamer_pypi-0.1.3/dict_FINAL.json"
#: Arabic letters proper (no Persian/Urdu/Kurdish letters such as پ چ ژ گ ک ی), spaces between words.
ARABIC_ONLY = regex.compile(
    r"[\u0621-\u063A\u0641-\u064A\u064B-\u0652\u0670]+(?: [\u0621-\u063A\u0641-\u064A\u064B-\u0652\u0670]+)*"
)
#: Name parts shorter than this (in letters) are left out: too ambiguous to help.
MIN_PART_LEN = 2
NEWS = "data/news/ant_articles.jsonl.gz"
NEWS_ARTICLES = 3000
FREQUENT_RANK = 500


def title_words() -> set[str]:
    """Folded words of the person titles in ``lang/titles.tsv`` (الرئيس، وزير، نائب …)."""
    text = resources.files("mideast_nlp").joinpath("lang/titles.tsv").read_text(encoding="utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        if line and not line.startswith("#"):
            words.update(fold(line.split("\t")[0]).split())
    return words


def frequent_tokens(nlp: Any, shared: Path, articles: int = NEWS_ARTICLES, rank: int = FREQUENT_RANK) -> set[str]:
    """The ``rank`` most frequent folded tokens of the first ``articles`` news texts."""
    counts: Counter[str] = Counter()
    for text in itertools.islice(iter_news_texts(shared / NEWS), articles):
        counts.update(t.norm_ for t in nlp.make_doc(text))
    return {w for w, _ in counts.most_common(rank)}


def rigour_forms(path: Path) -> Iterator[str]:
    """Arabic-letter forms of rigour's person-name parts (``form, form, ... => QID`` lines)."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            forms, _, _ = line.partition("=>")
            for raw in forms.split(","):
                form = raw.strip()
                if ARABIC_ONLY.fullmatch(form):
                    yield form


def arabnamer_forms(path: Path) -> Iterator[str]:
    """Arabic forms of arabnamer's English → Arabic name-token dictionary."""
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    for raw in data.values():
        form = raw.strip()
        if ARABIC_ONLY.fullmatch(form):
            yield form


def kb_names(kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    """``(label, alias)`` for the KB's name and short aliases that are not risky."""
    for entity in kb:
        for alias in (entity.name_ar, *entity.aliases_ar, *entity.short_aliases):
            if alias and alias not in entity.risky_aliases:
                yield entity.type, alias


def _norms(nlp: Any, texts: Iterable[str]) -> dict[str, tuple[str, ...]]:
    cache: dict[str, tuple[str, ...]] = {}
    for text in texts:
        if text not in cache:
            cache[text] = tuple(t.norm_ for t in nlp.make_doc(text) if not t.is_space and not t.is_punct)
    return cache


def build_entries(shared: Path, kb: KnowledgeBase | None = None) -> tuple[list[tuple[str, str, str]], dict[str, int]]:
    """The table rows ``(kind, label, folded tokens)`` and counts by kind/label."""
    from .ner import blank_nlp

    nlp = blank_nlp()
    kb = kb if kb is not None else KnowledgeBase.load()
    names = list(kb_names(kb))
    part_forms = [*rigour_forms(shared / RIGOUR), *arabnamer_forms(shared / ARABNAMER)]
    norms = _norms(nlp, [a for _, a in names] + part_forms)
    drop = title_words() | {fold(n) for e in kb for n in e.nisba}
    rows: dict[tuple[str, ...], str] = {}
    parts: set[str] = set()
    anchors: set[str] = set()
    for label, alias in names:
        tokens = norms[alias]
        if label == "PER":
            tokens = tuple(t for t in tokens if t not in drop)
            if tokens:
                parts.update(tokens)
                anchors.update((tokens[0], tokens[-1]))
        if tokens:
            rows.setdefault(tokens, label)
    for form in part_forms:
        parts.update(norms[form])
    places = {tokens[0] for tokens, label in rows.items() if label != "PER" and len(tokens) == 1}
    frequent = frequent_tokens(nlp, shared) - anchors
    parts = {p for p in parts if len(p) >= MIN_PART_LEN and p not in places and p not in frequent and p not in drop}
    entries = [("name", label, " ".join(tokens)) for tokens, label in sorted(rows.items())]
    entries += [("part", "PER", p) for p in sorted(parts)]
    counts: Counter[str] = Counter(f"{kind}/{label}" for kind, label, _ in entries)
    return entries, dict(sorted(counts.items()))


def build_table(shared: Path, out: Path) -> dict[str, int]:
    """Write the table to ``out`` (``kind<TAB>label<TAB>text`` lines); returns its counts."""
    entries, counts = build_entries(shared)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_entries(entries, out)
    return counts
