"""Knowledge-base linking: match aliases on folded tokens, merge with NER spans, resolve actors.

The ``mideast_linker`` component runs after NER. It

1. finds knowledge-base aliases in the Doc on ``token.norm_`` (folded forms, clitics already split
   off by the tokenizer, so ``وأذربيجان``, ``لحلف الناتو``, ``بالرياض`` and ``الى``/``إلى`` all match);
2. merges the matches with the NER spans: a knowledge-base match fixes the label and links; an
   NER span with no match stays, unlinked;
3. resolves ambiguity from context (a cue word before the name, the countries of the other actors
   in the article, then the knowledge base's prior) rather than taking the first candidate;
4. links short forms to the full entity of the same article (``علييف`` → ``إلهام علييف``;
   ``ميشيل`` → ``تشارلز ميشيل``) and records the titles and nisba adjectives seen next to a person
   (``الرئيس الأذربيجاني إلهام علييف`` → president, AZE).

It leaves plain values on the Doc: ``ent.kb_id_`` on each linked span, ``ent.id_`` as the
article-level cluster of each span, and ``doc._.actors`` (``kb_id`` → canonical fields).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import regex
from spacy.tokens import Doc, Span

from .extensions import ensure_extensions
from .kb.store import KBEntity, KnowledgeBase
from .normalizer import fold
from .segmenter import CliticSegmenter

_WORDS = regex.compile(r"\p{L}[\p{L}\p{M}\p{Cf}\u0640]*|\d+|[^\s\p{L}\p{N}]")
_ARABIC = regex.compile(r"[\u0600-\u06FF]")

#: Words before a place name that pick a reading: subtype(s) preferred after the cue.
CONTEXT_CUES: dict[str, tuple[str, ...]] = {
    "ولايه": ("region", "state", "territory"),
    "مدينه": ("city", "capital"),
    "العاصمه": ("capital",),
    "عاصمه": ("capital",),
    "سلطنه": ("country",),
    "مملكه": ("country",),
    "المملكه": ("country",),
    "دوله": ("country",),
    "جمهوريه": ("country", "region"),
}
#: Cues that rule out every reading but theirs.
STRICT_CUES: dict[str, tuple[str, ...]] = {"ولايه": ("region", "state", "territory"), "مقاطعه": ("region",)}
LABEL_OF_TYPE = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
#: Adjectives after an organisation's name that make it another, national body of the same name.
NATIONAL_ADJECTIVES = frozenset({"الوطني", "القومي", "المحلي", "الاقليمي"})
#: Words after an ambiguous organisation name that say it is the armed coalition or force of that name
#: (التحالف الدولي ضد تنظيم الدولة، التحالف بقيادة السعودية).
MISSION_WORDS = frozenset({"ضد", "لمحاربه", "لمكافحه", "بقياده"})
#: An alias followed by this word is part of an idiom, not a name: مسقط رأس (birthplace).
IDIOMS = frozenset({("مسقط", "راس"), ("مسقط", "راسه"), ("مسقط", "راسها")})
#: First words that make a multi-word alias a description of an event rather than a name.
NON_NAME_HEADS = ("قمه", "القمه", "مؤتمر", "اجتماع", "الاجتماع")


@lru_cache(maxsize=1)
def titles() -> dict[tuple[str, ...], str]:
    """Title word sequences (folded) → role, from ``lang/titles.tsv``."""
    text = resources.files("mideast_nlp").joinpath("lang/titles.tsv").read_text(encoding="utf-8")
    out: dict[tuple[str, ...], str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        form, _, role = line.partition("\t")
        out[tuple(fold(form).split())] = role.strip()
    return out


@dataclass(slots=True)
class Match:
    """A knowledge-base alias found at tokens ``[start, end)``."""

    start: int
    end: int
    alias: str
    candidates: tuple[KBEntity, ...]
    chosen: KBEntity | None = None
    kind: str = "name"


@dataclass(slots=True)
class AliasIndex:
    """Aliases as sequences of token norms, for matching on a Doc."""

    table: dict[tuple[str, ...], str] = field(default_factory=dict)
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, kb: KnowledgeBase, segmenter: CliticSegmenter) -> AliasIndex:
        index = cls()
        lengths: dict[str, set[int]] = {}
        # An alias that opens with a title or an event noun (الرئيس الأذربيجاني إلهام علييف، قمة الشراكة
        # الشرقية) is a description: the mention is the name in it, and the title stays context.
        descriptive = {words[0] for words in titles()} | set(NON_NAME_HEADS)
        for alias, _kb_id, _kind in kb.aliases():
            key = alias_norms(alias, segmenter)
            if not key or (len(key) > 1 and key[0] in descriptive):
                continue
            index.table.setdefault(key, alias)
            lengths.setdefault(key[0], set()).add(len(key))
        index.lengths = {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}
        return index

    def find(self, norms: list[str]) -> list[tuple[int, int, str]]:
        """Longest matches, left to right, not overlapping: ``(start, end, folded alias)``."""
        out: list[tuple[int, int, str]] = []
        i, n = 0, len(norms)
        while i < n:
            hit = None
            for length in self.lengths.get(norms[i], ()):
                if i + length <= n:
                    alias = self.table.get(tuple(norms[i : i + length]))
                    if alias is not None:
                        hit = (i, i + length, alias)
                        break
            if hit:
                out.append(hit)
                i = hit[1]
            else:
                i += 1
        return out


#: Token norms that join the words of a hashtag (``#كوريا_الشمالية``); an alias may run across them.
HASHTAG_JOINERS = frozenset({"_"})


def _find_across_joiners(index: AliasIndex, norms: list[str]) -> list[tuple[int, int, str]]:
    """:meth:`AliasIndex.find` on ``norms`` read without hashtag joiners, as token offsets of ``norms``."""
    kept = [i for i, n in enumerate(norms) if n not in HASHTAG_JOINERS]
    if len(kept) == len(norms):
        return index.find(norms)
    found = index.find([norms[i] for i in kept])
    return [(kept[start], kept[end - 1] + 1, alias) for start, end, alias in found]


def alias_norms(alias: str, segmenter: CliticSegmenter) -> tuple[str, ...]:
    """Token norms of an alias, cut exactly as the tokenizer cuts a text (leading clitics dropped)."""
    norms: list[str] = []
    for word in _WORDS.findall(alias):
        if _ARABIC.match(word):
            norms.extend(p.norm for p in segmenter.segment(word))
        else:
            norms.append(fold(word))
    return tuple(norms)


class EntityLinker:
    """The ``mideast_linker`` spaCy component (see the module docstring)."""

    def __init__(self, kb: KnowledgeBase | None = None, segmenter: CliticSegmenter | None = None) -> None:
        ensure_extensions()
        self.kb = kb if kb is not None else KnowledgeBase.load()
        self.segmenter = segmenter if segmenter is not None else CliticSegmenter.load()
        self.index = _index_for(self.kb, self.segmenter)
        self.titles = titles()
        self.max_title = max(len(t) for t in self.titles)
        self.title_heads = frozenset(t[0] for t in self.titles)
        self._norms: list[str] = []

    # -- the component ---------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        self._norms = doc_norms(doc)  # read once per Doc (Token objects are costly)
        spaces = doc.to_array("IS_SPACE").tolist()
        norms = ["\n" if sp else n for n, sp in zip(self._norms, spaces, strict=True)]
        matches = [Match(s, e, a, self.kb.candidates(a)) for s, e, a in _find_across_joiners(self.index, norms)]
        ner = _join_hashtags(doc, [s for s in (_trim(e) for e in doc.ents) if s is not None])
        ner_at = _token_owner(len(doc), ner)
        accepted: list[Match] = []
        nisba: dict[int, KBEntity] = {}
        for m in matches:
            self._choose(doc, m, ner, ner_at, nisba)
        # Coherence: the countries of unambiguous actors help the ambiguous ones.
        # (An ambiguous name's first guess must not vouch for itself: عمان is Amman beside الأردن.)
        sure = [m.chosen for m in matches if m.chosen and len(m.candidates) == 1]
        countries = {e.country for e in sure} | {e.kb_id for e in sure if e.subtype == "country"}
        countries |= {e.country for e in nisba.values()} | {e.kb_id for e in nisba.values()}
        full_names = {m.chosen.kb_id for m in matches if m.chosen and m.kind == "name"}
        for m in matches:
            if m.chosen is None:
                continue
            if (
                m.start > 0
                and doc[m.start - 1].norm_ in STRICT_CUES
                and m.chosen.subtype not in STRICT_CUES[doc[m.start - 1].norm_]
                and not any(e.subtype in STRICT_CUES[doc[m.start - 1].norm_] for e in m.candidates)
            ):
                continue  # ولاية جورجيا: a US state the knowledge base does not hold is not the country
            if len(m.candidates) > 1:
                m.chosen = self._resolve(doc, m, countries, ner, ner_at) or m.chosen
            if self._accept(doc, m, ner, ner_at, full_names):
                accepted.append(m)
        # وفد كوري جنوبي: a person the NER finds inside a nisba adjective of two words is the adjective
        ner = [e for e in ner if not (e.label_ == "PER" and all(i in nisba for i in range(e.start, e.end)))]
        spans, actors = self._finish(doc, _join_hashtags(doc, self._merge(doc, accepted, ner)), nisba)
        spans = self._titles_as_mentions(doc, spans, actors, nisba)
        spans = _anaphors(doc, spans, org_anaphors(), self._norms)
        spans = self._summit_bodies(doc, spans, actors)
        doc.ents = spans
        doc._.nisba = self._free_nisba(spans, actors, nisba)
        doc._.actors = actors
        return doc

    def _summit_bodies(self, doc: Doc, spans: list[Span], actors: dict[str, dict[str, Any]]) -> list[Span]:
        """``القمة العربية``، ``القمة العربية الأوروبية``: the adjectives after a summit noun name the
        organisations whose summit it is (``lang/summit_bodies.tsv``); each becomes their mention."""
        taken = {i for s in spans for i in range(s.start, s.end)}
        table = summit_bodies()
        added: list[Span] = []
        for i, norm in enumerate(self._norms):
            if norm not in SUMMIT_NOUNS:
                continue
            j = _next_token(doc, i + 1)
            while j is not None and j not in taken:
                body = next((kb_id for pattern, kb_id in table if pattern.fullmatch(self._norms[j])), None)
                e = self.kb.get(body) if body is not None else None
                if e is None:
                    break
                added.append(Span(doc, j, j + 1, label="ORG", kb_id=e.kb_id, span_id=e.kb_id))
                actors.setdefault(e.kb_id, _actor_info(e))
                j = _next_token(doc, j + 1)
        return sorted(spans + added, key=lambda s: s.start) if added else spans

    def _free_nisba(
        self, spans: list[Span], actors: dict[str, dict[str, Any]], nisba: dict[int, KBEntity]
    ) -> dict[int, str]:
        """The nisba adjectives left outside every mention, as token → country id (الحكومة الأفغانية).

        Each country they name gets its canonical fields in ``actors`` (under its knowledge-base id,
        the key of a linked cluster), so that an event can name the country for an unnamed office.
        """
        taken = {i for s in spans for i in range(s.start, s.end)}
        out: dict[int, str] = {}
        for i, e in nisba.items():
            if i in taken:
                continue
            country = e if e.subtype == "country" else self.kb.country(e.country)
            if country is None:
                continue
            out[i] = country.kb_id
            if country.kb_id not in actors:
                actors[country.kb_id] = _actor_info(country)
        return out

    def _own_words(self, doc: Doc, start: int, end: int, e: KBEntity) -> bool:
        """Is the first word before a surname (titles skipped) a word of this person's names?"""
        words = set()
        for alias in (e.name_ar or "", *e.aliases_ar, *e.short_aliases):
            words.update(fold(alias).split())
        for k in range(start, end):
            norm = doc[k].norm_
            if doc[k].is_space or doc[k]._.is_clitic or doc[k].is_punct or norm in self.title_heads:
                continue
            return norm in words  # the first name decides (a middle name may be new: دونالد جون ترامب)
        return True

    def _holds_in(self, info: dict[str, Any], role: str, org_id: str) -> bool:
        """Does this person hold ``role`` in the organisation ``org_id`` (knowledge base or text)?"""
        if role in (info.get("roles_seen") or ()) and info.get("country_seen") == org_id:
            return True
        org = self.kb.get(org_id)
        if org is None:
            return False
        names = {org.name_en, _initials(org.name_en)}
        return any(r_role == role and r_org in names for r_role, r_org, _s, _e in info.get("roles") or ())

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    # -- steps -----------------------------------------------------------------------------------

    def _choose(self, doc: Doc, m: Match, ner: list[Span], ner_at: list[int], nisba: dict[int, KBEntity]) -> None:
        cands = list(m.candidates)
        kinds = {e.kb_id: self.kb.alias_kind(m.alias, e.kb_id) for e in cands}
        named = [e for e in cands if kinds[e.kb_id] in ("name", "short")]
        if not named:
            # Only a nisba adjective (الأذربيجاني): remember the country for titles, no mention.
            if cands:
                for i in range(m.start, m.end):
                    nisba[i] = cands[0]
            return
        label = _ner_label(m, ner, ner_at)
        if label in ("PER", "ORG", "LOC"):
            typed = [e for e in named if e.type == label]
            named = typed or named
        m.chosen = named[0]
        m.kind = kinds[m.chosen.kb_id] or "name"
        m.candidates = tuple(named)

    def _resolve(
        self, doc: Doc, m: Match, countries: set[str | None], ner: list[Span], ner_at: list[int]
    ) -> KBEntity | None:
        cue: tuple[str, ...] | None = None
        for k in (1, 2):
            if m.start - k >= 0 and doc[m.start - k].norm_ in CONTEXT_CUES:
                cue = CONTEXT_CUES[doc[m.start - k].norm_]
                break

        def score(e: KBEntity) -> tuple[int, int, float]:
            cue_hit = int(cue is not None and e.subtype in cue)
            coherent = int(e.country in countries or e.kb_id in countries)
            return (cue_hit, coherent, e.prior)

        return max(m.candidates, key=score)

    def _accept(self, doc: Doc, m: Match, ner: list[Span], ner_at: list[int], full_names: set[str]) -> bool:
        e = m.chosen
        if e is None:
            return False
        if e.type == "ORG" and m.end < len(doc) and doc[m.end].norm_ in NATIONAL_ADJECTIVES:
            return False  # مجلس الأمن الوطني is a country's council, not the UN Security Council
        if m.end < len(doc) and (m.alias, doc[m.end].norm_) in IDIOMS:
            return False  # مسقط رأسه: a birthplace, not Muscat
        label = _ner_label(m, ner, ner_at)
        risky = self.kb.is_risky(m.alias, e.kb_id)
        if m.kind == "short":
            # A surname alone: the full name is in the article, NER calls it a person, a title precedes
            # it, or it names one person only and is no ordinary word (ترامب، بوتين، أردوغان).
            return (
                e.kb_id in full_names
                or label == "PER"
                or self._title_before(doc, m.start) is not None
                or (len(m.candidates) == 1 and not risky and label is None)
            )
        if risky:
            return (
                (label is not None and label == LABEL_OF_TYPE.get(e.type))
                or self._cue_supports(doc, m.start, e)
                or (e.type == "ORG" and m.end < len(doc) and doc[m.end].norm_ in MISSION_WORDS)
            )
        # A one-word alias that NER reads as another type (a person named like a city) is not linked.
        return not (label is not None and label not in ("MISC", e.type) and m.end - m.start == 1)

    @staticmethod
    def _cue_supports(doc: Doc, start: int, e: KBEntity) -> bool:
        """A cue word one or two words before the name fits this reading (العاصمة الأردنية عمان)."""
        for k in (1, 2):
            if start - k >= 0:
                cue = CONTEXT_CUES.get(doc[start - k].norm_)
                if cue is not None:
                    return e.subtype in cue
        return False

    def _merge(self, doc: Doc, accepted: list[Match], ner: list[Span]) -> list[Span]:
        spans: list[Span] = []
        taken = [False] * len(doc)
        by_token: dict[int, Match] = {}
        for m in accepted:
            for i in range(m.start, m.end):
                by_token[i] = m
        for ent in ner:
            inside = {id(by_token[i]): by_token[i] for i in range(ent.start, ent.end) if i in by_token}
            # A person span that contains a matched surname or full name: keep the NER extent, link it.
            if ent.label_ == "PER" and len(inside) == 1:
                m = next(iter(inside.values()))
                # a surname links the longer name only at its end (ميشال بارنييه is not Charles Michel),
                # and only when the words before it are the person's own (ميلانيا ترامب is not Donald)
                surname_ok = m.kind != "short" or (
                    m.end == ent.end and m.chosen is not None and self._own_words(doc, ent.start, m.start, m.chosen)
                )
                if not surname_ok and ent.start <= m.start and m.end <= ent.end:
                    accepted = [x for x in accepted if x is not m]  # nor is its first word alone
                    continue
                if (
                    m.chosen is not None
                    and m.chosen.type == "PER"
                    and ent.start <= m.start
                    and m.end <= ent.end
                    and surname_ok
                ):
                    spans.append(Span(doc, ent.start, ent.end, label="PER", kb_id=m.chosen.kb_id))
                    for i in range(ent.start, ent.end):
                        taken[i] = True
                    accepted = [x for x in accepted if x is not m]
        for m in accepted:
            if any(taken[i] for i in range(m.start, m.end)):
                continue
            assert m.chosen is not None
            spans.append(Span(doc, m.start, m.end, label=LABEL_OF_TYPE[m.chosen.type], kb_id=m.chosen.kb_id))
            for i in range(m.start, m.end):
                taken[i] = True
        for ent in ner:
            if not any(taken[i] for i in range(ent.start, ent.end)):
                spans.append(Span(doc, ent.start, ent.end, label=ent.label_))
                for i in range(ent.start, ent.end):
                    taken[i] = True
        spans.sort(key=lambda s: s.start)
        return spans

    def _title_before(self, doc: Doc, start: int) -> str | None:
        """The longest title ending right before token ``start`` (skipping clitics)."""
        found = self._title_span_before(doc, start)
        return found[0] if found is not None else None

    def _title_span_before(self, doc: Doc, start: int) -> tuple[str, int] | None:
        """(role, length in tokens) of the longest title ending right before token ``start``."""
        norms = self._norms if len(self._norms) == len(doc) else doc_norms(doc)
        for length in range(min(self.max_title, start), 0, -1):
            words = tuple(norms[start - length : start])
            role = self.titles.get(words)
            if role is not None:
                return role, length
        return None

    def _context_before(
        self, doc: Doc, span: Span, spans_by_end: dict[int, Span], nisba: dict[int, KBEntity]
    ) -> tuple[str | None, str | None]:
        """(role, country) from the words before a person: title [nisba | ل + ORG/LOC] [،] NAME."""
        if span.start > 1 and doc[span.start - 1].text in (*COMMAS, "#"):
            # وزير الخارجية اليمني، خالد اليماني: the title in apposition before a comma (or a hashtag)
            role, country = self._context_at(doc, span.start - 1, spans_by_end, nisba)
            if role is not None or country is not None:
                return role, country
        return self._context_at(doc, span.start, spans_by_end, nisba)

    def _context_at(
        self, doc: Doc, i: int, spans_by_end: dict[int, Span], nisba: dict[int, KBEntity]
    ) -> tuple[str | None, str | None]:
        """(role, country) of the title phrase that ends right before token ``i``."""
        start = i
        country: str | None = None
        # a nisba adjective right before the name: الرئيس الأذربيجاني إلهام علييف
        if i > 0 and (i - 1) in nisba:
            country = _nisba_country(nisba[i - 1])
            i -= 1
            while i > 0 and (i - 1) in nisba and nisba[i - 1] is nisba[i]:
                i -= 1  # a nisba of two words: الزعيم الكوري الشمالي كيم جونغ أون
        # an organisation or country right before the name: الأمين العام لحلف الناتو ينس ستولتنبرغ
        elif i in spans_by_end and spans_by_end[i].label_ in ("ORG", "LOC"):
            org = spans_by_end[i]
            i = _with_clitic(doc, org.start)
            if i > 1 and doc[i - 1].norm_ == "لدي" and (i - 1) in spans_by_end:
                # سفير المملكة المتحدة لدى اليمن مايكل آرون: the envoy's own country comes first
                org = spans_by_end[i - 1]
                i = _with_clitic(doc, org.start)
            country = org.kb_id_ or None
        found = self._title_span_before(doc, i)
        role = found[0] if found is not None else None
        if found is None and i < start:
            # استقبلت إسرائيل إيفانكا: a country before a name is the person's only after a title
            # (الأمين العام لحلف الناتو ينس ستولتنبرغ، الرئيس الأذربيجاني إلهام علييف)
            country = None
        if country is None and found is not None and (i - found[1] - 1) in nisba:
            # العاهل السعودي الملك سلمان: the nisba of a first title before the second
            j = i - found[1] - 1
            if self._title_before(doc, j) is not None:
                country = _nisba_country(nisba[j])
        if country is not None:
            ent = self.kb.get(country)
            if ent is not None and ent.subtype == "country":
                country = ent.country or ent.cameo or country
        return role, country

    def _finish(
        self, doc: Doc, spans: list[Span], nisba: dict[int, KBEntity]
    ) -> tuple[list[Span], dict[str, dict[str, Any]]]:
        """Give every span its article-level cluster id and collect each cluster's actor details."""
        surname_owner: dict[str, Span] = {}
        first_owners: dict[str, set[str]] = {}
        first_owner: dict[str, Span] = {}
        for span in spans:
            if span.label_ == "PER" and len(span) > 1:
                if not (len(span) > 2 and span[-2].norm_ in PATRONYMIC):
                    # (سلمان of محمد بن سلمان is his father's name: alone, it is not him)
                    surname_owner.setdefault(span[-1].norm_, span)
                first_owners.setdefault(span[0].norm_, set()).add(span.kb_id_ or fold(span.text))
                first_owner.setdefault(span[0].norm_, span)
        clustered: list[Span] = []
        for span in spans:
            kb_id = span.kb_id_
            owner = surname_owner.get(span[0].norm_) if span.label_ == "PER" and len(span) == 1 else None
            if (
                owner is None
                and span.label_ == "PER"
                and len(span) == 1
                and len(first_owners.get(span[0].norm_, ())) == 1
            ):
                # كيم → كيم جونغ أون: a family name written first, when one full name in the article has it
                owner = first_owner[span[0].norm_]
            if owner is not None and not kb_id:
                # A short form of a person named in full elsewhere in the article (ميشيل → تشارلز ميشيل).
                kb_id = owner.kb_id_
                cluster = owner.kb_id_ or f"PER:{fold(owner.text)}"
            else:
                cluster = kb_id or f"{span.label_}:{fold(span.text)}"
            clustered.append(Span(doc, span.start, span.end, label=span.label_, kb_id=kb_id, span_id=cluster))
        actors: dict[str, dict[str, Any]] = {}
        spans_by_end = {s.end: s for s in clustered}
        for span in clustered:
            info = actors.setdefault(span.id_, {})
            if span.kb_id_ and "name_en" not in info:
                e = self.kb.get(span.kb_id_)
                if e is not None:
                    info.update(_actor_info(e))
            if span.label_ == "PER":
                role, country = self._context_before(doc, span, spans_by_end, nisba)
                if role and role not in info.setdefault("roles_seen", []):
                    info["roles_seen"].append(role)
                if country and not info.get("country_seen"):
                    info["country_seen"] = country
        return clustered, actors

    def _titles_as_mentions(
        self, doc: Doc, spans: list[Span], actors: dict[str, dict[str, Any]], nisba: dict[int, KBEntity]
    ) -> list[Span]:
        """``الرئيس الروسي`` with no name after it is a mention of the Russian president named elsewhere.

        The title phrase becomes a mention of a person linked in the same article when exactly one
        such person holds (in the knowledge base, or by a title seen before their name) that office
        of that country.
        """
        # linked people, and unlinked ones seen with a title (وزير الخارجية اليمني، خالد اليماني)
        people = [
            (cid, info)
            for cid, info in actors.items()
            if info.get("type") == "PER" or (cid.startswith("PER:") and info.get("roles_seen"))
        ]
        if not people:
            return spans
        taken = {i for s in spans for i in range(s.start, s.end)}
        starts = {s.start for s in spans}
        orgs = {s.start: s for s in spans if s.label_ == "ORG" and s.kb_id_}
        states = {s.start: s for s in spans if s.label_ == "LOC" and actors.get(s.id_, {}).get("subtype") == "country"}
        per_starts = {s.start for s in spans if s.label_ == "PER"}
        norms = self._norms if len(self._norms) == len(doc) else doc_norms(doc)
        added: list[Span] = []
        for i in range(len(doc)):
            if i in taken or norms[i] not in self.title_heads:
                continue
            for length in range(min(self.max_title, len(doc) - i), 0, -1):
                role = self.titles.get(tuple(norms[i : i + length]))
                end = i + length
                if role is not None and end not in nisba:
                    # الأمين العام لحلف الناتو with no name after it: the title is the office-holder
                    at = end + 1 if end < len(doc) and doc[end]._.is_clitic else end
                    org = orgs.get(at) or states.get(at)  # (زعيم كوريا الشمالية: a state's office too)
                    named = org is not None and (
                        org.end in per_starts
                        or (org.end < len(doc) and doc[org.end].text in COMMAS and org.end + 1 in per_starts)
                    )
                    if org is None or named or any(k in taken for k in range(i, end)):
                        continue
                    if org.label_ == "LOC":
                        iso = actors.get(org.id_, {}).get("country")
                        holders = [cid for cid, info in people if _holds(info, role, iso)]
                    else:
                        holders = [cid for cid, info in people if self._holds_in(info, role, org.kb_id_)]
                    if len(holders) == 1:
                        cid = holders[0]
                        kb_id = cid if actors[cid].get("name_en") else ""
                        added.append(Span(doc, i, end, label="PER", kb_id=kb_id, span_id=cid))
                    taken.update(range(i, end))
                    break
                if role is None or end not in nisba:
                    continue
                n_end = end + 1
                while n_end in nisba and nisba[n_end] is nisba[end]:
                    n_end += 1  # a nisba of two words: الزعيم الكوري الشمالي
                comma_name = n_end < len(doc) and doc[n_end].text in COMMAS and n_end + 1 in starts
                if n_end in starts or comma_name or any(k in taken for k in range(i, n_end)):
                    break
                country = nisba[end].country or nisba[end].cameo
                holders = [cid for cid, info in people if _holds(info, role, country)]
                if len(holders) > 1 and role == "counterpart":
                    holders = self._counterparts(doc, i, spans + added, actors, holders=holders, country=country)
                if len(holders) == 1:
                    cid = holders[0]
                    added.append(
                        Span(doc, i, n_end, label="PER", kb_id=cid if actors[cid].get("name_en") else "", span_id=cid)
                    )
                # the whole title phrase is read once: نائب الرئيس الأمريكي is not الرئيس الأمريكي
                taken.update(range(i, n_end))
                break
        return sorted(spans + added, key=lambda s: s.start) if added else spans

    @staticmethod
    def _counterparts(
        doc: Doc,
        i: int,
        spans: list[Span],
        actors: dict[str, dict[str, Any]],
        *,
        holders: list[str],
        country: str | None,
    ) -> list[str]:
        """Of several people of ``country``, those who hold the office of the person whose counterpart
        (نظيره) the title at ``i`` names: the last person before it in the sentence (زار الرئيس
        المصري نظيره الروسي: the Russian president, not the prime minister)."""
        sent_start = doc[i].sent.start
        owner = max(
            (s for s in spans if s.label_ == "PER" and sent_start <= s.start and s.end <= i),
            key=lambda s: s.start,
            default=None,
        )
        if owner is None:
            return holders
        info = actors.get(owner.id_, {})
        offices = {r[0] for r in info.get("roles") or () if r[3] is None} | set(info.get("roles_seen") or ())
        same = [cid for cid in holders if any(_holds(actors[cid], office, country) for office in offices)]
        return same or holders


@lru_cache(maxsize=1)
def org_anaphors() -> frozenset[str]:
    """Definite heads that refer back to an organisation (``lang/org_anaphors.txt``)."""
    text = resources.files("mideast_nlp").joinpath("lang/org_anaphors.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def doc_norms(doc: Doc) -> list[str]:
    """The folded forms (``token.norm_``) of a Doc's tokens, read from its array."""
    strings = doc.vocab.strings
    return [strings[h] for h in doc.to_array("NORM").tolist()]


#: Summit nouns whose adjectives may name an organisation (``lang/summit_bodies.tsv``).
SUMMIT_NOUNS = frozenset({"قمه", "القمه", "قمم", "القمم"})


@lru_cache(maxsize=1)
def summit_bodies() -> tuple[tuple[regex.Pattern[str], str], ...]:
    """(adjective pattern, knowledge-base id) pairs from ``lang/summit_bodies.tsv``."""
    text = resources.files("mideast_nlp").joinpath("lang/summit_bodies.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple((regex.compile(f"(?:{form.strip()})"), kb_id.strip()) for form, kb_id in rows)


def _next_token(doc: Doc, i: int) -> int | None:
    """The next token from ``i`` that is not a space or a hashtag joiner (``#القمة_العربية``)."""
    while i < len(doc) and (doc[i].is_space or doc[i].text in HASHTAG_JOINERS):
        i += 1
    return i if i < len(doc) else None


def _anaphors(doc: Doc, spans: list[Span], heads: frozenset[str], norms: list[str]) -> list[Span]:
    """``مسلحي الحركة`` after ``حركة طالبان``: the head noun alone is a mention of that organisation."""
    taken = {i for s in spans for i in range(s.start, s.end)}
    orgs = [s for s in spans if s.label_ == "ORG"]
    added: list[Span] = []
    for i, norm in enumerate(norms):
        if norm not in heads or i in taken:
            continue
        j = i + 1
        while j < len(doc) and doc[j].is_space:
            j += 1
        if j < len(doc) and (j in taken or (norms[j].startswith("ال") and len(norms[j]) > 3)):
            continue  # الحركة الشعبية، الحزب الديمقراطي: a name or a new description, not a reference
        bare = norm[2:]
        before = [s for s in orgs if s.end <= i and norms[s.start] in (norm, bare)]
        if before:
            ante = before[-1]
            added.append(Span(doc, i, i + 1, label="ORG", kb_id=ante.kb_id_, span_id=ante.id_))
    return sorted(spans + added, key=lambda s: s.start) if added else spans


def _initials(name: str) -> str:
    """North Atlantic Treaty Organization → NATO."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _join_hashtags(doc: Doc, spans: list[Span]) -> list[Span]:
    """``فلاديمير #بوتين``، ``#دونالد_ترمب``: two person spans joined by ``#`` or ``_`` are one name."""
    out: list[Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label_ == span.label_ == "PER"
            and span.start > prev.end
            and all(doc[k].text in ("#", "_") or doc[k].is_space for k in range(prev.end, span.start))
            and not (prev.kb_id_ and span.kb_id_ and prev.kb_id_ != span.kb_id_)
        ):
            out[-1] = Span(doc, prev.start, span.end, label="PER", kb_id=prev.kb_id_ or span.kb_id_)
            continue
        out.append(span)
    return out


#: Words that make the next name a father's name (محمد بن سلمان), not a family name.
PATRONYMIC = frozenset({"بن", "ابن", "بنت"})

#: The commas that set a name in apposition after its title.
COMMAS = ("،", ",")


def _with_clitic(doc: Doc, start: int) -> int:
    """``start``, or the token before it when that is a clitic fused to it (لحلف الناتو → ل)."""
    return start - 1 if start > 0 and doc[start - 1]._.is_clitic else start


def _nisba_country(e: KBEntity) -> str | None:
    """The country a nisba adjective names: the country itself, or the country of a place."""
    return e.kb_id if e.subtype == "country" else e.country


#: Words that end no person's name: a person span the NER ends on one of them has taken in the
#: title or relation of the next phrase (``سلمان الرئيس`` of وكان في استقبال الملك سلمان الرئيس
#: السيسي; ``وليام نجل`` of الأمير وليام نجل ولي العهد).
NOT_NAME_ENDS = frozenset(
    {
        "الرئيس",
        "الرئيسه",
        "رئيس",
        "الملك",
        "العاهل",
        "الوزير",
        "الوزيره",
        "وزير",
        "الامير",
        "الزعيم",
        "المبعوث",
        "السفير",
        "المتحدث",
        "المستشار",
        "الجنرال",
        "مدير",
        "نجل",
    }
)


def _trim(span: Span) -> Span | None:
    """The span without the line breaks or spaces the NER sometimes takes in at its edges (``سول\\n``),
    and a person without a title or relation word at its end (:data:`NOT_NAME_ENDS`)."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_space or doc[start].text.isspace()):
        start += 1
    while end > start and (
        doc[end - 1].is_space
        or doc[end - 1].text.isspace()
        or (span.label_ == "PER" and end - start > 1 and doc[end - 1].norm_ in NOT_NAME_ENDS)
    ):
        end -= 1
    if start == end:
        return None
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label_, kb_id=span.kb_id_, span_id=span.id_)


def _holds(info: dict[str, Any], role: str, country: str | None) -> bool:
    """Does this person hold ``role`` of ``country`` (by the knowledge base or a title seen in the text)?"""
    if country is None:
        return False
    if role == "counterpart":  # نظيره الروسي: the person of that country named in the article
        return (info.get("country") or info.get("country_seen")) == country
    roles = ROLE_KINDS.get(role, frozenset({role}))
    for r_role, r_org, _start, r_end in info.get("roles") or ():
        # (الزعيم, a leader, is the supreme leader too)
        if r_org == country and r_end is None and (r_role in roles or (role == "leader" and r_role.endswith("leader"))):
            return True
    seen_country = info.get("country_seen") or info.get("country")
    return seen_country == country and bool(roles & set(info.get("roles_seen") or ()))


#: A title's role and the roles it covers: العاهل (the monarch) is the king, emir or sultan; أمير
#: is a prince or the emir.
ROLE_KINDS: dict[str, frozenset[str]] = {
    "monarch": frozenset({"monarch", "king", "queen", "emir", "sultan"}),
    "king": frozenset({"king", "monarch"}),
    "prince": frozenset({"prince", "emir"}),
}


def _actor_info(e: KBEntity) -> dict[str, Any]:
    return {
        "name_en": e.name_en,
        "qid": e.qid,
        "country": e.country if e.country else None,
        "cameo": e.cameo,
        "type": e.type,
        "subtype": e.subtype,
        "roles": [[r.role, r.org, r.start, r.end] for r in e.roles],
        "cameo_history": [[p.code, p.start, p.end] for p in e.cameo_history],
    }


def _token_owner(n: int, spans: list[Span]) -> list[int]:
    owner = [-1] * n
    for k, s in enumerate(spans):
        for i in range(s.start, s.end):
            owner[i] = k
    return owner


def _ner_label(m: Match, ner: list[Span], ner_at: list[int]) -> str | None:
    for i in range(m.start, m.end):
        if ner_at[i] >= 0:
            return str(ner[ner_at[i]].label_)
    return None


_INDEXES: dict[tuple[int, int], AliasIndex] = {}


def _index_for(kb: KnowledgeBase, segmenter: CliticSegmenter) -> AliasIndex:
    key = (id(kb), id(segmenter))
    index = _INDEXES.get(key)
    if index is None:
        index = _INDEXES[key] = AliasIndex.build(kb, segmenter)
    return index
