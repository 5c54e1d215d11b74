"""Every spaCy registration of mideast_nlp, in one place (imported by `mideast_nlp.pipeline`).

spaCy also finds these through the ``spacy_factories`` and ``spacy_tokenizers`` entry points, so a
saved pipeline loads with ``spacy.load`` once mideast_nlp is installed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.util import registry

from .events import EventExtractor
from .gazetteer import GazetteerTagger, arm_gazetteer_dropout
from .link import EntityLinker
from .sentences import ArabicSentencizer
from .tokenizer import ArabicTokenizer, create_tokenizer
from .vectors import CachedVectors, create_cached_vectors


@registry.tokenizers("mideast_nlp.ArabicTokenizer.v1")
def make_tokenizer() -> Callable[[Language], ArabicTokenizer]:
    """``[nlp.tokenizer] @tokenizers = "mideast_nlp.ArabicTokenizer.v1"``."""
    return create_tokenizer()


@registry.vectors("mideast_nlp.CachedVectors.v1")
def make_cached_vectors(cache_rows: int = 50_000) -> Callable[[Any], CachedVectors]:
    """``[nlp] vectors = {"@vectors":"mideast_nlp.CachedVectors.v1"}``: floret vectors computed once per word."""
    return create_cached_vectors(cache_rows)


@Language.factory("mideast_sentencizer", assigns=["token.is_sent_start"])
def make_sentencizer(nlp: Language, name: str) -> ArabicSentencizer:
    return ArabicSentencizer()


@Language.factory(
    "mideast_linker",
    assigns=["doc.ents", "token.ent_kb_id", "doc._.actors"],
    requires=["token.norm"],
)
def make_linker(nlp: Language, name: str) -> EntityLinker:
    return EntityLinker()


@Language.factory(
    "mideast_events",
    assigns=["doc._.events"],
    requires=["doc.ents", "token.norm", "token.is_sent_start"],
)
def make_events(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor()


@Language.factory(
    "mideast_gazetteer",
    assigns=["token.tag"],
    requires=["token.norm"],
    default_config={"dropout": 0.0, "seed": 0},
)
def make_gazetteer(nlp: Language, name: str, dropout: float, seed: int) -> GazetteerTagger:
    """Gazetteer features for the NER model (``token.tag_``); see :mod:`mideast_nlp.gazetteer`."""
    return GazetteerTagger(nlp, name, dropout=dropout, seed=seed)


@registry.callbacks("mideast_nlp.arm_gazetteer_dropout.v1")
def make_arm_gazetteer_dropout() -> Callable[[Language, dict[str, Any]], None]:
    """``[training.before_update] @callbacks = "mideast_nlp.arm_gazetteer_dropout.v1"``."""
    return arm_gazetteer_dropout
