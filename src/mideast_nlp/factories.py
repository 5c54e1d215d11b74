"""Every spaCy registration of mideast_nlp, in one place (imported by `mideast_nlp.pipeline`).

spaCy also finds these through the ``spacy_factories`` and ``spacy_tokenizers`` entry points, so a
saved pipeline loads with ``spacy.load`` once mideast_nlp is installed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.util import registry
from thinc.api import Model

from .backends.camel import CamelMorphology, CamelNER, Transliterator
from .backends.stanza import StanzaParser
from .events import EventExtractor
from .gazetteer import GazetteerTagger, arm_gazetteer_dropout
from .link import EntityLinker
from .sentences import ArabicSentencizer
from .tok2vec import TOKEN_BUDGET, WindowedTok2Vec
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


@Language.factory(
    "mideast_tok2vec",
    assigns=["doc.tensor"],
    default_config={"token_budget": TOKEN_BUDGET, "margin": None},
)
def make_tok2vec(nlp: Language, name: str, model: Model, token_budget: int, margin: int | None) -> WindowedTok2Vec:
    """spaCy's ``tok2vec`` run on at most ``token_budget`` tokens at once (see :mod:`mideast_nlp.tok2vec`)."""
    return WindowedTok2Vec(nlp.vocab, model, name, token_budget=token_budget, margin=margin)


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


# -- optional backends (their packages are imported only when a component is made) ------------------


@Language.factory(
    "mideast_translit", assigns=["doc._.translit"], requires=["doc.ents"], default_config={"scheme": "bw"}
)
def make_translit(nlp: Language, name: str, scheme: str) -> Transliterator:
    """Transliteration of every entity with CAMeL Tools' character maps (``bw``, ``safebw``, ``hsb``)."""
    return Transliterator(scheme)


@Language.factory(
    "mideast_camel_morph", assigns=["token.lemma", "token.pos", "token.morph"], default_config={"model": None}
)
def make_camel_morph(nlp: Language, name: str, model: str | None) -> CamelMorphology:
    """Lemmas, UPOS and aspect from CAMeL Tools' MLE disambiguator (needs its data)."""
    return CamelMorphology(model=model)


@Language.factory(
    "mideast_camel_ner",
    assigns=["doc.ents"],
    default_config={"model_path": None, "max_pieces": 510, "batch_size": 32},
)
def make_camel_ner(nlp: Language, name: str, model_path: str | None, max_pieces: int, batch_size: int) -> CamelNER:
    """CAMeL Tools' ``NERecognizer`` as the NER (its pretrained model, or a model folder)."""
    return CamelNER(model_path=model_path, max_pieces=max_pieces, batch_size=batch_size)


@Language.factory(
    "mideast_stanza",
    assigns=["token.lemma", "token.pos", "token.tag", "token.morph", "token._.ud_head", "token._.ud_dep"],
    default_config={"resources": None},
)
def make_stanza(nlp: Language, name: str, resources: str | None) -> StanzaParser:
    """Stanza's Arabic tokenize/mwt/pos/lemma/depparse on our tokens (models installed beforehand)."""
    return StanzaParser(resources=resources)
