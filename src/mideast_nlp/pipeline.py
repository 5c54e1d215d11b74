"""The user-facing pipeline: ``nlp = mideast_nlp.load(); nlp.extract(text)``.

Data flows one way: text → tokenizer (clitics split, folded norms) → sentences → NER (the packaged
model) → knowledge-base linking → events → :func:`~mideast_nlp.export.doc_to_result`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from thinc.api import use_ops

from . import factories  # noqa: F401  (registers our tokenizer and components)
from .errors import Errors, InputError
from .export import doc_to_result
from .extensions import ensure_extensions
from .io import InputRecord, record_from_mapping
from .records import ArticleResult, ProcessingError
from .tok2vec import windowed_overrides

DEFAULT_MAX_LENGTH = 1_000_000
TOKENIZER_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "mideast_nlp.ArabicTokenizer.v1"}}}


def ner_model_path() -> Traversable | None:
    """The packaged NER model folder, or ``None`` when this installation has none."""
    path = resources.files("mideast_nlp.models").joinpath("ner")
    return path if path.joinpath("config.cfg").is_file() else None


def parse_published(value: str | None) -> date | None:
    """Parse an ISO 8601 date or date-time (the article's ``published``)."""
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError as e:
        raise InputError(Errors.E013.format(value=value)) from e


class Pipeline:
    """An Arabic news pipeline; make one with :func:`mideast_nlp.load`.

    Attributes:
        spacy: the underlying spaCy ``Language``; its Docs carry our annotations (``doc.ents``
            with ``kb_id_``, ``doc._.actors``, ``doc._.events``, ``token.norm_``, sentences).
        max_length: longest text accepted, in characters.
    """

    def __init__(self, nlp: Language, *, max_length: int = DEFAULT_MAX_LENGTH) -> None:
        ensure_extensions()
        self.spacy = nlp
        self.max_length = max_length
        nlp.max_length = max(max_length, nlp.max_length)

    @property
    def pipe_names(self) -> list[str]:
        return list(self.spacy.pipe_names)

    def _check_text(self, text: object) -> str:
        if not isinstance(text, str):
            raise InputError(Errors.E001.format(type=type(text).__name__))
        if not text.strip():
            raise InputError(Errors.E004)
        if len(text) > self.max_length:
            raise InputError(Errors.E005.format(length=len(text), max_length=self.max_length))
        return text

    def extract(
        self,
        text: str,
        *,
        id: str | None = None,
        title: str | None = None,
        published: str | None = None,
        meta: Mapping[str, Any] | None = None,
    ) -> ArticleResult:
        """Process one article.

        Raises:
            InputError: ``text`` is not a non-empty ``str`` within ``max_length``, or
                ``published`` is not an ISO 8601 date.
        """
        text = self._check_text(text)
        parse_published(published)
        doc = self.spacy(text)
        rec_id = id if id is not None else _text_id(text)
        return doc_to_result(doc, id=rec_id, title=title, published=published, meta=meta)

    def extract_many(
        self,
        items: Iterable[str | Mapping[str, Any] | InputRecord],
        *,
        batch_size: int = 32,
        n_process: int = 1,
    ) -> Iterator[ArticleResult]:
        """Process many articles, yielding one result per item, in input order.

        An item is a text, a mapping with ``text`` (and optional ``id``, ``title``, ``published``,
        other keys kept as ``meta``), or an :class:`~mideast_nlp.io.InputRecord`. An item that
        cannot be processed yields a result whose ``errors`` say why; nothing is dropped.
        """
        stream = (self._prepare(i, item) for i, item in enumerate(items))
        texts = ((rec.text if rec.error is None and rec.text else "", rec) for rec in stream)
        for doc, rec in self.spacy.pipe(texts, as_tuples=True, batch_size=batch_size, n_process=n_process):
            if rec.error is not None:
                yield ArticleResult(id=rec.id, title=rec.title, published=None, meta=rec.meta, errors=(rec.error,))
                continue
            yield doc_to_result(doc, id=rec.id, title=rec.title, published=rec.published, meta=rec.meta)

    def _prepare(self, index: int, item: str | Mapping[str, Any] | InputRecord) -> InputRecord:
        rec = item if isinstance(item, InputRecord) else record_from_mapping(item, line=None)
        if not isinstance(item, InputRecord) and rec.id.startswith("doc-"):
            # No id given: a hash of the text, or the item's position when there is no text.
            rec = _replace(rec, id=_text_id(rec.text) if rec.error is None and rec.text else f"item-{index}")
        if rec.error is not None:
            return rec
        try:
            self._check_text(rec.text)
            parse_published(rec.published)
        except InputError as e:
            code = str(e)[1:5]
            err = ProcessingError(code=code, message=str(e), stage="input", source=rec.source, line=rec.line)
            return _replace(rec, error=err)
        return rec

    def __call__(self, text: str, **kwargs: Any) -> ArticleResult:
        return self.extract(text, **kwargs)

    def __repr__(self) -> str:
        return f"Pipeline(pipes={self.pipe_names})"


def _replace(rec: InputRecord, **changes: Any) -> InputRecord:
    fields = {name: getattr(rec, name) for name in rec.__dataclass_fields__}
    fields.update(changes)
    return InputRecord(**fields)


def _text_id(text: str) -> str:
    return "doc-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


NER_BACKENDS = ("camel",)
PARSERS = ("stanza",)
MORPHOLOGIES = ("camel",)


def _check_choice(option: str, value: object, choices: tuple[str, ...]) -> None:
    if value is not None and value not in choices:
        raise InputError(Errors.E207.format(option=option, value=value, choices=", ".join(choices)))


def build_spacy(
    *,
    ner: bool | str = True,
    link: bool = True,
    events: bool = True,
    ner_path: str | Path | None = None,
    parser: str | None = None,
    morphology: str | None = None,
    translit: str | None = None,
    stanza_dir: str | Path | None = None,
) -> Language:
    """Assemble the spaCy ``Language``: the NER model when there is one, else a blank Arabic one.

    The optional backends (see :func:`load`) are added as components: CAMeL's NER in place of the
    model, CAMeL's morphology and Stanza's parser before the events, the transliteration last.
    """
    camel_ner = isinstance(ner, str)
    if camel_ner:
        _check_choice("ner", ner, NER_BACKENDS)
    _check_choice("parser", parser, PARSERS)
    _check_choice("morphology", morphology, MORPHOLOGIES)
    path = Path(str(ner_path)) if ner_path is not None and not camel_ner else None
    if path is None and ner and not camel_ner and ner_path is None:
        packaged = ner_model_path()
        path = Path(str(packaged)) if packaged is not None else None
    if ner and not camel_ner and path is not None:
        # BLIS is slower than plain numpy for this narrow CNN on small CPUs (+13–25% words/s, same output).
        with use_ops("numpy", use_blis=False):
            nlp = spacy.load(path, config=windowed_overrides(path))
    else:
        nlp = spacy.blank("ar", config=TOKENIZER_CONFIG)
    if nlp.pipe_names:
        nlp.add_pipe("mideast_sentencizer", before=nlp.pipe_names[0])
    else:
        nlp.add_pipe("mideast_sentencizer")
    if camel_ner:
        config = {"model_path": str(ner_path) if ner_path is not None else None}
        nlp.add_pipe("mideast_camel_ner", config=config)
    if link:
        nlp.add_pipe("mideast_linker")
    if morphology == "camel":
        nlp.add_pipe("mideast_camel_morph")
    if parser == "stanza":
        nlp.add_pipe("mideast_stanza", config={"resources": str(stanza_dir) if stanza_dir is not None else None})
    if events:
        nlp.add_pipe("mideast_events")
    if translit is not None:
        nlp.add_pipe("mideast_translit", config={"scheme": translit})
    return nlp


def load(
    *,
    ner: bool | str = True,
    link: bool = True,
    events: bool = True,
    ner_path: str | Path | None = None,
    max_length: int = DEFAULT_MAX_LENGTH,
    parser: str | None = None,
    morphology: str | None = None,
    translit: str | None = None,
    stanza_dir: str | Path | None = None,
) -> Pipeline:
    """Load the default pipeline from the installed package (no network, no paths needed).

    Args:
        ner: ``True`` runs the packaged NER model (when the installation has one), ``False`` none,
            ``"camel"`` CAMeL Tools' ``NERecognizer`` instead (the ``[camel]`` extra and its data).
        link: match knowledge-base aliases and link mentions to canonical actors.
        events: extract meeting and agreement events.
        ner_path: a spaCy NER pipeline folder to use instead of the packaged one; with
            ``ner="camel"``, a BERT token-classification folder for CAMeL's ``NERecognizer``
            instead of its pretrained model.
        max_length: the longest text, in characters, that ``extract`` accepts.
        parser: ``"stanza"`` adds Stanza's Arabic parser (the ``[stanza]`` extra and its models):
            lemmas, UPOS and UD dependencies on the tokens, used by the events.
        morphology: ``"camel"`` adds lemmas and POS from CAMeL Tools' MLE disambiguator (the
            ``[camel]`` extra and its data), used by the event triggers.
        translit: ``"bw"``, ``"safebw"`` or ``"hsb"`` fills ``Mention.translit`` with CAMeL Tools'
            character maps (the ``[camel]`` extra; no data needed).
        stanza_dir: Stanza's model folder (default ``STANZA_RESOURCES_DIR`` or ``~/stanza_resources``).

    Raises:
        InputError: an unknown backend or transliteration scheme (E207, E204).
        BackendError: a backend's package, data or models are missing (E201–E209); nothing is
            ever downloaded.
    """
    nlp = build_spacy(
        ner=ner,
        link=link,
        events=events,
        ner_path=ner_path,
        parser=parser,
        morphology=morphology,
        translit=translit,
        stanza_dir=stanza_dir,
    )
    return Pipeline(nlp, max_length=max_length)
