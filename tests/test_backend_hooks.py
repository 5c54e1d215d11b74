"""The core side of the optional backends: no heavy import, the event hooks, the records.

These run without CAMeL Tools or Stanza: the annotations a backend would leave (lemmas, UPOS, UD
arcs) are put on the Doc by hand, as :mod:`mideast_nlp.backends.stanza` and
:mod:`mideast_nlp.backends.camel` put them (their own tests are in ``tests/backends/``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap

import pytest
from spacy.tokens import Doc

import mideast_nlp
from mideast_nlp.backends.ud import Syntax, lemma_trigger, lemma_triggers, order_by_syntax
from mideast_nlp.errors import BackendError, InputError
from mideast_nlp.events import EventExtractor
from mideast_nlp.export import doc_to_result

HEAVY = ("torch", "transformers", "camel_tools", "stanza")


def test_import_and_extract_import_no_heavy_package(reference_text: str) -> None:
    """`import mideast_nlp` tries no heavy import at all; `load()` and `extract` only spaCy's own probe.

    A meta-path finder in a fresh interpreter records every attempt, found or not, with the file
    that made it, so the test fails even where torch is not installed. spaCy's thinc looks for
    torch in ``thinc/compat.py`` (and imports it when it is installed: not in the core job); no
    other module may, and nothing may look for transformers, camel_tools or stanza.
    """
    script = textwrap.dedent(
        f"""
        import importlib.util, json, sys, traceback
        HEAVY = {HEAVY!r}
        torch_installed = importlib.util.find_spec("torch") is not None
        tried = []

        class Spy:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in HEAVY:
                    frames = [f.filename for f in traceback.extract_stack() if not f.filename.startswith("<")]
                    tried.append([name, frames[-1] if frames else "?"])
                return None

        sys.meta_path.insert(0, Spy())
        import mideast_nlp
        after_import = [list(t) for t in tried]
        import mideast_nlp.backends.camel, mideast_nlp.backends.stanza, mideast_nlp.backends.ud
        nlp = mideast_nlp.load()
        result = nlp.extract(sys.stdin.read(), published="2021-12-15")
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)
        print(json.dumps({{"after_import": after_import, "tried": tried, "loaded": loaded,
                          "torch_installed": torch_installed,
                          "mentions": len(result.mentions), "events": len(result.events)}}))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], input=reference_text, capture_output=True, text=True, check=True
    )
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["after_import"] == []
    assert out["tried"], "the spy saw nothing: spaCy's torch probe should have been recorded"
    # torch's own imports of its submodules follow from thinc's; any other importer is a failure
    outside_thinc = [
        (name, where)
        for name, where in out["tried"]
        if not where.endswith("thinc/compat.py") and f"{os.sep}torch{os.sep}" not in where
    ]
    assert outside_thinc == []
    assert {name.split(".")[0] for name, _ in out["tried"]} <= {"torch"}
    if not out["torch_installed"]:  # the core job: torch-free
        assert out["loaded"] == []
    assert out["mentions"] > 10 and out["events"] >= 1


# -- the UD hook in the events --------------------------------------------------------------------


@pytest.fixture(scope="module")
def linker_nlp():
    return mideast_nlp.load(ner=False)


def _i(doc: Doc, text: str, nth: int = 0) -> int:
    return [t.i for t in doc if t.text == text][nth]


def _parse(doc: Doc, arcs: dict[int, tuple[int, str]]) -> Doc:
    """UD arcs on our tokens, as the Stanza adapter sets them (token → (head token, relation))."""
    for i, (head, dep) in arcs.items():
        doc[i]._.ud_head = head
        doc[i]._.ud_dep = dep
    return doc


def _events(doc: Doc) -> list[dict[str, object]]:
    return EventExtractor()(doc)._.events


def _participants(event: dict) -> list[tuple[str, str]]:
    return [(p["name"], p["role"]) for p in event["participants"]]


def test_subject_of_receive_is_the_host(linker_nlp) -> None:
    # VOS: the guest (object) comes before the host (subject)
    text = "استقبل في باكو الأمين العام لحلف الناتو ينس ستولتنبرغ الرئيس الأذربيجاني إلهام علييف."
    plain = linker_nlp.spacy(text)
    assert _participants(plain._.events[0]) == [("ينس ستولتنبرغ", "host"), ("إلهام علييف", "visitor")]
    doc = linker_nlp.spacy(text)
    v, amin, stolt, rais, aliyev = (_i(doc, w) for w in ("استقبل", "الأمين", "ستولتنبرغ", "الرئيس", "علييف"))
    _parse(
        doc,
        {
            v: (v, "root"),
            _i(doc, "في"): (_i(doc, "باكو"), "case"),
            _i(doc, "باكو"): (v, "obl"),
            amin: (v, "obj"),
            _i(doc, "العام"): (amin, "amod"),
            _i(doc, "ل"): (_i(doc, "حلف"), "case"),
            _i(doc, "حلف"): (amin, "nmod"),
            _i(doc, "الناتو"): (_i(doc, "حلف"), "nmod"),
            _i(doc, "ينس"): (amin, "appos"),
            stolt: (_i(doc, "ينس"), "flat"),
            rais: (v, "nsubj"),
            _i(doc, "الأذربيجاني"): (rais, "amod"),
            _i(doc, "إلهام"): (rais, "appos"),
            aliyev: (_i(doc, "إلهام"), "flat"),
        },
    )
    syntax = Syntax.of(doc)
    assert syntax is not None
    ents = [e for e in doc.ents if e.label_ in ("PER", "ORG", "LOC")]
    slots = [(e.text, slot) for e, slot in syntax.arguments(v, v + 1, ents)]
    # the title nouns stand for the names under them; NATO (nmod of the title) is not an argument
    assert slots == [("إلهام علييف", "subject"), ("ينس ستولتنبرغ", "object")]
    (event,) = _events(doc)
    assert _participants(event) == [("إلهام علييف", "host"), ("ينس ستولتنبرغ", "visitor")]
    assert event["location"]["name"] == "باكو"


def test_arguments_replace_a_wrong_window_actor(linker_nlp) -> None:
    text = (
        "الرئيس إلهام علييف، الذي كان قد هاتف الرئيس التركي رجب طيب أردوغان يوم الأحد وبحث معه الوضع في "
        "المنطقة والعلاقات الثنائية وسبل تطويرها في المجالات كافة، التقى ينس ستولتنبرغ في بروكسل."
    )
    plain = linker_nlp.spacy(text)
    meets = [e for e in plain._.events if e["kind"] == "meet"]
    assert [p for p, _ in _participants(meets[0])] == ["رجب طيب أردوغان", "ينس ستولتنبرغ"]  # the window's guess
    doc = linker_nlp.spacy(text)
    v, rais = _i(doc, "التقى"), _i(doc, "الرئيس")
    _parse(
        doc,
        {
            v: (v, "root"),
            rais: (v, "nsubj"),
            _i(doc, "إلهام"): (rais, "appos"),
            _i(doc, "علييف"): (_i(doc, "إلهام"), "flat"),
            _i(doc, "هاتف"): (rais, "acl:relcl"),
            _i(doc, "الرئيس", 1): (_i(doc, "هاتف"), "obj"),
            _i(doc, "أردوغان"): (_i(doc, "الرئيس", 1), "appos"),
            _i(doc, "ينس"): (v, "obj"),
            _i(doc, "ستولتنبرغ"): (_i(doc, "ينس"), "flat"),
            _i(doc, "بروكسل"): (v, "obl"),
            _i(doc, "في", 2): (_i(doc, "بروكسل"), "case"),
        },
    )
    meets = [e for e in _events(doc) if e["kind"] == "meet"]
    assert [p for p, _ in _participants(meets[0])] == ["إلهام علييف", "ينس ستولتنبرغ"]
    assert meets[0]["location"]["name"] == "بروكسل"


def test_with_phrase_and_conjuncts_are_arguments(linker_nlp) -> None:
    doc = linker_nlp.spacy("ناقش الرئيس إلهام علييف مع ينس ستولتنبرغ ورجب طيب أردوغان الوضع في المنطقة.")
    v, rais, yens = _i(doc, "ناقش"), _i(doc, "الرئيس"), _i(doc, "ينس")
    _parse(
        doc,
        {
            v: (v, "root"),
            rais: (v, "nsubj"),
            _i(doc, "إلهام"): (rais, "flat"),
            _i(doc, "علييف"): (rais, "flat"),
            _i(doc, "مع"): (yens, "case"),
            yens: (v, "obl"),
            _i(doc, "ستولتنبرغ"): (yens, "flat"),
            _i(doc, "رجب"): (yens, "conj"),
            _i(doc, "أردوغان"): (_i(doc, "رجب"), "flat"),
            _i(doc, "الوضع"): (v, "obj"),
        },
    )
    syntax = Syntax.of(doc)
    assert syntax is not None
    ents = list(doc.ents)
    assert [(e.text, s) for e, s in syntax.arguments(v, v + 1, ents)] == [
        ("إلهام علييف", "subject"),
        ("ينس ستولتنبرغ", "with"),
        ("رجب طيب أردوغان", "with"),
    ]
    # an obl without مع (في المنطقة) is no argument, and a bare order_by_syntax without a parse is the identity
    assert order_by_syntax(None, v, v + 1, ents, ents[:1], noun=False) == (ents[:1], None)
    ordered, only = order_by_syntax(syntax, v, v + 1, ents, ents[-1:], noun=False)
    assert [e.text for e in ordered] == ["إلهام علييف", "ينس ستولتنبرغ", "رجب طيب أردوغان", "المنطقة"][: len(ordered)]
    assert only == {(e.start, e.end) for e in ents[:3]}


def test_no_parse_means_no_syntax(linker_nlp, reference_text: str) -> None:
    doc = linker_nlp.spacy(reference_text)
    assert Syntax.of(doc) is None
    assert not any(t.lemma_ for t in doc)  # the core pipeline sets no lemmas: the lemma hook is off


# -- the lemma hook -------------------------------------------------------------------------------


def _lemmatise(doc: Doc, i: int, lemma: str, pos: str, morph: str) -> None:
    doc[i].lemma_ = lemma
    doc[i].pos_ = pos
    doc[i].set_morph(morph)


def test_unseen_conjugation_is_found_by_its_lemma(linker_nlp) -> None:
    text = "الرئيس إلهام علييف ورجب طيب أردوغان التقياه في بروكسل."
    doc = linker_nlp.spacy(text)
    assert doc._.events == []  # التقياه is in no trigger pattern
    v = _i(doc, "التقياه")
    _lemmatise(doc, v, "اِلْتَقَى", "VERB", "Aspect=Perf")
    entry, form = lemma_trigger(doc[v]) or (None, None)
    assert entry is not None and (entry.event, entry.kind, form) == ("meeting", "meet", "past")
    (event,) = _events(doc)
    assert event["type"] == "meeting" and event["status"] == "occurred" and event["trigger"]["text"] == "التقياه"
    assert {p for p, _ in _participants(event)} == {"إلهام علييف", "رجب طيب أردوغان"}
    _lemmatise(doc, v, "اِلْتَقَى", "VERB", "Aspect=Imp")
    assert lemma_trigger(doc[v])[1] == "present"  # type: ignore[index]


def test_lemma_keeps_the_requirement_of_its_trigger(linker_nlp) -> None:
    # وقّع "signed" and وقع "fell" fold alike: the lemma entry requires an agreement noun
    for text, n in (
        ("وقعتم مع الرئيس إلهام علييف ورجب طيب أردوغان في باكو.", 0),
        ("وقعتم مع الرئيس إلهام علييف ورجب طيب أردوغان اتفاقية للتعاون في باكو.", 1),
    ):
        doc = linker_nlp.spacy(text)
        _lemmatise(doc, _i(doc, "وقعتم"), "وَقَّعَ", "VERB", "Aspect=Perf")
        agreements = [e for e in _events(doc) if e["type"] == "agreement"]
        assert len(agreements) == n


def test_lemma_table_is_folded_and_complete() -> None:
    table = lemma_triggers()
    assert {"التقي", "اجتمع", "زار", "وقع", "اتفاقيه"} <= set(table)
    assert all(e.event in ("meeting", "agreement") and 0 < e.strength <= 1 for e in table.values())
    assert {e.pos for e in table.values()} == {"verb", "noun"}


def test_lemma_entry_wants_its_part_of_speech(linker_nlp) -> None:
    doc = linker_nlp.spacy("تناقشوا البحث")
    word = doc[-1]
    for pos, found in (("NOUN", False), ("VERB", True), ("", True)):
        word.lemma_ = "بَحْث" if pos == "NOUN" else "بَحَثَ"
        word.pos_ = pos
        assert (lemma_trigger(word) is not None) is found, pos


# -- records, options, errors ---------------------------------------------------------------------


def test_translit_reaches_the_mention_records(linker_nlp, reference_text: str) -> None:
    doc = linker_nlp.spacy(reference_text)
    ents = list(doc.ents)
    doc._.translit = {f"{e.start_char}:{e.end_char}": f"t{k}" for k, e in enumerate(ents[:3])}
    result = doc_to_result(doc, id="x")
    assert [m.translit for m in result.mentions[:3]] == ["t0", "t1", "t2"]
    assert all(m.translit is None for m in result.mentions[3:])
    assert "translit" in result.model_json_schema()["$defs"]["Mention"]["properties"]
    plain = linker_nlp.extract(reference_text)
    assert all(m.translit is None for m in plain.mentions)


@pytest.mark.parametrize(("option", "value"), [("ner", "spacy"), ("parser", "udpipe"), ("morphology", "farasa")])
def test_unknown_backend_is_an_input_error(option: str, value: str) -> None:
    with pytest.raises(InputError, match="E207"):
        mideast_nlp.load(**{option: value})


@pytest.mark.skipif(importlib.util.find_spec("camel_tools") is not None, reason="camel-tools is installed here")
@pytest.mark.parametrize("kwargs", [{"translit": "bw"}, {"morphology": "camel"}, {"ner": "camel"}])
def test_camel_options_without_the_extra_say_how_to_install(kwargs: dict[str, str]) -> None:
    with pytest.raises(BackendError, match=r"E201.*mideast-nlp\[camel\]"):
        mideast_nlp.load(ner=False, **kwargs) if "ner" not in kwargs else mideast_nlp.load(**kwargs)


@pytest.mark.skipif(importlib.util.find_spec("stanza") is not None, reason="stanza is installed here")
def test_stanza_without_the_extra_says_how_to_install() -> None:
    with pytest.raises(BackendError, match=r"E201.*mideast-nlp\[stanza\]"):
        mideast_nlp.load(ner=False, parser="stanza")
