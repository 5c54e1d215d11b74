"""Arabic text normalisation with a character map back to the original text.

Two entry points:

* :func:`normalize` returns a :class:`NormalizedText` that keeps the original string and maps any
  span of the normalised text back to it. Each step is switched in a :class:`NormalizerConfig`.
* :func:`fold` is the fast matching form used on tokens (``token.norm_``), knowledge-base aliases
  and trigger lexicons: all foldings on, no offset map.

>>> n = normalize("قالَ الرئيسُ  إلهام")
>>> n.text
'قال الرئيس الهام'
>>> n.to_original(11, 16)
(14, 19)
>>> fold("الأمم المتحدة")
'الامم المتحده'
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal, NamedTuple

import regex

from .errors import Errors, InputError
from .lang import chars

UnicodeForm = Literal["NFKC", "NFC", "none"]


class NormalizerConfig(NamedTuple):
    """Which normalisation steps run. Every field is a switch; the defaults suit display text.

    Attributes:
        unicode: ``"NFKC"`` turns Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF),
            ligatures and compatibility characters into base letters and composes hamza marks;
            ``"NFC"`` only composes; ``"none"`` leaves code points alone.
        remove_tatweel: drop U+0640 ARABIC TATWEEL (kashida).
        remove_diacritics: drop tashkeel, shadda, sukun, superscript alef and Quranic marks.
        remove_invisible: drop zero-width and bidirectional control characters.
        fold_alef: أ إ آ ٱ → ا.
        fold_alef_maksura: ى → ي.
        fold_teh_marbuta: ة → ه (off by default: for matching only).
        ascii_digits: Arabic-Indic and Persian digits → 0-9.
        fold_persian: Persian/Urdu letters (ی ک ۀ ە) → their Arabic counterparts.
        collapse_whitespace: a run of whitespace becomes one space, or one newline when it holds
            one newline, or a blank line when it holds several.
    """

    unicode: UnicodeForm = "NFKC"
    remove_tatweel: bool = True
    remove_diacritics: bool = True
    remove_invisible: bool = True
    fold_alef: bool = True
    fold_alef_maksura: bool = True
    fold_teh_marbuta: bool = False
    ascii_digits: bool = True
    fold_persian: bool = True
    collapse_whitespace: bool = True


DEFAULT_CONFIG = NormalizerConfig()
#: The configuration behind :func:`fold`: every folding on.
MATCHING_CONFIG = NormalizerConfig(fold_teh_marbuta=True)

# A base character and the combining marks that follow it are normalised together.
_INVISIBLE = "".join(sorted(chars.INVISIBLE))
_CLUSTER = regex.compile(rf"\s+|[^\s\p{{M}}][\p{{M}}{_INVISIBLE}]*|[\p{{M}}{_INVISIBLE}]+", regex.V1)
_INVISIBLE_TABLE: dict[int, str | None] = {ord(c): None for c in chars.INVISIBLE}
_NEEDS_COMPAT = regex.compile(r"[\uFB50-\uFDFF\uFE70-\uFEFF\u0653-\u0655\u00A0\u2000-\u200A\uFF00-\uFFEF]")


def _char_table(config: NormalizerConfig) -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    if config.remove_diacritics:
        table.update({ord(c): None for c in chars.DIACRITICS})
    if config.remove_tatweel:
        table[ord(chars.TATWEEL)] = None
    if config.remove_invisible:
        table.update({ord(c): None for c in chars.INVISIBLE})
    if config.fold_persian:
        table.update({ord(k): v for k, v in chars.PERSIAN_LETTERS.items()})
    if config.fold_alef:
        table.update({ord(k): v for k, v in chars.ALEF_VARIANTS.items()})
    if config.fold_alef_maksura:
        table.update({ord(k): v for k, v in chars.ALEF_MAKSURA.items()})
    if config.fold_teh_marbuta:
        table.update({ord(k): v for k, v in chars.TEH_MARBUTA.items()})
        # Persian HEH WITH YEH ABOVE folds to teh marbuta first, then on to heh.
        if config.fold_persian:
            table[ord("\N{ARABIC LETTER HEH WITH YEH ABOVE}")] = "\N{ARABIC LETTER HEH}"
    if config.ascii_digits:
        table.update({ord(k): v for k, v in chars.DIGITS.items()})
    return table


_TABLES: dict[NormalizerConfig, dict[int, str | None]] = {}


def _table_for(config: NormalizerConfig) -> dict[int, str | None]:
    table = _TABLES.get(config)
    if table is None:
        table = _TABLES[config] = _char_table(config)
    return table


def fold(text: str, config: NormalizerConfig = MATCHING_CONFIG) -> str:
    """Return the matching form of ``text``: NFKC, no marks, tatweel or invisibles, folded letters.

    Whitespace is left as it is, so ``fold`` can be applied token by token. ``config`` picks the
    foldings (its ``collapse_whitespace`` is ignored); the default folds everything.
    """
    if config.unicode != "none" and _NEEDS_COMPAT.search(text):
        text = unicodedata.normalize(config.unicode, text)
    return text.translate(_table_for(config))


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A normalised string, the original it came from, and the map between them.

    ``starts[i]``/``ends[i]`` give the span of the original text that produced character ``i``
    of ``text``. Consecutive spans tile the original: characters removed by normalisation belong
    to the span of the kept character before them (or after them, at the very start).
    """

    text: str
    original: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the span ``text[start:end]`` to the span of ``original`` it came from."""
        n = len(self.text)
        if not (0 <= start <= end <= n):
            raise InputError(Errors.E003.format(start=start, end=end, length=n))
        if n == 0:
            return (0, len(self.original))
        if start == end:
            pos = self.starts[start] if start < n else len(self.original)
            return (pos, pos)
        return (self.starts[start], self.ends[end - 1])

    def __str__(self) -> str:
        return self.text


@dataclass(slots=True)
class _Item:
    piece: str
    start: int
    end: int
    ws: bool


def _whitespace(run: str) -> str:
    newlines = run.count("\n")
    if newlines >= 2:
        return "\n\n"
    return "\n" if newlines == 1 else " "


def _normalize_once(text: str, cfg: NormalizerConfig) -> NormalizedText:
    table = _table_for(cfg)
    invisible = _INVISIBLE_TABLE if cfg.remove_invisible else None
    # One item per kept cluster; removed clusters widen the item before them.
    items: list[_Item] = []
    pending: int | None = None
    for m in _CLUSTER.finditer(text):
        start, end, cluster = m.start(), m.end(), m.group()
        if cluster[0].isspace():
            if cfg.collapse_whitespace and items and items[-1].ws:
                items[-1].piece += cluster
                items[-1].end = end
                continue
            piece = cluster
            is_ws = True
        else:
            piece = cluster if invisible is None else cluster.translate(invisible)
            if cfg.unicode != "none" and piece:
                piece = unicodedata.normalize(cfg.unicode, piece)
            piece = piece.translate(table)
            if cfg.collapse_whitespace and piece and (piece[0].isspace() or piece[-1].isspace()):
                # Compatibility forms such as U+FC5E decompose to a space and marks.
                piece = piece.strip()
            is_ws = False
        if not piece:
            if items:
                items[-1].end = end
            elif pending is None:
                pending = start
            continue
        items.append(_Item(piece, start if pending is None else pending, end, is_ws))
        pending = None
    char_starts: list[int] = []
    char_ends: list[int] = []
    out: list[str] = []
    for item in items:
        text_piece = _whitespace(item.piece) if item.ws and cfg.collapse_whitespace else item.piece
        out.append(text_piece)
        char_starts.extend([item.start] * len(text_piece))
        char_ends.extend([item.end] * len(text_piece))
    if char_ends:
        char_ends[-1] = len(text)
    return NormalizedText("".join(out), text, tuple(char_starts), tuple(char_ends))


def normalize(text: str, config: NormalizerConfig | None = None, **overrides: object) -> NormalizedText:
    """Normalise Arabic ``text`` and keep a map back to it.

    The result is idempotent: normalising it again changes nothing (a rare character whose
    compatibility form recombines with its neighbour is run through once more).

    Args:
        text: any string.
        config: the steps to run; :data:`DEFAULT_CONFIG` when ``None``.
        **overrides: fields of :class:`NormalizerConfig` to change for this call,
            e.g. ``normalize(text, fold_teh_marbuta=True)``.

    Raises:
        InputError: ``text`` is not a ``str`` or an override names no config field.
    """
    if not isinstance(text, str):
        raise InputError(Errors.E001.format(type=type(text).__name__))
    cfg = config or DEFAULT_CONFIG
    if overrides:
        unknown = sorted(set(overrides) - set(NormalizerConfig._fields))
        if unknown:
            raise InputError(Errors.E002.format(names=", ".join(unknown), fields=", ".join(NormalizerConfig._fields)))
        cfg = cfg._replace(**overrides)  # type: ignore[arg-type]
    result = _normalize_once(text, cfg)
    for _ in range(3):
        again = _normalize_once(result.text, cfg)
        if again.text == result.text:
            break
        # Compose the maps: again → result.text → original.
        starts = tuple(result.starts[s] for s in again.starts)
        ends = tuple(result.ends[e - 1] for e in again.ends)
        result = NormalizedText(again.text, text, starts, ends)
    return result
