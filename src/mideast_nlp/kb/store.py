"""Typed, read-only access to the packaged knowledge base (``data/kb/kb.jsonl.gz``).

The file is built by :mod:`mideast_nlp.kb.build`: one JSON object per line, one entity per object.
Loading needs the standard library and :func:`mideast_nlp.normalizer.fold` only.

>>> kb = KnowledgeBase.load()
>>> [e.name_en for e in kb.candidates(fold("أذربيجان"))][:1]
['Azerbaijan']
"""

from __future__ import annotations

import functools
import gzip
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from ..errors import Errors, ModelError
from ..normalizer import fold

AliasKind = Literal["name", "short", "nisba"]
EntityType = Literal["PER", "ORG", "LOC"]

_PACKAGED = "data/kb/kb.jsonl.gz"


@dataclass(frozen=True, slots=True)
class Role:
    """An office held by a person. ``org`` is an ISO3 code or an organisation's English name."""

    role: str
    org: str | None
    start: str | None
    end: str | None

    def active_on(self, date: str) -> bool:
        """True when the office was held on ``date`` (ISO ``YYYY-MM-DD``); open ends count as held."""
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass(frozen=True, slots=True)
class CameoPeriod:
    """A CAMEO actor code and the dates it applies (from the Phoenix dictionaries)."""

    code: str
    start: str | None
    end: str | None


@dataclass(frozen=True, slots=True)
class KBEntity:
    """One entity of the knowledge base. Arabic strings are display forms; match on ``fold`` of them."""

    kb_id: str
    type: EntityType
    subtype: str
    name_en: str
    name_ar: str | None
    aliases_ar: tuple[str, ...] = ()
    short_aliases: tuple[str, ...] = ()
    nisba: tuple[str, ...] = ()
    risky_aliases: tuple[str, ...] = ()
    qid: str | None = None
    geonames: int | None = None
    country: str | None = None
    cameo: str | None = None
    roles: tuple[Role, ...] = ()
    cameo_history: tuple[CameoPeriod, ...] = ()
    population: int | None = None
    sources: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> KBEntity:
        return cls(
            kb_id=d["kb_id"],
            type=d["type"],
            subtype=d["subtype"],
            name_en=d["name_en"],
            name_ar=d.get("name_ar"),
            aliases_ar=tuple(d.get("aliases_ar", ())),
            short_aliases=tuple(d.get("short_aliases", ())),
            nisba=tuple(d.get("nisba", ())),
            risky_aliases=tuple(d.get("risky_aliases", ())),
            qid=d.get("qid"),
            geonames=d.get("geonames"),
            country=d.get("country"),
            cameo=d.get("cameo"),
            roles=tuple(Role(r["role"], r.get("country"), r.get("start"), r.get("end")) for r in d.get("roles", ())),
            cameo_history=tuple(
                CameoPeriod(p["code"], p.get("start"), p.get("end")) for p in d.get("cameo_history", ())
            ),
            population=d.get("population"),
            sources=tuple(d.get("sources", ())),
        )

    @property
    def prior(self) -> float:
        """Ranking prior: countries > IGOs > capitals > regions > cities by population > people."""
        return _prior(self.type, self.subtype, self.population, len(self.roles))

    def role_on(self, date: str) -> tuple[Role, ...]:
        """The roles held on ``date`` (``YYYY-MM-DD``)."""
        return tuple(r for r in self.roles if r.active_on(date))


def _prior(type_: str, subtype: str, population: int | None, n_roles: int) -> float:
    pop = float(population or 0)
    if subtype == "country":
        return 6e12 + pop
    if subtype in ("territory", "former_country"):
        return 5e12 + pop
    if type_ == "ORG":
        return 4e12 if subtype in ("igo", "igo_body") else 3.5e12
    if subtype == "capital":
        return 3e12 + pop
    if type_ == "LOC" and subtype != "city":
        return 2e12
    if type_ == "LOC":
        return 1e12 + pop
    return float(n_roles)


class KnowledgeBase:
    """Entities by id and by folded alias. Build one with :meth:`load`."""

    __slots__ = ("_by_alias", "_countries", "_entities", "_kinds", "_raw", "_risky", "path")

    def __init__(self, records: list[dict[str, Any]], path: Path | None = None) -> None:
        """Index raw JSON records (as written by the build); entities are materialised on first access."""
        self.path = path
        self._raw: dict[str, dict[str, Any]] = {r["kb_id"]: r for r in records}
        self._entities: dict[str, KBEntity] = {}
        by_alias: dict[str, list[str]] = {}
        kinds: dict[tuple[str, str], str] = {}
        risky: set[tuple[str, str]] = set()
        prior: dict[str, float] = {}
        fold_ = fold
        self._countries: dict[str, str] = {}  # ISO 3166 alpha-3 → kb_id of the country
        for r in records:
            kb_id = r["kb_id"]
            if r["subtype"] == "country" and r.get("country"):
                self._countries.setdefault(r["country"], kb_id)
            prior[kb_id] = _prior(r["type"], r["subtype"], r.get("population"), len(r.get("roles", ())))
            for kind, key in (("name", "aliases_ar"), ("short", "short_aliases"), ("nisba", "nisba")):
                for a in r.get(key, ()):
                    f = fold_(a)
                    k = (f, kb_id)
                    if k in kinds:
                        continue
                    kinds[k] = kind
                    lst = by_alias.get(f)
                    if lst is None:
                        by_alias[f] = [kb_id]
                    else:
                        lst.append(kb_id)
            for a in r.get("risky_aliases", ()):
                risky.add((fold_(a), kb_id))
        for lst in by_alias.values():
            if len(lst) > 1:
                lst.sort(key=lambda i: (-prior[i], i))
        self._by_alias = by_alias
        self._kinds = kinds
        self._risky = risky

    def _entity(self, kb_id: str) -> KBEntity:
        e = self._entities.get(kb_id)
        if e is None:
            e = self._entities[kb_id] = KBEntity.from_json(self._raw[kb_id])
        return e

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path | None = None) -> KnowledgeBase:
        """Load the KB at ``path``, or the packaged one (cached: later calls return the same object)."""
        if path is None:
            return _load_packaged()
        return cls._read(Path(path))

    @classmethod
    def _read(cls, path: Path) -> KnowledgeBase:
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                text = fh.read()
            records = json.loads("[" + ",".join(line for line in text.split("\n") if line) + "]")
        except FileNotFoundError as exc:
            raise ModelError(Errors.E012.format(path=path, reason="file not found")) from exc
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(Errors.E012.format(path=path, reason=f"unreadable: {exc}")) from exc
        return cls(records, path)

    # -- queries --------------------------------------------------------------------------------

    def get(self, kb_id: str) -> KBEntity | None:
        return self._entity(kb_id) if kb_id in self._raw else None

    def country(self, iso3: str | None) -> KBEntity | None:
        """The country entity for an ISO 3166-1 alpha-3 code (``EGY`` → Egypt), or ``None``."""
        kb_id = self._countries.get(iso3 or "")
        return self._entity(kb_id) if kb_id is not None else None

    def candidates(self, folded_alias: str) -> tuple[KBEntity, ...]:
        """Entities having ``folded_alias`` (already passed through ``fold``) as an alias, best prior first."""
        ids = self._by_alias.get(folded_alias)
        return tuple(self._entity(i) for i in ids) if ids else ()

    def alias_kind(self, folded_alias: str, kb_id: str) -> AliasKind | None:
        """How ``kb_id`` carries ``folded_alias``: ``"name"``, ``"short"``, ``"nisba"`` or ``None``."""
        return self._kinds.get((folded_alias, kb_id))  # type: ignore[return-value]

    def is_risky(self, folded_alias: str, kb_id: str) -> bool:
        """True when the alias is also an ordinary word: link it only with supporting context."""
        return (folded_alias, kb_id) in self._risky

    def aliases(self) -> Iterator[tuple[str, str, str]]:
        """Yield ``(folded alias, kb_id, kind)`` for every alias, kind in {"name", "short", "nisba"}."""
        for (f, kb_id), kind in self._kinds.items():
            yield f, kb_id, kind

    def __len__(self) -> int:
        return len(self._raw)

    def __iter__(self) -> Iterator[KBEntity]:
        return (self._entity(i) for i in self._raw)

    def __contains__(self, kb_id: object) -> bool:
        return kb_id in self._raw

    def counts_by_type(self) -> dict[str, int]:
        """Entity counts by type (``"PER"``) and by type/subtype (``"LOC/city"``)."""
        c: Counter[str] = Counter()
        for r in self._raw.values():
            c[r["type"]] += 1
            c[f"{r['type']}/{r['subtype']}"] += 1
        return dict(sorted(c.items()))

    def __repr__(self) -> str:
        return f"<KnowledgeBase {len(self)} entities from {self.path}>"


@functools.lru_cache(maxsize=1)
def _load_packaged() -> KnowledgeBase:
    ref = resources.files("mideast_nlp") / _PACKAGED
    try:
        with resources.as_file(ref) as path:
            if not Path(path).is_file():
                raise ModelError(Errors.E012.format(path=_PACKAGED, reason="file not found"))
            return KnowledgeBase._read(Path(path))
    except FileNotFoundError as exc:  # pragma: no cover - zipped installs
        raise ModelError(Errors.E012.format(path=_PACKAGED, reason="file not found")) from exc
