"""Clitic segmentation accuracy against WikiFANE gold (whose proclitics are split into tokens).

Usage: python benchmarks/segmentation.py [--shared ../shared]

By default the held-out fifth of WikiFANE (sentences the segmenter's lexicon never saw) is
scored; --all scores everything. Surface words are rebuilt by joining each proclitic token
(و ف ب ل ك س) to the token after it and
each enclitic pronoun token (ه ها هم هما هن كم نا ي) to the token before it. The gold cut points
are the proclitic boundaries; our segmenter is run on the rebuilt word and scored on its proclitic
cut points. Enclitics are not split by our tokenizer and are not scored.

Reported (printed and saved to benchmarks/results/segmentation.json):
* word accuracy: share of rebuilt words whose proclitic cuts equal the gold cuts;
* the same on words that begin with a clitic letter (where a decision is made);
* split error rate on names: share of entity words (gold B-/I-) that we cut wrongly, with the two
  kinds of error counted apart (a name cut although gold keeps it whole: بغداد → ب + غداد; a
  clitic left on a name: ولبنان kept whole);
* the WikiFANE convention gap: WikiFANE splits و/ف everywhere but ب/ل/ك only before names and
  leaves بالعمل، للدولة whole; words whose only difference is such a ب/ل/ك cut before a common noun
  are counted separately so the figure can be read both ways.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mideast_nlp.lang.clitics import PRONOUN_SUFFIXES  # noqa: E402
from mideast_nlp.segmenter import CliticSegmenter  # noqa: E402
from mideast_nlp.segmenter import key as fold  # noqa: E402
from mideast_nlp.training.corpora import (  # noqa: E402
    WIKIFANE_FOLDS,
    WIKIFANE_HELDOUT,
    read_wikifane,
    rebuild_words,
)

PROCLITICS = {"و", "ف", "ب", "ل", "ك", "س"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--errors", type=int, default=0, help="print the N most frequent errors")
    ap.add_argument("--all", action="store_true", help="score all of WikiFANE, not only the held-out fifth")
    args = ap.parse_args()
    seg = CliticSegmenter.load()
    stats: Counter[str] = Counter()
    errors: Counter[tuple[str, str, str]] = Counter()
    t0 = time.perf_counter()
    for i, sent in enumerate(read_wikifane(args.shared / "data/ner/wikifane/WikiFANE_Gold_2014_500K.txt")):
        if i % WIKIFANE_FOLDS != WIKIFANE_HELDOUT and not args.all:
            continue
        for word, gold, tag in rebuild_words(sent):
            is_ent = tag[:2] in ("B-", "I-")
            if not word.isalpha():
                continue
            pred = seg.split_points(word)
            ok = pred == gold
            stats["words"] += 1
            stats["correct"] += ok
            if fold(word)[:1] in PROCLITICS:
                stats["clitic_initial"] += 1
                stats["clitic_initial_correct"] += ok
            if is_ent:
                stats["name_words"] += 1
                if not ok:
                    stats["name_errors"] += 1
                    stats["name_cut_wrongly" if len(pred) > len(gold) else "name_clitic_left"] += 1
            if not ok:
                extra = set(pred) - set(gold)
                missing = set(gold) - set(pred)
                # Convention differences: we cut ب/ل/ك off a common noun that WikiFANE leaves
                # whole (بالعمل), or keep a preposition with its pronoun that WikiFANE cuts (له).
                noun_cut = not is_ent and not missing and all(fold(word[c - 1]) in {"ب", "ل", "ك"} for c in extra)
                pronoun_kept = not extra and all(
                    fold(word[c - 1]) in {"ب", "ل", "ك"} and fold(word[c:]) in PRONOUN_SUFFIXES for c in missing
                )
                if noun_cut or pronoun_kept:
                    stats["convention_only"] += 1
                gold_s = "+".join(word[a:b] for a, b in zip((0, *gold), (*gold, len(word)), strict=True))
                pred_s = "+".join(word[a:b] for a, b in zip((0, *pred), (*pred, len(word)), strict=True))
                errors[(word, gold_s, pred_s)] += 1
    elapsed = time.perf_counter() - t0
    n = stats["words"]
    result = {
        "words": n,
        "word_accuracy": round(stats["correct"] / n, 4),
        "word_accuracy_excluding_convention_differences": round((stats["correct"] + stats["convention_only"]) / n, 4),
        "clitic_initial_words": stats["clitic_initial"],
        "clitic_initial_accuracy": round(stats["clitic_initial_correct"] / max(stats["clitic_initial"], 1), 4),
        "convention_only_differences": stats["convention_only"],
        "name_words": stats["name_words"],
        "name_split_error_rate": round(stats["name_errors"] / max(stats["name_words"], 1), 4),
        "name_cut_wrongly": stats["name_cut_wrongly"],
        "name_clitic_left": stats["name_clitic_left"],
        "words_per_second_uncached": round(n / elapsed),
    }
    out = ROOT / "benchmarks/results/segmentation.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for k, v in result.items():
        print(f"{k:50s} {v}")
    for (word, gold_s, pred_s), c in errors.most_common(args.errors):
        print(f"{c:6d}  {word}  gold={gold_s}  ours={pred_s}")


if __name__ == "__main__":
    main()
