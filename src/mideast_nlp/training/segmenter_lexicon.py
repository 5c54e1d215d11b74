"""Build the clitic segmenter's lexicon: ``python -m mideast_nlp.training.segmenter_lexicon``.

Inputs (``--shared``, default ``../shared``):
* word counts of the ANT news dump (Apache-2.0, Chouigui et al., AJSE 2021), folded forms;
* token counts of WikiFANE gold (CC BY-SA 3.0, Alotaibi & Lee 2014), whose clitics are split,
  so stems are counted standing alone; its tokens that begin with a clitic letter and are mostly
  tagged as entities are names that must never be split; words beginning with و/ف that WikiFANE
  (which splits those conjunctions everywhere) leaves whole are lexemes (واحد، وزير، فكرة).
  One WikiFANE sentence in five is held out of all of this for the segmentation benchmark;
* the knowledge base's single-word Arabic names, when the KB has been built.

Output: ``src/mideast_nlp/data/segmenter/lexicon.tsv.gz`` (``word<TAB>count`` and
``word<TAB>NAME`` lines, sorted, gzip mtime 0 so rebuilds are byte-identical).
"""

from __future__ import annotations

import argparse
import gzip
import io
import time
from collections import Counter
from pathlib import Path

from ..lang import clitics
from ..segmenter import key as fold
from .corpora import (
    WIKIFANE_FOLDS,
    WIKIFANE_HELDOUT,
    WORD,
    default_shared,
    iter_news_texts,
    read_wikifane,
    rebuild_words,
)

CLITIC_LETTERS = frozenset(clitics.CONJUNCTIONS + clitics.PREPOSITIONS + (clitics.FUTURE,))
OUT = Path(__file__).resolve().parents[1] / "data" / "segmenter" / "lexicon.tsv.gz"


#: A "whole" و + alef word is و + a word when that word alone is at least this many times as frequent.
CONJ_ALEF_RATIO = 1.2
#: A would-be name that is a clitic + a known name at least this many times rarer than the name.
CLITIC_NAME_RATIO = 5
#: … and seen at least this often in the news (the countries and capitals, not rare town names).
CLITIC_NAME_MIN = 300


def _kb_names() -> set[str]:
    try:
        from ..kb.store import KnowledgeBase
    except ImportError:
        return set()
    try:
        kb = KnowledgeBase.load()
    except Exception:
        return set()
    return {alias for alias, _kb_id, kind in kb.aliases() if kind == "name"}


def build(shared: Path, *, min_count: int = 2) -> tuple[Counter[str], set[str], set[str]]:
    counts: Counter[str] = Counter()
    for text in iter_news_texts(shared / "data/news/ant_articles.jsonl.gz"):
        counts.update(fold(m.group()) for m in WORD.finditer(text))
    as_entity: Counter[str] = Counter()
    as_token: Counter[str] = Counter()
    conj_whole: Counter[str] = Counter()
    conj_split: Counter[str] = Counter()
    path = shared / "data/ner/wikifane/WikiFANE_Gold_2014_500K.txt"
    for i, sent in enumerate(read_wikifane(path)):
        if i % WIKIFANE_FOLDS == WIKIFANE_HELDOUT:
            continue
        for word, tag in sent:
            w = fold(word)
            if not WORD.fullmatch(w):
                continue
            counts[w] += 1
            if w[0] in CLITIC_LETTERS and len(w) >= 3:
                as_token[w] += 1
                as_entity[w] += tag[:2] in ("B-", "I-")
        for word, cuts, _tag in rebuild_words(sent):
            w = fold(word)
            if w[:1] in clitics.CONJUNCTIONS and WORD.fullmatch(w):
                if cuts and cuts[0] == 1:
                    conj_split[w] += 1
                elif not cuts:
                    conj_whole[w] += 1
    kb_aliases = _kb_names()
    kb_names = {n for n in kb_aliases if " " not in n}
    kb_words = {w for n in kb_aliases for w in n.split()}
    names = {w for w, n in as_entity.items() if n >= 1 and n >= 0.5 * as_token[w]}
    names |= {n for n in kb_names if n and n[0] in CLITIC_LETTERS and len(n) >= 3}

    # WikiFANE sometimes leaves ب/ل/ك on a name and tags the whole token (بروسيا، لمصر، لإسرائيل،
    # للعراق، للولايات المتحدة): such a word is a preposition + a name, not a name of its own, when
    # the bare name (with its article back after ل: للعراق → العراق) is a knowledge-base name or
    # a definite word, and far more frequent.
    # Names learned from entity tokens also hold و + a name (وجون as in ومايك بومبيو، وجون بولتون):
    # a conjunction + a name when the bare name is a word of a knowledge-base name (جون of جون
    # بولتون) or a name, and far more frequent.
    def split_name(w: str) -> bool:
        if len(w) < 4:
            return False
        frequent = max(CLITIC_NAME_MIN, CLITIC_NAME_RATIO * counts[w])
        if w[0] == "و":  # (ف + a name is rare, and فادي، فولي are names)
            return (w[1:] in kb_words or w[1:] in names) and counts[w[1:]] >= frequent
        if w[0] not in clitics.PREPOSITIONS:
            return False
        bares = (w[1:], "ا" + w[1:]) if w.startswith("لل") else (w[1:],)
        return any((b in kb_names or b.startswith("ال")) and counts[b] >= frequent for b in bares)

    names = {w for w in names if not split_name(w)}
    whole = {w for w, n in conj_whole.items() if n >= 2 and conj_split[w] <= 0.1 * n}
    # WikiFANE also leaves و whole before many words that begin with an alef (واتفق، واجتمع، واعترف،
    # والدراسة): such a word is و + that word when the word alone is clearly more frequent (واشنطن،
    # واحدة، وافقت، whose remainders are rare or no words, stay whole)
    whole = {w for w in whole if not (w.startswith("وا") and counts[w[1:]] >= CONJ_ALEF_RATIO * max(counts[w], 1))}
    kept = Counter({w: c for w, c in counts.items() if c >= min_count})
    return kept, names, whole


def write(counts: Counter[str], names: set[str], whole: set[str], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    buf.write("# mideast_nlp segmenter lexicon. Derived from the ANT corpus (Apache-2.0, Chouigui et al. 2021)\n")
    buf.write("# and WikiFANE gold (CC BY-SA 3.0, Alotaibi & Lee 2014); see data/segmenter/NOTICE.md\n")
    for word in sorted(counts):
        buf.write(f"{word}\t{counts[word]}\n")
    for word in sorted(names):
        buf.write(f"{word}\tNAME\n")
    for word in sorted(whole):
        buf.write(f"{word}\tWHOLE\n")
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(buf.getvalue().encode("utf-8"))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=default_shared())
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--min-count", type=int, default=2)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    counts, names, whole = build(args.shared, min_count=args.min_count)
    write(counts, names, whole, args.out)
    print(
        f"wrote {len(counts):,} words, {len(names):,} names and {len(whole):,} whole words to {args.out}"
        f" in {time.perf_counter() - t0:.1f}s"
    )


if __name__ == "__main__":
    main()
