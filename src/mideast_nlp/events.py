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

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

import regex
from spacy.tokens import Doc, Span, Token

from .backends.ud import Syntax, lemma_trigger, order_by_syntax
from .dates import find_dates, resolve
from .extensions import ensure_extensions
from .link import org_anaphors
from .normalizer import fold

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
def office_heads() -> frozenset[str]:
    """Heads of phrases that stand for a state (``lang/office_heads.txt``): الحكومة، وزير، نظيره …"""
    text = resources.files("mideast_nlp").joinpath("lang/office_heads.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def back_reference_words() -> dict[str, regex.Pattern[str]]:
    """Words before/after a definite event noun that refer it back (``lang/event_back_references.tsv``)."""
    out: dict[str, list[str]] = {"attend": [], "present": [], "before": [], "after": []}
    for cols in _data_lines("event_back_references.tsv"):
        out[cols[1].strip()].append(cols[0].strip())
    return {where: _full("|".join(words)) for where, words in out.items()}


@lru_cache(maxsize=1)
def agreement_kinds() -> tuple[tuple[regex.Pattern[str], str], ...]:
    return tuple((_full(c[0].strip()), c[1].strip()) for c in _data_lines("agreement_kinds.tsv"))


AGREEMENT_NOUN = regex.compile(
    r"(?:ال)?(?:اتفاق|اتفاقا|اتفاقات|اتفاقيه|اتفاقيات|معاهده|معاهدات|مذكره|مذكرات|بروتوكول|صفقه|صفقات|اعلان|وثيقه|عقد|عقدا|عقود|هدنه|ميثاق)"
)
SPEECH_VERBS = regex.compile(
    r"(?:قال|قالت|اعلن|اعلنت|اكد|اكدت|اضاف|اضافت|اشار|اشارت|اوضح|اوضحت|صرح|صرحت|شدد|شددت|ذكر|ذكرت|افاد|افادت|يقول|تقول|"
    r"يعلن|تعلن|يؤكد|تؤكد|يضيف|تضيف|يشير|تشير|يوضح|توضح|يذكر|تذكر|قوله|قولها|قولهم|كشف|كشفت|لفت|لفتت|"
    r"تابع|تابعت|اعتبر|اعتبرت|راي|رات|يري|تري|حذر|حذرت|يحذر|تحذر|زعم|زعمت|"
    r"قالوا|اكدوا|اعلنوا|اضافوا|اشاروا|اوضحوا|ذكروا|اعتبروا|قالا|اكدا|اعلنا)"
)
COMPLEMENTIZERS = regex.compile(r"(?:ان|انه|انها|انهم|بان|بانه|بانها)")
#: Words that open the topic of talks or an agreement: the actors after them are what is discussed.
TOPIC_WORDS = regex.compile(r"(?:حول|بشان|بخصوص|حيال|تجاه|ازاء|لمناقشه|لبحث|لمناقشته|لبحثه|ضد)")
#: A relative pronoun right after the comitative's actor opens a clause about that actor.
RELATIVES = regex.compile(r"(?:الذي|التي|الذين|اللذين|اللتين|اللذان|اللتان|اللواتي)")
#: Sports: a match between teams is not a meeting (التقى منتخب مصر نظيره الأوروغوياني), nor a coach's
#: contract an agreement. Only words that mean sport in news (not فريق، هدف، لاعب، الدوري).
SPORTS = regex.compile(
    r"(?:منتخب|المنتخب|منتخبي|مباراه|المباراه|مباريات|المباريات|مونديال|المونديال|الشوط|مدربا|مدرب|المدرب|كاس)"
)
LATER = regex.compile(r"(?:لاحقا|ثم|بعدها|بعدئذ)")
BLOCK_AFTER = regex.compile(
    r"(?:تلفزيوني|تلفزيونيه|التلفزيوني|صحفي|صحفيه|الصحفي|صحافي|اعلامي|اعلاميه|متلفز|الاراء|اراء|جماهيري|الجماهيري|جماهيريه|"
    r"الجماهيريه|حاشد|حاشدا|الحاشد|حاشده|الحاشده|انتخابي|الانتخابي|انتخابيه|الانتخابيه|رياضي|"
    r"اللاجئين|لاجئين|المهاجرين|مهاجرين|الضيوف|المشجعين|الجماهير|الطلاب|المرضي|جثمان|الجثمان|جثامين|جثث|الجثث|جثه|"
    r"جرحي|الجرحي|مصابين|المصابين|مصابا|شحنه|شحنات|الشحنه|طلبات|الطلبات|رسائل|الرسائل|مكالمات|وثائق|الوثائق|اطفالا|"
    r"الاطفال|حالات|الحالات|شكاوي|الشكاوي|دعوات|التهاني|تهاني|المعزين|لاجئ|نازح|نازحين|النازحين|مهاجر)"
)
#: Words for a member of a body, before في and the body: القيادي في حماس، عضو في الحزب.
MEMBER_WORDS = frozenset(
    {"القيادي", "قيادي", "العضو", "عضو", "المسؤول", "مسؤول", "الضابط", "ضابط", "الناشط", "ناشط", "الباحث", "الخبير"}
)
#: Adjectives between a title and في: القيادي الليبي السابق في تنظيم القاعدة.
ROLE_ADJECTIVES = frozenset({"السابق", "السابقه", "البارز", "البارزه", "الكبير", "الرفيع"})
#: A letter carried to a meeting: its sender is not there (رسالة من الرئيس …).
LETTER_WORDS = frozenset({"رساله", "الرساله", "رسائل", "برقيه", "رسالتين"})
TITLE_WORDS = regex.compile(
    r"(?:رئيس|رئيسه|الرئيس|وزير|وزيره|الوزير|امين|الامين|العام|الامينه|العامه|ملك|الملك|امير|الامير|سفير|السفير|"
    r"مبعوث|المبعوث|قائد|القائد|زعيم|الزعيم|نائب|وزراء|الوزراء|حكومه|الحكومه|مستشار|المستشار|المتحدث|باسم|عاهل|العاهل|"
    r"ولي|العهد|عهد|مدير|المدير|مندوب|المندوب|ممثل|الممثل)"
)
#: Quantity words between a receiving verb and what it receives.
QUANTITY = regex.compile(
    r"(?:عشرات|مئات|الاف|آلاف|الاف|ملايين|عدد|عددا|اكثر|نحو|حوالي|ثلاثه|اربعه|خمسه|سته|سبعه|ثمانيه|تسعه|عشره|اثنين|"
    r"ثلاث|اربع|خمس|ست|سبع|ثماني|تسع|عشر|مئه|الف)"
)
#: Quantities no meeting is held with: استقبال مئات، آلاف اللاجئين.
BULK = frozenset({"عشرات", "مئات", "الاف", "آلاف", "ملايين", "الوف"})
#: Before a negotiation noun: what is under negotiation (موضع تفاوض، قيد التفاوض) is a deal's status.
UNDER = frozenset({"موضع", "قيد", "محل"})
#: Knowledge-base subtypes of a state.
STATE_SUBTYPES = frozenset({"country", "territory"})
#: Kinds of place whose visit is a meeting with it (زار موسكو); a visit to any other known place
#: (a city, a region, a site) is a tour.
VISITED_AS_PARTY = STATE_SUBTYPES | {"capital"}
#: What a tour visits (the guideline's "a visit to a place where no one is met").
VISITED_PLACES = regex.compile(
    r"(?:عددا|المرافق|مرافق|معرض|المعرض|لمعرض|مصنع|المصنع|مستشفي|المستشفي|مخيم|مخيمات|المخيمات|متحف|المتحف|"
    r"ميناء|الميناء|سوق|السوق|مدرسه|المدرسه|موقع|الموقع|ضريح|الضريح|قبر|نصب|منطقه|المنطقه|مشروع|المشروع|ولايه|"
    r"محافظه|اقليم|المحافظه|الولايه|مدينه|المدينه|جبل|مسجد|المسجد|كنيسه|الكنيسه|معبد|قلعه|القلعه|مقبره|المقبره)"
)
#: Adverbs and prepositions that may stand between a receiving verb and the quantity it receives.
FILLERS = frozenset(
    {"حتي", "الان", "حاليا", "قرابه", "زهاء", "ما", "يزيد", "عن", "من", "اليوم", "امس", "هؤلاء", "اولئك", "كل", "جميع"}
)
#: Words before an organisation that make it the source of the report, not a party (ذكرت صحيفة X، بحسب X).
SOURCE_WORDS = regex.compile(
    r"(?:صحيفه|الصحيفه|جريده|الجريده|وكاله|الوكاله|قناه|القناه|موقع|الموقع|مجله|المجله|شبكه|الشبكه|تلفزيون|"
    r"اذاعه|الاذاعه|بحسب|حسب|وفقا|نقلا|لصحيفه|لوكاله|لقناه|لموقع|لمجله|لشبكه)"
)
#: ``على هامش قمة X``: the summit (or meeting) is the scene of another meeting, not one of its own.
SIDELINES = frozenset({"هامش", "هوامش"})
#: Conjunctions that open a new clause after an event's own (إذ، بينما).
CLAUSE_OPENERS = frozenset({"اذ", "بينما"})
#: Words before an agreement that is being applied (بموجب الاتفاق، وفق الاتفاق).
IN_FORCE = frozenset({"بموجب", "وفق", "بمقتضي", "تنفيذا", "تطبيقا"})
#: Words after an agreement noun that make it another deal than the one told before.
NEW_DEAL = frozenset({"جديد", "جديدا", "جديده", "الجديد", "الجديده", "اخر", "اخري", "ثان", "ثاني", "بديل", "البديل"})
#: ``لما قاله X``، ``حسبما ذكره X``: the verb before a quoted person.
SAID_BY = frozenset({"قاله", "قالته", "ذكره", "ذكرته", "اعلنه", "اعلنته", "اكده", "اكدته", "اوضحه", "اوضحته", "صرح"})
#: Heads of an office's name before an event noun (دائرة شؤون المفاوضات، لجنة المتابعة).
#: (and rooms and centres named after what is done in them: مركز الاستقبال، قاعة الاجتماعات)
OFFICE_NOUNS = frozenset(
    {"دائره", "لجنه", "هيئه", "وحده", "شؤون", "مكتب", "مكاتب", "اداره", "قسم", "مركز", "مراكز", "قاعه", "صاله", "غرفه"}
)
#: Verbs that make the actors before a summit its members: عقد X وY قمة، شارك X في القمة.
SUMMIT_VERBS = regex.compile(
    r"(?:عقد|عقدا|عقدت|عقدتا|عقدوا|[يت]عقد|[يت]عقدان|[يت]عقدون|شارك|شاركت|شاركا|شاركوا|[يت]شارك|[يت]شاركان|"
    r"[يت]شاركون|حضر|حضرت|حضرا|حضروا|[يت]حضر|[يت]حضران|[يت]حضرون|المشاركه|مشاركه|حضور|الغي|الغت|ارجا|ارجات|اجل|اجلت)"
)
#: Adjectives that make a summit or meeting a gathering of many states (القمة العربية).
REGIONAL = regex.compile(
    r"(?:العربيه|الخليجيه|الاسلاميه|الافريقيه|الاوروبيه|الاسيويه|العالميه|الدوليه|الاقليميه|الثلاثيه|الرباعيه|"
    r"الخماسيه|السداسيه|المتعدده|الموسعه)"
)
#: Particles after which a present verb is still to come (أن يلتقيه، كي يبحث).
SUBJUNCTIVE = frozenset({"ان", "كي", "لكي", "حتي", "لن"})
#: How far ``توصل`` reaches for its agreement noun (توصلت تركيا، وإيران وروسيا، خلال محادثات أستانة، إلى اتفاق).
REACH_SPAN = 30
#: Knowledge-base subtypes of organisations whose sessions are meetings of many states.
IGO_SUBTYPES = frozenset({"igo", "igo_body", "forum", "alliance"})
#: Words between a meeting noun and the body that meets: اجتماع وزراء خارجية الاتحاد الأوروبي.
SESSION_WORDS = frozenset(
    {"وزراء", "خارجيه", "الخارجيه", "دفاع", "الدفاع", "قاده", "زعماء", "رؤساء", "مندوبي", "سفراء", "اعضاء", "دول"}
)
#: ``بينه وبين X``، ``معه``: a pronoun partner of a summit or meeting noun.
PRONOUN_PARTNERS = frozenset({"بينه", "بينها", "معه", "معها"})
#: Demonstratives before a noun trigger point back to an event already told (هذه الزيارة).
DEMONSTRATIVES = frozenset({"هذه", "هذا", "تلك", "ذلك", "هذين", "هاتين"})
#: Phase nouns between a time preposition and an event noun: قبل بدء الزيارة، بعد انتهاء الاجتماع.
PHASES = frozenset({"بدء", "بدايه", "انتهاء", "نهايه", "ختام", "اختتام", "افتتاح", "انطلاق", "مطلع"})
#: A dateline ends at a dash within its sentence's first tokens, after a parenthesised agency.
DATELINE_TOKENS = 16
DASHES = regex.compile(r"[-–—]+")
#: How many folded forms the trigger pre-filter remembers before it starts again.
FORM_CACHE_SIZE = 200_000
#: Words of attack: a meeting they target is no meeting of the attackers.
ATTACK = regex.compile(r"(?:هجوم|هجوما|الهجوم|هجمات|استهدف|استهدفت|اعتداء|تفجير|قصف|هاجم|هاجمت)")
#: Arabic short vowels, tanween, shadda and sukun.
HARAKAT = regex.compile(r"[\u064B-\u0652]")
#: Nouns whose genitive person is not the actor: مستشار ترامب (his adviser acts), قرينة الرئيس.
RELATIONAL = frozenset(
    {
        "مستشار",
        "مستشاره",
        "مساعد",
        "مساعده",
        "مبعوث",
        "باسم",
        "زوجه",
        "قرينه",
        "عقيله",
        "نجل",
        "ابن",
        "ابنه",
        "شقيق",
        "شقيقه",
        "محامي",
        "سكرتير",
        "صهر",
        "حرس",
        "مكتب",
        "اداره",
        "حمله",
        "انصار",
        "انصاري",
    }
)
#: ``اتصالا مماثلا``، ``لقاء آخر``: another event of the same kind, by the same subject.
SIMILAR = frozenset({"مماثلا", "مماثل", "مماثله", "اخر", "اخرا"})
#: Kinship words between a name and the title that describes it: وليام نجل ولي العهد البريطاني.
KIN = frozenset({"نجل", "ابن", "ابنه", "شقيق", "شقيقه", "زوج", "زوجه", "حفيد", "والد", "والده"})
#: How far a summit's complement (قمة X وY، القمة المرتقبة بين X وY) reaches after the noun.
SUMMIT_COMPLEMENT = 14
#: Words before a place that make it the scene of the event rather than a party to it.
PLACE_PREPOSITIONS = frozenset({"في", "ب", "داخل", "الي", "من", "عبر", "قرب", "خلال"})
SCENE_PREPOSITIONS = frozenset({"في", "داخل", "عبر", "قرب", "خلال", "من"})
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
#: The reach of a possessed noun after "during" (خلال لقائه، أثناء استقباله), back to its clause's subject.
MAX_LEFT_DURING = 45
DURING = frozenset({"خلال", "اثناء", "لدي", "عند"})


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
    #: ``على هامش قمة X``: the trigger names the scene of another meeting; its own party is only the
    #: name right after it (the summit's organisation), never the people who meet on its sidelines.
    scene: bool = False


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
    #: the status is only the default of a noun or present-tense trigger (no tense, no cue): another
    #: mention of the same event that has one decides it (قمة ترمب وبوتين … القمة المنتظرة → planned)
    weak_status: bool = False
    #: ``العام الماضي`` near the trigger: an agreement of last year is background
    last_year: bool = False
    #: a session of one intergovernmental body (اجتماع وزراء خارجية الاتحاد الأوروبي): its one party
    session: bool = False
    #: told as a mere possibility (يمكنه التفاوض مع بوتين): no meeting; an agreement is only proposed
    hypothetical: bool = False
    #: a noun trigger told in the past (القمة السابقة، القمة … قد عقدت): it took place, whatever its date
    told_past: bool = False
    #: in the headline: the text's first line (its first sentence if it has one line)
    headline: bool = False


class EventExtractor:
    """The ``mideast_events`` spaCy component (see the module docstring)."""

    def __init__(self) -> None:
        ensure_extensions()
        self.rules = trigger_rules()
        # one pass over the tokens: only words that some trigger pattern matches are looked at again
        self.any_trigger = regex.compile("|".join(f"(?:{r.pattern.pattern})" for r in self.rules))
        #: whether a folded form matches some trigger pattern, remembered (news repeats its words)
        self._is_trigger_form: dict[str, bool] = {}
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
        # the scene's own name (على هامش اجتماعات الجمعية العامة للأمم المتحدة) is no party of the
        # meeting held on its sidelines
        # (a scene trigger is a noun, so owned_end already ends after the name it owns)
        scene_names = {i for t, end in zip(triggers, owned_end, strict=True) if t.scene for i in range(t.end, end)}
        for k, trig in enumerate(triggers):
            # a scene (على هامش القمة) is part of the clause around it, not a clause boundary
            prev_end = next((owned_end[j] for j in range(k - 1, -1, -1) if not triggers[j].scene), 0)
            next_start = next((t.start for t in triggers[k + 1 :] if not t.scene), len(doc))
            clause_ents = ents if trig.scene or not scene_names else [e for e in ents if e.start not in scene_names]
            drafts.extend(self._build(doc, trig, clause_ents, prev_end, next_start, syntax=syntax, prior=drafts))
        first_break = doc.text.find("\n")  # the headline is the text's first line
        for d in drafts:
            d.headline = d.sentence.start == 0 or 0 <= d.sentence.start_char < first_break
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
        strings = doc.vocab.strings
        norms = [strings[h] for h in doc.to_array("NORM").tolist()]  # no Token objects for every word
        lemmatised = doc.has_annotation("LEMMA")  # only a backend sets lemmas
        seen = self._is_trigger_form
        while i < n:
            norm = norms[i]
            by_form = seen.get(norm)
            if by_form is None:
                if len(seen) >= FORM_CACHE_SIZE:
                    seen.clear()  # bounded memory on a dump of millions of articles
                by_form = seen[norm] = self.any_trigger.fullmatch(norm) is not None
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
                if j is not None and rule.kind in ("receive", "host", "visit") and doc[j].ent_iob_ == "B":
                    k = j + 1  # the subject after the verb: تستضيف تركيا … لاجئ
                    while k < len(doc) and doc[k].ent_iob_ == "I":
                        k += 1
                    j = _next_word(doc, k)
                bulk = False
                for _ in range(5):  # استقبل ثلاثة جرحى، حتى الآن ثلاثة ملايين لاجئ
                    if j is None or not (
                        doc[j].like_num or QUANTITY.fullmatch(doc[j].norm_) or doc[j].norm_ in FILLERS
                    ):
                        break
                    bulk = bulk or doc[j].norm_ in BULK
                    j = _next_word(doc, j + 1)
                if j is not None and BLOCK_AFTER.fullmatch(doc[j].norm_):
                    break
                if bulk and rule.kind in ("receive", "host"):
                    break  # استقبال مئات أنقذتهم منظمة: people received in bulk, no meeting
                prev = _prev_word(doc, i)
                if rule.event == "meeting" and prev is not None and norms[prev] in UNDER:
                    break  # الاتفاق الذي لا يزال موضع تفاوض: the deal's status, not a meeting
                if rule.form == "noun" and prev is not None and norms[prev] in OFFICE_NOUNS:
                    break  # دائرة شؤون المفاوضات، لجنة المفاوضات: an office named after the talks
                if rule.kind == "visit" and _tour(doc, end):
                    break  # زار عددا من المرافق، زيارة لمعرض: a tour of a place, not a meeting
                # استضافة (hosting) folds to استضافه (he hosted him): the written ة says noun
                found = (
                    dataclasses.replace(rule, form="noun")
                    if rule.form == "past" and doc[i].text.endswith("ة")
                    else rule
                )
                scene = found.form == "noun" and prev is not None and norms[prev] in SIDELINES
                out.append(Trigger(i, end, found, scene))
                i = end - 1
                break
            i += 1
        return _fold_sign_nouns(doc, out)

    # -- one trigger → drafts ------------------------------------------------------------------------

    def _bounds(self, doc: Doc, trig: Trigger, prev_end: int, next_start: int) -> tuple[int, int]:
        sent = doc[trig.start].sent
        reach = MAX_LEFT[trig.rule.event]
        k = _prev_word(doc, trig.start)
        if trig.rule.form == "noun" and _possessed(doc[trig.start].text) and k is not None and doc[k].norm_ in DURING:
            # سلم السفير …، دومينيك شيلكوت، … بلحاج، رسالة … خلال استقباله: the noun's pronoun is the
            # main clause's subject, however long the clause before it
            reach = MAX_LEFT_DURING
        left = max(sent.start, prev_end, trig.start - reach)
        # a dateline (دبي، الإمارات العربية المتحدة (CNN) –) names where the report was filed
        dash = next(
            (
                k
                for k in range(sent.start, min(trig.start, sent.start + DATELINE_TOKENS))
                if DASHES.fullmatch(doc[k].text)
            ),
            None,
        )
        if dash is not None and any(doc[k].text == "(" for k in range(sent.start, dash)):
            left = max(left, dash + 1)
        right = min(sent.end, next_start, trig.end + MAX_RIGHT)
        for i in range(trig.start - 1, left - 1, -1):
            if SPEECH_VERBS.fullmatch(doc[i].norm_):
                # أعلن الكرملين أن بوتين سيجتمع مع …: the speaker is not a party when the reported
                # clause names its own subject (أكد السيسي أن زيارته …: he is, through the pronoun)
                that = next((k for k in range(i + 1, trig.start) if _complementizer(doc[k])), None)
                own_subject = that is not None and any(doc[k].ent_iob_ == "B" for k in range(that + 1, trig.start))
                # أعلن أبو الغيط أن القمة العربية ستعقد: a summit named by its body is not the speaker's
                j = _next_word(doc, trig.end)
                named = trig.rule.kind in SUMMIT_KINDS and j is not None and doc[j].ent_type_ == "ORG"
                own_subject = own_subject or (that is not None and named)
                # a bare noun (إلغاء المحادثات) has no subject for the speaker to be; زيارته and a
                # finite verb (أنه التقى) do
                bare_noun = (
                    trig.rule.form == "noun"
                    and not _possessed(doc[trig.start].text)
                    and that is not None
                    and _next_word(doc, that + 1) != trig.start  # (إن اللقاء مع العامري: his meeting)
                )
                left = (that if (own_subject or bare_noun) and that is not None else i) + 1
                if that is None:
                    # واعتبر بن دغر، انسحاب الولايات المتحدة …: the speaker, a comma, then what he says
                    comma = next((k for k in range(i + 1, trig.start) if doc[k].text in ("،", ",")), None)
                    if comma is not None and any(doc[k].ent_iob_ == "B" for k in range(comma + 1, trig.start)):
                        left = comma + 1
                break
        for i in range(trig.start - 1, left - 1, -1):
            if doc[i].norm_ in CLAUSE_OPENERS:
                left = i + 1  # روسيا، إذ لم تسفر المفاوضات بين X وY: the clause before is another's
                break
        with_at = None
        for i in range(trig.end, right):
            norm = doc[i].norm_
            if (SPEECH_VERBS.fullmatch(norm) and not doc[i].ent_type_) or (
                _complementizer(doc[i]) and not _modal_that(doc, i)
            ):
                right = i  # reported speech follows: «قال في لقاء مع X إن ألمانيا …» (not إن of مون جاي إن)
                break
            if norm in CLAUSE_OPENERS and i > trig.end:
                right = i  # … إذ لم تسفر المفاوضات بين X وY: a new clause, with its own actors
                break
            if TOPIC_WORDS.fullmatch(norm) and i > trig.end and not doc[i].ent_type_:
                right = i  # اجتماع في طهران حول جبهة النصرة: what they talk about, not who talks
                break
            if norm == "منذ" and i >= trig.end:
                right = i  # أول محادثات منذ تسميم سكريبال: since another event, not with its actors
                break
            if norm == "مع":
                with_at = i
            elif with_at is not None and RELATIVES.fullmatch(norm) and doc[i - 1].ent_iob_ in ("B", "I"):
                right = i  # يلتقي مع النيل الأبيض … الذي يعبر السودان ومصر: the relative describes X
                break
        return left, right

    def _build(
        self,
        doc: Doc,
        trig: Trigger,
        ents: list[Span],
        prev_end: int,
        next_start: int,
        *,
        syntax: Syntax | None = None,
        prior: Sequence[Draft] = (),
    ) -> list[Draft]:
        rule = trig.rule
        left, right = self._bounds(doc, trig, prev_end, next_start)
        if not self._requirement_met(doc, trig, right, ents):
            return []
        if any(SPORTS.fullmatch(doc[i].norm_) for i in range(left, right)):
            return []  # a match between teams or a coach's contract, not a meeting or an agreement
        k = _prev_word(doc, trig.start)
        if rule.form == "noun" and k is not None and doc[k].norm_ in DEMONSTRATIVES:
            return []  # هذه الزيارة، تلك القمة: a reference to an event told before, not a new one
        j = _next_word(doc, trig.end)
        if rule.kind == "host" and rule.form == "noun" and j is not None and doc[j].norm_ in DEMONSTRATIVES:
            return []  # لاستضافة هذا الحدث: hosting the event told before
        if rule.form == "noun" and k is not None and doc[k].norm_ in ("اي", "ايه"):
            return []  # لم تسفر المفاوضات عن أي اتفاق: no agreement in particular
        if rule.form == "noun" and _attacked(doc, trig):
            left = trig.start  # هجوم نفذته طالبان على اجتماع أمني: the attackers are not at the meeting
        sent = doc[trig.start].sent
        if trig.scene:
            right = min(right, _owned_name_end(doc, trig, ents))
        if _body_consensus(doc, trig, right):
            return []  # يتفق الحلف على تمويل …: consensus inside one body, no agreement between parties
        if rule.kind == "agree" and rule.form != "noun":
            # يتفق الحلف على تمويل قوات الأمن الأفغانية: what is agreed on after على, not who agrees
            # (unless a مع names the other side after it: اتفقت إيران على تبادل الأسرى مع السعودية)
            on = next((i for i in range(trig.end, right) if doc[i].norm_ == "علي"), None)
            if on is not None and not any(doc[i].norm_ == "مع" for i in range(on, right)):
                right = on
        actors, location = self._actors(doc, ents, left, right, rule, trig=trig, syntax=syntax)
        # … في اجتماع التحالف الدولي ضد تنظيم الدولة الإسلامية، واجتمع مع …: what a clause before
        # the trigger is against or about is not who meets
        actors = [a for a in actors if not (a.end <= trig.start and _after_topic_word(doc, a))]
        # أمير الكويت الشيخ صباح الأحمد، ولي عهد أبو ظبي … الشيخ محمد بن زايد: the place names the
        # office of the person who follows, and is no party of its own
        actors = [a for a in actors if not _title_place(doc, a, ents)]
        # في مقر وزارة الدفاع (البنتاغون)، بالمكتب البيضاوي: where they meet, not who meets
        actors = [a for a in actors if not _venue(doc, a, ents)]
        if trig.scene:
            actors = [a for a in actors if a.start >= trig.end]
        elif rule.kind in SUMMIT_KINDS:
            actors = _summit_members(doc, trig, actors, left)
        body = _session_body(doc, trig, actors)
        askers: list[Span] = []
        if body is not None:
            # اجتماع لمجلس الأمن، اجتماع وزراء خارجية الاتحاد الأوروبي: the body meets (with whoever
            # asked for the session: اجتماع لمنظمة حظر الأسلحة الكيماوية طالبت به موسكو)
            askers = [
                a for a in ents if body.end < a.start and a.end <= right and a.kb_id_ and _asked_for(doc, a, body.end)
            ]
            actors = [body, *askers]
        elif not trig.scene:
            offices = _office_spans(doc, trig, left, right, heads=office_heads())
            if rule.kind in SUMMIT_KINDS:
                offices = _summit_members(doc, trig, offices, left)
            if offices:
                actors = sorted(actors + offices, key=lambda a: a.start)
        j = _next_word(doc, trig.end)
        if j is not None and doc[j].norm_ in SIMILAR:
            # اتصالا هاتفيا مع X واتصالا مماثلا مع Y: the second one has the first one's subject
            subject = next((e for e in sent.ents if e.label_ == "PER" and e.end <= trig.start), None)
            actors = ([subject] if subject is not None else []) + [a for a in actors if a.start >= trig.end]
        draft = Draft(type=rule.event, kind=rule.kind, trigger=trig, sentence=sent, location=location)
        self._context(doc, draft, left, right)
        if rule.event == "meeting" and (draft.hypothetical or _negotiates_deal(doc, trig)):
            # يمكنه التفاوض مع بوتين: a possibility; التفاوض على اتفاقات مع بوتين: the agreement's
            # status (negotiating), not a meeting of its own
            return []
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
            between = _between(doc, trig)
            if between is not None:
                # اتفاق بين X وY: the parties are named after بين, whoever else is in the clause
                actors = [a for a in actors if a.start > between]
            draft.participants = [(s, "participant") for s in _parties(actors)]
            draft.agreement_kind = self._agreement_kind(doc, trig, right)
        out: list[Draft] = []
        pair = _pair_anaphor(doc, left, right, trig)
        for d in drafts:
            if pair is not None and len(_clusters(d)) < 2:
                # ووقع البلدان اتفاقيات، وبحث الرئيسان: the two sides of the event told before
                _add_pair(d, prior, countries=pair == "states")
            # (a summit named as a time, قبل قمة الشراكة الشرقية, has no dropped subject; nor has
            # كان حاضرا في اللقاء, whose attendee joins the meeting told before)
            # (but بعد قمته مع ترامب names its owner: the pronoun's person is a member)
            adjunct = _time_adjunct(doc, trig) and not _possessed(doc[trig.start].text)
            borrow = not (trig.scene or adjunct or _refers_back(d) == "attend")
            no_visitor = d.kind == "visit" and d.participants and all(r == "host" for _, r in d.participants)
            if d.type == "meeting" and (len(_clusters(d)) < 2 or no_visitor or _only_partners(doc, d)) and borrow:
                self._borrow_subject(doc, d, ents)
            if d.kind == "visit" and d.participants and all(r == "host" for _, r in d.participants):
                continue  # places visited by no one named
            if d.type == "meeting" and d.kind in SUMMIT_KINDS:
                _add_relative_attendees(doc, d, ents)
                _add_summit_host(d)
            n_part = len(_clusters(d))
            if d.type == "meeting":
                named = d.kind in SUMMIT_KINDS and n_part == 1 and self._named_summit(doc, d)
                asked = {a.id_ for a in askers}
                d.session = not named and body is not None and _clusters(d) - {body.id_} <= asked
                attendee = n_part == 1 and not borrow and _refers_back(d) == "attend"  # joins, in _merge
                if n_part < 2 and not (named or d.session or attendee):
                    continue
                d.mode = "multilateral" if d.session else self._mode(doc, d, left, right)
            elif n_part < 1:
                continue
            elif n_part == 1:
                self._borrow_party(doc, d, ents, left)
                n_part = len(_clusters(d))
            linked = sum(1 for s, _ in d.participants if s.kb_id_)
            d.confidence = round(min(0.99, rule.strength * (0.6 + 0.2 * (n_part >= 2) + 0.2 * (linked >= 1))), 3)
            out.extend(c for v in _one_visit_per_state(doc, d) for c in _one_call_per_partner(v))
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
            # توصلت تركيا، وإيران وروسيا، خلال محادثات أستانة، إلى اتفاق: reaching reaches further
            reach = REACH_SPAN if trig.rule.kind == "reach" else 6
            hi = min(trig.end + reach, doc[trig.start].sent.end, len(doc))
            return any(AGREEMENT_NOUN.fullmatch(doc[i].norm_) for i in range(trig.end, hi))
        if req == "ala":
            # اتفقا على، and over the subject and a place: اتفق ترامب وكيم في القمة التي انعقدت بينهما على
            for i in range(trig.end, min(trig.end + ALA_REACH, doc[trig.start].sent.end)):
                if doc[i].norm_ == "علي":
                    # اتفق الرجلان على عقد قمة: agreeing to meet is the meeting (planned), no deal
                    j = _next_word(doc, i + 1)
                    return j is None or doc[j].norm_ not in MEETING_ARRANGEMENTS
                if i >= trig.end + 3 and doc[i].text in ".،,؛;:":
                    return False
            return False
        if req == "phone":
            j = _next_word(doc, trig.end)
            if j is not None and doc[j].norm_ in SIMILAR:
                return True  # … اتصالا هاتفيا مع X واتصالا مماثلا مع Y: a second call
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
        trigger_end = trig.end if trig is not None else left
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
            if e.label_ == "PER" and (k := _prev_word(doc, e.start)) is not None and doc[k].norm_ in SAID_BY:
                continue  # طبقا لما قاله أشرف الخطيب: who is quoted, not who negotiates
            if _letter_sender(doc, e):
                continue  # سلمه رسالة من رئيسة الوزراء: who wrote, not who meets
            if e.label_ == "LOC" and trig is not None and _where_antecedent(doc, e, trig.start):
                location = location or e
                continue  # متوجها إلى مضيق جبل طارق، حيث التقى …: where it happened, not who met
            if e.label_ == "LOC" and _distance_from(doc, e):
                continue  # (50 كلم شمال عمان): where the place visited lies
            if e.label_ == "LOC" and _border_with(doc, e):
                continue  # قرب الحدود مع الجزائر: a border, not a party
            if e.label_ == "PER" and _possessor(doc, e):
                continue  # مستشار ترامب، ابنة الرئيس الأمريكي دونالد ترامب: the possessor, not who acts
            if e.label_ == "ORG" and (_is_source(doc, e) or SOURCE_WORDS.fullmatch(doc[e.start].norm_)):
                continue  # ذكرت صحيفة واشنطن بوست: who reports, not who meets
            if _news_medium(e):
                continue  # قال المسؤول لرويترز: a news medium reports, it takes no part
            if e.label_ == "ORG" and (k := _prev_word(doc, e.start)) is not None and doc[k].norm_ == "علي":
                continue  # في بيان على فيسبوك، الهجوم على الحوثيين: a medium or a target, not a party
            if e.label_ == "ORG" and not e.kb_id_:
                k = _prev_word(doc, e.start)
                if k is not None and doc[k].norm_ in ("في", "داخل"):
                    continue  # في المكتب البيضاوي: a building the NER calls an organisation
            if e.label_ == "LOC" and not e.kb_id_:
                # Every country is in the knowledge base: an unknown place is a town, a landmark or
                # a region (جرش، جبل الزيتون), the scene of an event, never a party to it.
                continue
            if e.label_ == "LOC":
                subtype = actors_info.get(e.id_, {}).get("subtype")
                prev = _prev_word(doc, e.start)
                venue = subtype in ("city", "capital") or (
                    # قمة سنغافورة: a summit named after one state is named after its venue
                    rule.kind in SUMMIT_KINDS
                    and subtype == "country"
                    and not (e.end < len(doc) and (j := _next_word(doc, e.end)) is not None and doc[j].norm_ == "و")
                )
                if rule.form == "noun" and venue and prev == trigger_end - 1:
                    # محادثات أستانة، قمة هلسنكي، اتفاق أوسلو: the city names where, not who
                    location = location or e
                    continue
                # skip "العاصمة الفنلندية" / "مدينة" between the preposition and the name
                apposition = False
                while (
                    prev is not None
                    and prev > left
                    and not doc[prev].ent_type_  # (الشمالية of كوريا الشمالية والصين ends a name)
                    and doc[prev].norm_ in PLACE_HEADS | _nisba_like(doc[prev].norm_)
                ):
                    prev = _prev_word(doc, prev)
                    if prev is not None and doc[prev].ent_type_ == "LOC":
                        apposition = True  # هلسنكي عاصمة فنلندا: the country only says where the city is
                        break
                after_prep = prev is not None and doc[prev].norm_ in PLACE_PREPOSITIONS
                if apposition:
                    continue
                # بالعاصمة جاكرتا، ببروكسل: a ب fused to the place (or to its head) puts it as the scene,
                # unless it is the trigger's own object marker (التقى بـ)
                bi = e.start - 1
                while bi > trigger_end and doc[bi].norm_ in PLACE_HEADS:
                    bi -= 1
                fused = bi > trigger_end or (trig is not None and bi < trig.start)
                if fused and doc[bi]._.is_clitic and doc[bi].norm_ == "ب":
                    location = location or e
                    continue
                # زار موسكو، زيارته إلى لندن: the country or capital visited is the host
                # (في القدس is where the visit takes place, not whom it visits)
                visited = (
                    rule.kind == "visit"
                    and subtype in ("country", "territory", "capital")
                    and not (prev is not None and doc[prev].norm_ in SCENE_PREPOSITIONS)
                )
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
        if kind == "receive" and _welcome(doc, trig) == "genitive" and len(actors) >= 2:
            # وكان في استقبال الرئيس السيسي الملك سلمان: the genitive is received, the subject hosts
            return [(actors[0], "visitor")] + [(a, "host") for a in actors[1:]]
        if kind in ("receive", "host"):
            return [(actors[0], "host")] + [(a, "visitor" if kind == "receive" else "participant") for a in actors[1:]]
        if kind == "visit":
            # the visitor is the first person or organisation (a country only when no one else is
            # named: زيارة مصر إلى روسيا); the places and the other people are the hosts
            info = doc._.actors or {}

            def place(a: Span) -> bool:
                # (ويزور الرئيس الفرنسي واشنطن: an office that stands for its state is the visitor)
                office = bool(TITLE_WORDS.fullmatch(doc[a.start].norm_))
                return (
                    a.label_ == "LOC"
                    and not office
                    and info.get(a.id_, {}).get("subtype") in ("country", "territory", "capital")
                )

            visitor = next((a for a in actors if not place(a)), None)
            if trig.rule.form == "noun":
                # زيارة بومبيو إلى بيونغ يانغ: the name in construct with the noun is the visitor,
                # whoever stands before it (قرر ترامب إلغاء زيارة بومبيو، رحب الملك بزيارة ماكرون)
                j = _next_word(doc, trig.end)
                while (
                    j is not None
                    and not doc[j].ent_type_
                    and (TITLE_WORDS.fullmatch(doc[j].norm_) or _nisba_like(doc[j].norm_))
                ):
                    j = _next_word(doc, j + 1)  # زيارة الرئيس الفرنسي إيمانويل ماكرون
                visitor = next((a for a in actors if a.start == j and not place(a)), visitor)
            if visitor is None and trig.rule.form != "noun" and all(a.start >= trig.end for a in actors):
                # يزور مصر وقطر with its subject unnamed (مستشار ترامب): the places are hosts, the
                # visitor is still to be found (borrowed) or there is no meeting
                return [(a, "host") for a in actors]
            visitor = visitor if visitor is not None else actors[0]
            return [(visitor, "visitor")] + [
                (a, "visitor" if _accompanies(doc, a) else "host") for a in actors if a is not visitor
            ]
        return [(a, "participant") for a in actors]

    def _borrow_subject(self, doc: Doc, d: Draft, ents: list[Span]) -> None:
        """A dropped or pronoun subject: the first person of the previous sentence(s) (or this one, before)."""
        have = _clusters(d)
        sent = d.sentence
        candidates = [e for e in ents if e.end <= d.trigger.start and e.start >= sent.start and e.label_ == "PER"]
        that = next((k for k in range(d.trigger.start - 1, sent.start - 1, -1) if _complementizer(doc[k])), None)
        named = d.kind in SUMMIT_KINDS and self._named_summit(doc, d)
        if that is not None and (named or any(doc[k].ent_iob_ == "B" for k in range(that + 1, d.trigger.start))):
            # قوله إن دول الاتحاد الأوروبي ستجتمع، أن القمة العربية ستعقد: the reported clause has its
            # own subject, the speaker is not the one who meets
            candidates = [e for e in candidates if e.start > that]
        prev_sents = [e for e in ents if e.end <= sent.start and e.label_ == "PER"]
        pool = list(reversed(candidates))
        if prev_sents:
            last_sent = prev_sents[-1].sent
            pool += [e for e in prev_sents if e.sent == last_sent]
        for e in pool:
            k = _prev_word(doc, e.start)
            if k is not None and doc[k].norm_ in RELATIONAL:
                continue  # مستشار ترامب: not Trump
            if (e.id_ or e.text) not in have:
                role = "visitor" if d.kind == "visit" else ("host" if d.kind in ("receive", "host") else "participant")
                if d.kind == "receive" and _welcome(doc, d.trigger) == "pronoun":
                    role = "visitor"  # وكان في استقباله X: "he" is the one received, X the host
                d.participants.insert(0, (e, role))
                return

    def _borrow_party(self, doc: Doc, d: Draft, ents: list[Span], left: int) -> None:
        """An agreement with one party in its clause: an actor of the sentence before the clause
        (``وقعت مصر … اتفاقية مع روسيا`` cut by another trigger). (Borrowing a country of the
        previous sentence as well raised the development F1 but not the held-out one: left out.)"""
        have = _clusters(d)
        sent = d.sentence
        # countries and organisations only: a person before the clause is mostly its speaker
        before = [
            e
            for e in ents
            if sent.start <= e.start and e.end <= left and e.label_ in ("LOC", "ORG") and not _news_medium(e)
        ]
        info = doc._.actors or {}
        for e in before:
            subtype = info.get(e.id_, {}).get("subtype")
            if e.label_ == "LOC" and (not e.kb_id_ or subtype not in ("country", "territory", "capital")):
                continue
            if (e.id_ or e.text) not in have:
                d.participants.insert(0, (e, "participant"))
                return

    def _context(self, doc: Doc, d: Draft, left: int, right: int) -> None:
        trig = d.trigger
        hits: list[tuple[int, str]] = []
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
                    hits.append((i, cue.category))
        # بعدم الانسحاب من الاتفاق، عدم إلغاء القمة: the negation is the cue's, and neither holds
        negated_cues = {
            (i, c)
            for i, c in hits
            if c in ("cancel", "reject") and (k := _prev_word(doc, i)) is not None and (k, "negation") in hits
        }
        dropped = negated_cues | {(_prev_word(doc, i), "negation") for i, _ in negated_cues}
        if trig.rule.event == "meeting":
            # فشل "قمة طهران": the summit was held and failed (فشل عقد القمة: it was not held)
            k = _prev_word(doc, trig.start)
            while k is not None and doc[k].is_punct:
                k = _prev_word(doc, k)
            if k is not None and FAILED.fullmatch(doc[k].norm_):
                dropped |= {(k, "cancel")}
        cats = {c for i, c in hits if (i, c) not in dropped}
        if (
            trig.rule.event == "meeting"
            and trig.rule.form == "noun"
            and _cancelled_after_relative(doc, trig, self.cues)
        ):
            cats.add("cancel")  # الزيارة التي كان من المفترض أن يقوم بها بومبيو إلى سيول ألغيت
        if trig.rule.event == "agreement" and _under_negotiation(doc, trig):
            cats.add("negotiate")  # الاتفاق النهائي … الذي لا يزال موضع تفاوض بين لندن وبروكسل
        prev = _prev_word(doc, trig.start)
        if trig.rule.form == "noun" and prev is not None and doc[prev].norm_ in ("خلال", "اثناء"):
            # طلب من غوتيريش خلال مكالمة هاتفية: the call is the frame of the request, not its object
            cats -= {c for i, c in hits if i < trig.start and c in ("request", "propose")}
        prev_tok = doc[trig.start - 1] if trig.start > 0 else None
        future = "future" in cats or (prev_tok is not None and prev_tok._.is_clitic and prev_tok.norm_ == "س")
        if prev is not None and doc[prev].norm_ == "قبل" and trig.rule.form == "noun":
            future = True
        future = future or _subjunctive(doc, trig) or _future_verb_before(doc, trig) or _future_verb_after(doc, trig)
        words_before = [doc[i].norm_ for i in range(lo, trig.start)]
        # لا وجود لحرب أو مفاوضات، لا توجد محادثات: "there is no"
        no_such = any(a == "لا" and b in ("وجود", "يوجد", "توجد") for a, b in pairwise(words_before))
        d.negated = "negation" in cats or no_such
        d.hypothetical = "hypothetical" in cats
        # (a year after منذ dates what came before, not this event: لأول مرة منذ غزو أفغانستان في عام 2001)
        d.years = [
            int(t.norm_)
            for t in doc[lo:hi]
            if t.like_num and len(t.norm_) == 4 and t.norm_.isdigit() and not _since(doc, t.i)
        ]
        norms_near = [t.norm_ for t in d.sentence]
        d.last_year = any(
            a in ("العام", "عام", "السنه") and b in ("الماضي", "الماضيه", "السابق", "السابقه")
            for a, b in pairwise(norms_near)
        )
        lo_char, hi_char = doc[left].idx, doc[right - 1].idx + len(doc[right - 1]) if right > left else doc[left].idx
        found = [
            x
            for x in find_dates(d.sentence.text, d.sentence.start_char)
            if not _date_since(doc, x) and not _speech_date(doc, x, trig.start, d.sentence.start)
        ]
        dates = [x for x in found if lo_char <= x["start"] < hi_char]
        if not dates:
            # وفي ديسمبر 2017، قام بوتن بزيارة لمصر وقع خلالها اتفاق: a date fronted before the
            # sentence's first clause dates all of it
            opening = doc[min(d.sentence.start + 4, d.sentence.end - 1)].idx
            dates = [x for x in found if x["start"] < opening and x["start"] < doc[trig.start].idx]
        if dates:
            trig_char = doc[trig.start].idx
            d.date = min(dates, key=lambda x: abs(x["start"] - trig_char))
        if d.type == "meeting":
            if "cancel" in cats and "threat" not in cats:
                d.status = "cancelled"
            elif "cancel" in cats:
                d.status = "planned"  # هددت كوريا الشمالية بإلغاء القمة: still to come
            elif _relative_past(doc, trig):
                # أن اللقاء التاريخي الذي جرى بينه وبين …: whatever frames it, the clause says it took place
                d.status = "occurred"
                d.told_past = True
            elif "request" in cats:
                d.status = "requested"
            elif future:
                d.status = "planned"
            else:
                d.status = "occurred"
                d.told_past = _past_after(doc, trig)
                d.weak_status = trig.rule.form != "past" and not d.told_past
            d.mode = "phone" if "phone" in cats else ("video" if "video" in cats else d.mode)
            if "mediation" in cats and d.kind not in ("call",):
                d.kind = "mediation"
        else:
            kind = trig.rule.kind
            if d.hypothetical and "reject" not in cats:
                d.status = "proposed"  # يمكن التوصل إلى اتفاق: a deal only hoped for
            elif "reject" in cats:
                d.status = "rejected"
            elif kind in ("sign", "reach") and trig.rule.form == "past" and not future:
                d.status = "signed"
            elif trig.rule.form == "noun" and prev is not None and doc[prev].norm_ in IN_FORCE:
                d.status = "signed"  # بموجب اتفاق رعته روسيا: a deal that is applied is in force
            elif kind in ("sign", "reach") and trig.rule.form == "noun" and _purpose(doc, trig):
                d.status = "proposed"  # شروط للتوصل إلى اتفاق، سعيا إلى توقيع اتفاق: a goal
            elif kind == "reach" and trig.rule.form == "noun" and not _accomplished(doc, trig):
                d.status = "proposed"  # فرص التوصل إلى اتفاق (but تم التوصل، بعد التوصل: reached)
            elif (kind in ("sign", "reach", "agree") and future) or kind == "agree":
                d.status = "agreed_in_principle"
            elif "negotiate" in cats:
                d.status = "negotiating"
            elif "propose" in cats or "request" in cats or future:
                d.status = "proposed"
            elif kind in ("sign", "reach", "truce", "ceasefire"):
                d.status = "signed"  # (a truce or ceasefire named in the news is one in force)
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
        j = _next_word(doc, d.trigger.end)
        regional = j is not None and bool(REGIONAL.fullmatch(doc[j].norm_))
        info = doc._.actors or {}
        igo = any(s.label_ == "ORG" and info.get(s.id_, {}).get("subtype") in IGO_SUBTYPES for s, _ in d.participants)
        if (
            (d.kind in SUMMIT_KINDS and (n != 2 or regional))
            or (igo and d.kind in ("meet", "talks", *SUMMIT_KINDS))
            or (n >= 3 and len(countries) >= 3)
        ):
            return "multilateral"  # القمة العربية، قمة الناتو: many states
        if d.kind in ("meet", "meal", "host", *SUMMIT_KINDS):
            return "in_person"  # a summit of two is a face-to-face meeting
        return "unknown"  # talks, negotiations, discussions, mediation: maybe at a distance

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
        # … and a capital gives way to its country named too (سوريا … اتفاق مع دمشق: one side).
        country_isos = {
            info.get(s.id_, {}).get("country")
            for s, _ in d.participants
            if info.get(s.id_, {}).get("subtype") in ("country", "territory")
        } - {None}
        for span, role in d.participants:
            key = span.id_ or span.text
            if key in seen:
                continue
            if d.type == "meeting" and span.label_ == "LOC" and info.get(key, {}).get("country") in people_countries:
                continue
            if info.get(key, {}).get("subtype") == "capital" and info.get(key, {}).get("country") in country_isos:
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
            "form": "past" if d.told_past else d.trigger.rule.form,
            "years": d.years,
            "last_year": d.last_year,
            "session": d.session,
        }
        if d.type == "meeting":
            out["mode"] = d.mode
        else:
            out["agreement_kind"] = d.agreement_kind
        return out


def _enough_parties(event: Mapping[str, Any]) -> bool:
    """Two actors at least for a meeting; a named summit (قمة الشراكة الشرقية) or a session of an
    intergovernmental body (اجتماع الجامعة العربية) may have its one organisation, and an agreement
    its one named party (the guideline: ``انسحاب الولايات المتحدة من الاتفاق النووي``)."""
    n = len(event["participants"])
    if event["type"] == "agreement" or event["kind"] in SUMMIT_KINDS or event.get("session"):
        return n >= 1
    return n >= 2


def _span(span: Span) -> dict[str, Any]:
    return {"text": span.text, "start": span.start_char, "end": span.end_char}


#: Marks read through when looking for the word next to another: a hashtag's ``#`` and ``_``
#: (في #سنغافورة، #القمة_العربية).
SKIPPED_MARKS = frozenset({"#", "_"})


def _next_word(doc: Doc, i: int) -> int | None:
    while i < len(doc) and (doc[i].is_space or doc[i]._.is_clitic or doc[i].text in SKIPPED_MARKS):
        i += 1
    return i if i < len(doc) else None


def _prev_word(doc: Doc, i: int) -> int | None:
    i -= 1
    while i >= 0 and (doc[i].is_space or doc[i]._.is_clitic or doc[i].text in SKIPPED_MARKS):
        i -= 1
    return i if i >= 0 else None


def _is_affiliation(doc: Doc, e: Span, per_starts: set[int]) -> bool:
    """An organisation or country inside a title before a name: [title] (ل) ORG [،] PERSON, or
    after a title that is itself the person's mention: [الأمين العام](PER) ل ORG."""
    before = e.start - 1 if e.start > 0 and doc[e.start - 1]._.is_clitic else e.start
    if before > 0 and doc[before - 1].ent_iob_ in ("B", "I") and doc[before - 1].ent_type_ == "PER":
        head = doc[before - 1]
        k = before - 1
        while k > 0 and doc[k].ent_iob_ == "I":
            k -= 1
        if TITLE_WORDS.fullmatch(doc[k].norm_) and head.ent_id_:
            return True
    j = e.end
    while j < len(doc) and (
        doc[j].is_space or doc[j].text in SKIPPED_MARKS or (doc[j].is_punct and doc[j].text in "،,")
    ):
        j += 1
    if j not in per_starts:
        return False
    title = _prev_word(doc, e.start)
    if title is not None and doc[title].norm_ == "في":
        # السفير البريطاني في تركيا، دومينيك شيلكوت؛ القيادي الليبي السابق في تنظيم القاعدة، عبد
        # الحكيم بلحاج: the post or the body of the person named next
        title = _prev_word(doc, title)
        for _ in range(2):
            if title is None or not (_nisba_like(doc[title].norm_) or doc[title].norm_ in ROLE_ADJECTIVES):
                break
            title = _prev_word(doc, title)
        return title is not None and bool(TITLE_WORDS.fullmatch(doc[title].norm_) or doc[title].norm_ in MEMBER_WORDS)
    return title is not None and bool(TITLE_WORDS.fullmatch(doc[title].norm_))


def _letter_sender(doc: Doc, e: Span) -> bool:
    """Is ``e`` who sent the letter handed over at the meeting (``سلمه رسالة من رئيسة الوزراء، تيريزا
    ماي``، ``نقل رسالة خطية من أمير قطر``), past its titles, rather than someone there?"""
    k = _prev_word(doc, e.start)
    for _ in range(5):  # titles, nisbas and a comma between من and the name
        if k is None:
            return False
        norm = doc[k].norm_
        if norm == "من":
            break
        if not (doc[k].text in "،," or TITLE_WORDS.fullmatch(norm) or _nisba_like(norm)):
            return False
        k = _prev_word(doc, k)
    else:
        return False
    for _ in range(4):  # the letter and what qualifies it (خطية، اعتذار رسمية، له)
        k = _prev_word(doc, k) if k is not None else None
        if k is None or doc[k].is_punct:
            return False
        if doc[k].norm_ in LETTER_WORDS:
            return True
    return False


def _session_body(doc: Doc, trig: Trigger, actors: list[Span]) -> Span | None:
    """The intergovernmental body a meeting noun governs: ``اجتماع وزراء خارجية الاتحاد الأوروبي``،
    ``اجتماع لمجلس الأمن``، ``اجتماعات الجامعة العربية`` (at most three words after the noun); or
    the one actor of a meeting verb when its members are the subject (``واجتمع أعضاء مجلس
    الأمن``، ``دول الاتحاد الأوروبي ستجتمع``)."""
    if trig.rule.kind not in ("meet", "talks", "summit"):
        return None
    info = doc._.actors or {}
    if trig.rule.form != "noun":
        bodies = {a.id_ for a in actors}
        if len(bodies) != 1 or trig.rule.kind != "meet":
            return None
        body = actors[0]
        k = _prev_word(doc, body.start)
        igo = body.label_ == "ORG" and info.get(body.id_, {}).get("subtype") in IGO_SUBTYPES
        return body if igo and k is not None and doc[k].norm_ in SESSION_WORDS else None
    starts = {a.start: a for a in actors}
    k = _next_word(doc, trig.end)
    for _ in range(4):
        if k is None:
            return None
        span = starts.get(k)
        if span is not None:
            igo = span.label_ == "ORG" and info.get(span.id_, {}).get("subtype") in IGO_SUBTYPES
            return span if igo else None
        if doc[k].norm_ not in SESSION_WORDS and not (doc[k].norm_.startswith("ال") and not doc[k].ent_type_):
            return None  # (definite adjectives may stand between: الاجتماع الطارئ لمجلس الأمن)
        k = _next_word(doc, k + 1)
    return None


#: Verbs and nouns of asking right before the one who asked for a session (طالبت به موسكو، بطلب من).
ASKERS = frozenset({"طالب", "طالبت", "طلب", "طلبت", "طلبته", "طلبتها", "دعا", "دعت", "بطلب", "طلبها", "طلبه"})


def _asked_for(doc: Doc, a: Span, after: int) -> bool:
    """Is ``a`` (after position ``after``) named as who asked for it: ``طالبت به X``، ``بناء على طلب X``؟"""
    k = _prev_word(doc, a.start)
    for _ in range(3):
        if k is None or k < after:
            return False
        if doc[k].norm_ in ASKERS:
            return True
        if doc[k].norm_ not in ("من", "علي", "بناء", "به", "بها", "اليه", "اليها"):
            return False
        k = _prev_word(doc, k)
    return False


def _possessor(doc: Doc, e: Span) -> bool:
    """Is person ``e`` the possessor after a relational noun, past the titles and nisbas that
    describe him (``مستشار ترامب``، ``ابنة الرئيس الأمريكي دونالد ترامب``)?"""
    k = _prev_word(doc, e.start)
    for _ in range(4):
        if k is None:
            return False
        norm = doc[k].norm_
        if norm in RELATIONAL:
            return True
        if doc[k].ent_type_ or not (TITLE_WORDS.fullmatch(norm) or _nisba_like(norm)):
            return False
        k = _prev_word(doc, k)
    return False


def _border_with(doc: Doc, e: Span) -> bool:
    """``الحدود مع الجزائر``، ``حدودها مع سوريا``: the place a border is shared with."""
    k = _prev_word(doc, e.start)
    if k is None or doc[k].norm_ != "مع":
        return False
    j = _prev_word(doc, k)
    return j is not None and doc[j].norm_.startswith(("الحدود", "حدود", "الشريط", "خط"))


#: A singular verb of agreeing (one subject): اتفق الحلف, not اتفقا.
AGREE_SINGULAR = regex.compile(r"(?:اتفق|اتفقت|[يت]تفق)")


def _body_consensus(doc: Doc, trig: Trigger, right: int) -> bool:
    """``يتفق الحلف على تمويل …``، ``اتفقت أوبك على خفض الإنتاج``: a singular verb of agreeing whose
    subject, right after it, is one organisation with no one beside it (no و, no مع in the clause)."""
    if trig.rule.kind != "agree" or trig.rule.form == "noun" or not AGREE_SINGULAR.fullmatch(doc[trig.start].norm_):
        return False
    j = _next_word(doc, trig.end)
    if j is None:
        return False
    if doc[j].ent_iob_ == "B" and doc[j].ent_type_ == "ORG":
        end = j + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
    elif doc[j].norm_ in org_anaphors() and not doc[j].ent_type_:
        end = j + 1
    else:
        return False
    k = _next_word(doc, end)
    if k is not None and doc[k].norm_ == "و":
        return False
    return not any(doc[i].norm_ == "مع" for i in range(end, right))


def _where_antecedent(doc: Doc, e: Span, trigger_start: int) -> bool:
    """Is place ``e`` what a حيث (where) right after it refers to, with the trigger in that clause?"""
    j = e.end
    while j < len(doc) and (doc[j].is_space or doc[j].text in "،,"):
        j += 1
    return j < trigger_start and doc[j].norm_ == "حيث"


#: Directions and distances that place somewhere by another place: (50 كلم شمال عمان).
DIRECTIONS = frozenset({"شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي"})
DISTANCE_UNITS = frozenset({"كلم", "كم", "كيلومتر", "كيلومترا", "كيلومترات", "ميل", "ميلا", "اميال", "مترا", "متر"})


def _distance_from(doc: Doc, e: Span) -> bool:
    """``مدينة جرش الأثرية (50 كلم شمال عمان)``: a place that only locates another one, by a
    distance and a direction from it, is no party."""
    k = _prev_word(doc, e.start)
    if k is None or doc[k].norm_ not in DIRECTIONS:
        return False
    j = _prev_word(doc, k)
    return j is not None and doc[j].norm_ in DISTANCE_UNITS


#: Dual nouns that stand for the two sides of the event told before: the states (ووقع البلدان) or
#: the people or sides (وبحث الرئيسان، اتفق الطرفان).
PAIR_STATES = frozenset({"البلدان", "البلدين", "الدولتان", "الدولتين"})
PAIR_SIDES = frozenset(
    {
        "الجانبان",
        "الجانبين",
        "الطرفان",
        "الطرفين",
        "الرئيسان",
        "الرئيسين",
        "الزعيمان",
        "الزعيمين",
        "الوزيران",
        "الوزيرين",
    }
)


def _pair_anaphor(doc: Doc, left: int, right: int, trig: Trigger) -> str | None:
    """``"states"`` or ``"sides"`` when the trigger's subject or complement is such a dual noun
    (within three words of it, not after بين: العلاقات بين البلدين is no party)."""
    for i in range(max(left, trig.start - 3), min(right, trig.end + 3)):
        norm = doc[i].norm_
        if norm not in PAIR_STATES and norm not in PAIR_SIDES:
            continue
        k = _prev_word(doc, i)
        if k is not None and doc[k].norm_ in ("بين", "علاقات", "العلاقات"):
            continue
        return "states" if norm in PAIR_STATES else "sides"
    return None


def _add_pair(d: Draft, prior: Sequence[Draft], *, countries: bool) -> None:
    """Give ``d`` the two sides of the last event before it that has two (its states for البلدان)."""
    info = d.sentence.doc._.actors or {}
    # the states the article names, by country (السيسي وبوتين … البلدان → مصر، روسيا)
    named = {
        info.get(e.id_, {}).get("country"): e
        for e in d.sentence.doc.ents
        if info.get(e.id_, {}).get("subtype") in STATE_SUBTYPES
    }
    for o in reversed(prior):
        people = [(s, "participant") for s, _ in o.participants]
        if countries:
            # the states themselves: named in the event, or the countries of its people
            states: list[tuple[Span, str]] = []
            for s, r in people:
                fields = info.get(s.id_, {})
                state = s if fields.get("subtype") in STATE_SUBTYPES else named.get(fields.get("country"))
                if state is not None and all(state.id_ != t.id_ for t, _ in states):
                    states.append((state, r))
            people = states if len(states) >= 2 else people
        if len({s.id_ or s.text for s, _ in people}) >= 2:
            have = _clusters(d)
            d.participants += [(s, r) for s, r in people if (s.id_ or s.text) not in have]
            return


def _office_spans(doc: Doc, trig: Trigger, left: int, right: int, *, heads: frozenset[str]) -> list[Span]:
    """Unnamed state actors in a clause, as mentions of their country.

    ``الحكومة الأفغانية``، ``وزير الداخلية الأفغاني``، ``نظيره الروسي`` (a head from
    ``lang/office_heads.txt``, at most two words, then a nisba adjective, and no name after it), and
    the adjectives right after a noun trigger (``القمة المصرية الروسية``، ``المحادثات الأمريكية
    الكورية الشمالية``). Each becomes a LOC span of the country the nisba names.
    """
    nisba: dict[int, str] = {int(k): v for k, v in (doc._.nisba or {}).items()}
    if not nisba:
        return []
    # (token attributes, not sets over all the Doc's entities: a long document has many triggers)
    out: list[Span] = []
    i = left
    while i < right:
        country = nisba.get(i)
        if country is None or doc[i].ent_type_:
            i += 1
            continue
        end = i + 1
        while end < right and nisba.get(end) == country and not doc[end].ent_type_:
            end += 1  # الكورية الشمالية
        start = _office_start(doc, trig, i, heads, nisba)
        named = any(_person_starts(doc, k) for k in _next_words(doc, _past_posting(doc, end), 2))
        if start is not None and start != i:
            # an apposition to a name before it: وليام نجل ولي العهد البريطاني، أشرف غني، الرئيس الأفغاني
            # (a comma or a kinship word between: right after a name, استقبل الملك سلمان رئيس الوزراء
            # العراقي, the office is the verb's object)
            before = _prev_word(doc, start)
            apart = False
            while (
                before is not None
                and not _person_ends(doc, before)
                and (doc[before].is_punct or doc[before].norm_ in KIN)
            ):
                before = _prev_word(doc, before)
                apart = True
            named = named or (apart and before is not None and _person_ends(doc, before))
        if start is not None and not named:
            out.append(Span(doc, start, end, label="LOC", kb_id=country, span_id=country))
        i = end
    return out


def _past_posting(doc: Doc, i: int) -> int:
    """Past a post and the comma after it, from ``i``: السفير البريطاني [في تركيا،] دومينيك شيلكوت."""
    k = _next_word(doc, i)
    if k is None or doc[k].norm_ != "في":
        return i
    k = _next_word(doc, k + 1)
    if k is None or doc[k].ent_iob_ != "B" or doc[k].ent_type_ != "LOC":
        return i
    k += 1
    while k < len(doc) and doc[k].ent_iob_ == "I":
        k += 1
    while k < len(doc) and (doc[k].is_space or doc[k].text in "،,"):
        k += 1
    return k


def _person_starts(doc: Doc, k: int) -> bool:
    return doc[k].ent_iob_ == "B" and doc[k].ent_type_ == "PER"


def _person_ends(doc: Doc, k: int) -> bool:
    return doc[k].ent_type_ == "PER" and (k + 1 >= len(doc) or doc[k + 1].ent_iob_ != "I")


def _office_start(doc: Doc, trig: Trigger, i: int, heads: frozenset[str], nisba: Mapping[int, str]) -> int | None:
    """Where the phrase that the nisba at ``i`` closes starts, or ``None`` when it stands for no state."""
    # adjectives right after a noun trigger: القمة المصرية الروسية
    k = _prev_word(doc, i)
    while k is not None and k >= trig.end and (k in nisba or _nisba_like(doc[k].norm_)):
        if doc[k - 1]._.is_clitic and doc[k - 1].norm_ in ("ب", "ل", "ك"):
            return None  # استقباله بالقنصلية البريطانية: a noun after a preposition, no adjective of the trigger
        k = _prev_word(doc, k)  # الاتفاق النووي الإيراني
    if trig.rule.form == "noun" and k is not None and trig.start <= k < trig.end:
        return i
    k = _prev_word(doc, i)
    start = None
    for _ in range(3):  # the furthest head: قوات الأمن الأفغانية, not الأمن الأفغانية
        if k is None or doc[k].ent_type_ or doc[k].is_punct:
            break
        if doc[k].norm_ in heads:
            start = k
        k = _prev_word(doc, k)
    return start


def _next_words(doc: Doc, i: int, n: int) -> list[int]:
    out: list[int] = []
    j = _next_word(doc, i)
    while j is not None and len(out) < n:
        out.append(j)
        j = _next_word(doc, j + 1)
    return out


def _accomplished(doc: Doc, trig: Trigger) -> bool:
    """``تم التوصل``، ``بعد التوصل``: the verbal noun names something done."""
    k = _prev_word(doc, trig.start)
    return k is not None and doc[k].norm_ in ("تم", "بعد", "عقب", "اثر", "جري", "منذ")


def _purpose(doc: Doc, trig: Trigger) -> bool:
    """``للتوصل``، ``من أجل التوصل``، ``بهدف توقيع``: a verbal noun that names a goal."""
    if trig.start > 0 and doc[trig.start - 1]._.is_clitic and doc[trig.start - 1].norm_ == "ل":
        return True
    k = _prev_word(doc, trig.start)
    return k is not None and doc[k].norm_ in ("اجل", "بهدف", "سعيا", "لاجل", "بغيه", "الي", "نحو")


def _future_verb_before(doc: Doc, trig: Trigger) -> bool:
    """``سيقوم بزيارة``، ``سيفتتح الأمير محمد مع ماي الاجتماع``: the future prefix of the verb that
    governs a noun trigger (before it in the clause, with no comma between)."""
    if trig.rule.form != "noun":
        return False
    start = doc[trig.start].sent.start
    for k in range(trig.start - 1, max(start, trig.start - 9) - 1, -1):
        if doc[k].is_punct:
            return False  # (a verb beyond a comma governs something else)
        if doc[k]._.is_clitic and doc[k].norm_ == "س":
            return True
    return False


def _speech_date(doc: Doc, date: Mapping[str, Any], trigger: int, sent_start: int) -> bool:
    """``رأت فرنسا الثلاثاء أن … الاتفاق``: a date between a speech verb and the أن of the clause
    that holds the trigger dates the saying, not the event."""
    that = next((k for k in range(trigger - 1, sent_start - 1, -1) if _complementizer(doc[k])), None)
    if that is None:
        return False
    verb = next((k for k in range(that - 1, sent_start - 1, -1) if SPEECH_VERBS.fullmatch(doc[k].norm_)), None)
    return verb is not None and doc[verb].idx <= date["start"] < doc[that].idx


#: Before أن, words that make what follows the event's own plan, not reported speech
#: (الزيارة التي كان من المقرر أن يقوم بها بومبيو إلى سيول).
MODAL_BEFORE_THAT = frozenset(
    {"المقرر", "المفترض", "المنتظر", "المتوقع", "المزمع", "المرتقب", "مقررا", "يفترض", "يتوقع", "ينتظر", "يجب", "ينبغي"}
)


#: How far (in tokens) the verb of a noun that a relative clause describes may follow the noun.
RELATIVE_VERB_REACH = 25


def _cancelled_after_relative(doc: Doc, trig: Trigger, cues: Sequence[Any]) -> bool:
    """``الزيارة التي كان من المفترض أن يقوم بها X إلى Y أُلغيت``: a cancel verb that ends the
    relative clause right after the noun (before a full stop or a comma and و) is the noun's predicate."""
    j = _next_word(doc, trig.end)
    if j is None or not RELATIVES.fullmatch(doc[j].norm_):
        return False
    sent_end = doc[trig.start].sent.end
    cancel = [c.pattern for c in cues if c.category == "cancel"]
    for i in range(j + 1, min(sent_end, j + 1 + RELATIVE_VERB_REACH)):
        if doc[i].text in ".؛;:" or (doc[i].text in "،," and i + 1 < sent_end and doc[i + 1].norm_ == "و"):
            return False  # (a comma before و opens the next clause; one inside an apposition does not)
        if i > j + 2 and doc[i].ent_type_ == "" and any(p.fullmatch(doc[i].norm_) for p in cancel):
            return True
    return False


def _under_negotiation(doc: Doc, trig: Trigger) -> bool:
    """Does ``موضع تفاوض`` / ``قيد التفاوض`` follow the agreement noun in its sentence (within 12 tokens)?"""
    end = min(doc[trig.start].sent.end, trig.end + 12)
    return any(
        doc[i].norm_ in UNDER
        and (j := _next_word(doc, i + 1)) is not None
        and bool(NEGOTIATION.fullmatch(doc[j].norm_))
        for i in range(trig.end, end)
    )


def _modal_that(doc: Doc, i: int) -> bool:
    """Is the أن at ``i`` that of ``من المقرر أن`` (a plan), not of reported speech?"""
    k = _prev_word(doc, i)
    return k is not None and doc[k].norm_ in MODAL_BEFORE_THAT


def _complementizer(tok: Token) -> bool:
    """أن/إن/بأن … that opens a reported clause (not the إن of a name: مون جاي إن)."""
    return bool(COMPLEMENTIZERS.fullmatch(tok.norm_)) and not tok.ent_type_


#: After a meeting noun: an adjective or verb that puts it in the past (القمة السابقة، الاجتماع
#: الأخير، القمة … قد عقدت).
PAST_AFTER = frozenset(
    {
        "السابقه",
        "السابق",
        "الماضيه",
        "الماضي",
        "الاخيره",
        "الاخير",
        "عقدت",
        "انعقدت",
        "اختتمت",
        "عقد",
        "انعقد",
        "اختتم",
        "جرت",
        "جري",
        "قد",
    }
)


def _since(doc: Doc, i: int) -> bool:
    """Is token ``i`` within the four words after a منذ (since)?"""
    k: int | None = i
    start = doc[i].sent.start
    for _ in range(4):
        k = _prev_word(doc, k) if k is not None else None
        if k is None or k < start or doc[k].is_punct:
            return False
        if doc[k].norm_ == "منذ":
            return True
    return False


def _date_since(doc: Doc, date: Mapping[str, Any]) -> bool:
    """Is a date (a :func:`find_dates` match) told after منذ (منذ غزو أفغانستان في عام 2001)? Then
    it is the date of another event."""
    span = doc.char_span(date["start"], date["end"], alignment_mode="expand")
    return span is not None and _since(doc, span.start)


def _past_after(doc: Doc, trig: Trigger) -> bool:
    """``وكانت القمة العربية السابقة قد عقدت``: a noun trigger whose next words (past its names and
    nisbas) put it in the past."""
    if trig.rule.form != "noun":
        return False
    j = _next_word(doc, trig.end)
    for _ in range(4):
        if j is None:
            return False
        tok = doc[j]
        if tok.norm_ in PAST_AFTER and not tok.ent_type_:
            if tok.norm_ != "قد":
                return True
            # قد عقدت: done; قد تؤجل (قد + an imperfect): only maybe
            k = _next_word(doc, j + 1)
            return k is not None and doc[k].norm_ in PAST_AFTER and doc[k].norm_ != "قد"
        if not (tok.ent_type_ or _nisba_like(tok.norm_)):
            return False
        j = _next_word(doc, j + 1)
    return False


def _relative_past(doc: Doc, trig: Trigger) -> bool:
    """``اللقاء التاريخي الذي جرى``، ``القمة التي عقدت``: a noun trigger whose relative clause (past
    its nisbas) opens with a past verb of taking place."""
    if trig.rule.form != "noun":
        return False
    j = _next_word(doc, trig.end)
    for _ in range(3):
        if j is None or doc[j].ent_type_:
            return False
        if RELATIVES.fullmatch(doc[j].norm_):
            k = _next_word(doc, j + 1)
            return k is not None and doc[k].norm_ in PAST_AFTER and doc[k].norm_ != "قد"
        if not _nisba_like(doc[j].norm_):
            return False
        j = _next_word(doc, j + 1)
    return False


def _future_verb_after(doc: Doc, trig: Trigger) -> bool:
    """``أن الاجتماع سينعقد``، ``القمة مع كيم ستعقد``: a noun trigger that is the subject of the
    future verb after it (and after its complement of names, titles and nisbas)."""
    if trig.rule.form != "noun":
        return False
    j = trig.end
    for _ in range(12):  # past its complement: القمة مع الزعيم الكوري الشمالي كيم جونغ أون ستعقد
        while j < len(doc) and doc[j].is_space:
            j += 1
        if j >= len(doc):
            return False
        tok = doc[j]
        if tok._.is_clitic and tok.norm_ == "س":
            return True
        part_of_complement = (
            tok.ent_type_
            or tok._.is_clitic
            or tok.norm_ in ("مع", "بين")
            or TITLE_WORDS.fullmatch(tok.norm_)
            or _nisba_like(tok.norm_)
        )
        if not part_of_complement:
            return False
        j += 1
    return False


def _subjunctive(doc: Doc, trig: Trigger) -> bool:
    """``أن يلتقيه``، ``يأمل أن تعقد قمة``، ``أن تكون مباحثاته``: a present verb after أن or كي is
    still to come. Only a present-tense trigger or a noun governed by such a verb counts: ``أكد أن
    الرئيسين التقيا`` reports what happened."""
    if trig.rule.form == "present":
        k = _prev_word(doc, trig.start)
        return k is not None and doc[k].norm_ in SUBJUNCTIVE
    if trig.rule.form != "noun":
        return False
    k = _prev_word(doc, trig.start)
    for _ in range(2):
        if k is None:
            return False
        norm = doc[k].norm_
        if norm[:1] in ("ي", "ت") and len(norm) >= 3:
            j = _prev_word(doc, k)
            return j is not None and doc[j].norm_ in SUBJUNCTIVE
        k = _prev_word(doc, k)
    return False


def _summit_members(doc: Doc, trig: Trigger, actors: list[Span], left: int) -> list[Span]:
    """The members of a summit: its complement (``قمة ترمب وبوتين``، ``القمة المرتقبة بين X وY``,
    up to the first comma or full stop not followed by و) and, when a verb of holding or attending
    governs the noun (``عقد X وY قمة``، ``شارك X في القمة``), the actors before that verb.
    Anyone else in the sentence (who announces or criticises the summit) is not a member.
    """
    end = trig.end
    limit = min(len(doc), trig.end + SUMMIT_COMPLEMENT)
    while end < limit:
        tok = doc[end]
        if tok.is_punct and tok.text in '.،,؛;:!?؟"«»':
            j = end + 1
            while j < len(doc) and doc[j].is_space:
                j += 1
            before = doc[end - 1].norm_ if end > 0 else ""
            # والزعيم الكوري الشمالي، كيم جونغ اون: the name in apposition after its title
            apposed = tok.text in "،," and j < len(doc) and doc[j].ent_iob_ == "B"
            apposed = apposed and bool(_nisba_like(before) or TITLE_WORDS.fullmatch(before))
            if j >= len(doc) or (doc[j].norm_ != "و" and not apposed):
                break
        if (tok.is_space and "\n" in tok.text) or (tok.is_sent_start and end > trig.end):
            break
        end += 1
    members = [a for a in actors if trig.end <= a.start and a.end <= end]
    if any(doc[i].norm_ in PRONOUN_PARTNERS for i in range(trig.end, end)):
        # القمة التاريخية بينه وبين كيم: the pronoun is the sentence's first person (its subject)
        sent = doc[trig.start].sent
        subject = next((e for e in sent.ents if e.label_ == "PER" and e.end <= trig.start), None)
        if subject is not None and all(m.id_ != subject.id_ for m in members):
            members.insert(0, subject)
    k = _summit_verb(doc, trig, left)
    if k is not None:
        members = [a for a in actors if left <= a.start and a.end <= k] + members
    else:
        k = _summit_verb(doc, trig, left, reach=SUMMIT_VERB_REACH)
        if k is not None:
            # عقد الرئيس الأمريكي دونالد ترامب والزعيم الكوري الشمالي كيم جونغ أون قمة: the subject
            # stands between the verb and the noun
            members = [a for a in actors if k < a.start and a.end <= trig.start] + members
    return members


def _between(doc: Doc, trig: Trigger) -> int | None:
    """The position of ``بين`` within three words after a noun trigger (``صفقة القرن بين …``)."""
    if trig.rule.form != "noun":
        return None
    k = _next_word(doc, trig.end)
    for _ in range(3):
        if k is None or doc[k].is_punct:
            return None
        if doc[k].norm_ == "بين":
            return k
        k = _next_word(doc, k + 1)
    return None


def _welcome(doc: Doc, trig: Trigger) -> str | None:
    """``في استقباله X`` / ``كان في استقبال Y X``: a reception noun after في says who was welcomed
    (the pronoun, or the genitive after كان … في) and who welcomed (the subject X, after it); whereas
    ``خلال استقباله X`` is his receiving X. Returns ``"pronoun"``, ``"genitive"`` or None."""
    if trig.rule.form != "noun":
        return None
    k = _prev_word(doc, trig.start)
    if k is None or doc[k].norm_ != "في":
        return None
    if _possessed(doc[trig.start : trig.end].text):
        return "pronoun"
    j = _prev_word(doc, k)
    return "genitive" if j is not None and doc[j].norm_ in ("كان", "كانت") else None


def _possessed(text: str) -> bool:
    """A noun with a possessive pronoun: زيارته، لقائهما، مباحثاتها (read on the written form, where
    ة is still apart from ه)."""
    bare = HARAKAT.sub("", text)
    return bare.endswith(("ه", "ها", "هما", "هم", "هن"))


def _tour(doc: Doc, end: int) -> bool:
    """Is the first word after a visit trigger that is not part of its subject (names, titles,
    nisbas, ``لدى``) a place visited on a tour (``lang``: :data:`VISITED_PLACES`), or a place the
    knowledge base knows as no country, territory or capital (``يزور جبل الزيتون``، ``زار جرش``)?
    A place right after a title is the subject's own (``رئيس إقليم كردستان``)."""
    info = doc._.actors or {}
    after_title = False
    for k in range(end, min(len(doc), end + 14)):
        tok = doc[k]
        norm = tok.norm_
        if tok.is_space or tok.is_punct or tok._.is_clitic:
            continue
        if tok.ent_type_:
            # (a place the knowledge base does not know is no country either)
            if (
                tok.ent_iob_ == "B"
                and tok.ent_type_ == "LOC"
                and not after_title
                and info.get(tok.ent_id_, {}).get("subtype") not in VISITED_AS_PARTY
            ):
                return True
            after_title = tok.ent_type_ in ("PER", "ORG") or after_title
            continue
        if TITLE_WORDS.fullmatch(norm) or _nisba_like(norm) or norm in ("لدي", "الامير", "الشيخ"):
            after_title = True
            continue
        return bool(VISITED_PLACES.fullmatch(norm))
    return False


def _accompanies(doc: Doc, a: Span) -> bool:
    """``برفقة الرئيس الرواندي بول كاغامي``: who travels with the visitor is no host."""
    k = _prev_word(doc, a.start)
    for _ in range(4):
        if k is None:
            return False
        if doc[k].norm_ in ("رفقه", "برفقه", "بصحبه", "صحبه", "يرافقه", "ترافقه", "يرافقها", "رافقه", "رافقته"):
            return True
        if doc[k].ent_type_ or doc[k].is_punct:
            return False
        k = _prev_word(doc, k)
    return False


def _attacked(doc: Doc, trig: Trigger) -> bool:
    """``هجوم على اجتماع``، ``استهدف الهجوم … في اجتماع``: the meeting is the target of an attack."""
    lo = max(doc[trig.start].sent.start, trig.start - 8)
    words = [doc[i].norm_ for i in range(lo, trig.start)]
    return any(ATTACK.fullmatch(w) for w in words) and ("علي" in words[-2:] or "استهدف" in words)


#: Negotiation nouns and verbs whose object (على …) is an agreement: التفاوض على اتفاقات.
NEGOTIATION = regex.compile(r"(?:ل|لل)?(?:التفاوض|تفاوض|يتفاوض|تتفاوض|المفاوضات|مفاوضات|التفاوضات)")


#: ``التي … فيها``: the pronoun of a relative clause that puts its subject inside the event.
IN_IT = frozenset({"فيها", "فيه", "خلالها", "خلاله"})
#: ``التي جمعت X وY``: a relative clause's verb whose objects are the summit's members.
BROUGHT_TOGETHER = frozenset({"جمعت", "جمع", "ضمت", "ضم", "تجمع", "يجمع", "ستجمع", "سيجمع"})


def _add_summit_host(d: Draft) -> None:
    """``القمة العربية التي عقدت في الأردن``: the place that holds a summit of a body is its host.
    A summit of leaders somewhere else (ترامب وكيم في سنغافورة) is at a third place: the place stays
    only its location."""
    loc = d.location
    if loc is None or loc.label_ != "LOC" or (loc.id_ or loc.text) in _clusters(d):
        return
    if any(s.label_ == "ORG" for s, _ in d.participants):
        d.participants.append((loc, "host"))


def _add_relative_attendees(doc: Doc, d: Draft, ents: list[Span]) -> None:
    """``قمة الناتو المثيرة للجدل والتي هاجم فيها الرئيس دونالد ترامب الحلفاء``: the person a
    relative clause on the summit has act in it (فيها) takes part in it."""
    sent_end = d.sentence.end
    words = _next_words(doc, d.trigger.end, 8)
    rel = next((k for k in words if RELATIVES.fullmatch(doc[k].norm_)), None)
    if rel is None:
        return
    near = _next_words(doc, rel + 1, 3)
    have = _clusters(d)
    together = next((k for k in near if doc[k].norm_ in BROUGHT_TOGETHER), None)
    if together is not None:
        # قمة طهران، والتي جمعت رؤساء كل من روسيا وإيران وتركيا: all the states or people it brings
        end = min(sent_end, together + 16)
        for e in ents:
            if together < e.start and e.end <= end and e.label_ in ("PER", "LOC") and (e.id_ or e.text) not in have:
                if e.label_ == "LOC" and (doc._.actors or {}).get(e.id_, {}).get("subtype") not in STATE_SUBTYPES:
                    continue
                d.participants.append((e, "participant"))
                have.add(e.id_ or e.text)
        return
    inside = next((k for k in near if doc[k].norm_ in IN_IT), None)
    if inside is None:
        return
    after = _next_words(doc, inside + 1, 4)
    for e in ents:
        if e.label_ == "PER" and e.start in after and e.end <= sent_end and (e.id_ or e.text) not in have:
            d.participants.append((e, "participant"))
            return


def _one_visit_per_state(doc: Doc, d: Draft) -> list[Draft]:
    """``يزور السعودية والأردن وإسرائيل``: a tour of several states is one visit to each of them
    (a capital goes with its state: موسكو and روسيا are one visit)."""
    if d.type != "meeting" or d.kind != "visit":
        return [d]
    info = doc._.actors or {}
    by_state: dict[str, list[int]] = {}
    for k, (s, role) in enumerate(d.participants):
        fields = info.get(s.id_, {})
        if role == "host" and s.label_ == "LOC" and fields.get("subtype") in VISITED_AS_PARTY:
            by_state.setdefault(fields.get("country") or s.id_, []).append(k)
    if len(by_state) < 2:
        return [d]
    hosts = {k for ks in by_state.values() for k in ks}
    others = [p for k, p in enumerate(d.participants) if k not in hosts]
    return [
        dataclasses.replace(d, participants=others + [d.participants[k] for k in ks], years=list(d.years))
        for ks in by_state.values()
    ]


#: How far (in tokens) the person whose office a place names may follow the place.
TITLE_PLACE_REACH = 14


def _title_place(doc: Doc, span: Span, ents: Sequence[Span]) -> bool:
    """Is ``span`` a place right after a title word (أمير الكويت، ولي عهد أبو ظبي) whose holder, a
    person named (in ``ents``), follows within :data:`TITLE_PLACE_REACH` tokens with no punctuation
    between?"""
    if span.label_ != "LOC":
        return False
    k = _prev_word(doc, span.start)
    if k is None or not TITLE_WORDS.fullmatch(doc[k].norm_):
        return False
    person = next((e for e in ents if e.label_ == "PER" and e.start >= span.end), None)
    if person is None or person.start - span.end > TITLE_PLACE_REACH:
        return False
    return not any(doc[i].is_punct for i in range(span.end, person.start))


def _only_partners(doc: Doc, d: Draft) -> bool:
    """``محادثات مع رئيس الوزراء الإسرائيلي بنيامين نتانياهو والرئيس الفلسطيني محمود عباس``: a noun
    whose participants all follow its مع has no subject in its clause (the one who talks with them
    is told before), rather than being talks between them."""
    if d.trigger.rule.form != "noun" or not d.participants:
        return False
    j = _next_word(doc, d.trigger.end)
    if j is None or doc[j].norm_ != "مع":
        return False
    return all(s.start > j for s, _ in d.participants)


#: Words that make an organisation's name a building or seat: في المكتب البيضاوي، بقصر الإليزيه.
VENUE_WORDS = frozenset({"المكتب", "مكتب", "قصر", "القصر", "مبني", "المبني", "فندق", "الفندق", "قاعه", "القاعه"})
#: Words before an organisation that make it the place of a meeting: في مقر وزارة الدفاع.
SEAT_WORDS = frozenset({"مقر", "بمقر", "المقر"})


def _venue(doc: Doc, span: Span, ents: Sequence[Span]) -> bool:
    """Is ``span`` the building or seat a meeting is held in (في مقر وزارة الدفاع (البنتاغون)،
    بالمكتب البيضاوي), rather than an organisation that meets? (``ents``: the Doc's entities.)"""
    if span.label_ not in ("ORG", "LOC"):
        return False
    k = _prev_word(doc, span.start)
    if k is None:
        return False
    if doc[k].text == "(":
        # a name in brackets after a venue names the venue again: وزارة الدفاع (البنتاغون)
        end = _prev_word(doc, k)
        before = next((e for e in ents if end is not None and e.end == end + 1), None)
        return before is not None and _venue(doc, before, ents)
    if span.label_ == "ORG" and doc[k].norm_ in SEAT_WORDS:
        return True
    at = doc[k].norm_ == "في" or (span.start > 0 and doc[span.start - 1].norm_ == "ب")
    return at and doc[span.start].norm_ in VENUE_WORDS


def _after_topic_word(doc: Doc, span: Span) -> bool:
    """Does a topic word (ضد، حول، بشأن) stand within two words before ``span``?"""
    k = _prev_word(doc, span.start)
    for _ in range(2):
        if k is None:
            return False
        if TOPIC_WORDS.fullmatch(doc[k].norm_):
            return True
        k = _prev_word(doc, k)
    return False


def _one_call_per_partner(d: Draft) -> list[Draft]:
    """``أجرى العاهل السعودي اتصالات مع الملك عبد الله الثاني وأمير الكويت … ومحمد بن زايد``: calls
    (a plural noun) from one caller to several partners are one call with each of them."""
    if d.type != "meeting" or d.kind != "call":
        return [d]
    if not d.sentence.doc[d.trigger.start].norm_.removeprefix("ال").startswith("اتصالات"):
        return [d]
    callers = [p for p in d.participants if p[0].start < d.trigger.start]
    partners = [p for p in d.participants if p[0].start > d.trigger.start]
    if len({s.id_ or s.text for s, _ in callers}) != 1:
        return [d]
    # a partner's office and name (أمير الكويت الشيخ صباح الأحمد الصباح) are one call: by state
    info = d.sentence.doc._.actors or {}
    by_state: dict[str, list[tuple[Span, str]]] = {}
    for p in partners:
        fields = info.get(p[0].id_, {})
        by_state.setdefault(fields.get("country") or fields.get("country_seen") or p[0].id_ or p[0].text, []).append(p)
    if len(by_state) < 2:
        return [d]
    return [dataclasses.replace(d, participants=[callers[0], *ps], years=list(d.years)) for ps in by_state.values()]


def _negotiates_deal(doc: Doc, trig: Trigger) -> bool:
    """``للتفاوض على اتفاقات``: negotiating a deal, which the agreement noun tells (negotiating)."""
    if not NEGOTIATION.fullmatch(doc[trig.start].norm_):
        return False
    j = _next_word(doc, trig.end)
    if j is None or doc[j].norm_ != "علي":
        return False
    k = _next_word(doc, j + 1)
    return k is not None and bool(AGREEMENT_NOUN.fullmatch(doc[k].norm_))


def _time_adjunct(doc: Doc, trig: Trigger) -> bool:
    """``قبل قمة X``، ``بعد الاجتماع``، ``عشية القمة``: the noun dates another event."""
    if trig.rule.form != "noun":
        return False
    k = _prev_word(doc, trig.start)
    if k is not None and doc[k].norm_ in PHASES:  # قبل بدء الزيارة، في ختام القمة
        k = _prev_word(doc, k)
    return k is not None and doc[k].norm_ in ("قبل", "بعد", "عشيه", "اثر", "عقب", "قبيل", "بعيد")


#: After ``اتفقا على``: arranging a meeting (اتفقا على عقد قمة، على إجراء محادثات), not a deal.
MEETING_ARRANGEMENTS = frozenset(
    {"عقد", "اجراء", "تنظيم", "مواصله", "استمرار", "استئناف", "اللقاء", "لقاء", "الاجتماع", "اجتماع", "زياره"}
)
#: How far (in tokens) the على of ``اتفق … على`` can follow the verb, its subject between.
ALA_REACH = 16

#: How far back (in words) a verb of holding can stand from its summit noun, its subject between.
SUMMIT_VERB_REACH = 14


def _summit_verb(doc: Doc, trig: Trigger, left: int, reach: int = 3) -> int | None:
    """The verb of holding or attending that governs a summit noun (عقد، شارك في، لحضور), if any,
    within ``reach`` words before it (and, beyond the first three, no full stop, أن or speech verb
    between)."""
    k = _prev_word(doc, trig.start)
    for step in range(reach):
        if k is None or k < left:
            return None
        if step >= 3 and (doc[k].text in ".:؛;" or _complementizer(doc[k]) or SPEECH_VERBS.fullmatch(doc[k].norm_)):
            return None
        if SUMMIT_VERBS.fullmatch(doc[k].norm_):
            j = k - 1 if k > 0 and doc[k - 1]._.is_clitic else _prev_word(doc, k)
            if j is not None and doc[j].norm_ in ("الي", "علي", "ل", "من", "بهدف", "اجل"):
                return None  # التوصل إلى عقد قمة: the verbal noun, whose actors are not its members
            return k
        k = _prev_word(doc, k)
    return None


def _owned_name_end(doc: Doc, trig: Trigger, ents: list[Span]) -> int:
    """End of the name right after a noun trigger (قمة مجموعة العشرين), else the trigger's end."""
    j = _next_word(doc, trig.end)
    return next((e.end for e in ents if e.start == j), trig.end)


@lru_cache(maxsize=1)
def news_media() -> frozenset[str]:
    """Names of news media (``lang/news_media.txt``), folded, with single spaces."""
    text = resources.files("mideast_nlp").joinpath("lang/news_media.txt").read_text(encoding="utf-8")
    return frozenset(
        " ".join(fold(line).split()) for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _news_medium(e: Span) -> bool:
    """An unlinked organisation named as one of :func:`news_media` (leading clitics aside: لرويترز).

    Compared on the span's text, not its tokens: the tokenizer cuts some names (سانا → س + انا)."""
    if e.label_ != "ORG" or e.kb_id_:
        return False
    media = news_media()
    if " ".join(fold(e.text).split()) in media:
        return True
    first = next((t for t in e if not (t._.is_clitic or t.is_space)), None)
    return first is not None and " ".join(fold(e.doc[first.i : e.end].text).split()) in media


def _is_source(doc: Doc, e: Span) -> bool:
    """An organisation named as the source of the report: ``صحيفة X``، ``بحسب X``، ``نقلا عن X``."""
    k = _prev_word(doc, e.start)
    for _ in range(2):
        if k is None:
            return False
        norm = doc[k].norm_
        if SOURCE_WORDS.fullmatch(norm):
            return True
        if norm not in ("عن", "ل", "ال") and not doc[k].is_punct:
            return False
        k = _prev_word(doc, k)
    return False


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
    if len({a.id_ for a in countries}) < 2 and actors:
        # رئيس الوزراء الإثيوبي … تطبيق اتفاق السلام الموقع مع إريتريا: the official stands for his
        # state, when the article names it
        info = actors[0].doc._.actors or {}
        named = {
            info.get(e.id_, {}).get("country"): e
            for e in actors[0].doc.ents
            if info.get(e.id_, {}).get("subtype") in STATE_SUBTYPES
        }
        have = {a.id_ for a in countries}
        for a in actors:
            fields = info.get(a.id_, {})
            state = named.get(fields.get("country") or fields.get("country_seen")) if a.label_ == "PER" else None
            if state is not None and state.id_ not in have:
                countries.append(state)
                have.add(state.id_)
    if len({a.id_ for a in countries}) >= 2:
        return countries
    if len({a.id_ for a in countries + orgs}) >= 2:
        return countries + orgs
    # fewer than two states or organisations: the people who stand for the missing side count
    # (الرئيس الأفغاني … اتفاق سلام مع حركة طالبان)
    return sorted(actors, key=lambda a: a.start)


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
            skip_until = t.end + (REACH_SPAN if t.rule.kind == "reach" else 6)
    return out


def _merge(drafts: list[Draft]) -> list[Draft]:
    """One event per real-world meeting or agreement.

    Mentions merge when :func:`_same_event` says so; then an undated back-reference (a definite
    noun) to a pair whose article dates exactly one meeting (or agreement) of that pair is that one (``المؤتمر المشترك
    مع نظيره الأردني`` five paragraphs after ``الاثنين في مؤتمر مشترك … مع نظيره الأردني``).
    """
    out: list[Draft] = []
    for d in drafts:
        target = next((o for o in out if _same_event(o, d)), None)
        if target is None and out and _meets_during_visit(out[-1], d):
            target = out[-1]  # زار إسرائيل والتقى العديد من الوزراء: the meetings of the visit
        if target is None and d.type == "agreement" and _restated(d):
            # الاتفاق، للاتفاق النووي، بموجب الاتفاق: the deal told before, whoever this mention names
            # (the last deal of its kind, or any last deal for a generic الاتفاق; not one of another date)
            when = _when(d)
            deals = [o for o in out if o.type == "agreement" and (when is None or _when(o) in (None, when))]
            same_kind = [o for o in deals if o.agreement_kind == d.agreement_kind != "agreement"]
            if same_kind:
                target = same_kind[-1]
            elif deals and "agreement" in (deals[-1].agreement_kind, d.agreement_kind):
                target = deals[-1]
        back = _refers_back(d) if target is None else None
        if back is not None:
            # وحضر اللقاء X (whoever attends), وخلال الاجتماع (with an actor of it): the event told last
            last = next(
                (o for o in reversed(out) if o.type == d.type and (o.kind in SUMMIT_KINDS) == (d.kind in SUMMIT_KINDS)),
                None,
            )
            if last is not None and (back == "attend" or _clusters(last) & _clusters(d)):
                target = last
        if target is None:
            if back != "attend" or len(_clusters(d)) >= 2 or d.session:
                out.append(d)  # (an attendee alone, with no meeting told before, is no event)
            continue
        _absorb(target, d)
    merged: list[Draft] = []
    for d in out:
        if _when(d) is None and len(_clusters(d)) >= 2 and (_back_reference(d) or _construct(d)):
            dated = [
                o
                for o in out
                if o is not d
                and o.type == d.type
                and _when(o) is not None
                and len(_clusters(o) & _clusters(d)) >= 2
                and (o.status == "planned") == (d.status == "planned")
            ]
            if len(dated) == 1:
                _absorb(dated[0], d)
                continue
        merged.append(d)
    return merged


#: A meeting that fails is held, when the noun follows at once (فشل القمة).
FAILED = regex.compile(r"(?:فشل|فشلت|فشله|فشلها|اخفاق)")


def _meets_during_visit(visit: Draft, d: Draft) -> bool:
    """``وكان وفد فيسبوك زار إسرائيل والتقى العديد من الوزراء``: a meeting verb joined by و to a
    visit told just before in the same sentence, with no subject of its own, is part of the visit."""
    if visit.type != "meeting" or visit.kind != "visit" or d.type != "meeting" or d.sentence != visit.sentence:
        return False
    if d.trigger.rule.form == "noun" or d.trigger.start <= visit.trigger.end:
        return False
    doc = d.sentence.doc
    k = d.trigger.start - 1
    conj = k >= 0 and doc[k]._.is_clitic and doc[k].norm_ == "و"
    own_subject = any(
        doc[j].ent_iob_ == "B" and doc[j].ent_type_ == "PER" for j in range(visit.trigger.end, d.trigger.start)
    )
    return conj and not own_subject and d.trigger.start - visit.trigger.end <= 12


def _back_reference(d: Draft) -> bool:
    """A definite noun trigger (الاجتماع، المؤتمر المشترك) refers back; a verb narrates a new event."""
    if d.trigger.rule.form != "noun":
        return False
    return d.sentence.doc[d.trigger.start].norm_.startswith("ال")


def _construct(d: Draft) -> bool:
    """A noun trigger in construct with the names of its parties (لقاء الملك سلمان والسيسي): as
    definite as ``اللقاء``."""
    if d.trigger.rule.form != "noun":
        return False
    doc = d.sentence.doc
    j = _next_word(doc, d.trigger.end)
    while j is not None and (TITLE_WORDS.fullmatch(doc[j].norm_) or _nisba_like(doc[j].norm_)) and not doc[j].ent_type_:
        j = _next_word(doc, j + 1)
    return j is not None and doc[j].ent_iob_ == "B"


def _restated(d: Draft) -> bool:
    """A definite agreement noun that the text does not mark as another deal (جديد، آخر)."""
    return _back_reference(d) and not _new_deal(d)


def _new_deal(d: Draft) -> bool:
    """``اتفاق جديد``، ``اتفاق آخر``: an agreement the text marks as not the one told before."""
    doc = d.sentence.doc
    return any(doc[k].norm_ in NEW_DEAL for k in _next_words(doc, d.trigger.end, 3))


def _refers_back(d: Draft) -> str | None:
    """An undated definite noun next to a word of attendance, phase or content
    (:func:`back_reference_words`): ``وحضر اللقاء`` → ``"attend"``; ``خلال الاجتماع``، ``وتناول
    اللقاء`` → ``"before"``/``"after"``; else None. A noun a relative clause describes
    (``الاجتماع الذي عقده …``) may be a new event."""
    if not _back_reference(d) or d.date is not None or d.years:
        return None
    doc = d.sentence.doc
    words = back_reference_words()
    k = _prev_word(doc, d.trigger.start)
    j = _next_word(doc, d.trigger.end)
    if j is not None and RELATIVES.fullmatch(doc[j].norm_):
        return None
    if k is not None:
        for where in ("attend", "before"):
            if words[where].fullmatch(doc[k].norm_):
                return where
        if (
            doc[k].norm_ == "في"
            and (k2 := _prev_word(doc, k)) is not None
            and words["present"].fullmatch(doc[k2].norm_)
        ):
            return "attend"  # كان حاضرا في اللقاء
    if j is not None and words["after"].fullmatch(doc[j].norm_):
        return "after"
    return None


def _absorb(target: Draft, d: Draft) -> None:
    """Fold the participants, roles, mode, kind, status, date and place of ``d`` into ``target``."""
    have = {s.id_ or s.text: k for k, (s, _) in enumerate(target.participants)}
    for span, role in d.participants:
        key = span.id_ or span.text
        if key not in have:
            target.participants.append((span, role))
        elif role != "participant" and target.participants[have[key]][1] == "participant":
            target.participants[have[key]] = (target.participants[have[key]][0], role)
    if target.type == "meeting" and target.mode in ("unknown", "in_person") and d.mode not in ("unknown", "in_person"):
        target.mode = d.mode
    if target.type == "agreement" and target.agreement_kind == "agreement":
        target.agreement_kind = d.agreement_kind
    if target.weak_status and not d.weak_status:
        target.status, target.negated, target.weak_status = d.status, d.negated, False
    target.confidence = max(target.confidence, d.confidence)
    target.date = target.date or d.date
    target.location = target.location or d.location


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
    summits = a.kind in SUMMIT_KINDS and b.kind in SUMMIT_KINDS
    if (wa is None) != (wb is None) and a.sentence != b.sentence and not summits:
        # Only one mention says when: the same event if the other is in the headline or lead
        # (or if both are summits: a summit of the same leaders is one, told again)
        undated, dated = (a, b) if wa is None else (b, a)
        # (a planned meeting of the same actors is one, told again: يشارك الجمعة في اجتماع … ثم
        # لمحادثات … التي تجري خلال عطلة نهاية الأسبوع; past ones can be many)
        told_again = dated.status == "planned" and (undated.status == "planned" or undated.weak_status)
        if undated.sentence.start > _lead_end(undated.sentence.doc) and not told_again:
            return False
    ca, cb = _clusters(a), _clusters(b)
    if a.type == "meeting":
        if (a.kind in SUMMIT_KINDS) != (b.kind in SUMMIT_KINDS):
            return False
        if (a.kind == "call" or a.mode == "phone") != (b.kind == "call" or b.mode == "phone"):
            return False  # a phone call is not the meeting the same leaders hold (سيجتمعون … أجرى اتصالات)
        same_status = (a.status == "planned") == (b.status == "planned") or a.weak_status or b.weak_status
        # The same pair (or more) of actors, or an incomplete mention (one actor) of a fuller one,
        # or the states of one mention's offices are the other's people (the headline's العاهل
        # السعودي يستقبل وزير الخارجية الأميركي is the body's استقبل الملك سلمان … مايك بومبيو).
        return same_status and (
            len(ca & cb) >= 2
            or (min(len(ca), len(cb)) == 1 and bool(ca & cb))
            or (_statuses_agree(a, b) and _states_alike(a, b))
        )
    kinds_match = a.agreement_kind == b.agreement_kind or "agreement" in (a.agreement_kind, b.agreement_kind)
    # (two pairs that share one side are two deals: روسيا وتركيا، الاتحاد الأوروبي مع تركيا)
    # (a capital counts as its state: برلين of أبرمتم هذه الصفقة مع روسيا is ألمانيا)
    sa, sb = _sides(a), _sides(b)
    two_pairs = len(sa & sb) == 1 and len(sa) >= 2 and len(sb) >= 2 and not (sa <= sb or sb <= sa)
    return kinds_match and bool(ca & cb) and not two_pairs and not (_new_deal(a) or _new_deal(b))


def _sides(d: Draft) -> set[str]:
    """The participants of ``d`` with each place as the state it is in."""
    info = d.sentence.doc._.actors or {}
    return {
        (info.get(s.id_, {}).get("country") if s.label_ == "LOC" else None) or s.id_ or s.text
        for s, _ in d.participants
    }


def _statuses_agree(a: Draft, b: Draft) -> bool:
    """The same status, or an undecided one (a noun, a present tense) beside an occurred or planned one."""
    if a.status == b.status:
        return True
    undecided = a.weak_status or b.weak_status
    return undecided and {a.status, b.status} <= {"occurred", "planned"}


def _states_alike(a: Draft, b: Draft) -> bool:
    """Do two mentions, one of which names only states (or two summits sharing an actor), bring the
    same two or more states?"""
    info = a.sentence.doc._.actors or {}

    def states(d: Draft) -> tuple[frozenset[str], bool] | None:
        out, only_states = set(), True
        for s, _ in d.participants:
            fields = info.get(s.id_, {})
            country = fields.get("country") or fields.get("country_seen")
            if not country:
                return None
            out.add(country)
            only_states = only_states and fields.get("subtype") in STATE_SUBTYPES
        return frozenset(out), only_states

    sa, sb = states(a), states(b)
    # (or, for a summit or the headline, one actor in common and the other one's state: القمة مع
    # كوريا الشمالية of ترامب is his summit with كيم جونغ أون; visits told in the body are too many
    # for this: 9 visits in 5 years)
    headline = a.headline or b.headline  # (ترامب يستقبل نظيره الكوري الجنوبي)
    summits = a.kind in SUMMIT_KINDS and b.kind in SUMMIT_KINDS
    shared = (summits or headline) and bool(_clusters(a) & _clusters(b))
    if sa is None or sb is None or not (sa[1] or sb[1] or shared):
        return False
    return len(sa[0]) >= 2 and sa[0] == sb[0]


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
    elif (
        draft["type"] == "agreement"
        and status == "signed"
        and published
        and (
            draft.get("last_year")
            or (years and max(years) < published.year)
            or (draft.get("date") and draft["date"]["rel"].get("year", published.year) < published.year)
        )
    ):
        status = "historical"  # signed in an earlier year: background

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
        mode = draft["mode"]
        if len(countries) >= 3 and mode in ("in_person", "unknown"):
            mode = "multilateral"  # people of three countries or more
        elif location and mode in ("in_person", "unknown"):
            people, mode = _visit_by_place(people, location.get("country"), mode)
        out["participants"] = people
        out["mode"] = mode
        out["codes"] = event_codes("meeting", status, mode=mode, kind=draft["kind"], third_party=third)
    else:
        out["parties"] = people
        out["agreement"] = {"kind": draft["agreement_kind"], "topic": None}
        out["codes"] = event_codes("agreement", status, agreement_kind=draft["agreement_kind"])
    return out


def _visit_by_place(
    people: list[dict[str, Any]], place_country: str | None, mode: str
) -> tuple[list[dict[str, Any]], str]:
    """Talks held in one side's country are a visit: ``محادثات أجراها بولتون في موسكو مع بوتين``.

    When the meeting's place is in the country of some participants and others come from another
    country, the first are hosts and the others visitors (unless a trigger already gave roles).
    """
    if not place_country:
        return people, mode
    home = [p for p in people if p.get("country") == place_country]
    away = [p for p in people if p.get("country") and p.get("country") != place_country]
    if not home or not away:
        return people, mode

    def with_role(p: dict[str, Any]) -> dict[str, Any]:
        if p.get("role", "participant") != "participant" or not p.get("country"):
            return p
        return {**p, "role": "host" if p["country"] == place_country else "visitor"}

    return [with_role(p) for p in people], "visit"


def _kb_of(cluster: str, info: Mapping[str, Any]) -> str:
    """The knowledge-base id of a cluster (linked clusters are keyed by their kb_id)."""
    return cluster if info.get("name_en") else ""
