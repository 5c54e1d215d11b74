"""Meeting and agreement events: triggers, arguments, status and mode, CAMEO and PLOVER codes.

The ``mideast_events`` component runs after linking. For each trigger word (``lang/event_triggers.tsv``,
matched on folded token forms, so every person, tense and clitic combination of a listed paradigm
matches) it

1. bounds the trigger's clause: the sentence, cut at the neighbouring triggers, at verbs of saying
   (قال، أعلن، أكد …) and at a window of tokens;
2. takes the actors in the clause as participants, leaving out the organisation or country of a
   title (``الأمين العام لحلف الناتو ينس ستولتنبرغ`` → Stoltenberg, not NATO) and places introduced
   by ``في`` (the location); a dropped or pronoun subject is the person of the previous sentence;
3. splits ``… مع X، ولاحقًا مع Y وZ`` into two meetings, gives hosts and visitors their roles
   (``استقبل``، ``استضاف``، ``زار``);
4. reads status, negation and mode from context words (``lang/event_cues.tsv``) and the kind of an
   agreement from the words after it (``lang/agreement_kinds.tsv``);
5. merges mentions of the same real-world event within the article.

When a backend has annotated the Doc (:mod:`mideast_nlp.backends`), two hooks use it: a token whose
form is in no trigger pattern is a trigger when its lemma is in ``lang/event_trigger_lemmas.tsv``
(:func:`~mideast_nlp.backends.ud.lemma_trigger`), and a UD parse puts the trigger's subject, object
and مع-phrase first among the participants, even outside the clause window
(:func:`~mideast_nlp.backends.ud.order_by_syntax`). Without a backend nothing changes.

It leaves plain event dicts in ``doc._.events``; :func:`finalize_event` (called by
``export.doc_to_result``, which knows the article's date) resolves dates, fills the actors' canonical
fields and sets the CAMEO/PLOVER codes with :func:`event_codes`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import regex
from spacy.tokens import Doc, Span

from .backends.ud import Syntax, lemma_trigger, order_by_syntax
from .dates import find_dates, resolve
from .extensions import ensure_extensions

# -- lexicons (data files beside the code) --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TriggerRule:
    pattern: regex.Pattern[str]
    next: regex.Pattern[str] | None
    event: str
    kind: str
    form: str
    requires: str
    strength: float


@dataclass(frozen=True, slots=True)
class CueRule:
    pattern: regex.Pattern[str]
    category: str
    where: str
    distance: int


def _data_lines(name: str) -> list[list[str]]:
    text = resources.files("mideast_nlp").joinpath(f"lang/{name}").read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _full(pattern: str) -> regex.Pattern[str]:
    return regex.compile(rf"(?:{pattern})")


@lru_cache(maxsize=1)
def trigger_rules() -> tuple[TriggerRule, ...]:
    rules = []
    for cols in _data_lines("event_triggers.tsv"):
        pattern, nxt, event, kind, form, requires, strength = (c.strip() for c in cols[:7])
        rules.append(
            TriggerRule(
                _full(pattern), None if nxt == "-" else _full(nxt), event, kind, form, requires, float(strength)
            )
        )
    return tuple(rules)


@lru_cache(maxsize=1)
def cue_rules() -> tuple[CueRule, ...]:
    return tuple(
        CueRule(_full(c[0].strip()), c[1].strip(), c[2].strip(), int(c[3])) for c in _data_lines("event_cues.tsv")
    )


@lru_cache(maxsize=1)
def agreement_kinds() -> tuple[tuple[regex.Pattern[str], str], ...]:
    return tuple((_full(c[0].strip()), c[1].strip()) for c in _data_lines("agreement_kinds.tsv"))


AGREEMENT_NOUN = regex.compile(
    r"(?:ال)?(?:اتفاق|اتفاقا|اتفاقات|اتفاقيه|اتفاقيات|معاهده|معاهدات|مذكره|مذكرات|بروتوكول|صفقه|صفقات|اعلان|وثيقه|عقد|عقدا|عقود|هدنه|ميثاق)"
)
SPEECH_VERBS = regex.compile(
    r"(?:قال|قالت|اعلن|اعلنت|اكد|اكدت|اضاف|اضافت|اشار|اشارت|اوضح|اوضحت|صرح|صرحت|شدد|شددت|ذكر|ذكرت|افاد|افادت|يقول|تقول)"
)
COMPLEMENTIZERS = regex.compile(r"(?:ان|انه|انها|انهم|بان|بانه|بانها)")
LATER = regex.compile(r"(?:لاحقا|ثم|بعدها|بعدئذ)")
BLOCK_AFTER = regex.compile(
    r"(?:تلفزيوني|تلفزيونيه|التلفزيوني|صحفي|صحفيه|الصحفي|صحافي|اعلامي|اعلاميه|متلفز|الاراء|اراء|جماهيري|رياضي|"
    r"اللاجئين|لاجئين|المهاجرين|مهاجرين|الضيوف|المشجعين|الجماهير|الطلاب|المرضي)"
)
TITLE_WORDS = regex.compile(
    r"(?:رئيس|رئيسه|الرئيس|وزير|وزيره|الوزير|امين|الامين|العام|الامينه|العامه|ملك|الملك|امير|الامير|سفير|السفير|"
    r"مبعوث|المبعوث|قائد|القائد|زعيم|الزعيم|نائب|وزراء|الوزراء|حكومه|الحكومه|مستشار|المستشار|المتحدث|باسم|عاهل|العاهل|"
    r"ولي|العهد|مدير|المدير|مندوب|المندوب|ممثل|الممثل)"
)
#: Words before a place that make it the scene of the event rather than a party to it.
PLACE_PREPOSITIONS = frozenset({"في", "ب", "داخل", "الي", "من", "عبر", "قرب", "خلال"})
PLACE_HEADS = frozenset({"العاصمه", "عاصمه", "مدينه", "منتجع", "بلده", "قريه", "محافظه", "ولايه", "منطقه"})


def _nisba_like(norm: str) -> frozenset[str]:
    """An adjective such as الفنلندية or الروسي (ال + … + ي/يه)."""
    return frozenset({norm}) if norm.startswith("ال") and norm.endswith(("ي", "يه")) and len(norm) > 4 else frozenset()


#: Places that are never parties: regions, seas, rivers, continents.
NEVER_PARTIES = frozenset({"geo_region", "sea", "river", "waterway", "continent", "region", "disputed_region"})
SUMMIT_KINDS = ("summit",)
#: How far (in tokens, clitics and punctuation included) a clause reaches from its trigger.
MAX_LEFT = {"meeting": 20, "agreement": 45}
MAX_RIGHT = 35


# -- codes ------------------------------------------------------------------------------------------


def event_codes(
    event_type: str,
    status: str,
    *,
    mode: str = "unknown",
    kind: str = "",
    agreement_kind: str = "",
    third_party: bool = False,
    negated: bool = False,
) -> dict[str, str | None]:
    """CAMEO and PLOVER codes for an event (see ``shared/data/events/cameo`` and the PLOVER manual).

    Meetings: occurred → 040 CONSULT (041 phone, 042 visit, 044 third place, 046 negotiation,
    045 mediation, multilateral mode for summits); planned → 036 AGREE (intent to meet);
    requested → 026 REQUEST/meet; cancelled → 125 REJECT/meet. Agreements: signed → 057 SUPPORT;
    agreed in principle and proposed → 03x AGREE (037 to settle a dispute, 0311 economic, 0312
    military); negotiating → 046 CONSULT; rejected → 127 REJECT; historical → 057 SUPPORT.
    A negated event keeps the code of what was negated.
    """
    if event_type == "meeting":
        if status == "planned":
            return {"cameo": "036", "plover": "AGREE", "plover_mode": None}
        if status == "requested":
            return {"cameo": "026", "plover": "REQUEST", "plover_mode": "meet"}
        if status == "cancelled":
            return {"cameo": "125", "plover": "REJECT", "plover_mode": "meet"}
        if mode == "phone":
            return {"cameo": "041", "plover": "CONSULT", "plover_mode": "phone"}
        if mode == "video":
            return {"cameo": "040", "plover": "CONSULT", "plover_mode": "video"}
        if mode == "visit":
            return {"cameo": "042", "plover": "CONSULT", "plover_mode": "visit"}
        if mode == "multilateral":
            return {"cameo": "040", "plover": "CONSULT", "plover_mode": "multilateral"}
        if kind == "negotiate":
            return {"cameo": "046", "plover": "CONSULT", "plover_mode": None}
        if kind == "mediation":
            return {"cameo": "045", "plover": "CONSULT", "plover_mode": None}
        if third_party:
            return {"cameo": "044", "plover": "CONSULT", "plover_mode": "third-party"}
        return {"cameo": "040", "plover": "CONSULT", "plover_mode": None}
    if status in ("signed", "historical"):
        return {"cameo": "057", "plover": "SUPPORT", "plover_mode": None}
    if status == "negotiating":
        return {"cameo": "046", "plover": "CONSULT", "plover_mode": None}
    if status == "rejected":
        return {"cameo": "127", "plover": "REJECT", "plover_mode": None}
    intent = {
        "peace agreement": "037",
        "ceasefire": "037",
        "settlement": "037",
        "reconciliation agreement": "037",
        "economic agreement": "0311",
        "trade deal": "0311",
        "energy deal": "0311",
        "defence cooperation": "0312",
    }.get(agreement_kind, "030")
    return {"cameo": intent, "plover": "AGREE", "plover_mode": None}


# -- extraction -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Trigger:
    start: int
    end: int
    rule: TriggerRule


@dataclass(slots=True)
class Draft:
    """An event being built from one trigger."""

    type: str
    kind: str
    trigger: Trigger
    sentence: Span
    participants: list[tuple[Span, str]] = field(default_factory=list)
    status: str = ""
    mode: str = "unknown"
    negated: bool = False
    location: Span | None = None
    date: dict[str, Any] | None = None
    agreement_kind: str = ""
    confidence: float = 0.5
    years: list[int] = field(default_factory=list)


class EventExtractor:
    """The ``mideast_events`` spaCy component (see the module docstring)."""

    def __init__(self) -> None:
        ensure_extensions()
        self.rules = trigger_rules()
        # one pass over the tokens: only words that some trigger pattern matches are looked at again
        self.any_trigger = regex.compile("|".join(f"(?:{r.pattern.pattern})" for r in self.rules))
        self.cues = cue_rules()
        self.kinds = agreement_kinds()

    def __call__(self, doc: Doc) -> Doc:
        triggers = self._find_triggers(doc)
        ents = [e for e in doc.ents if e.label_ in ("PER", "ORG", "LOC")]
        syntax = Syntax.of(doc)
        drafts: list[Draft] = []
        # A noun trigger owns the name right after it (قمة الشراكة الشرقية): the next clause starts after it.
        ent_after = {e.start: e for e in ents}
        owned_end = []
        for t in triggers:
            j = _next_word(doc, t.end)
            owned = ent_after.get(j) if j is not None and t.rule.form == "noun" else None
            end = owned.end if owned is not None else t.end
            k = _next_word(doc, end)
            if owned is not None and k is not None and doc[k].text == "(":
                # … and a parenthesis right after it: قمة الشراكة الشرقية (15 ديسمبر)
                close = next((i for i in range(k + 1, min(k + 12, len(doc))) if doc[i].text == ")"), None)
                end = close + 1 if close is not None else end
            owned_end.append(end)
        for k, trig in enumerate(triggers):
            prev_end = owned_end[k - 1] if k > 0 else 0
            next_start = triggers[k + 1].start if k + 1 < len(triggers) else len(doc)
            drafts.extend(self._build(doc, trig, ents, prev_end, next_start, syntax=syntax))
        events = [self._to_dict(doc, d) for d in _merge(drafts)]
        doc._.events = [e for e in events if _enough_parties(e)]
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    # -- triggers ----------------------------------------------------------------------------------

    def _find_triggers(self, doc: Doc) -> list[Trigger]:
        out: list[Trigger] = []
        n = len(doc)
        i = 0
        norms = [t.norm_ for t in doc]
        lemmatised = any(t.lemma_ for t in doc)  # only a backend sets lemmas
        while i < n:
            norm = norms[i]
            by_form = self.any_trigger.fullmatch(norm) is not None
            by_lemma = lemma_trigger(doc[i]) if lemmatised and not by_form else None
            if not by_form and by_lemma is None:
                i += 1
                continue
            tok = doc[i]
            if tok.is_space or tok.is_punct or tok._.is_clitic or tok.ent_iob_ in ("B", "I"):
                i += 1
                continue
            rules = self.rules
            if by_lemma is not None:  # a backend's lemma: التقيتم → اِلْتَقَى
                entry, form = by_lemma
                pattern = regex.compile(regex.escape(norm))
                rules = (TriggerRule(pattern, None, entry.event, entry.kind, form, entry.requires, entry.strength),)
            for rule in rules:
                if not rule.pattern.fullmatch(norm):
                    continue
                end = i + 1
                if rule.next is not None:
                    j = _next_word(doc, i + 1)
                    if j is None or not rule.next.fullmatch(doc[j].norm_):
                        continue
                    end = j + 1
                j = _next_word(doc, end)
                if j is not None and BLOCK_AFTER.fullmatch(doc[j].norm_):
                    break
                out.append(Trigger(i, end, rule))
                i = end - 1
                break
            i += 1
        return _fold_sign_nouns(doc, out)

    # -- one trigger → drafts ------------------------------------------------------------------------

    def _bounds(self, doc: Doc, trig: Trigger, prev_end: int, next_start: int) -> tuple[int, int]:
        sent = doc[trig.start].sent
        left = max(sent.start, prev_end, trig.start - MAX_LEFT[trig.rule.event])
        right = min(sent.end, next_start, trig.end + MAX_RIGHT)
        for i in range(trig.start - 1, left - 1, -1):
            if SPEECH_VERBS.fullmatch(doc[i].norm_):
                left = i + 1
                break
        for i in range(trig.end, right):
            if SPEECH_VERBS.fullmatch(doc[i].norm_) or COMPLEMENTIZERS.fullmatch(doc[i].norm_):
                right = i  # reported speech follows: «قال في لقاء مع X إن ألمانيا …»
                break
        return left, right

    def _build(
        self, doc: Doc, trig: Trigger, ents: list[Span], prev_end: int, next_start: int, *, syntax: Syntax | None = None
    ) -> list[Draft]:
        rule = trig.rule
        left, right = self._bounds(doc, trig, prev_end, next_start)
        if not self._requirement_met(doc, trig, right, ents):
            return []
        sent = doc[trig.start].sent
        actors, location = self._actors(doc, ents, left, right, rule, trig=trig, syntax=syntax)
        draft = Draft(type=rule.event, kind=rule.kind, trigger=trig, sentence=sent, location=location)
        self._context(doc, draft, left, right)
        drafts = [draft]
        if rule.event == "meeting":
            first, later = _split_later(doc, actors, trig)
            draft.participants = self._roles(doc, trig, first)
            if later:
                subject = first[0] if first and (first[0].start < trig.start or first[0].label_ == "PER") else None
                second = Draft(
                    type="meeting",
                    kind=rule.kind,
                    trigger=trig,
                    sentence=sent,
                    status=draft.status,
                    mode=draft.mode,
                    negated=draft.negated,
                    date=draft.date,
                )
                members = ([subject] if subject is not None else []) + later
                second.participants = [(s, "participant") for s in members]
                drafts.append(second)
        else:
            draft.participants = [(s, "participant") for s in _parties(actors)]
            draft.agreement_kind = self._agreement_kind(doc, trig, right)
        out = []
        for d in drafts:
            if d.type == "meeting" and len(_clusters(d)) < 2:
                self._borrow_subject(doc, d, ents)
            n_part = len(_clusters(d))
            if d.type == "meeting":
                if n_part < 2 and not (d.kind in SUMMIT_KINDS and n_part == 1 and self._named_summit(doc, d)):
                    continue
                d.mode = self._mode(doc, d, left, right)
            elif n_part < 1:
                continue
            linked = sum(1 for s, _ in d.participants if s.kb_id_)
            d.confidence = round(min(0.99, rule.strength * (0.6 + 0.2 * (n_part >= 2) + 0.2 * (linked >= 1))), 3)
            out.append(d)
        return out

    @staticmethod
    def _named_summit(doc: Doc, d: Draft) -> bool:
        """قمة الشراكة الشرقية، قمة الناتو: the summit's name (an organisation) follows the noun."""
        j = _next_word(doc, d.trigger.end)
        span = d.participants[0][0] if d.participants else None
        return span is not None and j is not None and span.start == j and span.label_ == "ORG"

    def _requirement_met(self, doc: Doc, trig: Trigger, right: int, ents: list[Span]) -> bool:
        req = trig.rule.requires
        if req == "-":
            return True
        window = range(trig.end, min(right + 1, len(doc)))
        if req == "agreement_noun":
            return any(AGREEMENT_NOUN.fullmatch(doc[i].norm_) for i in range(trig.end, min(trig.end + 6, len(doc))))
        if req == "ala":
            return any(doc[i].norm_ == "علي" for i in range(trig.end, min(trig.end + 4, len(doc))))
        if req == "phone":
            lo, hi = max(0, trig.start - 3), min(len(doc), trig.end + 3)
            return any(
                c.category == "phone" and c.pattern.fullmatch(doc[i].norm_) for i in range(lo, hi) for c in self.cues
            )
        if req == "with":
            starts = {e.start for e in ents}
            for i in window:
                norm = doc[i].norm_
                with_word = norm == "مع" or (norm == "ب" and doc[i]._.is_clitic)
                if with_word and any(j in starts for j in range(i + 1, min(i + 6, len(doc)))):
                    return True
            return False
        return True

    def _actors(
        self,
        doc: Doc,
        ents: list[Span],
        left: int,
        right: int,
        rule: TriggerRule,
        *,
        trig: Trigger | None = None,
        syntax: Syntax | None = None,
    ) -> tuple[list[Span], Span | None]:
        inside = [e for e in ents if left <= e.start and e.end <= right]
        only: set[tuple[int, int]] | None = None  # a parse: the trigger's arguments first (or only them)
        if trig is not None:
            inside, only = order_by_syntax(syntax, trig.start, trig.end, ents, inside, noun=rule.form == "noun")
        per_starts = {e.start for e in inside if e.label_ == "PER"}
        actors: list[Span] = []
        location: Span | None = None
        actors_info = doc._.actors or {}
        for e in inside:
            if e.label_ in ("ORG", "LOC") and _is_affiliation(doc, e, per_starts):
                continue
            if e.label_ == "LOC":
                subtype = actors_info.get(e.id_, {}).get("subtype")
                prev = _prev_word(doc, e.start)
                # skip "العاصمة الفنلندية" / "مدينة" between the preposition and the name
                while (
                    prev is not None and prev > left and doc[prev].norm_ in PLACE_HEADS | _nisba_like(doc[prev].norm_)
                ):
                    prev = _prev_word(doc, prev)
                after_prep = prev is not None and doc[prev].norm_ in PLACE_PREPOSITIONS
                visited = rule.kind == "visit" and subtype in ("country", "territory")
                if prev is not None and after_prep and not visited:
                    # في القاهرة، إلى موسكو: where it happens, not who takes part
                    if location is None and doc[prev].norm_ in ("في", "ب", "داخل"):
                        location = e
                    continue
                if subtype in NEVER_PARTIES or subtype == "city":
                    continue  # a region, or a city that is not a capital: never a party
            if only is not None and (e.start, e.end) not in only:
                continue
            actors.append(e)
        return actors, location

    def _roles(self, doc: Doc, trig: Trigger, actors: list[Span]) -> list[tuple[Span, str]]:
        kind = trig.rule.kind
        if not actors:
            return []
        if kind in ("receive", "host"):
            return [(actors[0], "host")] + [(a, "visitor" if kind == "receive" else "participant") for a in actors[1:]]
        if kind == "visit":
            return [(actors[0], "visitor")] + [(a, "host") for a in actors[1:]]
        return [(a, "participant") for a in actors]

    def _borrow_subject(self, doc: Doc, d: Draft, ents: list[Span]) -> None:
        """A dropped or pronoun subject: the first person of the previous sentence(s) (or this one, before)."""
        have = _clusters(d)
        sent = d.sentence
        candidates = [e for e in ents if e.end <= d.trigger.start and e.start >= sent.start and e.label_ == "PER"]
        prev_sents = [e for e in ents if e.end <= sent.start and e.label_ == "PER"]
        pool = list(reversed(candidates))
        if prev_sents:
            last_sent = prev_sents[-1].sent
            pool += [e for e in prev_sents if e.sent == last_sent]
        for e in pool:
            if (e.id_ or e.text) not in have:
                role = "visitor" if d.kind == "visit" else ("host" if d.kind in ("receive", "host") else "participant")
                d.participants.insert(0, (e, role))
                return

    def _context(self, doc: Doc, d: Draft, left: int, right: int) -> None:
        trig = d.trigger
        cats: set[str] = set()
        lo = max(d.sentence.start, trig.start - 8)
        hi = min(d.sentence.end, trig.end + 8)
        for i in range(lo, hi):
            if trig.start <= i < trig.end:
                continue
            norm = doc[i].norm_
            before = i < trig.start
            dist = trig.start - i if before else i - trig.end + 1
            for cue in self.cues:
                if dist > cue.distance or (cue.where == "before" and not before) or (cue.where == "after" and before):
                    continue
                if cue.pattern.fullmatch(norm):
                    cats.add(cue.category)
        prev = _prev_word(doc, trig.start)
        prev_tok = doc[trig.start - 1] if trig.start > 0 else None
        future = "future" in cats or (prev_tok is not None and prev_tok._.is_clitic and prev_tok.norm_ == "س")
        if prev is not None and doc[prev].norm_ == "قبل" and trig.rule.form == "noun":
            future = True
        d.negated = "negation" in cats
        d.years = [int(t.norm_) for t in doc[lo:hi] if t.like_num and len(t.norm_) == 4 and t.norm_.isdigit()]
        lo_char, hi_char = doc[left].idx, doc[right - 1].idx + len(doc[right - 1]) if right > left else doc[left].idx
        dates = [x for x in find_dates(d.sentence.text, d.sentence.start_char) if lo_char <= x["start"] < hi_char]
        if dates:
            trig_char = doc[trig.start].idx
            d.date = min(dates, key=lambda x: abs(x["start"] - trig_char))
        if d.type == "meeting":
            if "cancel" in cats:
                d.status = "cancelled"
            elif "request" in cats:
                d.status = "requested"
            elif future:
                d.status = "planned"
            else:
                d.status = "occurred"
            d.mode = "phone" if "phone" in cats else ("video" if "video" in cats else d.mode)
            if "mediation" in cats and d.kind not in ("call",):
                d.kind = "mediation"
        else:
            kind = trig.rule.kind
            if "reject" in cats:
                d.status = "rejected"
            elif kind in ("sign", "reach") and trig.rule.form == "past" and not future:
                d.status = "signed"
            elif (kind in ("sign", "reach", "agree") and future) or kind == "agree":
                d.status = "agreed_in_principle"
            elif "negotiate" in cats:
                d.status = "negotiating"
            elif "propose" in cats or "request" in cats or future:
                d.status = "proposed"
            elif kind in ("sign", "reach"):
                d.status = "signed"
            else:
                d.status = "historical"

    def _mode(self, doc: Doc, d: Draft, left: int, right: int) -> str:
        if d.kind == "call" or d.mode == "phone":
            return "phone"
        if d.mode == "video":
            return "video"
        if d.kind in ("visit", "receive"):
            return "visit"
        countries = {s.kb_id_ for s, _ in d.participants if s.label_ == "LOC"}
        n = len(_clusters(d))
        if (d.kind in SUMMIT_KINDS and n != 2) or (n >= 3 and len(countries) >= 3):
            return "multilateral"
        if d.kind in ("meet", "talks", "negotiate", "discuss", "meal", "host", "mediation"):
            return "in_person"
        return "unknown"

    def _agreement_kind(self, doc: Doc, trig: Trigger, right: int) -> str:
        base = {
            "mou": "memorandum of understanding",
            "treaty": "treaty",
            "deal": "deal",
            "truce": "truce",
            "ceasefire": "ceasefire",
            "declaration": "joint declaration",
            "protocol": "protocol",
        }
        head = trig.end
        if trig.rule.kind in ("sign", "reach", "agree"):
            # the kind follows the agreement noun the verb governs: وقعت ... اتفاقية للتعاون الاقتصادي
            head = next(
                (i + 1 for i in range(trig.end, min(trig.end + 6, len(doc))) if AGREEMENT_NOUN.fullmatch(doc[i].norm_)),
                trig.end,
            )
        hi = min(len(doc), head + 6)
        norms = [doc[i].norm_ for i in range(trig.start, hi)]
        for pattern, kind in self.kinds:  # file order is priority: the specific kinds come first
            if any(pattern.fullmatch(norm) for norm in norms):
                return kind
        return base.get(trig.rule.kind, "agreement")

    # -- output --------------------------------------------------------------------------------------

    def _to_dict(self, doc: Doc, d: Draft) -> dict[str, Any]:
        trig = doc[d.trigger.start : d.trigger.end]
        sent = d.sentence
        sent_text = sent.text.rstrip()
        parts = []
        seen: set[str] = set()
        info = doc._.actors or {}
        # The most specific actor: a country (or its capital) gives way to its leader who is named too.
        people_countries = {
            info.get(s.id_, {}).get("country") or info.get(s.id_, {}).get("country_seen")
            for s, _ in d.participants
            if s.label_ == "PER"
        } - {None}
        for span, role in d.participants:
            key = span.id_ or span.text
            if key in seen:
                continue
            if d.type == "meeting" and span.label_ == "LOC" and info.get(key, {}).get("country") in people_countries:
                continue
            seen.add(key)
            parts.append(
                {"cluster": key, "name": span.text, "role": role, "label": span.label_, "mention": _span(span)}
            )
        out: dict[str, Any] = {
            "type": d.type,
            "kind": d.kind,
            "status": d.status,
            "negated": d.negated,
            "participants": parts,
            "trigger": _span(trig),
            "evidence": {"text": sent_text, "start": sent.start_char, "end": sent.start_char + len(sent_text)},
            "location": None
            if d.location is None
            else {"cluster": d.location.id_ or d.location.text, "name": d.location.text, "mention": _span(d.location)},
            "date": d.date,
            "confidence": d.confidence,
            "form": d.trigger.rule.form,
            "years": d.years,
        }
        if d.type == "meeting":
            out["mode"] = d.mode
        else:
            out["agreement_kind"] = d.agreement_kind
        return out


def _enough_parties(event: Mapping[str, Any]) -> bool:
    """Two actors at least; a named summit (قمة الشراكة الشرقية) may have its one organiser."""
    n = len(event["participants"])
    if event["type"] == "meeting" and event["kind"] in SUMMIT_KINDS:
        return n >= 1
    return n >= 2


def _span(span: Span) -> dict[str, Any]:
    return {"text": span.text, "start": span.start_char, "end": span.end_char}


def _next_word(doc: Doc, i: int) -> int | None:
    while i < len(doc) and (doc[i].is_space or doc[i]._.is_clitic):
        i += 1
    return i if i < len(doc) else None


def _prev_word(doc: Doc, i: int) -> int | None:
    i -= 1
    while i >= 0 and (doc[i].is_space or doc[i]._.is_clitic):
        i -= 1
    return i if i >= 0 else None


def _is_affiliation(doc: Doc, e: Span, per_starts: set[int]) -> bool:
    """An organisation or country inside a title before a name: [title] (ل) ORG [،] PERSON."""
    j = e.end
    while j < len(doc) and (doc[j].is_space or (doc[j].is_punct and doc[j].text in "،,")):
        j += 1
    if j not in per_starts:
        return False
    k = e.start - 1
    while k >= 0 and (doc[k].is_space or doc[k]._.is_clitic):
        k -= 1
    return k >= 0 and bool(TITLE_WORDS.fullmatch(doc[k].norm_))


def _split_later(doc: Doc, actors: list[Span], trig: Trigger) -> tuple[list[Span], list[Span]]:
    """``التقى X مع Y، ولاحقًا مع Z`` → ([X, Y], [Z])."""
    for i in range(trig.end, len(doc)):
        if LATER.fullmatch(doc[i].norm_):
            j = _next_word(doc, i + 1)
            if j is not None and doc[j].norm_ == "مع":
                first = [a for a in actors if a.end <= i]
                later = [a for a in actors if a.start > i]
                if first and later:
                    return first, later
        if doc[i].is_sent_start and i > trig.end:
            break
    return actors, []


def _parties(actors: list[Span]) -> list[Span]:
    """Agreement parties: countries and non-state organisations first; IGOs and people only as fallback."""
    countries = [a for a in actors if a.label_ == "LOC"]
    orgs = [a for a in actors if a.label_ == "ORG"]
    if len({a.id_ for a in countries}) >= 2:
        return countries
    if countries or orgs:
        return countries + orgs
    return [a for a in actors if a.label_ == "PER"]


def _clusters(d: Draft) -> set[str]:
    return {s.id_ or s.text for s, _ in d.participants}


def _fold_sign_nouns(doc: Doc, triggers: list[Trigger]) -> list[Trigger]:
    """A signing verb and the agreement noun it governs are one trigger (وقع اتفاقية → وقع)."""
    out: list[Trigger] = []
    skip_until = -1
    for t in triggers:
        if t.start < skip_until and t.rule.event == "agreement" and t.rule.form == "noun":
            continue
        out.append(t)
        if t.rule.event == "agreement" and t.rule.kind in ("sign", "reach", "agree"):
            skip_until = t.end + 6
    return out


def _merge(drafts: list[Draft]) -> list[Draft]:
    """One event per real-world meeting or agreement."""
    out: list[Draft] = []
    for d in drafts:
        target = next((o for o in out if _same_event(o, d)), None)
        if target is None:
            out.append(d)
            continue
        have = {s.id_ or s.text: k for k, (s, _) in enumerate(target.participants)}
        for span, role in d.participants:
            key = span.id_ or span.text
            if key not in have:
                target.participants.append((span, role))
            elif role != "participant" and target.participants[have[key]][1] == "participant":
                target.participants[have[key]] = (target.participants[have[key]][0], role)
        if (
            target.type == "meeting"
            and target.mode in ("unknown", "in_person")
            and d.mode not in ("unknown", "in_person")
        ):
            target.mode = d.mode
        if target.type == "agreement" and target.agreement_kind == "agreement":
            target.agreement_kind = d.agreement_kind
        target.confidence = max(target.confidence, d.confidence)
        target.date = target.date or d.date
        target.location = target.location or d.location
    return out


def _lead_end(doc: Doc) -> int:
    """Token index where the third sentence ends: the headline and lead."""
    for k, sent in enumerate(doc.sents):
        if k == 2:
            return sent.end
    return len(doc)


def _when(d: Draft) -> tuple[Any, ...] | None:
    """What the text says about when: the date expression, else the years near the trigger."""
    if d.date is not None:
        rel = d.date["rel"]
        return tuple(sorted(rel.items()))
    return tuple(sorted(set(d.years))) or None


def _same_event(a: Draft, b: Draft) -> bool:
    if a.type != b.type:
        return False
    wa, wb = _when(a), _when(b)
    if wa is not None and wb is not None and wa != wb:
        return False  # the same actors on another date: another meeting (9 visits in 5 years)
    if (wa is None) != (wb is None) and a.sentence != b.sentence:
        # Only one mention says when: the same event if the other is in the headline or lead.
        undated = a if wa is None else b
        if undated.sentence.start > _lead_end(undated.sentence.doc):
            return False
    ca, cb = _clusters(a), _clusters(b)
    if a.type == "meeting":
        if (a.kind in SUMMIT_KINDS) != (b.kind in SUMMIT_KINDS):
            return False
        same_status = (a.status == "planned") == (b.status == "planned")
        # The same pair (or more) of actors, or an incomplete mention (one actor) of a fuller one.
        return same_status and (len(ca & cb) >= 2 or (min(len(ca), len(cb)) == 1 and bool(ca & cb)))
    kinds_match = a.agreement_kind == b.agreement_kind or "agreement" in (a.agreement_kind, b.agreement_kind)
    return kinds_match and bool(ca & cb)


# -- finalisation (needs the article's date) ---------------------------------------------------------


def finalize_event(
    draft: Mapping[str, Any],
    *,
    actors: Mapping[str, Mapping[str, Any]],
    entity_index: Mapping[str, int],
    published: date | None,
    actor_fields: Any,
) -> dict[str, Any]:
    """Turn a draft from ``doc._.events`` into the fields of a MeetingEvent or AgreementEvent."""
    day = published.isoformat() if published else None
    status = draft["status"]
    date_out = None
    if draft.get("date"):
        dt = draft["date"]
        future = status in ("planned", "requested", "proposed", "agreed_in_principle")
        iso = resolve(dt["rel"], published, future=future)
        date_out = {"text": dt["text"], "start": dt["start"], "end": dt["end"], "iso": iso.isoformat() if iso else None}
        if draft["type"] == "meeting" and status == "occurred" and draft["form"] != "past" and published:
            # A noun or present-tense trigger dated after the article: the meeting is still to come.
            ahead, behind = resolve(dt["rel"], published, future=True), resolve(dt["rel"], published)
            nearest = min((d for d in (ahead, behind) if d), key=lambda d: abs((d - published).days), default=None)
            if nearest is not None and nearest > published:
                status = "planned"
                iso = nearest
        date_out["iso"] = iso.isoformat() if iso else None
    years = draft.get("years")
    if draft["type"] == "agreement" and status == "historical" and published and years and min(years) >= published.year:
        status = "signed"  # a deal of this year is news, not background

    def participant(p: Mapping[str, Any]) -> dict[str, Any]:
        info = actors.get(p["cluster"], {})
        return {
            "name": p["name"],
            "role": p.get("role", "participant"),
            "entity": entity_index.get(p["cluster"]),
            "mention": p["mention"],
            **actor_fields(info, info.get("kb_id") or _kb_of(p["cluster"], info), day),
        }

    people = [participant(p) for p in draft["participants"]]
    location = None
    if draft.get("location"):
        loc = draft["location"]
        info = actors.get(loc["cluster"], {})
        location = {
            "name": loc["name"],
            "mention": loc["mention"],
            **actor_fields(info, _kb_of(loc["cluster"], info), day),
        }
    out: dict[str, Any] = {
        "type": draft["type"],
        "trigger": draft["trigger"],
        "evidence": draft["evidence"],
        "negated": draft["negated"],
        "location": location,
        "date": date_out,
        "confidence": draft["confidence"],
        "status": status,
    }
    if draft["type"] == "meeting":
        countries = {p["country"] for p in people if p.get("country")}
        third = bool(location and location.get("country") and countries and location["country"] not in countries)
        out["participants"] = people
        out["mode"] = draft["mode"]
        out["codes"] = event_codes("meeting", status, mode=draft["mode"], kind=draft["kind"], third_party=third)
    else:
        out["parties"] = people
        out["agreement"] = {"kind": draft["agreement_kind"], "topic": None}
        out["codes"] = event_codes("agreement", status, agreement_kind=draft["agreement_kind"])
    return out


def _kb_of(cluster: str, info: Mapping[str, Any]) -> str:
    """The knowledge-base id of a cluster (linked clusters are keyed by their kb_id)."""
    return cluster if info.get("name_en") else ""
