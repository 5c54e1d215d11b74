"""The ``mideast-nlp`` command.

mideast-nlp extract INPUT... [-o OUT] [--format pretty|jsonl|parquet|csv|duckdb] [--workers N] [--resume]
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
from typing import TYPE_CHECKING, TextIO

from . import __version__
from .errors import InputError, MideastNLPError
from .normalizer import NormalizerConfig, fold, normalize

if TYPE_CHECKING:
    from .io import FieldMap, ReadStats


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

    ex = sub.add_parser(
        "extract",
        help="process articles and write ArticleResult records or tables",
        description="Process articles. Without -o, results go to standard output as they come (pretty or "
        "JSONL). With -o, a batch run: parts committed atomically, failed records in OUT.errors.jsonl, "
        "--resume after a crash, a progress bar on a terminal.",
    )
    ex.add_argument(
        "inputs",
        nargs="+",
        help="JSONL (.gz/.bz2/.xz/.zst), CSV/TSV, Parquet, TREC <DOC> files, .txt files, folders of .txt, - (stdin)",
    )
    ex.add_argument("-o", "--output", help="output file (jsonl, duckdb) or folder (parquet, csv)")
    ex.add_argument(
        "--format",
        choices=["pretty", "jsonl", "parquet", "csv", "duckdb"],
        help="output format (default: from the -o name, else jsonl; pretty on a terminal without -o)",
    )
    ex.add_argument("--text-field", default="text", help="input field with the text (default: text)")
    ex.add_argument("--id-field", default="id", help="input field with the id (default: id; TREC: DOCNO)")
    ex.add_argument("--title-field", default="title", help="input field with the title (default: title)")
    ex.add_argument("--date-field", default="published", help="input field with the date (default: published)")
    ex.add_argument(
        "--date-format",
        action="append",
        default=[],
        metavar="FMT",
        help="strptime format for dates that are not ISO 8601, e.g. %%d/%%m/%%Y (repeatable)",
    )
    ex.add_argument(
        "--batch-size",
        type=int,
        default=16,
        help="texts per spaCy batch (default: 16; the NER's floret vectors take ~20 KB per token of a batch)",
    )
    ex.add_argument("--workers", type=int, default=1, help="worker processes, one pipeline each (default: 1)")
    ex.add_argument("--part-size", type=int, default=1000, help="records per committed part (default: 1000)")
    ex.add_argument(
        "--blas-threads",
        type=int,
        default=1,
        metavar="N",
        help="BLAS threads per worker in a batch run, --workers 1 included (default: 1: N workers use N cores)",
    )
    ex.add_argument("--resume", action="store_true", help="skip what an interrupted run with the same -o committed")
    ex.add_argument(
        "--max-chars",
        type=int,
        default=1_000_000,
        help="longer texts fail cleanly with E005 (default: 1,000,000)",
    )
    ex.add_argument(
        "--dask",
        metavar="SCHEDULER",
        help="process on a Dask cluster: tcp://host:8786, or 'local' for a LocalCluster of --workers workers",
    )
    ex.add_argument("--no-text", action="store_true", help="leave the article text out of the records")
    ex.add_argument("--no-ner", action="store_true", help="skip the NER model (tokens and sentences only)")
    ex.add_argument("--quiet", action="store_true", help="no progress bar and no summary on standard error")

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
    from .io import FieldMap, ReadStats, read_inputs

    fields = FieldMap(
        text=args.text_field,
        id=args.id_field,
        title=args.title_field,
        published=args.date_field,
        date_formats=tuple(args.date_format),
    )
    if args.output is None:
        if args.resume or args.dask:
            raise InputError("--resume and --dask need an output: add -o OUT")
        if args.format in ("parquet", "csv", "duckdb"):
            raise InputError(f"--format {args.format} writes files: add -o OUT")
        return _extract_stream(args, read_inputs(args.inputs, fields=fields))
    if args.format == "pretty":
        raise InputError("--format pretty prints to standard output: drop -o, or choose jsonl, parquet, csv or duckdb")
    return _extract_batch(args, fields, ReadStats())


def _extract_stream(args: argparse.Namespace, records: Iterable[object]) -> int:
    """Results to standard output as they come (failed records inline, with their errors)."""
    from .io import write_jsonl
    from .pipeline import load

    nlp = load(ner=not args.no_ner, max_length=args.max_chars)
    counts = {"read": 0, "written": 0, "failed": 0, "words": 0}

    def counted() -> Iterator[object]:
        for result in nlp.extract_many(records, batch_size=args.batch_size, n_process=args.workers):  # type: ignore[arg-type]
            counts["read"] += 1
            counts["failed"] += bool(result.errors)
            counts["written"] += not result.errors
            counts["words"] += len((result.text or "").split())
            yield result.model_copy(update={"text": None}) if args.no_text else result

    fmt = args.format or ("pretty" if sys.stdout.isatty() else "jsonl")
    t0 = time.perf_counter()
    if fmt == "pretty":
        for _ in _pretty(counted(), sys.stdout):
            pass
    else:
        write_jsonl(counted(), sys.stdout)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - t0
    if not args.quiet:
        wps = counts["words"] / elapsed if elapsed > 0 else 0.0
        print(
            f"mideast-nlp: read {counts['read']}, written {counts['written']}, failed {counts['failed']}, "
            f"{elapsed:.1f}s, {wps:,.0f} words/s",
            file=sys.stderr,
        )
    return 0


def _extract_batch(args: argparse.Namespace, fields: FieldMap, stats: ReadStats) -> int:
    """A batch run into -o OUT (see :mod:`mideast_nlp.batch`)."""
    from .batch import BatchOptions, ProgressBar, guess_format, run_batch
    from .io import read_inputs

    out = Path(args.output)
    fmt = args.format or ("parquet" if args.dask and guess_format(out) == "jsonl" else guess_format(out))
    options = BatchOptions(
        format=fmt,
        batch_size=args.batch_size,
        include_text=not args.no_text,
        ner=not args.no_ner,
        max_chars=args.max_chars,
        compress=fmt == "jsonl" and out.name.endswith(".gz"),
        blas_threads=args.blas_threads,
    )
    records = read_inputs(args.inputs, fields=fields, stats=stats)
    bar = ProgressBar(enabled=not args.quiet and sys.stderr.isatty(), stats=stats)
    if args.dask:
        from .dask import run as run_dask

        summary = run_dask(
            records,
            out,
            options,
            scheduler=args.dask,
            workers=args.workers,
            part_size=args.part_size,
            resume=args.resume,
            progress=bar,
        )
    else:
        summary = run_batch(
            records, out, options, workers=args.workers, part_size=args.part_size, resume=args.resume, progress=bar
        )
    if not args.quiet:
        print(f"mideast-nlp: {summary.line()}", file=sys.stderr)
        if summary.parts:
            print(f"mideast-nlp: {summary.workers_line()}", file=sys.stderr)
        if summary.extra.get("note"):
            print(f"mideast-nlp: {summary.extra['note']}", file=sys.stderr)
        if summary.interrupted:
            print(
                f"mideast-nlp: interrupted; {summary.parts} parts committed in {out}.parts, "
                "re-run the same command with --resume to finish",
                file=sys.stderr,
            )
        elif summary.complete and summary.skipped:
            print(
                f"mideast-nlp: {out} now holds {summary.total_written:,} results "
                f"({summary.total_failed:,} failed in total)",
                file=sys.stderr,
            )
        if summary.complete and summary.total_failed:
            print(f"mideast-nlp: failed records are listed in {summary.errors_path}", file=sys.stderr)
    return 130 if summary.interrupted else 0


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
