"""Convert the NER corpora in ``../shared/data/ner`` into spaCy DocBins on our tokens.

Every corpus is read as sentences of ``(word, BIO tag)``, its tags are mapped onto PER / ORG /
LOC / MISC with the tables below, the words are joined with spaces and run through our tokenizer,
and each entity becomes a character span that starts after any proclitic token of its first word
(``وأذربيجان`` → ``و`` O + ``أذربيجان`` LOC). Spans never include a proclitic.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..evaluation import bio_spans
from .corpora import Sentence, read_conll, read_wikifane, rebuild_words

LABELS: tuple[str, ...] = ("PER", "ORG", "LOC", "MISC")

#: ANERcorp: PERS → PER; the rest as they are.
ANERCORP_MAP: dict[str, str] = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}

#: WikiFANE fine types (Alotaibi & Lee 2014, ACE-style taxonomy) → our labels; unlisted → O.
#: GPE and natural locations fold into LOC. Facilities (buildings, mosques, streets, airports),
#: products, vehicles and weapons become MISC, as ANERcorp tags البيت الأبيض، الكعبة، القرآن and
#: prizes/works as MISC. PER "Group" (المسلمين، العرب، الفرنسيون) is O: ANERcorp does not tag
#: peoples or nationalities. Celestial bodies (الشمس، الأرض) are O for the same reason.
WIKIFANE_MAP: dict[str, str] = {
    # PER
    "Politician": "PER",
    "Artist": "PER",
    "Scientist": "PER",
    "Religious_PER": "PER",
    "Athlete": "PER",
    "Businessperson": "PER",
    "Engineer": "PER",
    "Lawyer": "PER",
    "Police": "PER",
    "Other_PER": "PER",
    # ORG
    "Government": "ORG",
    "Non-Governmental": "ORG",
    "Commercial": "ORG",
    "Educational": "ORG",
    "Media": "ORG",
    "Religious_ORG": "ORG",
    "Sports": "ORG",
    "Entertainment": "ORG",
    "Medical-Science": "ORG",
    # GPE + LOC → LOC
    "Nation": "LOC",
    "Population-Center": "LOC",
    "State-or-Province": "LOC",
    "County-or-District": "LOC",
    "GPE-Cluster": "LOC",
    "Continent": "LOC",
    "Water-Body": "LOC",
    "Land-Region-Natural": "LOC",
    # FAC, PRO, VEH, WEA → MISC
    "Building-Grounds": "MISC",
    "Subarea-Facility": "MISC",
    "Airport": "MISC",
    "Path": "MISC",
    "Software": "MISC",
    "Hardware": "MISC",
    "Book": "MISC",
    "Movie": "MISC",
    "Sound": "MISC",
    "Food": "MISC",
    "Drug": "MISC",
    "Plant": "MISC",
    "Air": "MISC",
    "Land": "MISC",
    "Water": "MISC",
    "Blunt": "MISC",
    "Shooting": "MISC",
    "Nuclear": "MISC",
    "Exploding": "MISC",
    "Sharp": "MISC",
    "Chemical": "MISC",
    "Projectile": "MISC",
    # → O
    "Group": "O",
    "Celestial": "O",
}

#: AQMAR: MIS0–MIS3 and misspelt variants → MISC; I--ORG → ORG; language tags and OO/IO → O.
AQMAR_MAP: dict[str, str] = {
    "PER": "PER",
    "ORG": "ORG",
    "-ORG": "ORG",
    "LOC": "LOC",
    "MIS": "MISC",
    "MIS0": "MISC",
    "MIS1": "MISC",
    "MIS2": "MISC",
    "MIS3": "MISC",
    "MIS-1": "MISC",
    "MIS-2": "MISC",
    "MISS1": "MISC",
    "MIS1`": "MISC",
}

#: Wojood (nested, 21 types): for each token the outermost tag whose type maps to a label is
#: kept. PERS → PER, ORG → ORG, GPE/LOC → LOC, EVENT/FAC/PRODUCT → MISC (as in ANERcorp);
#: NORP (nationalities), OCC, DATE, numbers, LAW, WEBSITE … → O.
WOJOOD_MAP: dict[str, str] = {
    "PERS": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "EVENT": "MISC",
    "FAC": "MISC",
    "PRODUCT": "MISC",
}

#: AQMAR articles held out of training (the AQMAR evaluation figure).
AQMAR_HELDOUT: tuple[str, ...] = ("Damascus", "Linux", "Raul_Gonzales", "Summer_Olympics2004")
#: ANERcorp: the last DEV_FRACTION of train.txt's sentences are the dev set.
DEV_FRACTION = 0.1
#: ANERcorp (news, the target domain) appears this many times in the training set.
ANERCORP_WEIGHT = 4

Entity = tuple[int, int, str]


def map_tags(sent: Sentence, mapping: Mapping[str, str]) -> list[tuple[str, str]]:
    """Map ``B-TYPE``/``I-TYPE`` tags through ``mapping`` (unknown types → O)."""
    out: list[tuple[str, str]] = []
    for word, tag in sent:
        if tag in ("O", "") or "-" not in tag:
            out.append((word, "O"))
            continue
        prefix, typ = tag.split("-", 1)
        label = mapping.get(typ, "O")
        out.append((word, "O" if label == "O" or prefix not in ("B", "I") else f"{prefix}-{label}"))
    return out


def bio_entities(tags: Iterable[str]) -> list[Entity]:
    """Word spans ``(start, end_exclusive, label)`` from BIO tags, in order (conlleval chunking)."""
    return sorted(bio_spans(list(tags)))


def words_to_doc(nlp: Any, words: list[str], ents: list[Entity]) -> tuple[Any, int]:
    """Tokenise the space-joined words and set the entities; returns ``(doc, n_dropped)``."""
    text = " ".join(words)
    offsets: list[tuple[int, int]] = []
    pos = 0
    for w in words:
        offsets.append((pos, pos + len(w)))
        pos += len(w) + 1
    doc = nlp.make_doc(text)
    spans = []
    dropped = 0
    for start, end, label in ents:
        s_char, e_char = offsets[start][0], offsets[end - 1][1]
        for tok in doc:  # move the start past leading clitic tokens of the first word
            if tok.idx < s_char:
                continue
            if tok.idx >= offsets[start][1]:
                break
            if tok._.is_clitic and tok.idx + len(tok) < offsets[start][1]:
                s_char = tok.idx + len(tok)
            else:
                break
        span = doc.char_span(s_char, e_char, label=label)
        if span is None:
            span = doc.char_span(s_char, e_char, label=label, alignment_mode="contract")
        if span is None or len(span) == 0 or span[0]._.is_clitic:
            dropped += 1
            continue
        spans.append(span)
    doc.ents = spans
    return doc, dropped


def convert(nlp: Any, sentences: Iterable[list[tuple[str, str]]], stats: Counter[str]) -> Iterator[Any]:
    """Docs from mapped ``(word, tag)`` sentences, counting words, entities and dropped spans."""
    for sent in sentences:
        words = [w for w, _ in sent]
        if not words:
            continue
        ents = bio_entities(t for _, t in sent)
        doc, dropped = words_to_doc(nlp, words, ents)
        stats["sentences"] += 1
        stats["words"] += len(words)
        stats["entities"] += len(doc.ents)
        stats["dropped"] += dropped
        for ent in doc.ents:
            stats[ent.label_] += 1
        yield doc


def wojood_sentences(path: Path) -> Iterator[list[tuple[str, str]]]:
    """Wojood's nested columns flattened to the outermost tag of a kept type, orphan I- → B-."""
    sent: list[tuple[str, str]] = []
    prev = "O"
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            parts = raw.split()
            if not parts:
                if sent:
                    yield sent
                sent, prev = [], "O"
                continue
            tag = "O"
            for col in parts[1:]:
                prefix, _, typ = col.partition("-")
                if prefix in ("B", "I") and typ in WOJOOD_MAP:
                    tag = f"{prefix}-{WOJOOD_MAP[typ]}"
                    break
            if tag.startswith("I-") and prev[2:] != tag[2:]:
                tag = "B-" + tag[2:]
            sent.append((parts[0], tag))
            prev = tag
    if sent:
        yield sent


def wikifane_sentences(path: Path) -> Iterator[list[tuple[str, str]]]:
    """WikiFANE with clitics re-attached into surface words and tags mapped."""
    for sent in read_wikifane(path):
        words = rebuild_words(sent)
        yield map_tags([(w, t) for w, _, t in words], WIKIFANE_MAP)


def anercorp_split(shared: Path) -> tuple[list[list[tuple[str, str]]], list[list[tuple[str, str]]]]:
    """ANERcorp train.txt split into (train, dev) by position: dev is the last 10% of sentences."""
    sents = [map_tags(s, ANERCORP_MAP) for s in read_conll(shared / "data/ner/anercorp/train.txt")]
    n_dev = round(len(sents) * DEV_FRACTION)
    return sents[:-n_dev], sents[-n_dev:]


def aqmar_split(shared: Path) -> tuple[list[list[tuple[str, str]]], list[list[tuple[str, str]]]]:
    """AQMAR split by article into (train, held-out)."""
    train: list[list[tuple[str, str]]] = []
    held: list[list[tuple[str, str]]] = []
    for path in sorted((shared / "data/ner/aqmar").glob("*.txt")):
        target = held if path.stem in AQMAR_HELDOUT else train
        target.extend(map_tags(s, AQMAR_MAP) for s in read_conll(path))
    return train, held


def write_conll(sentences: Iterable[list[tuple[str, str]]], path: Path) -> Path:
    """Write mapped sentences as ``word TAG`` lines (evaluation files for held-out sets)."""
    with path.open("w", encoding="utf-8") as fh:
        for sent in sentences:
            fh.writelines(f"{w} {t}\n" for w, t in sent)
            fh.write("\n")
    return path


def build_all(shared: Path, work: Path, *, seed: int = 0) -> dict[str, Any]:
    """Write ``train.spacy``, ``dev.spacy`` and evaluation CoNLL files to ``work``; return statistics."""
    from spacy.tokens import DocBin

    from .ner import blank_nlp

    nlp = blank_nlp()
    ner_dir = shared / "data/ner"
    aner_train, aner_dev = anercorp_split(shared)
    aqmar_train, aqmar_held = aqmar_split(shared)
    sources: dict[str, list[list[tuple[str, str]]]] = {
        "anercorp": aner_train,
        "wikifane": list(wikifane_sentences(ner_dir / "wikifane/WikiFANE_Gold_2014_500K.txt")),
        "aqmar": aqmar_train,
        "wojood": [
            *wojood_sentences(ner_dir / "wojood_sample/train.txt"),
            *wojood_sentences(ner_dir / "wojood_sample/val.txt"),
        ],
    }
    stats: dict[str, Any] = {"anercorp_weight": ANERCORP_WEIGHT, "aqmar_heldout": list(AQMAR_HELDOUT)}
    train_docs: list[Any] = []
    for name, sents in sources.items():
        counts: Counter[str] = Counter()
        docs = list(convert(nlp, sents, counts))
        stats[name] = dict(counts)
        train_docs.extend(docs * (ANERCORP_WEIGHT if name == "anercorp" else 1))
        DocBin(docs=docs, store_user_data=False).to_disk(work / f"train_{name}.spacy")
    random.Random(seed).shuffle(train_docs)
    DocBin(docs=train_docs, store_user_data=False).to_disk(work / "train.spacy")
    dev_counts: Counter[str] = Counter()
    DocBin(docs=list(convert(nlp, aner_dev, dev_counts)), store_user_data=False).to_disk(work / "dev.spacy")
    stats["anercorp_dev"] = dict(dev_counts)
    write_conll(aner_dev, work / "anercorp_dev.txt")
    write_conll(aqmar_held, work / "aqmar_heldout.txt")
    write_conll(wojood_sentences(ner_dir / "wojood_sample/test.txt"), work / "wojood_test.txt")
    (work / "data_stats.json").write_text(json.dumps(stats, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return stats
