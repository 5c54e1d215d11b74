"""Reproducible build of the Arabic NER model shipped in ``models/ner/``.

Usage::

    python -m mideast_nlp.training.ner [--shared ../shared] [--work training_work] [--out models/ner]
                                       [--step all|data|gazetteer|vectors|pretrain|train|package]
                                       [--vectors-from models/ner] [--pretrained]
                                       [--pretrain-articles N]

Steps (each reads what the one before it wrote under ``--work``):

* ``data``: convert ANERcorp (train minus a dev tail), WikiFANE, AQMAR (minus held-out articles)
  and the Wojood sample into spaCy DocBins tokenised by our tokenizer (:mod:`.ner_data`);
* ``gazetteer``: the gazetteer table (KB names, person-name parts) for the ``gazetteer``
  component of ``configs/ner_gazetteer.cfg`` (:mod:`.gazetteer_table`), ``gazetteer.tsv``;
* ``vectors``: tokenise the ANT news dump, train floret vectors on the folded ``token.norm_``
  forms and turn them into a spaCy vectors directory (``spacy init vectors --mode floret``);
  with ``--vectors-from DIR``, copy the vectors of an existing pipeline instead (e.g. the
  shipped ``models/ner``, whose vectors took 30 min to train);
* ``pretrain`` (only run by ``all`` with ``--pretrained``): write the news dump as JSONL raw
  text (``pretrain_text.jsonl``; ``--pretrain-articles N`` keeps N articles spread evenly over
  the dump) and run ``spacy pretrain`` on the training config merged with
  ``configs/ner_pretrain.cfg`` (character objective), giving ``pretrain/model-last.bin``;
* ``train``: ``spacy train configs/ner.cfg`` with a fixed seed, selecting on the ANERcorp dev set
  (the shipped model: width 128 × depth 4); ``--config configs/ner_gazetteer.cfg`` builds the
  faster, less accurate alternative with gazetteer features (width 96 × depth 3, see
  ``models/README.md``); with ``--pretrained`` the tok2vec starts from the ``pretrain`` step's
  weights (``paths.init_tok2vec``);
* ``package``: copy ``model-best`` to ``--out`` with scores, data and licence in ``meta.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .corpora import default_shared, iter_news_texts

CONFIG = Path(__file__).with_name("configs") / "ner.cfg"
#: ``[pretraining]`` settings merged onto the training config by the ``pretrain`` step.
PRETRAIN_CONFIG = Path(__file__).with_name("configs") / "ner_pretrain.cfg"
#: Where the ``pretrain`` step leaves the tok2vec weights (under ``--work``).
PRETRAINED_WEIGHTS = Path("pretrain") / "model-last.bin"
ROOT = Path(__file__).resolve().parents[3]
SEED = 0

#: floret settings for the static vectors (bucket x dim floats are what ships with the model).
VECTOR_SETTINGS: dict[str, Any] = {
    "model": "skipgram",
    "dim": 160,
    "minn": 3,
    "maxn": 5,
    "bucket": 50_000,
    "hashCount": 2,
    "mode": "floret",
    "epoch": 5,
    "minCount": 3,
}


def blank_nlp() -> Any:
    """A blank Arabic pipeline with our tokenizer."""
    import spacy

    return spacy.blank("ar", config={"nlp": {"tokenizer": {"@tokenizers": "mideast_nlp.ArabicTokenizer.v1"}}})


def build_news_corpus(shared: Path, work: Path) -> Path:
    """Write the news dump as one line of our tokens per text (``news_tokens.txt``).

    The tokens are surface forms (clitics split off): spaCy's ``MultiHashEmbed`` looks static
    vectors up by ``ORTH``, so that is what the vectors are trained on; folded forms reach the
    model through the ``NORM``/``PREFIX``/``SUFFIX`` hash embeddings and floret's subwords.
    """
    out = work / "news_tokens.txt"
    if out.exists():
        return out
    nlp = blank_nlp()
    tmp = out.with_suffix(".part")
    with tmp.open("w", encoding="utf-8") as fh:
        texts = (t for t in iter_news_texts(shared / "data/news/ant_articles.jsonl.gz") if t.strip())
        for doc in nlp.tokenizer.pipe(texts):
            words = [t.text for t in doc if not t.is_space and t.text.strip()]
            if words:
                fh.write(" ".join(words) + "\n")
    tmp.rename(out)
    return out


def train_vectors(shared: Path, work: Path, *, threads: int = 2) -> Path:
    """Train floret vectors on the news norms and convert them to a spaCy vectors directory."""
    out_dir = work / "vectors"
    if (out_dir / "vocab").exists():
        return out_dir
    import floret

    corpus = build_news_corpus(shared, work)
    model = floret.train_unsupervised(str(corpus), thread=threads, verbose=0, **VECTOR_SETTINGS)
    floret_file = work / "vectors.floret"
    model.save_floret_vectors(str(floret_file))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "spacy",
            "init",
            "vectors",
            "ar",
            str(floret_file),
            str(out_dir),
            "--mode",
            "floret",
        ],
        check=True,
    )
    return out_dir


def copy_vectors(source: Path, work: Path) -> Path:
    """Reuse the static vectors of an existing pipeline (or of its ``vocab/`` folder) as ``work/vectors``.

    ``source`` is a pipeline directory such as ``models/ner`` (its ``vocab/vectors*`` files are
    read) or a vocab directory itself. The result is the same kind of vectors-only pipeline that
    ``spacy init vectors`` writes, so the ``train`` step cannot tell the two apart; use it to
    retrain the model without retraining floret (30 min) and with exactly the shipped vectors.
    """
    import spacy

    out_dir = work / "vectors"
    if (out_dir / "vocab").exists():
        return out_dir
    vocab_dir = source / "vocab" if (source / "vocab" / "vectors.cfg").exists() else source
    if not (vocab_dir / "vectors.cfg").exists():
        raise FileNotFoundError(f"no vectors.cfg under {source} (expected a pipeline or a vocab directory)")
    nlp = spacy.blank("ar")
    nlp.vocab.vectors.from_disk(vocab_dir)
    nlp.vocab.vectors.name = "ar_pipeline.vectors"
    nlp.to_disk(out_dir)
    return out_dir


def write_pretrain_text(shared: Path, work: Path, *, articles: int | None = None) -> Path:
    """Write the news dump as ``spacy pretrain`` raw text: ``{"text": ...}`` JSONL, one title or text a line.

    ``articles`` keeps that many articles spread evenly over the dump (every article by default),
    so that a shorter pretraining still sees every source and period. The text is raw: the
    pipeline's tokenizer runs while ``spacy pretrain`` reads it.
    """
    suffix = "" if articles is None else f".{articles}"
    out = work / f"pretrain_text{suffix}.jsonl"
    if out.exists():
        return out
    dump = shared / "data/news/ant_articles.jsonl.gz"
    with gzip.open(dump, "rt", encoding="utf-8") as fh:
        total = sum(1 for line in fh if line.strip())
    keep = total if articles is None else max(0, min(articles, total))
    # article i is kept when it is the first one at or past a multiple of total / keep
    wanted = {(k * total) // keep for k in range(keep)} if keep else set()
    tmp = out.with_suffix(".part")
    with gzip.open(dump, "rt", encoding="utf-8") as src, tmp.open("w", encoding="utf-8") as fh:
        index = 0
        for line in src:
            if not line.strip():
                continue
            if index in wanted:
                rec = json.loads(line)
                for text in (str(rec.get("title") or ""), str(rec.get("text") or "")):
                    if text.strip():
                        fh.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
            index += 1
    tmp.rename(out)
    return out


def with_pretraining(config: Path, out: Path) -> Path:
    """Write ``config`` with ``configs/ner_pretrain.cfg`` merged onto it to ``out``.

    ``spacy pretrain`` needs the ``[pretraining]`` block, and so does ``spacy train`` to load the
    weights: it reads ``initialize.init_tok2vec`` only when ``[pretraining]`` names the component
    (with the empty block of ``configs/ner.cfg`` the weights are silently not loaded).
    """
    from thinc.api import Config

    merged = Config().from_disk(config, interpolate=False)
    merged = merged.merge(Config().from_disk(PRETRAIN_CONFIG, interpolate=False))
    merged.to_disk(out)
    return out


def pretrain(
    shared: Path,
    work: Path,
    *,
    config: Path = CONFIG,
    articles: int | None = None,
    name: str = "pretrain",
) -> Path:
    """``spacy pretrain`` the tok2vec of ``config`` on the news text; returns the weights file.

    The pretraining config is ``config`` with ``configs/ner_pretrain.cfg`` merged onto it (written
    to ``work/<name>.cfg``), so the weights fit the tok2vec that ``train`` builds from ``config``.
    Static vectors come from ``work/vectors`` as in training; the seed is the training seed.
    """
    out = work / name
    weights = out / PRETRAINED_WEIGHTS.name
    if weights.exists():
        return weights
    raw_text = write_pretrain_text(shared, work, articles=articles)
    merged_path = with_pretraining(config, work / f"{name}.cfg")
    if out.exists():  # an unfinished run: spacy pretrain wants an empty directory
        shutil.rmtree(out)
    args = _spacy_command("pretrain", merged_path, work, config, str(out), "--paths.raw_text", str(raw_text))
    subprocess.run(args, check=True)
    return weights


def _spacy_command(command: str, run_config: Path, work: Path, config: Path, *extra: str) -> list[str]:
    """``python -m spacy COMMAND RUN_CONFIG EXTRA…`` with the vectors, seed and (when ``config``
    uses one) gazetteer table of ``work`` — what pretraining and training share."""
    args = [sys.executable, "-m", "spacy", command, str(run_config), *extra]
    args += ["--paths.vectors", str(work / "vectors"), "--system.seed", str(SEED)]
    if "${paths.gazetteer}" in config.read_text(encoding="utf-8"):
        args += ["--paths.gazetteer", str(work / "gazetteer.tsv")]
    return args


def train(
    work: Path,
    *,
    config: Path = CONFIG,
    overrides: dict[str, str] | None = None,
    name: str = "model",
    init_tok2vec: Path | None = None,
) -> Path:
    """Run ``spacy train`` on the DocBins in ``work``; returns the output directory.

    ``init_tok2vec``: pretrained tok2vec weights (the ``pretrain`` step's) to start from.
    """
    out = work / name
    train_config = config
    if init_tok2vec is not None:
        if not init_tok2vec.exists():
            raise FileNotFoundError(f"no pretrained tok2vec weights at {init_tok2vec} (run --step pretrain)")
        train_config = with_pretraining(config, work / f"{name}.cfg")
    args = _spacy_command(
        "train",
        train_config,
        work,
        config,
        "--output",
        str(out),
        "--paths.train",
        str(work / "train.spacy"),
        "--paths.dev",
        str(work / "dev.spacy"),
    )
    if init_tok2vec is not None:
        args += ["--paths.init_tok2vec", str(init_tok2vec)]
    for key, value in (overrides or {}).items():
        args += [f"--{key}", value]
    subprocess.run(args, check=True)
    return out


def package(work: Path, out: Path, *, name: str = "model", build_seconds: float | None = None) -> Path:
    """Copy ``model-best`` to ``out`` and record data, scores and licence in its ``meta.json``."""
    src = work / name / "model-best"
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(src, out)
    meta_path = out / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    data_stats = work / "data_stats.json"
    gazetteer = (out / "gazetteer").exists()
    features = "gazetteer features (KB names, person-name parts) and " if gazetteer else ""
    meta.update(
        {
            "name": "mideast_ner",
            "version": "0.1.0",
            "description": "Arabic NER (PER, ORG, LOC, MISC) over mideast_nlp's clitic-aware tokens; "
            f"{features}a CNN tok2vec with floret vectors trained on the ANT news corpus.",
            "license": "CC BY-SA 4.0",
            "author": "mideast_nlp developers",
            "sources": SOURCES,
            "training_data": json.loads(data_stats.read_text(encoding="utf-8")) if data_stats.exists() else {},
            "vectors_settings": VECTOR_SETTINGS,
            "build_command": "python -m mideast_nlp.training.ner --vectors-from models/ner",
        }
    )
    if gazetteer:
        meta["gazetteer_sources"] = GAZETTEER_SOURCES
    if build_seconds is not None:
        meta["build_seconds"] = round(build_seconds)
    for key, result_file in (("evaluation", "ner_eval.json"), ("speed", "ner_speed.json")):
        path = ROOT / "benchmarks/results" / result_file
        if path.exists():
            result = json.loads(path.read_text(encoding="utf-8"))
            if key == "evaluation":  # keep the headline figures, not every count
                result = {
                    name: {
                        "p": r["p"],
                        "r": r["r"],
                        "f": r["f"],
                        "per_label_f": {k: v["f"] for k, v in r["per_label"].items()},
                    }
                    for name, r in result.items()
                    if isinstance(r, dict)
                }
            meta[key] = result
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    notice = LICENSE_NOTICE
    if not gazetteer:
        notice = LICENSE_NOTICE.split(GAZETTEER_NOTICE_START, maxsplit=1)[0].rstrip() + "\n"
    (out / "LICENSE").write_text(notice, encoding="utf-8")
    return out


SOURCES: list[dict[str, str]] = [
    {
        "name": "ANERcorp (CAMeL Lab re-release)",
        "author": "Benajiba, Rosso & Benedí (2007); CAMeL Lab split",
        "license": "CC BY-SA 4.0",
        "use": "training (train.txt minus its last 10% of sentences, which is the dev set)",
    },
    {
        "name": "WikiFANE Gold 2014",
        "author": "Alotaibi & Lee (2014)",
        "license": "CC BY-SA 3.0",
        "use": "training (fine types mapped to PER/ORG/LOC/MISC)",
    },
    {
        "name": "AQMAR Arabic Wikipedia NER corpus",
        "author": "Mohit, Schneider, Bhowmick, Oflazer & Smith (2012)",
        "license": "CC BY-SA 3.0",
        "use": "training (held-out articles are used for evaluation only)",
    },
    {
        "name": "Wojood public sample",
        "author": "SinaLab, Birzeit University (Jarrar et al. 2022)",
        "license": "MIT",
        "use": "training (train+val; test for evaluation only)",
    },
    {
        "name": "ANT corpus v1.1 / v2.1",
        "author": "Chouigui, Ben Khiroun & Elayeb (AJSE 2021)",
        "license": "Apache-2.0",
        "use": "unlabelled text for the floret static vectors",
    },
]


GAZETTEER_SOURCES: list[dict[str, str]] = [
    {"name": "mideast_nlp knowledge base (data/kb)", "license": "see src/mideast_nlp/data/kb/LICENSES.md"},
    {"name": "rigour 1.8.2 person-name parts (Wikidata-derived)", "license": "MIT"},
    {"name": "arabnamer 0.1.3 name dictionary (JRC-Names-derived)", "license": "CC BY 4.0"},
]


LICENSE_NOTICE = """\
mideast_nlp Arabic NER model (models/ner/)
==========================================

This model (weights and vectors) is licensed under the Creative Commons Attribution-ShareAlike
4.0 International licence (CC BY-SA 4.0): https://creativecommons.org/licenses/by-sa/4.0/
It is an adaptation of the following works, whose licences require attribution (and, for the
CC BY-SA sources, that adaptations be shared alike):

* ANERcorp - Benajiba, Rosso & Benedi (2007), "ANERsys: An Arabic Named Entity Recognition
  System Based on Maximum Entropy"; CAMeL Lab re-release and train/test split (Obeid et al.,
  LREC 2020). Licence: CC BY-SA 4.0.
* WikiFANE Gold 2014 - F. Alotaibi and M. Lee (2014), "A Hybrid Approach to Features
  Representation for Fine-grained Arabic Named Entity Recognition", COLING 2014.
  Licence: CC BY-SA 3.0 Unported.
* AQMAR Arabic Wikipedia Named Entity Corpus - B. Mohit, N. Schneider, R. Bhowmick, K. Oflazer
  and N. A. Smith (2012), "Recall-Oriented Learning of Named Entities in Arabic Wikipedia",
  EACL 2012. Licence: CC BY-SA 3.0.
* Wojood public sample - SinaLab, Birzeit University; M. Jarrar, M. Khalilia and S. Ghanem (2022),
  "Wojood: Nested Arabic Named Entity Corpus and Recognition using BERT", LREC 2022.
  Licence: MIT. Copyright (c) SinaLab.
* ANT corpus v1.1 / v2.1 (unlabelled news text used for the floret vectors) - A. Chouigui,
  O. Ben Khiroun and B. Elayeb (2021), Arabian Journal for Science and Engineering.
  Licence: Apache-2.0.

The label set was mapped onto PER / ORG / LOC / MISC and the text re-tokenised by mideast_nlp;
see models/README.md for the mapping and the build. No corpus text is distributed with the model.

The gazetteer table (gazetteer/entries.tsv: folded name tokens) is a derived database, built from
* the mideast_nlp knowledge base (src/mideast_nlp/data/kb/kb.jsonl.gz): its notices travel with
  this table (src/mideast_nlp/data/kb/LICENSES.md), including ODbL-1.0 for the names derived from
  mledoze/countries and CC BY-SA 4.0 for those derived from supraverden;
* the person-name parts of rigour 1.8.2 (MIT, OpenSanctions; Wikidata-derived);
* the name dictionary of arabnamer 0.1.3 (data CC BY 4.0; derived from JRC-Names, European
  Commission Joint Research Centre).
"""


#: Where the gazetteer table's notice starts in LICENSE_NOTICE (left out for a model without one).
GAZETTEER_NOTICE_START = "The gazetteer table"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=default_shared())
    ap.add_argument("--work", type=Path, default=ROOT / "training_work")
    ap.add_argument("--out", type=Path, default=ROOT / "models/ner")
    ap.add_argument(
        "--step", choices=["all", "data", "gazetteer", "vectors", "pretrain", "train", "package"], default="all"
    )
    ap.add_argument("--config", type=Path, default=CONFIG, help="spaCy training config (default: configs/ner.cfg)")
    ap.add_argument("--threads", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument(
        "--vectors-from",
        type=Path,
        default=None,
        help="reuse the static vectors of this pipeline or vocab directory (e.g. models/ner) instead of "
        "training floret; the vectors step then only copies them into --work/vectors",
    )
    ap.add_argument(
        "--pretrained",
        action="store_true",
        help="start the tok2vec from spacy pretrain weights: `all` then runs the pretrain step before "
        "train, and train reads --work/pretrain/model-last.bin",
    )
    ap.add_argument(
        "--pretrain-articles",
        type=int,
        default=None,
        help="pretrain on this many ANT articles spread evenly over the dump (default: all 41,583)",
    )
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    start = time.time()
    if args.step in ("all", "data"):
        from .ner_data import build_all

        stats = build_all(args.shared, args.work)
        print(json.dumps(stats, ensure_ascii=False, indent=2))
    if args.step in ("all", "gazetteer"):
        from .gazetteer_table import build_table

        print("gazetteer:", build_table(args.shared, args.work / "gazetteer.tsv"))
    if args.step in ("all", "vectors"):
        if args.vectors_from is not None:
            print("vectors:", copy_vectors(args.vectors_from, args.work))
        else:
            print("vectors:", train_vectors(args.shared, args.work, threads=args.threads))
    if args.step == "pretrain" or (args.step == "all" and args.pretrained):
        print("pretrained:", pretrain(args.shared, args.work, config=args.config, articles=args.pretrain_articles))
    if args.step in ("all", "train"):
        init_tok2vec = args.work / PRETRAINED_WEIGHTS if args.pretrained else None
        train(args.work, config=args.config, init_tok2vec=init_tok2vec)
    if args.step in ("all", "package"):
        print("packaged:", package(args.work, args.out, build_seconds=time.time() - start))
    print(f"done in {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
