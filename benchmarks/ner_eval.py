"""Evaluate the packaged NER model (models/ner/) on held-out data, word-level exact spans.

Usage: python benchmarks/ner_eval.py [--shared ../shared] [--model models/ner] [--work training_work]

Scores (printed and saved to benchmarks/results/ner_eval.json):
* ANERcorp test (CAMeL split), 4 labels and PER/ORG/LOC only — never used for training or tuning;
* ANERcorp dev (the last 10% of train.txt's sentences, used for model selection);
* AQMAR held-out articles (mideast_nlp.training.ner_data.AQMAR_HELDOUT), MIS0-3 → MISC;
* Wojood sample test, outermost PERS/ORG/GPE/LOC/EVENT/FAC/PRODUCT tag mapped as in training.
The held-out CoNLL files are rebuilt from ../shared with the training code's label maps.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mideast_nlp.evaluation import evaluate_ner, format_table, load_ner  # noqa: E402
from mideast_nlp.training.ner_data import (  # noqa: E402
    anercorp_split,
    aqmar_split,
    wojood_sentences,
    write_conll,
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--model", type=Path, default=None, help="pipeline directory (default: packaged model)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/ner_eval.json")
    args = ap.parse_args()
    nlp = load_ner(args.model)
    tmp = Path(tempfile.mkdtemp(prefix="ner_eval_"))
    _, aner_dev = anercorp_split(args.shared)
    _, aqmar_held = aqmar_split(args.shared)
    ner_dir = args.shared / "data/ner"
    sets = {
        "anercorp_test": (ner_dir / "anercorp/test.txt", None),
        "anercorp_test_per_org_loc": (ner_dir / "anercorp/test.txt", ["PER", "ORG", "LOC"]),
        "anercorp_dev": (write_conll(aner_dev, tmp / "anercorp_dev.txt"), None),
        "aqmar_heldout": (write_conll(aqmar_held, tmp / "aqmar_heldout.txt"), None),
        "wojood_test": (
            write_conll(wojood_sentences(ner_dir / "wojood_sample/test.txt"), tmp / "wojood_test.txt"),
            None,
        ),
    }
    results: dict[str, object] = {"model": str(args.model or "mideast_nlp.models/ner")}
    for name, (path, labels) in sets.items():
        start = time.time()
        res = evaluate_ner(nlp, path, labels=labels)
        res["file"] = str(Path(path).relative_to(args.shared)) if str(path).startswith(str(args.shared)) else name
        res["seconds"] = round(time.time() - start, 1)
        results[name] = res
        print(f"\n== {name} ({res['sentences']} sentences, {res['words']} words)")
        print(format_table(res))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nsaved {args.out}")


if __name__ == "__main__":
    main()
