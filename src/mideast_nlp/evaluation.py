"""NER evaluation against CoNLL files, scored at the word level (conlleval-compatible).

Gold entities come from the file's ``word TAG`` lines (BIO; an ``I-`` after ``O`` or after
another type opens an entity, as in conlleval). Predictions come from running a pipeline on the
space-joined words of each sentence; a predicted span is projected back onto the words that
contain its first and last characters, so an entity that starts after a proclitic inside a word
(``و`` + ``أذربيجان``) starts at that word. A span counts when start, end and label all match.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import Errors, InputError, ModelError

Span = tuple[int, int, str]
_TAG = re.compile(r"^(?:O|[BI]-\S+)$")
LABELS: tuple[str, ...] = ("PER", "ORG", "LOC", "MISC")
#: Labels as corpora spell them → ours (ANERcorp writes PERS; GPE folds into LOC).
LABEL_ALIASES: dict[str, str] = {
    "PER": "PER",
    "PERS": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "GPE": "LOC",
    "MISC": "MISC",
    "MIS": "MISC",
}


def _label(raw: str, path: str | Path, line: int | str) -> str:
    try:
        return LABEL_ALIASES[raw]
    except KeyError:
        raise InputError(Errors.E015.format(label=raw, path=path, line=line)) from None


def bio_spans(tags: Sequence[str]) -> set[Span]:
    """Word spans ``(start, end_exclusive, label)`` of a BIO tag sequence (conlleval chunking)."""
    spans: set[Span] = set()
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, typ = tag.partition("-")
        inside = prefix == "I" and typ == label and start >= 0
        if start >= 0 and not inside:
            spans.add((start, i, label))
            start, label = -1, ""
        if prefix in ("B", "I") and not inside:
            start, label = i, typ
    return spans


def read_conll_entities(path: str | Path) -> list[tuple[list[str], set[Span]]]:
    """Sentences of a ``word TAG`` file as ``(words, gold word spans)`` with labels mapped to ours.

    Raises :class:`InputError` (E015) on a label that is not PER/PERS, ORG, LOC/GPE or MISC, and
    (E010) when the file cannot be read.
    """
    sentences: list[tuple[list[str], set[Span]]] = []
    words: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if words:
            sentences.append((list(words), bio_spans(tags)))
            words.clear()
            tags.clear()

    try:
        lines = Path(path).read_text(encoding="utf-8-sig").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Errors.E010.format(path=path, reason=exc)) from exc
    for lineno, raw in enumerate(lines, 1):
        parts = raw.split()
        if not parts:
            flush()
            continue
        if len(parts) < 2:
            continue
        # the tag is the first tag-like column after the word; a word may hold a space (ANERcorp)
        col = next((i for i in range(1, len(parts)) if _TAG.match(parts[i])), len(parts) - 1)
        tag = parts[col]
        if tag != "O":
            prefix, sep, typ = tag.partition("-")
            if prefix not in ("B", "I") or not sep:
                raise InputError(Errors.E015.format(label=tag, path=path, line=lineno))
            tag = f"{prefix}-{_label(typ, path, lineno)}"
        words.append(" ".join(parts[:col]))
        tags.append(tag)
    flush()
    return sentences


def project_to_words(doc: Any, word_starts: Sequence[int]) -> set[Span]:
    """Project ``doc.ents`` onto word indices: each span covers the words holding its first/last char."""
    spans: set[Span] = set()
    for ent in doc.ents:
        first = bisect.bisect_right(word_starts, ent.start_char) - 1
        last = bisect.bisect_right(word_starts, ent.end_char - 1) - 1
        spans.add((max(first, 0), last + 1, str(ent.label_)))
    return spans


def predict_spans(nlp: Any, sentences: Iterable[Sequence[str]], *, batch_size: int = 64) -> Iterator[set[Span]]:
    """Run ``nlp`` on each sentence's space-joined words and yield its entities as word spans."""
    starts_list: list[list[int]] = []

    def texts() -> Iterator[str]:
        for words in sentences:
            starts, pos = [], 0
            for w in words:
                starts.append(pos)
                pos += len(w) + 1
            starts_list.append(starts)
            yield " ".join(words)

    for i, doc in enumerate(nlp.pipe(texts(), batch_size=batch_size)):
        yield {(s, e, LABEL_ALIASES.get(label, label)) for s, e, label in project_to_words(doc, starts_list[i])}


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "tp": tp, "fp": fp, "fn": fn, "support": tp + fn}


def score_spans(gold: Sequence[set[Span]], pred: Sequence[set[Span]]) -> dict[str, Any]:
    """Exact-match P/R/F1 per label and micro-averaged over sentences of ``(start, end, label)`` spans."""
    if len(gold) != len(pred):
        raise InputError(f"score_spans: {len(gold)} gold sentences but {len(pred)} predicted ones.")
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        for span in g & p:
            tp[span[2]] += 1
        for span in p - g:
            fp[span[2]] += 1
        for span in g - p:
            fn[span[2]] += 1
    labels = sorted(set(tp) | set(fp) | set(fn))
    per_label = {label: _prf(tp[label], fp[label], fn[label]) for label in labels}
    micro = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return {**micro, "per_label": per_label}


def evaluate_ner(nlp: Any, path: str | Path, *, labels: Iterable[str] | None = None) -> dict[str, Any]:
    """Score ``nlp``'s entities against the CoNLL file at ``path`` (word-level exact spans).

    ``labels`` restricts the scoring to those labels (e.g. ``["PER", "ORG", "LOC"]``), gold and
    predicted alike; aliases such as PERS are accepted, anything else raises E015.
    """
    keep = None if labels is None else {_label(label, path, "-") for label in labels}
    sentences = read_conll_entities(path)
    gold = [spans for _, spans in sentences]
    pred = list(predict_spans(nlp, [words for words, _ in sentences]))
    if keep is not None:
        gold = [{s for s in g if s[2] in keep} for g in gold]
        pred = [{s for s in p if s[2] in keep} for p in pred]
    result = score_spans(gold, pred)
    result.update(
        {
            "file": str(path),
            "sentences": len(sentences),
            "words": sum(len(words) for words, _ in sentences),
            "labels": sorted(keep) if keep is not None else list(LABELS),
        }
    )
    return result


def packaged_ner_path() -> Path:
    """Directory of the NER pipeline shipped as package data of ``mideast_nlp.models``."""
    return Path(str(resources.files("mideast_nlp.models") / "ner"))


def load_ner(path: str | Path | None = None) -> Any:
    """Load the packaged NER pipeline (or the one at ``path``); raises ModelError (E012) if missing.

    The model is built on numpy ops without BLIS, as :func:`mideast_nlp.load` does (same output,
    faster for this narrow CNN), and its ``tok2vec`` bounded in memory (:mod:`mideast_nlp.tok2vec`),
    so evaluation and speed figures describe what users run.
    """
    import spacy
    from thinc.api import use_ops

    from . import factories  # noqa: F401  (the tokenizer, vectors and tok2vec of the model)
    from .tok2vec import windowed_overrides

    model_dir = Path(path) if path is not None else packaged_ner_path()
    if not (model_dir / "meta.json").exists():
        raise ModelError(Errors.E012.format(path=model_dir, reason="no meta.json"))
    with use_ops("numpy", use_blis=False):
        return spacy.load(model_dir, config=windowed_overrides(model_dir))


def format_table(result: dict[str, Any]) -> str:
    """A conlleval-like text table of a :func:`evaluate_ner` result."""
    rows = [f"{'label':<8}{'P':>8}{'R':>8}{'F1':>8}{'support':>9}"]
    for label, s in result["per_label"].items():
        rows.append(f"{label:<8}{100 * s['p']:>8.2f}{100 * s['r']:>8.2f}{100 * s['f']:>8.2f}{s['support']:>9}")
    rows.append(
        f"{'micro':<8}{100 * result['p']:>8.2f}{100 * result['r']:>8.2f}{100 * result['f']:>8.2f}{result['support']:>9}"
    )
    return "\n".join(rows)


def main_evaluate_ner(
    path: str, *, labels: list[str] | None, out: str | None, model: str | None = None
) -> dict[str, Any]:
    """``mideast-nlp evaluate ner FILE``: score the packaged model, print a table, save JSON.

    The JSON goes to ``out`` or, by default, ``benchmarks/results/ner_eval_<file stem>.json``.
    """
    nlp = load_ner(model)
    result = evaluate_ner(nlp, path, labels=labels)
    print(f"{path}: {result['sentences']} sentences, {result['words']} words, labels {', '.join(result['labels'])}")
    print(format_table(result))
    target = Path(out) if out else Path("benchmarks/results") / f"ner_eval_{Path(path).stem}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"saved {target}")
    return result
