"""The ``mideast-nlp`` command.

mideast-nlp extract INPUT... [-o OUT.jsonl] [--format pretty|jsonl]
mideast-nlp normalize [TEXT|-] [--fold] [--keep-diacritics ...]
mideast-nlp schema
mideast-nlp evaluate ner FILE
mideast-nlp --version
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from . import __version__
from .errors import MideastNLPError
from .normalizer import NormalizerConfig, fold, normalize


def _bool_flag(value: str) -> bool:
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise argparse.ArgumentTypeError(f"expected true or false, got {value!r}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mideast-nlp", description="Arabic news: actors, meetings and agreements.")
    parser.add_argument("--version", action="version", version=f"mideast-nlp {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="process articles and write ArticleResult records")
    ex.add_argument(
        "inputs", nargs="+", help="a .txt file, - for stdin, a JSONL file (.gz/.bz2/.xz) or a folder of .txt"
    )
    ex.add_argument("-o", "--output", help="write JSONL results here (default: standard output)")
    ex.add_argument(
        "--format", choices=["pretty", "jsonl"], help="output format (default: pretty on a terminal, else jsonl)"
    )
    ex.add_argument("--text-field", default="text")
    ex.add_argument("--id-field", default="id")
    ex.add_argument("--title-field", default="title")
    ex.add_argument("--date-field", default="published")
    ex.add_argument("--batch-size", type=int, default=32)
    ex.add_argument("--workers", type=int, default=1, help="processes (spaCy n_process)")
    ex.add_argument("--no-text", action="store_true", help="leave the article text out of the records")
    ex.add_argument("--no-ner", action="store_true", help="skip the NER model (tokens and sentences only)")
    ex.add_argument("--quiet", action="store_true", help="no summary on standard error")

    nm = sub.add_parser("normalize", help="normalise Arabic text (argument, or standard input)")
    nm.add_argument("text", nargs="?", default="-")
    nm.add_argument("--fold", action="store_true", help="print the matching form (every folding on)")
    nm.add_argument("--map", action="store_true", help="print a JSON map of each output character to its original span")
    for name, default in NormalizerConfig._field_defaults.items():
        if isinstance(default, bool):
            nm.add_argument(
                f"--{name.replace('_', '-')}",
                type=_bool_flag,
                metavar="BOOL",
                default=None,
                help=f"(default {str(default).lower()})",
            )
    nm.add_argument("--unicode", choices=["NFKC", "NFC", "none"], default=None)

    sub.add_parser("schema", help="print the JSON Schema of ArticleResult")

    ev = sub.add_parser("evaluate", help="score a component on a gold file")
    ev_sub = ev.add_subparsers(dest="what", required=True)
    ev_ner = ev_sub.add_parser("ner", help="NER on a CoNLL file (word TAG lines), exact spans, conlleval-style")
    ev_ner.add_argument("file")
    ev_ner.add_argument("--labels", nargs="*", help="only these labels (e.g. PER ORG LOC)")
    ev_ner.add_argument("--out", help="save the scores as JSON here")
    return parser


def _pretty(results: Iterable[object], out: TextIO) -> Iterator[object]:
    from .records import ArticleResult

    for result in results:
        assert isinstance(result, ArticleResult)
        title = f" — {result.title}" if result.title else ""
        out.write(f"\n=== {result.id}{title}\n")
        for err in result.errors:
            out.write(f"  ERROR {err.code}: {err.message}\n")
        if not result.errors:
            out.write(
                f"  {len(result.sentences)} sentences, {len(result.mentions)} mentions, "
                f"{len(result.entities)} actors, {len(result.events)} events\n"
            )
        for ent in result.entities:
            link = ""
            if ent.kb_id:
                parts = [p for p in (ent.qid, ent.country, ent.cameo) if p]
                link = f" → {ent.name_en}" + (f" ({', '.join(parts)})" if parts else "")
            forms = sorted({result.mentions[i].text for i in ent.mentions})
            out.write(f"  {ent.label:4s} {' / '.join(forms)}{link}  ×{len(ent.mentions)}\n")
        for ev in result.events:
            who = ev.participants if ev.type == "meeting" else ev.parties
            names = ", ".join(
                f"{p.name_en or p.name} ({p.role})" if ev.type == "meeting" else (p.name_en or p.name) for p in who
            )
            extra = f" {ev.mode}" if ev.type == "meeting" else f" {ev.agreement.kind}"
            neg = " NEGATED" if ev.negated else ""
            out.write(
                f"  {ev.type.upper()} [{ev.status}{extra}{neg}] {names} — «{ev.trigger.text}» "
                f"CAMEO {ev.codes.cameo} / {ev.codes.plover}\n"
            )
        yield result


def _extract(args: argparse.Namespace) -> int:
    from .io import FieldMap, read_inputs, write_jsonl
    from .pipeline import load

    fields = FieldMap(text=args.text_field, id=args.id_field, title=args.title_field, published=args.date_field)
    nlp = load(ner=not args.no_ner)
    records = read_inputs(args.inputs, fields=fields)
    counts = {"read": 0, "written": 0, "failed": 0, "words": 0}

    def counted() -> Iterator[object]:
        for result in nlp.extract_many(records, batch_size=args.batch_size, n_process=args.workers):
            counts["read"] += 1
            counts["failed"] += bool(result.errors)
            counts["words"] += len((result.text or "").split())
            yield result.model_copy(update={"text": None}) if args.no_text else result

    fmt = args.format or ("pretty" if args.output is None and sys.stdout.isatty() else "jsonl")
    t0 = time.perf_counter()
    if args.output:
        out_path = Path(args.output)
        tmp = out_path.with_name(out_path.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            stream = counted()
            if fmt == "pretty":
                stream = _pretty(stream, sys.stdout)
            counts["written"] = write_jsonl(stream, fh)  # type: ignore[arg-type]
        tmp.replace(out_path)
    elif fmt == "pretty":
        for _ in _pretty(counted(), sys.stdout):
            counts["written"] += 1
    else:
        counts["written"] = write_jsonl(counted(), sys.stdout)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - t0
    if not args.quiet:
        wps = counts["words"] / elapsed if elapsed > 0 else 0.0
        print(
            f"mideast-nlp: read {counts['read']}, written {counts['written']}, failed {counts['failed']}, "
            f"{elapsed:.1f}s, {wps:,.0f} words/s",
            file=sys.stderr,
        )
    return 0


def _normalize(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    if args.fold:
        print(fold(text))
        return 0
    overrides = {
        name: getattr(args, name) for name in NormalizerConfig._fields if getattr(args, name, None) is not None
    }
    result = normalize(text, **overrides)
    if args.map:
        print(json.dumps({"text": result.text, "starts": result.starts, "ends": result.ends}, ensure_ascii=False))
    else:
        print(result.text)
    return 0


def _schema(args: argparse.Namespace) -> int:
    from .records import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from .evaluation import main_evaluate_ner

    main_evaluate_ner(args.file, labels=args.labels, out=args.out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handlers = {"extract": _extract, "normalize": _normalize, "schema": _schema, "evaluate": _evaluate}
    try:
        return handlers[args.command](args)
    except MideastNLPError as e:
        print(f"mideast-nlp: error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("mideast-nlp: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
