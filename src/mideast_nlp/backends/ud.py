"""What the event extractor reads from a UD parse or a lemmatiser, whichever backend set it.

A backend (:mod:`mideast_nlp.backends.stanza`, :mod:`mideast_nlp.backends.camel`) leaves plain values
on our tokens: ``token._.ud_head`` / ``token._.ud_dep`` (a UD dependency tree over our tokens) and
``token.lemma_`` / ``token.pos_`` / ``token.morph``. This module turns them into what
:mod:`mideast_nlp.events` asks for, and nothing here imports a backend's package:

* :class:`Syntax` — the arguments of an event trigger: its subject, its object, a phrase headed by
  مع attached to it (``nmod``/``obl``) and, for a noun trigger, its genitive (``لقاء الرئيسين``),
  each with its conjuncts (``X و Y``); an argument that is a title noun stands for the name next to
  it (``الرئيس … علييف``).
* :func:`lemma_trigger` — a trigger found by lemma (``lang/event_trigger_lemmas.tsv``) when the
  token's form is not in ``lang/event_triggers.tsv``: an unseen conjugation of التقى or وقّع.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from ..extensions import ensure_extensions
from ..normalizer import fold

#: UD relations (the part before ``:``) read as the trigger's subject and object.
SUBJECT_RELATIONS = frozenset({"nsubj", "csubj"})
OBJECT_RELATIONS = frozenset({"obj", "iobj"})
#: Relations of a prepositional phrase; it is an argument when its preposition is مع.
OBLIQUE_RELATIONS = frozenset({"nmod", "obl"})
#: From a title noun to the name it introduces (``الأمين العام … ينس ستولتنبرغ``).
NAME_RELATIONS = frozenset({"flat", "appos", "compound", "nmod", "amod"})
WITH = "مع"
#: UPOS of words that carry no content: a token holding one of them and a content word shows the latter.
FUNCTION_POS = frozenset({"ADP", "CCONJ", "SCONJ", "PART", "DET", "PUNCT", "AUX"})


def base_relation(dep: str) -> str:
    """``nsubj:pass`` → ``nsubj``."""
    return dep.split(":", 1)[0]


class Syntax:
    """The dependency tree a parser left on a Doc, with the queries the events need.

    Make one with :meth:`of`, which returns ``None`` for a Doc without a parse.
    """

    def __init__(self, doc: Doc) -> None:
        ensure_extensions()
        self.doc = doc
        self.heads: list[int | None] = [t._.ud_head for t in doc]
        self.deps: list[str] = [t._.ud_dep or "" for t in doc]
        self.children: dict[int, list[int]] = {}
        for i, head in enumerate(self.heads):
            if head is not None and head != i:
                self.children.setdefault(head, []).append(i)

    @classmethod
    def of(cls, doc: Doc) -> Syntax | None:
        """The parse of ``doc``, or ``None`` when no parser annotated it."""
        ensure_extensions()
        # extension values live in doc.user_data under ("._.", name, start, end): looking there is far
        # cheaper than reading token._ for every token of every Doc that has no parse
        if not any(isinstance(k, tuple) and len(k) > 1 and k[1] == "ud_dep" for k in doc.user_data):
            return None
        return cls(doc)

    def head_of(self, start: int, end: int) -> int:
        """The token of ``doc[start:end]`` whose head lies outside the span (the first such)."""
        for i in range(start, end):
            head = self.heads[i]
            if head is None or head == i or not start <= head < end:
                return i
        return start

    def arguments(self, start: int, end: int, ents: Sequence[Span], *, noun: bool = False) -> list[tuple[Span, str]]:
        """The entities that fill the argument slots of the trigger ``doc[start:end]``.

        Args:
            start: first token of the trigger.
            end: token after the trigger.
            ents: the candidate entities (the Doc's people, organisations and places).
            noun: the trigger is a noun, so its genitive (``nmod`` without a preposition) is a
                participant as well (``لقاء الرئيسين``, ``زيارة أردوغان``).

        Returns:
            ``(entity, slot)`` pairs, ``slot`` one of ``subject``, ``object``, ``with``; subjects
            first, then objects, then مع-phrases, each in text order, every entity once.
        """
        by_token: dict[int, Span] = {}
        for e in ents:
            for i in range(e.start, e.end):
                by_token.setdefault(i, e)
        trigger = self.head_of(start, end)
        slots: dict[str, list[int]] = {"subject": [], "object": [], "with": []}
        for child in self.children.get(trigger, ()):
            if start <= child < end:
                continue
            rel = base_relation(self.deps[child])
            if rel in SUBJECT_RELATIONS:
                slots["subject"].append(child)
            elif rel in OBJECT_RELATIONS:
                slots["object"].append(child)
            elif rel in OBLIQUE_RELATIONS:
                preps = {fold(self.doc[c].text) for c in self.children.get(child, ()) if self.deps[c] == "case"}
                if WITH in preps:
                    slots["with"].append(child)
                elif noun and rel == "nmod" and not preps:
                    slots["subject"].append(child)
        out: list[tuple[Span, str]] = []
        seen: set[tuple[int, int]] = set()
        for slot in ("subject", "object", "with"):
            for token in sorted(slots[slot]):
                for member in self._with_conjuncts(token):
                    ent = self._entity_of(member, by_token)
                    if ent is not None and (ent.start, ent.end) not in seen:
                        seen.add((ent.start, ent.end))
                        out.append((ent, slot))
        return out

    def _with_conjuncts(self, token: int) -> list[int]:
        out = [token]
        stack = [token]
        while stack:
            for child in self.children.get(stack.pop(), ()):
                if base_relation(self.deps[child]) == "conj" and child not in out:
                    out.append(child)
                    stack.append(child)
        return out

    def _entity_of(self, token: int, by_token: dict[int, Span]) -> Span | None:
        """The entity an argument word stands for: its own, else a name below it (people first)."""
        if token in by_token:
            return by_token[token]
        found: list[tuple[int, int, Span]] = []  # (not a person, depth, entity)
        frontier = [token]
        for depth in (1, 2):
            nxt = []
            for t in frontier:
                for child in self.children.get(t, ()):
                    if base_relation(self.deps[child]) not in NAME_RELATIONS:
                        continue
                    if child in by_token:
                        ent = by_token[child]
                        found.append((ent.label_ != "PER", depth, ent))
                    else:
                        nxt.append(child)
            frontier = nxt
        if not found:
            return None
        return min(found, key=lambda f: (f[0], f[1], f[2].start))[2]


def order_by_syntax(
    syntax: Syntax | None, start: int, end: int, ents: Sequence[Span], inside: Sequence[Span], *, noun: bool
) -> tuple[list[Span], set[tuple[int, int]] | None]:
    """The candidates for a trigger's participants, and which of them may be participants.

    The trigger's syntactic arguments (subject, object, مع-phrase, their conjuncts) come first,
    wherever they are in the sentence, then the clause's other entities (which may still be the
    event's location). With two or more argument entities only they may be participants: the
    second value holds their ``(start, end)``; with fewer it is ``None`` and the clause decides, as
    without a parse. Without a parse: ``inside`` unchanged and ``None``. The event extractor's own
    filters (titles, places after في, regions) still apply to every candidate.
    """
    if syntax is None:
        return list(inside), None
    args = [e for e, _ in syntax.arguments(start, end, ents, noun=noun)]
    keys = {(e.start, e.end) for e in args}
    ordered = args + [e for e in inside if (e.start, e.end) not in keys]
    return ordered, (keys if len(args) >= 2 else None)


# -- lemmas -----------------------------------------------------------------------------------------


#: The UPOS a token must have for a lemma entry of each part of speech.
POS_CLASSES: dict[str, frozenset[str]] = {
    "verb": frozenset({"VERB", "AUX"}),
    "noun": frozenset({"NOUN", "PROPN", "ADJ"}),
}


@dataclass(frozen=True, slots=True)
class LemmaTrigger:
    """A trigger lemma: what ``lang/event_trigger_lemmas.tsv`` says about it."""

    lemma: str
    event: str
    kind: str
    requires: str
    strength: float
    pos: str = "-"


@lru_cache(maxsize=1)
def lemma_triggers() -> dict[str, LemmaTrigger]:
    """Folded lemma → its trigger entry."""
    text = resources.files("mideast_nlp").joinpath("lang/event_trigger_lemmas.tsv").read_text(encoding="utf-8")
    out: dict[str, LemmaTrigger] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        lemma, event, kind, requires, strength = cols[:5]
        pos = cols[5] if len(cols) > 5 else "-"
        out[fold(lemma)] = LemmaTrigger(fold(lemma), event, kind, requires, float(strength), pos)
    return out


def trigger_form(token: Token) -> str:
    """``noun``, ``present`` or ``past``, from the token's UPOS and its UD ``Aspect`` (``Imp`` → present)."""
    if token.pos_ in ("NOUN", "PROPN", "ADJ"):
        return "noun"
    return "present" if "Imp" in token.morph.get("Aspect", []) else "past"


def lemma_trigger(token: Token) -> tuple[LemmaTrigger, str] | None:
    """The trigger entry of the token's lemma and the form it takes here, or ``None``."""
    if not token.lemma_:
        return None
    entry = lemma_triggers().get(fold(token.lemma_))
    if entry is None or (token.pos_ and entry.pos in POS_CLASSES and token.pos_ not in POS_CLASSES[entry.pos]):
        return None  # بحث the noun (research) is not بَحَثَ the verb (discussed)
    return entry, trigger_form(token)
