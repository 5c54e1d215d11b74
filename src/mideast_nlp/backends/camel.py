"""CAMeL Tools as an optional backend (``pip install "mideast-nlp[camel]"``).

Three parts, each a spaCy component that :func:`mideast_nlp.load` adds on request:

* ``translit="bw" | "safebw" | "hsb"`` — :class:`Transliterator`: every mention in Buckwalter,
  safe Buckwalter or Habash-Soudi-Buckwalter, with the character maps that ship inside CAMeL Tools
  (no data needed); :func:`~mideast_nlp.export.doc_to_result` puts it on ``Mention.translit``.
* ``morphology="camel"`` — :class:`CamelMorphology`: lemma and part of speech of every Arabic
  token from CAMeL's MLE disambiguator (``token.lemma_``, ``token.pos_`` in UPOS, ``token.morph``
  with ``Aspect``), which the event triggers read (:func:`mideast_nlp.backends.ud.lemma_trigger`).
* ``ner="camel"`` — :class:`CamelNER`: CAMeL's ``NERecognizer`` instead of our NER model, its BIO
  labels mapped to PER/ORG/LOC/MISC on our tokens, documents cut so that no input exceeds its
  512-piece limit.

The morphology and NER need CAMeL's data (``camel_data -i …``; ``CAMELTOOLS_DATA`` or
``~/.camel_tools``). CAMeL Tools downloads its catalogue the first time one of its data modules is
imported, so nothing here imports one before :func:`data_catalogue` has checked that the
catalogue is on disk: a missing package gives a :class:`~mideast_nlp.errors.BackendError` that
names it and the ``camel_data`` command, never a traceback from inside CAMeL.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import regex
from spacy.tokens import Doc, Span, Token

from ..errors import BackendError, Errors
from ..evaluation import bio_spans
from ..extensions import ensure_extensions
from ..normalizer import fold, normalize

#: Our scheme names → CAMeL's built-in character maps.
SCHEMES: dict[str, str] = {"bw": "ar2bw", "safebw": "ar2safebw", "hsb": "ar2hsb"}
#: CAMeL's NER labels (without B-/I-) → ours.
NER_LABELS: dict[str, str] = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}
#: CAMeL's ``pos`` feature → UPOS.
CAMEL_UPOS: dict[str, str] = {
    "noun": "NOUN",
    "noun_prop": "PROPN",
    "noun_num": "NUM",
    "noun_quant": "NOUN",
    "adj": "ADJ",
    "adj_comp": "ADJ",
    "adj_num": "NUM",
    "adv": "ADV",
    "adv_interrog": "ADV",
    "adv_rel": "ADV",
    "pron": "PRON",
    "pron_dem": "PRON",
    "pron_exclam": "PRON",
    "pron_interrog": "PRON",
    "pron_rel": "PRON",
    "verb": "VERB",
    "verb_pseudo": "PART",
    "part": "PART",
    "part_det": "DET",
    "part_focus": "PART",
    "part_fut": "AUX",
    "part_interrog": "PART",
    "part_neg": "PART",
    "part_restrict": "PART",
    "part_verb": "PART",
    "part_voc": "PART",
    "prep": "ADP",
    "abbrev": "NOUN",
    "punc": "PUNCT",
    "conj": "CCONJ",
    "conj_sub": "SCONJ",
    "interj": "INTJ",
    "digit": "NUM",
    "latin": "X",
}
#: CAMeL's ``asp`` feature → UD ``Aspect`` (perfective, imperfective) or ``Mood`` (command).
CAMEL_ASPECT: dict[str, str] = {"p": "Aspect=Perf", "i": "Aspect=Imp", "c": "Mood=Imp"}
#: What the BERT input of CAMeL's NER may hold: 512 pieces with [CLS] and [SEP].
MAX_PIECES = 510
_ARABIC = regex.compile(r"\p{Arabic}")


def _require_camel(what: str) -> None:
    try:
        import camel_tools  # noqa: F401
    except ImportError as e:
        raise BackendError(Errors.E201.format(what=what, package="camel-tools", extra="camel")) from e


# -- transliteration ---------------------------------------------------------------------------------


@cache
def char_mapper(scheme: str) -> Callable[[str], str]:
    """CAMeL's built-in character map for ``scheme`` (``bw``, ``safebw`` or ``hsb``).

    Raises:
        InputError: an unknown scheme (E204).
        BackendError: camel-tools is not installed (E201).
    """
    from ..errors import InputError

    if scheme not in SCHEMES:
        raise InputError(Errors.E204.format(scheme=scheme, choices=", ".join(sorted(SCHEMES))))
    _require_camel(f"translit={scheme!r}")
    from camel_tools.utils.charmap import CharMapper

    mapper: Callable[[str], str] = CharMapper.builtin_mapper(SCHEMES[scheme])
    return mapper


def transliterate(text: str, scheme: str = "bw") -> str:
    """``text`` in a Latin transliteration, after dropping tatweel and invisible characters.

    Letters, hamza forms and diacritics are kept as written, so the transliteration can be mapped
    back (``إلهام علييف`` → ``<lhAm Elyyf`` in Buckwalter).

    >>> transliterate("إلهام علييف")   # doctest: +SKIP
    '<lhAm Elyyf'
    """
    clean = normalize(
        text,
        remove_diacritics=False,
        fold_alef=False,
        fold_alef_maksura=False,
        ascii_digits=False,
        fold_persian=False,
        collapse_whitespace=True,
    ).text
    return char_mapper(scheme)(clean)


class Transliterator:
    """The ``mideast_translit`` component: ``doc._.translit["start:end"]`` for every entity.

    Args:
        scheme: ``bw`` (Buckwalter), ``safebw`` (safe Buckwalter) or ``hsb`` (Habash-Soudi-Buckwalter).
    """

    def __init__(self, scheme: str = "bw") -> None:
        ensure_extensions()
        char_mapper(scheme)  # fail now, not on the first Doc
        self.scheme = scheme

    def __call__(self, doc: Doc) -> Doc:
        doc._.translit = {f"{e.start_char}:{e.end_char}": transliterate(e.text, self.scheme) for e in doc.ents}
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


# -- CAMeL's data ------------------------------------------------------------------------------------


def data_folder() -> Path:
    """CAMeL's data folder: the one CAMeL uses once loaded, else ``CAMELTOOLS_DATA`` or ``~/.camel_tools``."""
    loaded = sys.modules.get("camel_tools.data.catalogue")
    if loaded is not None:
        return Path(loaded.CT_DATA_DIR)
    env = os.environ.get("CAMELTOOLS_DATA")
    if env is not None:
        return Path(env).expanduser().absolute()
    return Path.home() / ".camel_tools"


def data_catalogue(what: str, package: str) -> Any:
    """CAMeL's catalogue, imported only when its file is on disk (else CAMeL would download it).

    Args:
        what: the feature that needs it, for the message.
        package: the ``camel_data`` package to name when there is no data folder.

    Raises:
        BackendError: camel-tools is missing (E201), or its data folder has no catalogue (E202).
    """
    _require_camel(what)
    folder = data_folder()
    catalogue = folder / "catalogue.json"
    if not catalogue.is_file():
        reason = "the folder does not exist" if not folder.is_dir() else "no catalogue.json in it"
        raise BackendError(Errors.E202.format(path=folder, reason=reason, what=what, package=package))
    from camel_tools.data import CATALOGUE

    return CATALOGUE


def package_for(catalogue: Any, path: Path, fallback: str) -> str:
    """The ``camel_data`` package that installs ``path`` (a dataset folder), else ``fallback``."""
    path = Path(path)
    best = None
    for pkg in catalogue.packages.values():
        dest = getattr(pkg, "destination", None)
        if dest is None or getattr(pkg, "private", False):
            continue
        dest = Path(dest)
        if (dest == path or dest in path.parents) and (best is None or len(dest.parts) > len(best[1].parts)):
            best = (pkg.name, dest)
    return best[0] if best is not None else fallback


def _dataset(catalogue: Any, component: str, name: str | None, *, required: str, what: str, fallback: str) -> Any:
    """The catalogue's dataset of ``component``, checked to hold its file ``required``."""
    try:
        dataset = catalogue.get_dataset(component, name)
    except Exception as e:  # CAMeL's CatalogueError: an unknown component or dataset name
        raise BackendError(
            Errors.E203.format(what=what, package=name or fallback, path=data_folder()) + f" ({e})"
        ) from e
    path = Path(dataset.path)
    if not (path / required).is_file():
        raise BackendError(Errors.E203.format(what=what, package=package_for(catalogue, path, fallback), path=path))
    return dataset


# -- morphology ------------------------------------------------------------------------------------


def load_mle(model: str | None = None) -> Any:
    """CAMeL's pretrained MLE disambiguator (default ``calima-msa-r13``), after checking its data.

    Raises:
        BackendError: camel-tools, its catalogue, the MLE model or its morphology database is missing.
    """
    what = "morphology='camel'"
    catalogue = data_catalogue(what, "light")
    mle = _dataset(catalogue, "DisambigMLE", model, required="model.json", what=what, fallback="light")
    _dataset(catalogue, "MorphologyDB", mle.name, required="morphology.db", what=what, fallback="light")
    from camel_tools.disambig.mle import MLEDisambiguator

    return MLEDisambiguator.pretrained(mle.name)


def camel_word(token: Token) -> str:
    """The form CAMeL analyses: the token's text, or its norm where the tokenizer restored an article
    (``للرئيس`` → ``ل`` + ``الرئيس``)."""
    if token.norm_.startswith("ال") and not fold(token.text).startswith("ال"):
        return token.norm_
    return token.text


class CamelMorphology:
    """The ``mideast_camel_morph`` component: CAMeL's lemma, POS and aspect on every Arabic token.

    Args:
        disambiguator: anything with CAMeL's ``disambiguate(words) -> [DisambiguatedWord]``;
            ``None`` loads the pretrained MLE disambiguator (:func:`load_mle`).
        model: the MLE model name when loading it.
    """

    def __init__(self, disambiguator: Any = None, *, model: str | None = None) -> None:
        ensure_extensions()
        self.disambiguator = disambiguator if disambiguator is not None else load_mle(model)

    def __call__(self, doc: Doc) -> Doc:
        tokens = [t for t in doc if not t.is_space and _ARABIC.search(t.text)]
        if not tokens:
            return doc
        for token, word in zip(tokens, self.disambiguator.disambiguate([camel_word(t) for t in tokens]), strict=True):
            if not word.analyses:
                continue
            analysis = word.analyses[0].analysis
            set_analysis(token, analysis)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def set_analysis(token: Token, analysis: dict[str, Any]) -> None:
    """Put one CAMeL analysis on a token: ``lex`` → lemma, ``pos`` → UPOS, ``asp`` → Aspect/Mood."""
    lex = analysis.get("lex")
    if lex:
        token.lemma_ = str(lex)
    upos = CAMEL_UPOS.get(str(analysis.get("pos", "")))
    if upos:
        token.pos_ = upos
    feats = CAMEL_ASPECT.get(str(analysis.get("asp", "")))
    if feats:
        token.set_morph(feats)  # type: ignore[attr-defined]


# -- NER -------------------------------------------------------------------------------------------


def load_recognizer(model_path: str | Path | None = None) -> Any:
    """CAMeL's ``NERecognizer``: from ``model_path`` (a BERT token-classification folder), else the
    pretrained model of CAMeL's data (``camel_data``), on the CPU.

    Raises:
        BackendError: camel-tools or its catalogue is missing, the pretrained model is not installed
            (E203), or the model folder cannot be loaded (E208).
    """
    what = "ner='camel'"
    catalogue = data_catalogue(what, "defaults")
    if model_path is None:
        dataset = _dataset(
            catalogue, "NamedEntityRecognition", None, required="config.json", what=what, fallback="defaults"
        )
        model_path = Path(dataset.path)
    path = Path(model_path)
    if not (path / "config.json").is_file():
        raise BackendError(Errors.E208.format(path=path, reason="no config.json in the folder"))
    from camel_tools.ner import NERecognizer

    try:
        return NERecognizer(str(path), use_gpu=False)
    except (OSError, ValueError, KeyError) as e:
        raise BackendError(Errors.E208.format(path=path, reason=f"{type(e).__name__}: {e}")) from e


def surface_words(tokens: Iterable[Token]) -> list[list[int]]:
    """Our tokens grouped back into the words of the text: clitics rejoin the word they were cut
    from (``و`` ``ب`` ``الرياض`` → ``وبالرياض``); punctuation and whitespace stay apart (no group)."""
    words: list[list[int]] = []
    current: list[int] = []
    for t in tokens:
        if t.is_space:
            if current:
                words.append(current)
                current = []
            continue
        current.append(t.i)
        if not (t._.is_clitic and not t.whitespace_):
            words.append(current)
            current = []
    if current:
        words.append(current)
    return words


def split_inputs(pieces: Sequence[int], max_pieces: int = MAX_PIECES) -> list[tuple[int, int]]:
    """Cut a run of words into ``(start, end)`` ranges whose word pieces add up to ``max_pieces`` at most.

    A word with more pieces than that goes alone (CAMeL splits it further).
    """
    out: list[tuple[int, int]] = []
    start, total = 0, 0
    for i, n in enumerate(pieces):
        if i > start and total + n > max_pieces:
            out.append((start, i))
            start, total = i, 0
        total += n
    if start < len(pieces):
        out.append((start, len(pieces)))
    return out


class CamelNER:
    """The ``mideast_camel_ner`` component: CAMeL's NER, with offsets into the original text.

    Each sentence (or a piece of it, when its word pieces exceed ``max_pieces``) is one input to
    the recognizer, as its words: our tokens joined back with their clitics. The BIO labels come
    back per word; an entity starts after the clitics of its first word (``وأذربيجان`` → the
    entity is ``أذربيجان``) and spans our tokens to the end of its last word.

    Args:
        recognizer: a CAMeL ``NERecognizer`` (or anything with its ``predict`` and ``tokenizer``);
            ``None`` loads one with :func:`load_recognizer`.
        model_path: the model folder when loading.
        max_pieces: most word pieces in one input (512 less [CLS] and [SEP]).
        batch_size: inputs per call of the recognizer.
    """

    def __init__(
        self,
        recognizer: Any = None,
        *,
        model_path: str | Path | None = None,
        max_pieces: int = MAX_PIECES,
        batch_size: int = 32,
    ) -> None:
        ensure_extensions()
        self.recognizer = recognizer if recognizer is not None else load_recognizer(model_path)
        self.max_pieces = max_pieces
        self.batch_size = batch_size

    def inputs(self, doc: Doc) -> list[list[list[int]]]:
        """The recognizer's inputs for ``doc``: lists of words, each word a list of our token indices."""
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        tokenize = self.recognizer.tokenizer.tokenize
        out: list[list[list[int]]] = []
        for sent in sents:
            counted = [(w, len(tokenize(doc[w[0] : w[-1] + 1].text))) for w in surface_words(sent)]
            kept = [(w, n) for w, n in counted if n > 0]  # CAMeL drops words without pieces
            for start, end in split_inputs([n for _, n in kept], self.max_pieces):
                out.append([w for w, _ in kept[start:end]])
        return out

    def __call__(self, doc: Doc) -> Doc:
        inputs = self.inputs(doc)
        texts = [[doc[w[0] : w[-1] + 1].text for w in words] for words in inputs]
        labels = self.recognizer.predict(texts, batch_size=self.batch_size) if texts else []
        doc.ents = entity_spans(doc, inputs, labels)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def entity_spans(doc: Doc, inputs: Sequence[Sequence[Sequence[int]]], labels: Sequence[Sequence[str]]) -> list[Span]:
    """Spans of our tokens from the per-word BIO labels of each input.

    Raises:
        BackendError: the recognizer returned a different number of labels than words (E209).
    """
    spans: list[Span] = []
    if len(labels) != len(inputs):
        raise BackendError(Errors.E209.format(got=len(labels), expected=len(inputs)))
    for words, tags in zip(inputs, labels, strict=True):
        if len(tags) != len(words):
            raise BackendError(Errors.E209.format(got=len(tags), expected=len(words)))
        for start, end, typ in sorted(bio_spans(list(tags))):
            label = NER_LABELS.get(typ)
            if label is None:
                continue
            first = list(words[start])
            while len(first) > 1 and doc[first[0]]._.is_clitic:
                first.pop(0)
            spans.append(Span(doc, first[0], words[end - 1][-1] + 1, label=label))
    return spans
