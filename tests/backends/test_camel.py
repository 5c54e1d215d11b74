"""CAMeL Tools backend: transliteration (for real), NER through a tiny BERT model, MLE morphology, errors.

Skipped without the ``[camel]`` extra. The NER model is built here from a config and a vocabulary
(one word piece per letter, so a word has as many pieces as letters) with random weights; the
classifier's bias then picks the label, so the checks are about offsets, the label mapping and
the 512-piece splitting, not accuracy.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("camel_tools", reason='needs the [camel] extra: pip install "mideast-nlp[camel]"')

import mideast_nlp
from mideast_nlp.backends import camel
from mideast_nlp.errors import BackendError, InputError

pytestmark = pytest.mark.backends

CAMEL_LABELS = ["B-LOC", "B-ORG", "B-PERS", "B-MISC", "I-LOC", "I-ORG", "I-PERS", "I-MISC", "O"]


# -- transliteration ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        ("bw", "<lhAm Elyyf"),
        ("safebw", "IlhAm Elyyf"),
        ("hsb", "\N{LATIN CAPITAL LETTER A WITH BREVE}lhAm \N{GREEK SMALL LETTER FINAL SIGMA}lyyf"),
    ],
)
def test_transliteration_schemes(scheme: str, expected: str) -> None:
    assert camel.transliterate("إلهام علييف", scheme) == expected


def test_transliteration_drops_tatweel_and_keeps_diacritics() -> None:
    assert camel.transliterate("مُحَمَّـد\u200f", "bw") == "muHama~d"


def test_unknown_scheme() -> None:
    with pytest.raises(InputError, match="E204"):
        camel.transliterate("علييف", "ipa")


def test_every_mention_is_transliterated(reference_text: str) -> None:
    from camel_tools.utils.charmap import CharMapper

    nlp = mideast_nlp.load(ner=False, translit="bw")
    assert nlp.pipe_names[-1] == "mideast_translit"
    result = nlp.extract(reference_text)
    assert result.mentions
    back = CharMapper.builtin_mapper("bw2ar")
    for m in result.mentions:
        assert m.translit and m.translit.isascii()
        assert back(m.translit) == m.text.replace("\u0640", "")  # Buckwalter maps back to the letters
    aliyev = [m for m in result.mentions if m.text == "علييف"]
    assert aliyev and aliyev[0].translit == "Elyyf"


# -- NER -------------------------------------------------------------------------------------------


def _tiny_bert(folder: Path, favour: str | None) -> Path:
    """A BERT token classifier with CAMeL's labels; ``favour`` gets a bias that makes it win."""
    import torch
    from transformers import BertConfig, BertForTokenClassification, BertTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    letters = [chr(c) for c in range(0x0621, 0x064B)]
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *letters, *("##" + c for c in letters), ".", "،"]
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=512,
        id2label=dict(enumerate(CAMEL_LABELS)),
        label2id={label: i for i, label in enumerate(CAMEL_LABELS)},
    )
    torch.manual_seed(0)
    model = BertForTokenClassification(config)
    if favour is not None:
        with torch.no_grad():
            model.classifier.weight.zero_()
            model.classifier.bias.zero_()
            model.classifier.bias[CAMEL_LABELS.index(favour)] = 5.0
    model.save_pretrained(folder)
    BertTokenizer(str(folder / "vocab.txt"), do_lower_case=False).save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def bert_models(camel_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("bert")
    return {label: _tiny_bert(base / label.replace("-", "_"), label) for label in ("B-PERS", "I-ORG", "O")} | {
        "random": _tiny_bert(base / "random", None)
    }


TEXT = "التقى الرئيس إلهام علييف وبالرياض ولي العهد، ثم غادر."


def test_labels_map_to_ours_with_original_offsets(bert_models: dict[str, Path]) -> None:
    nlp = mideast_nlp.load(ner="camel", ner_path=bert_models["B-PERS"], link=False, events=False)
    assert "mideast_camel_ner" in nlp.pipe_names
    doc = nlp.spacy(TEXT)
    words = [w for w in TEXT.replace("،", " ، ").replace(".", " .").split()]
    # every word is B-PERS → one PER per word; the clitics of وبالرياض stay out of its entity
    assert [e.label_ for e in doc.ents] == ["PER"] * len(words)
    texts = [e.text for e in doc.ents]
    assert "الرياض" in texts and "وبالرياض" not in texts
    for e in doc.ents:
        assert TEXT[e.start_char : e.end_char] == e.text
    result = nlp.extract(TEXT)
    assert {m.label for m in result.mentions} == {"PER"}
    assert all(TEXT[m.start : m.end] == m.text for m in result.mentions)


def test_inside_labels_chain_and_outside_gives_nothing(bert_models: dict[str, Path]) -> None:
    org = mideast_nlp.load(ner="camel", ner_path=bert_models["I-ORG"], link=False, events=False)
    doc = org.spacy(TEXT)
    # I- without B- opens an entity (conlleval); one input → one ORG from the first word to the last
    (ent,) = doc.ents
    assert ent.label_ == "ORG" and ent.start_char == 0 and ent.end_char == len(TEXT)
    none = mideast_nlp.load(ner="camel", ner_path=bert_models["O"], link=False, events=False)
    assert none.spacy(TEXT).ents == ()


def test_long_documents_are_cut_under_512_pieces(bert_models: dict[str, Path]) -> None:
    nlp = mideast_nlp.load(ner="camel", ner_path=bert_models["I-ORG"], link=False, events=False)
    component = nlp.spacy.get_pipe("mideast_camel_ner")
    recognizer = component.recognizer
    seen: list[list[str]] = []
    predict = recognizer.predict

    def spy(sentences: list[list[str]], batch_size: int = 32) -> list[list[str]]:
        seen.extend(sentences)
        return predict(sentences, batch_size=batch_size)

    recognizer.predict = spy
    # one sentence of 400 words of 2-6 letters: 1,600 pieces; then a short one
    words = ["وزير", "الخارجية", "التقى", "في", "بروكسل", "علييف"]
    long_sentence = " ".join(words[k % len(words)] for k in range(400))
    text = long_sentence + ". التقى علييف."
    doc = nlp.spacy(text)
    pieces = [sum(len(recognizer.tokenizer.tokenize(w)) for w in sent) for sent in seen]
    assert len(seen) >= 4 and max(pieces) <= 510
    assert sum(len(s) for s in seen) == len([t for t in doc if not t.is_space])  # every word went in once
    # all I-ORG: each input is one entity, so the entities show where the inputs were cut
    assert len(doc.ents) == len(seen)
    assert all(text[e.start_char : e.end_char] == e.text for e in doc.ents)
    assert doc.ents[-1].text == "التقى علييف."
    assert component.inputs(doc) and camel.split_inputs([300, 300, 600, 10], 510) == [(0, 1), (1, 2), (2, 3), (3, 4)]


def test_words_without_pieces_are_not_sent(bert_models: dict[str, Path]) -> None:
    nlp = mideast_nlp.load(ner="camel", ner_path=bert_models["random"], link=False, events=False)
    text = "التقى \u200f علييف ستولتنبرغ."
    doc = nlp.spacy(text)
    component = nlp.spacy.get_pipe("mideast_camel_ner")
    (words,) = component.inputs(doc)
    assert [doc[w[0] : w[-1] + 1].text for w in words] == ["التقى", "علييف", "ستولتنبرغ", "."]
    for e in doc.ents:  # random weights: whatever it says lands on our tokens, with our labels
        assert e.label_ in ("PER", "ORG", "LOC", "MISC") and text[e.start_char : e.end_char] == e.text


def test_label_count_mismatch_is_a_coded_error(bert_models: dict[str, Path]) -> None:
    nlp = mideast_nlp.load(ner="camel", ner_path=bert_models["O"], link=False, events=False)
    doc = nlp.spacy.make_doc(TEXT)
    inputs = [[[0], [1]]]
    with pytest.raises(BackendError, match="E209"):
        camel.entity_spans(doc, inputs, [["O"]])


def test_missing_pretrained_model_names_the_package(camel_data: Path) -> None:
    with pytest.raises(BackendError, match=r"E203.*'ner-arabert'.*camel_data -i ner-arabert"):
        mideast_nlp.load(ner="camel")
    with pytest.raises(BackendError, match=r"E208"):
        mideast_nlp.load(ner="camel", ner_path=camel_data / "nowhere")


def test_no_data_folder_gives_our_error_not_a_download(tmp_path: Path) -> None:
    """Without CAMeL's catalogue, CAMeL would try to download it on import: we stop before."""
    script = textwrap.dedent(
        """
        import json, sys, mideast_nlp
        from mideast_nlp.errors import BackendError
        out = {}
        for kwargs in ({"ner": "camel"}, {"ner": False, "morphology": "camel"}):
            try:
                mideast_nlp.load(**kwargs)
            except BackendError as e:
                out[str(kwargs)] = str(e)
        out["imported"] = sorted(m for m in sys.modules if m.startswith("camel_tools.data"))
        print(json.dumps(out))
        """
    )
    env = dict(os.environ, CAMELTOOLS_DATA=str(tmp_path / "empty"))
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out.pop("imported") == []
    assert len(out) == 2
    for message in out.values():
        assert "E202" in message and "camel_data -i" in message and str(tmp_path / "empty") in message
    assert "Traceback" not in proc.stderr


# -- morphology --------------------------------------------------------------------------------------


class LexiconDisambiguator:
    """CAMeL's disambiguator interface over a small lexicon, returning CAMeL's own result types."""

    def __init__(self, lexicon: dict[str, dict[str, str]]) -> None:
        self.lexicon = lexicon
        self.calls: list[list[str]] = []

    def disambiguate(self, words: list[str]) -> list[object]:
        from camel_tools.disambig.common import DisambiguatedWord, ScoredAnalysis

        self.calls.append(list(words))
        out = []
        for w in words:
            a = self.lexicon.get(w)
            scored = [ScoredAnalysis(1.0, a, a.get("diac", w), -1.0, -1.0)] if a else []
            out.append(DisambiguatedWord(w, scored))
        return out


def test_morphology_sets_lemmas_and_the_events_use_them() -> None:
    lexicon = {
        "التقياه": {"lex": "اِلْتَقَى", "pos": "verb", "asp": "p"},
        "الرئيس": {"lex": "رَئِيس", "pos": "noun"},
        "علييف": {"lex": "علييف", "pos": "noun_prop"},
    }
    disambiguator = LexiconDisambiguator(lexicon)
    nlp = mideast_nlp.load(ner=False)
    component = camel.CamelMorphology(disambiguator)
    text = "الرئيس إلهام علييف ورجب طيب أردوغان التقياه في بروكسل."
    assert nlp.spacy(text)._.events == []
    doc = nlp.spacy.make_doc(text)
    for name, proc in nlp.spacy.pipeline:  # the component where load(morphology="camel") puts it
        if name == "mideast_events":
            doc = component(doc)
        doc = proc(doc)
    verb = next(t for t in doc if t.text == "التقياه")
    assert (verb.lemma_, verb.pos_, str(verb.morph)) == ("اِلْتَقَى", "VERB", "Aspect=Perf")
    assert next(t for t in doc if t.text == "علييف").pos_ == "PROPN"
    assert "." not in disambiguator.calls[0] and "و" in disambiguator.calls[0]  # Arabic tokens only
    (event,) = doc._.events
    assert event["type"] == "meeting" and event["trigger"]["text"] == "التقياه"


def test_morphology_restored_article_is_analysed_with_it() -> None:
    nlp = mideast_nlp.load(ner=False, link=False, events=False)
    doc = nlp.spacy("للرئيس")
    assert [camel.camel_word(t) for t in doc] == ["ل", "الرئيس"]


def _write_morphology_db(path: Path) -> None:
    """A CAMeL morphology database in CAMeL's text format, with a handful of stems.

    One empty prefix and suffix, whole-word stems, and the ``NOAN`` stem that CAMeL's backoff
    turns unknown words into proper nouns with.
    """
    stems = [
        ("التقياه", "V", {"diac": "اِلْتَقَياهُ", "lex": "اِلْتَقَى_1", "pos": "verb", "asp": "p", "bw": "AilotaqayA/PV"}),
        ("زارتها", "V", {"diac": "زارَتْها", "lex": "زار-ُ_1", "pos": "verb", "asp": "p", "bw": "zAr/PV+at/PVSUFF"}),
        ("زارتها", "V", {"diac": "زارَتُها", "lex": "زارَة_1", "pos": "noun", "asp": "na", "bw": "zAr/NOUN+atu"}),
        ("الرئيس", "N", {"diac": "الرَّئِيس", "lex": "رَئِيس_1", "pos": "noun", "asp": "na", "bw": "Al/DET+ra}iys/NOUN"}),
        ("NOAN", "P", {"diac": "NOAN", "lex": "NOAN", "pos": "noun_prop", "asp": "na", "bw": "NOAN/NOUN_PROP"}),
    ]
    lines = [
        "###DEFINES###",
        "DEFINE pos pos:verb pos:noun pos:noun_prop pos:digit pos:punc pos:latin",
        "DEFINE asp asp:p asp:i asp:c asp:na",
        *(f"DEFINE {f} {f}:*open*" for f in ("diac", "gloss", "lex", "bw")),
        "###DEFAULTS###",
        *(
            f"DEFAULT pos:{pos} asp:na diac:* lex:* bw:*"
            for pos in ("verb", "noun", "noun_prop", "digit", "punc", "latin")
        ),
        "###ORDER###",
        "ORDER pos asp diac lex bw",
        "###TOKENIZATIONS###",
        "TOKENIZATION bw",
        "###STEMBACKOFF###",
        "STEMBACKOFF PROP P",
        "###PREFIXES###",
        "\tPref-0\tdiac: bw:",
        "###SUFFIXES###",
        "\tSuff-0\tdiac: bw:",
        "###STEMS###",
        *(
            f"{stem}\t{cat}\t" + " ".join(f"{k}:{v}" for k, v in (feats | {"gloss": stem}).items())
            for stem, cat, feats in stems
        ),
        "###TABLE AB###",
        *(f"Pref-0 {c}" for c in "VNP"),
        "###TABLE BC###",
        *(f"{c} Suff-0" for c in "VNP"),
        "###TABLE AC###",
        "Pref-0 Suff-0",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def installed_mle(camel_data: Path):
    """CAMeL's default MLE model and morphology database, tiny, where ``camel_data`` would put them."""
    mle = camel_data / "data" / "disambig_mle" / "calima-msa-r13"
    db = camel_data / "data" / "morphology_db" / "calima-msa-r13"
    mle.mkdir(parents=True, exist_ok=True)
    db.mkdir(parents=True, exist_ok=True)
    _write_morphology_db(db / "morphology.db")
    # the MLE table picks the noun reading of زارتها over the verb one the analyzer ranks alike
    entry = {"lex": "زارَة_1", "pos": "noun", "asp": "na", "diac": "زارَتُها", "bw": "zAr/NOUN+atu"}
    (mle / "model.json").write_text(json.dumps({"زارتها": entry}, ensure_ascii=False), encoding="utf-8")
    yield camel_data
    (mle / "model.json").unlink()
    (db / "morphology.db").unlink()


def test_real_mle_disambiguator_gives_lemmas_to_the_events(installed_mle: Path) -> None:
    nlp = mideast_nlp.load(ner=False, morphology="camel")
    assert nlp.pipe_names.index("mideast_camel_morph") < nlp.pipe_names.index("mideast_events")
    text = "الرئيس إلهام علييف ورجب طيب أردوغان التقياه في بروكسل."
    doc = nlp.spacy(text)
    verb = next(t for t in doc if t.text == "التقياه")
    assert (verb.lemma_, verb.pos_, str(verb.morph)) == ("اِلْتَقَى", "VERB", "Aspect=Perf")
    assert next(t for t in doc if t.text == "علييف").pos_ == "PROPN"  # CAMeL's backoff: a proper noun
    assert next(t for t in doc if t.text == "الرئيس").lemma_ == "رَئِيس"
    result = nlp.extract(text)
    (event,) = result.events
    assert event.type == "meeting" and event.trigger.text == "التقياه"
    assert {p.name for p in event.participants} == {"إلهام علييف", "رجب طيب أردوغان"}
    zarat = next(t for t in nlp.spacy("زارتها") if t.text == "زارتها")
    assert (zarat.pos_, zarat.lemma_) == ("NOUN", "زارَة")  # the MLE table's choice


def test_missing_mle_data_names_the_package(camel_data: Path) -> None:
    with pytest.raises(BackendError, match=r"E203.*'disambig-mle-calima-msa-r13'.*camel_data -i"):
        mideast_nlp.load(ner=False, morphology="camel")
    mle = camel_data / "data" / "disambig_mle" / "calima-msa-r13"
    mle.mkdir(parents=True, exist_ok=True)
    (mle / "model.json").write_text("{}", encoding="utf-8")
    try:  # the MLE model is there, its morphology database is not
        with pytest.raises(BackendError, match=r"E203.*'morphology-db-msa-r13'"):
            mideast_nlp.load(ner=False, morphology="camel")
    finally:
        (mle / "model.json").unlink()


def test_full_pipeline_with_camel_ner_linking_events_and_translit(
    bert_models: dict[str, Path], reference_text: str
) -> None:
    nlp = mideast_nlp.load(ner="camel", ner_path=bert_models["I-ORG"], translit="hsb")
    assert nlp.pipe_names == [
        "mideast_sentencizer",
        "mideast_camel_ner",
        "mideast_linker",
        "mideast_events",
        "mideast_translit",
    ]
    result = nlp.extract(reference_text, published="2021-12-15")
    assert result.mentions
    for m in result.mentions:
        assert reference_text[m.start : m.end] == m.text
        assert m.translit == camel.transliterate(m.text, "hsb")
