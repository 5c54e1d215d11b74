"""Stanza's Arabic pipeline as a parser for our Doc (``mideast_nlp.load(parser="stanza")``).

Stanza (``pip install "mideast-nlp[stanza]"``) runs tokenize, mwt, pos, lemma and depparse on the
Doc's text, with ``download_method=None``: it reads the models a user installed beforehand
(``STANZA_RESOURCES_DIR`` or ``~/stanza_resources``) and never goes to the network. The package is
imported only when a parser is made.

Stanza cuts a surface token (``وبالرياض``) into several words (``و ب الرياض``); we cut it into
clitic tokens too, though not always in the same places (we leave enclitic pronouns on their
host: ``نشرتها`` is one token for us, ``نشرت`` + ``ها`` for Stanza). :func:`annotate` lays both over
the original text: each Stanza word is placed on the characters it covers, each word goes to the
token it overlaps most, and each token shows the content word it holds (the verb of
``نشرتها``). A token gets ``lemma_``, ``pos_`` (UPOS), ``tag_`` (XPOS), ``morph`` (UD features),
``_.ud_dep`` and ``_.ud_head`` (the index of the token holding the head word; its own index for a
root). spaCy's ``token.head`` and ``token.dep_`` are left alone, so the parse never moves our
sentence boundaries.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from ..errors import BackendError, Errors
from ..extensions import ensure_extensions

PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse")
LANG = "ar"
#: Words that carry no content lose to a content word on the same token.
_FUNCTION_POS = frozenset({"ADP", "CCONJ", "SCONJ", "PART", "DET", "PUNCT", "AUX"})


def resources_dir(path: str | Path | None = None) -> Path:
    """Where Stanza's models are read from: ``path``, else ``STANZA_RESOURCES_DIR``, else ``~/stanza_resources``."""
    if path is not None:
        return Path(path).expanduser()
    env = os.environ.get("STANZA_RESOURCES_DIR")
    if env:
        return Path(env).expanduser()
    return Path.home() / "stanza_resources"


def missing_resources(path: Path, processors: Sequence[str] = PROCESSORS) -> list[str]:
    """What is missing under ``path`` for Stanza's Arabic ``processors`` (empty when all is there)."""
    missing = []
    if not (path / "resources.json").is_file():
        missing.append("resources.json")
    lang_dir = path / LANG
    for proc in processors:
        folder = lang_dir / proc
        if not folder.is_dir() or not any(folder.iterdir()):
            missing.append(f"{LANG}/{proc}")
    return missing


def load_stanza(path: str | Path | None = None, *, processors: Sequence[str] = PROCESSORS) -> Any:
    """Stanza's Arabic pipeline from locally installed models (never downloads).

    Raises:
        BackendError: stanza is not installed (E201), its models are not in the folder (E205), or
            Stanza could not load them (E206).
    """
    try:
        import stanza
    except ImportError as e:
        raise BackendError(Errors.E201.format(what="parser='stanza'", package="stanza", extra="stanza")) from e
    folder = resources_dir(path)
    missing = missing_resources(folder, processors)
    if missing:
        raise BackendError(Errors.E205.format(path=folder, missing=", ".join(missing), processors=",".join(processors)))
    try:
        return stanza.Pipeline(
            LANG,
            dir=str(folder),
            processors=",".join(processors),
            download_method=None,
            use_gpu=False,
            logging_level="WARN",
        )
    except (OSError, ValueError, KeyError, RuntimeError) as e:
        raise BackendError(Errors.E206.format(path=folder, reason=f"{type(e).__name__}: {e}")) from e


class StanzaParser:
    """The ``mideast_stanza`` component: runs Stanza on ``doc.text`` and :func:`annotate` s the Doc.

    Args:
        pipeline: a ready ``stanza.Pipeline`` (anything called with a text that returns a Stanza
            ``Document``); ``None`` loads one with :func:`load_stanza`.
        resources: Stanza's model folder (see :func:`resources_dir`).
    """

    def __init__(self, pipeline: Any = None, *, resources: str | Path | None = None) -> None:
        ensure_extensions()
        self.pipeline = pipeline if pipeline is not None else load_stanza(resources)

    def __call__(self, doc: Doc) -> Doc:
        if doc.text.strip():
            annotate(doc, self.pipeline(doc.text))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


# -- conversion -------------------------------------------------------------------------------------


def annotate(doc: Doc, sdoc: Any) -> int:
    """Copy a Stanza ``Document`` of ``doc.text`` onto ``doc``'s tokens.

    Tokens whose ``start_char`` is not set (a Document read from CoNLL-U without offsets) are found
    in the text in order. A token that holds no Stanza word keeps its annotations unset.

    Args:
        doc: our Doc; its text must be the text Stanza parsed.
        sdoc: a Stanza ``Document`` (sentences → tokens → words, with ``id``, ``head``, ``deprel``,
            ``lemma``, ``upos``, ``xpos``, ``feats``).

    Returns:
        The number of our tokens annotated.
    """
    ensure_extensions()
    text = doc.text
    starts = [t.idx for t in doc]
    ends = [t.idx + len(t.text) for t in doc]
    char_token = [-1] * (len(text) + 1)
    for t in doc:
        if not t.is_space:
            for c in range(starts[t.i], ends[t.i]):
                char_token[c] = t.i
    placed: list[tuple[Any, int, int, int]] = []  # (word, sentence index, start, end)
    cursor = 0
    for s_idx, sent in enumerate(sdoc.sentences):
        for token in sent.tokens:
            span = _token_span(token, text, cursor)
            if span is None:
                continue
            start, end = span
            cursor = end
            for word, (ws, we) in zip(token.words, _word_spans(token, text[start:end], start), strict=True):
                placed.append((word, s_idx, ws, we))
    # each word → the token it overlaps most (or the token at its position)
    word_token: dict[tuple[int, int], int] = {}
    holders: dict[int, list[tuple[int, Any, int]]] = {}  # token → [(overlap, word, sentence)]
    for word, s_idx, ws, we in placed:
        tok, overlap = _best_token(char_token, ws, we)
        if tok < 0:
            continue
        word_token[(s_idx, int(word.id))] = tok
        holders.setdefault(tok, []).append((overlap, word, s_idx))
    sent_words = [{int(w.id): w for w in sent.words} for sent in sdoc.sentences]
    for tok, words in holders.items():
        _, main, s_idx = max(words, key=lambda w: (w[0], w[1].upos not in _FUNCTION_POS))
        token = doc[tok]
        if main.lemma:
            token.lemma_ = main.lemma
        if main.upos:
            token.pos_ = main.upos
        if main.xpos:
            token.tag_ = main.xpos
        if main.feats:
            token.set_morph(main.feats)  # type: ignore[attr-defined]
        token._.ud_dep = main.deprel
        token._.ud_head = _head_token(main, s_idx, tok, word_token, sent_words[s_idx])
    return len(holders)


def _token_span(token: Any, text: str, cursor: int) -> tuple[int, int] | None:
    start, end = getattr(token, "start_char", None), getattr(token, "end_char", None)
    if start is not None and end is not None:
        return int(start), int(end)
    found = text.find(token.text, cursor)
    if found < 0:
        return None
    return found, found + len(token.text)


def _word_spans(token: Any, surface: str, offset: int) -> list[tuple[int, int]]:
    """Where each word of a Stanza token lies in the text.

    Words that spell the surface exactly are placed from the left, then from the right; a word
    whose form differs from its letters (``ل`` + ``السلطة`` for ``للسلطة``, ``لقاء`` + ``ه`` for
    ``لقائه``) takes what is left between them.
    """
    words = list(token.words)
    if len(words) == 1:
        return [(offset, offset + len(surface))]
    if all(getattr(w, "start_char", None) is not None and getattr(w, "end_char", None) is not None for w in words):
        return [(int(w.start_char), int(w.end_char)) for w in words]
    spans: list[tuple[int, int] | None] = [None] * len(words)
    lo, hi = 0, len(surface)
    left, right = 0, len(words) - 1
    while left < right and surface.startswith(words[left].text, lo) and words[left].text:
        spans[left] = (lo, lo + len(words[left].text))
        lo += len(words[left].text)
        left += 1
    while right > left and words[right].text and surface.endswith(words[right].text, lo, hi):
        spans[right] = (hi - len(words[right].text), hi)
        hi -= len(words[right].text)
        right -= 1
    for k in range(left, right + 1):  # the rest share the middle: the first takes it
        spans[k] = (lo, hi) if k == left else (hi, hi)
    return [(offset + s, offset + e) for s, e in spans]  # type: ignore[misc]


def _best_token(char_token: list[int], start: int, end: int) -> tuple[int, int]:
    counts: dict[int, int] = {}
    for c in range(start, min(end, len(char_token) - 1)):
        t = char_token[c]
        if t >= 0:
            counts[t] = counts.get(t, 0) + 1
    if counts:
        tok = max(counts, key=lambda t: (counts[t], -t))
        return tok, counts[tok]
    at = char_token[start] if start < len(char_token) else -1
    return at, 0


def _head_token(
    word: Any, s_idx: int, tok: int, word_token: dict[tuple[int, int], int], sent_words: dict[int, Any]
) -> int:
    """The token of the word's head, climbing past heads that sit on the same token; ``tok`` for a root."""
    seen = set()
    head = int(word.head or 0)
    while head and head not in seen:
        seen.add(head)
        target = word_token.get((s_idx, head))
        if target is not None and target != tok:
            return target
        head_word = sent_words.get(head)
        head = int(head_word.head or 0) if head_word is not None else 0
    return tok
