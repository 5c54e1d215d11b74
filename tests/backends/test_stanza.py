"""Stanza backend: the adapter on real Stanza Documents read from the Arabic PUD treebank.

Skipped without the ``[stanza]`` extra. No Stanza model can be downloaded here, so the Documents
come from Stanza's own CoNLL-U reader: PUD as it is (clitics as separate tokens), and PUD with its
clitic groups made multi-word tokens, the way Stanza's Arabic pipeline returns ``لأوباما`` or
``نشرتها`` (one token, two words).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

stanza = pytest.importorskip("stanza", reason='needs the [stanza] extra: pip install "mideast-nlp[stanza]"')

import mideast_nlp  # noqa: E402
from mideast_nlp.backends import stanza as backend  # noqa: E402
from mideast_nlp.backends.ud import Syntax  # noqa: E402
from mideast_nlp.errors import BackendError  # noqa: E402

pytestmark = pytest.mark.backends

PROCLITICS = frozenset("وفبلكس")
ENCLITICS = frozenset({"ه", "ها", "هم", "هما", "هن", "ك", "كم", "ي", "نا"})


def _read(path: Path | None = None, text: str | None = None):
    from stanza.utils.conll import CoNLL

    if "reconstruct_text" not in CoNLL.conll2doc.__code__.co_varnames:
        pytest.skip("this Stanza's CoNLL reader cannot rebuild the text (reconstruct_text)")
    return CoNLL.conll2doc(input_file=str(path) if path else None, input_str=text, reconstruct_text=True)


def with_mwt(conllu: str, *, respell: dict[str, str] | None = None) -> str:
    """PUD with each run of words glued by SpaceAfter=No around a clitic made one multi-word token.

    ``respell`` changes word forms inside those tokens (``لسلطة`` → ``السلطة``), as Stanza's MWT
    expander writes them.
    """
    out: list[str] = []
    for block in conllu.strip().split("\n\n"):
        lines = block.split("\n")
        comments = [line for line in lines if line.startswith("#")]
        rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
        groups: list[list[list[str]]] = []
        for row in rows:
            glue = groups and "SpaceAfter=No" in groups[-1][-1][9]
            prev = groups[-1][-1][1] if groups else ""
            clitic = prev in PROCLITICS or (row[3] == "PRON" and row[1] in ENCLITICS)
            arabic = re.match(r"\w", row[1]) and re.match(r"\w", prev)
            if glue and clitic and arabic:
                groups[-1].append(row)
            else:
                groups.append([row])
        body = []
        for group in groups:
            if len(group) > 1:
                first, last = group[0][0], group[-1][0]
                surface = "".join(r[1] for r in group)
                space = "SpaceAfter=No" if "SpaceAfter=No" in group[-1][9] else "_"
                body.append("\t".join([f"{first}-{last}", surface, *["_"] * 7, space]))
                for r in group:
                    r[9] = "_"
                    if respell and r[1] in respell:
                        r[1] = respell[r[1]]
            body.extend("\t".join(r) for r in group)
        out.append("\n".join(comments + body))
    return "\n\n".join(out) + "\n\n"


@pytest.fixture(scope="module")
def tokenizer_nlp():
    return mideast_nlp.load(ner=False, link=False, events=False)


@pytest.fixture(scope="module")
def pud_doc(pud_path: Path):
    return _read(pud_path)


def _content(t) -> bool:
    return not t.is_space


def test_pud_as_is_lands_on_our_tokens(tokenizer_nlp, pud_doc) -> None:
    doc = tokenizer_nlp.spacy(pud_doc.text)
    n = backend.annotate(doc, pud_doc)
    tokens = [t for t in doc if _content(t)]
    assert n >= 0.97 * len(tokens)
    # where our token is exactly one treebank word, it shows that word and its head's token
    by_start = {}
    for s_idx, sent in enumerate(pud_doc.sentences):
        for w in sent.words:
            by_start[(w.start_char, w.end_char)] = (s_idx, w)
    tok_at = {(t.idx, t.idx + len(t.text)): t.i for t in tokens}
    exact = checked = 0
    for t in tokens:
        hit = by_start.get((t.idx, t.idx + len(t.text)))
        if hit is None:
            continue
        s_idx, w = hit
        exact += 1
        assert (t.lemma_, t.pos_, t._.ud_dep) == (w.lemma, w.upos, w.deprel)
        if w.head == 0:
            assert t._.ud_head == t.i
            continue
        head = pud_doc.sentences[s_idx].words[w.head - 1]
        target = tok_at.get((head.start_char, head.end_char))
        if target is not None:
            checked += 1
            assert t._.ud_head == target
    assert exact >= 0.9 * len(tokens) and checked >= 0.85 * exact
    # the enclitic pronoun stays on its host token, which shows the verb: نشرتها (نشرت + ها)
    host = next(t for t in doc if t.text == "نشرتها")
    assert (host.pos_, host.lemma_) == ("VERB", "نَشَر")
    # our clitic token ل of لأوباما is the treebank's ل, attached to أوباما
    la = next(t for t in doc if t.text == "ل" and doc[t.i + 1].text == "أوباما")
    assert (la.pos_, la._.ud_dep, la._.ud_head) == ("ADP", "case", la.i + 1)
    assert doc[la.i + 1]._.ud_dep == "nmod"


def test_multiword_tokens_are_mapped_onto_our_tokens(tokenizer_nlp, pud_path: Path) -> None:
    conllu = pud_path.read_text(encoding="utf-8")
    first_doc = conllu.split("\n\n")[:40]
    sdoc = _read(text=with_mwt("\n\n".join(first_doc), respell={"لسلطة": "السلطة"}))
    mwts = [t for s in sdoc.sentences for t in s.tokens if len(t.words) > 1]
    assert len(mwts) >= 20
    doc = tokenizer_nlp.spacy(sdoc.text)
    backend.annotate(doc, sdoc)
    # لأوباما: one Stanza token, two words; two tokens of ours, each with its word
    la = next(t for t in doc if t.text == "ل" and doc[t.i + 1].text == "أوباما")
    assert (la.pos_, la._.ud_dep, la._.ud_head) == ("ADP", "case", la.i + 1)
    assert doc[la.i + 1].pos_ == "PROPN"
    # للسلطة written ل + السلطة by the expander: the word form differs from its letters
    salta = next(t for t in doc if t.text == "لسلطة" and doc[t.i - 1].text == "ل")
    assert (salta.pos_, salta.lemma_, salta._.ud_dep) == ("NOUN", "سُلطَة", "nmod")
    assert doc[salta.i - 1]._.ud_head == salta.i  # its ل
    # نشرتها: the verb's token, with the verb's head (تدوينة, acl:relcl)
    host = next(t for t in doc if t.text == "نشرتها")
    assert (host.pos_, host._.ud_dep, doc[host._.ud_head].text) == ("VERB", "acl:relcl", "تدوينة")
    # a parse that the events can read
    syntax = Syntax.of(doc)
    assert syntax is not None
    kataba = next(t for t in doc if t.text == "كتبت")
    assert kataba._.ud_head == kataba.i and kataba._.ud_dep == "root"


def test_events_read_a_real_parse(pud_path: Path) -> None:
    """PUD: «وقع السيد أوزبورن عقداً مع وكالة استشارية أمريكية»: subject and مع-phrase, through the title."""
    conllu = pud_path.read_text(encoding="utf-8")
    block = next(b for b in conllu.split("\n\n") if "# text = وقع السيد أوزبورن" in b)
    sdoc = _read(text=block + "\n\n")
    nlp = mideast_nlp.load(ner=False, link=False, events=False)
    doc = nlp.spacy(sdoc.text)
    backend.annotate(doc, sdoc)
    osborne = next(t.i for t in doc if t.text == "أوزبورن")
    agency = next(t.i for t in doc if t.text == "وكالة")
    from spacy.tokens import Span

    doc.ents = [Span(doc, osborne, osborne + 1, label="PER"), Span(doc, agency, agency + 3, label="ORG")]
    syntax = Syntax.of(doc)
    assert syntax is not None
    v = next(t.i for t in doc if t.text == "وقع")
    slots = [(e.text, s) for e, s in syntax.arguments(v, v + 1, list(doc.ents))]
    assert slots == [("أوزبورن", "subject"), ("وكالة استشارية أمريكية", "with")]
    # the trigger's clause would hold the same two here; what the parse adds is the slot of each
    assert syntax.head_of(v, v + 1) == v


def test_tokens_without_offsets_are_found_in_the_text(tokenizer_nlp, pud_path: Path) -> None:
    from stanza.utils.conll import CoNLL

    block = pud_path.read_text(encoding="utf-8").split("\n\n")[0] + "\n\n"
    sdoc = CoNLL.conll2doc(input_str=block)  # no offsets
    assert sdoc.sentences[0].tokens[0].start_char is None
    text = next(line[len("# text = ") :] for line in block.splitlines() if line.startswith("# text = "))
    doc = tokenizer_nlp.spacy(text)
    assert backend.annotate(doc, sdoc) >= 0.95 * len([t for t in doc if _content(t)])
    assert next(t for t in doc if t.text == "كتبت")._.ud_dep == "root"


def test_missing_models_say_what_and_how(tmp_path: Path) -> None:
    with pytest.raises(BackendError, match=r"E205.*resources\.json.*ar/depparse.*stanza\.download\('ar'"):
        mideast_nlp.load(ner=False, parser="stanza", stanza_dir=tmp_path)
    (tmp_path / "resources.json").write_text("{}", encoding="utf-8")
    for proc in ("tokenize", "mwt", "pos"):
        (tmp_path / "ar" / proc).mkdir(parents=True)
        (tmp_path / "ar" / proc / "model.pt").write_bytes(b"")
    with pytest.raises(BackendError, match=r"E205.*missing ar/lemma, ar/depparse"):
        mideast_nlp.load(ner=False, parser="stanza", stanza_dir=tmp_path)


def test_broken_models_are_a_coded_error_not_a_stanza_traceback(tmp_path: Path) -> None:
    (tmp_path / "resources.json").write_text("{}", encoding="utf-8")
    for proc in backend.PROCESSORS:
        (tmp_path / "ar" / proc).mkdir(parents=True)
        (tmp_path / "ar" / proc / "model.pt").write_bytes(b"not a model")
    with pytest.raises(BackendError, match=r"E20[56]"):
        mideast_nlp.load(ner=False, parser="stanza", stanza_dir=tmp_path)


def test_the_component_runs_a_given_pipeline(tokenizer_nlp, pud_path: Path) -> None:
    """StanzaParser calls its pipeline on the Doc's text and annotates the Doc with the result."""
    block = pud_path.read_text(encoding="utf-8").split("\n\n")[0] + "\n\n"
    sdoc = _read(text=block)
    seen: list[str] = []

    def pipeline(text: str):
        seen.append(text)
        return sdoc

    parser = backend.StanzaParser(pipeline)
    doc = parser(tokenizer_nlp.spacy(sdoc.text))
    assert seen == [sdoc.text]
    assert next(t for t in doc if t.text == "كتبت")._.ud_dep == "root"


def test_load_parser_stanza_wires_the_component(monkeypatch: pytest.MonkeyPatch, pud_path: Path) -> None:
    """``load(parser="stanza")`` puts the parser before the events and passes ``stanza_dir`` on."""
    block = next(b for b in pud_path.read_text(encoding="utf-8").split("\n\n") if "# text = وقع السيد أوزبورن" in b)
    sdoc = _read(text=block + "\n\n")
    asked: list[object] = []

    def fake_load(path: object = None, **_: object):
        asked.append(path)
        return lambda text: sdoc

    monkeypatch.setattr(backend, "load_stanza", fake_load)
    nlp = mideast_nlp.load(ner=False, parser="stanza", stanza_dir="/models/stanza")
    assert nlp.pipe_names.index("mideast_stanza") == nlp.pipe_names.index("mideast_events") - 1
    assert asked == ["/models/stanza"]
    doc = nlp.spacy(sdoc.text)
    assert next(t for t in doc if t.text == "وقع")._.ud_dep == "root"
    assert next(t for t in doc if t.text == "أوزبورن").lemma_
