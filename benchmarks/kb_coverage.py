"""Coverage and load-time report for the packaged knowledge base.

Usage::

    PYTHONPATH=src python benchmarks/kb_coverage.py [--kb PATH] [--out benchmarks/results/kb_coverage.json]

Prints and saves: entity counts by type and subtype; how many entities carry a Wikidata QID, a CAMEO code,
a GeoNames id, roles, nisba forms; alias counts by kind; risky aliases; political figures by region and by
where their Arabic name comes from; file size; load time (median of several cold loads from disk, bypassing
the in-process cache).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from mideast_nlp.kb import KnowledgeBase

ROOT = Path(__file__).resolve().parents[1]

#: Regions for the politician report (ISO3 of the person's country; IGO officials have none).
_MENA = "ARE BHR COM DJI DZA EGY IRQ JOR KWT LBN LBY MAR MRT OMN PSE QAT SAU SDN SOM SYR TUN YEM ISR IRN TUR"
_EUROPE = (
    "ALB AND AUT BEL BGR BIH BLR CHE CYP CZE DEU DNK ESP EST FIN FRA GBR GRC HRV HUN IRL ISL ITA LIE LTU LUX "
    "LVA MCO MDA MKD MLT MNE NLD NOR POL PRT ROU SMR SRB SVK SVN SWE UKR VAT XKX"
)
REGIONS: dict[str, frozenset[str]] = {
    "Middle East & North Africa": frozenset(_MENA.split()),
    "Caucasus": frozenset({"AZE", "ARM", "GEO"}),
    "Russia": frozenset({"RUS"}),
    "United States": frozenset({"USA"}),
    "Europe": frozenset(_EUROPE.split()),
}


def region_of(country: str | None) -> str:
    if country is None:
        return "international organisations / none"
    return next((name for name, codes in REGIONS.items() if country in codes), "rest of the world")


def name_origin(sources: tuple[str, ...]) -> str:
    """Where a politician's Arabic name comes from: curated, ArWikiCats, or composed from name parts."""
    if "curated" in sources:
        return "curated"
    if "composed_name" in sources:
        return "composed (rigour/arabnamer name parts)"
    if "arwikicats" in sources:
        return "arwikicats"
    return "other"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kb", type=Path, default=None, help="KB file (default: the packaged one)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "kb_coverage.json")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)

    kb = KnowledgeBase.load(args.kb)
    path = Path(kb.path) if kb.path else None
    assert path is not None
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        KnowledgeBase.load(path)
        times.append(time.perf_counter() - t0)

    by_sub: dict[str, Counter[str]] = defaultdict(Counter)
    by_type: dict[str, Counter[str]] = defaultdict(Counter)
    for e in kb:
        key = f"{e.type}/{e.subtype}"
        for bucket in (by_sub[key], by_type[e.type], by_type["ALL"]):
            bucket["entities"] += 1
            bucket["with_qid"] += e.qid is not None
            bucket["with_cameo"] += e.cameo is not None
            bucket["with_geonames"] += e.geonames is not None
            bucket["with_country"] += e.country is not None
            bucket["with_roles"] += bool(e.roles)
            bucket["with_dated_roles"] += any(r.start for r in e.roles)
            bucket["with_nisba"] += bool(e.nisba)
            bucket["with_short_aliases"] += bool(e.short_aliases)
            bucket["with_risky_aliases"] += bool(e.risky_aliases)
            bucket["aliases_name"] += len(e.aliases_ar)
            bucket["aliases_short"] += len(e.short_aliases)
            bucket["aliases_nisba"] += len(e.nisba)
            bucket["aliases_risky"] += len(e.risky_aliases)
    politicians = [e for e in kb if e.type == "PER" and e.subtype == "politician"]
    pol_region = Counter(region_of(e.country) for e in politicians)
    pol_origin = Counter(name_origin(e.sources) for e in politicians)
    pol_cross: dict[str, Counter[str]] = defaultdict(Counter)
    for e in politicians:
        pol_cross[region_of(e.country)][name_origin(e.sources)] += 1
    folded = Counter(f for f, _, _ in kb.aliases())
    sources = Counter(s for e in kb for s in e.sources)
    report = {
        "kb_file": str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path),
        "kb_bytes": path.stat().st_size,
        "entities": len(kb),
        "load_seconds_median": round(statistics.median(times), 4),
        "load_seconds_all": [round(t, 4) for t in times],
        "python": platform.python_version(),
        "distinct_folded_aliases": len(folded),
        "ambiguous_folded_aliases": sum(1 for n in folded.values() if n > 1),
        "by_type": {k: dict(v) for k, v in sorted(by_type.items())},
        "by_subtype": {k: dict(v) for k, v in sorted(by_sub.items())},
        "entities_by_source": dict(sorted(sources.items())),
        "politicians": {
            "total": len(politicians),
            "by_region": dict(pol_region.most_common()),
            "by_name_origin": dict(pol_origin.most_common()),
            "by_region_and_name_origin": {k: dict(v.most_common()) for k, v in sorted(pol_cross.items())},
            "with_short_aliases": sum(1 for e in politicians if e.short_aliases),
            "with_roles": sum(1 for e in politicians if e.roles),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    print(
        f"KB {report['kb_file']}: {report['entities']:,} entities, {report['kb_bytes'] / 1e6:.2f} MB, "
        f"load {report['load_seconds_median'] * 1000:.0f} ms (median of {args.repeat})"
    )
    cols = (
        "entities",
        "with_qid",
        "with_cameo",
        "with_geonames",
        "with_roles",
        "with_nisba",
        "aliases_name",
        "aliases_risky",
    )
    print(f"{'type/subtype':28}" + "".join(f"{c:>15}" for c in cols))
    for k, v in [*sorted(by_type.items()), *sorted(by_sub.items())]:
        print(f"{k:28}" + "".join(f"{v.get(c, 0):>15,}" for c in cols))
    pol = report["politicians"]
    print(f"politicians: {pol['total']:,}")
    for region, row in pol["by_region_and_name_origin"].items():
        print(f"  {region:36} {pol['by_region'][region]:>6,}  " + ", ".join(f"{k} {v}" for k, v in row.items()))
    print(f"saved {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
