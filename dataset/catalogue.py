"""The KPI catalogue: what the scorecard does not print about each indicator.

The catalogue (`assets/kpis.toml`) gives every known indicator, by key, its
service-area section, a short name, its polarity, its unit, how far off target
still counts as Amber, how far it can plausibly move in a month, and the other
names it has been printed under. Every stage reads it through `load_catalogue`.

>>> catalogue = load_catalogue(Path("assets/kpis.toml"))  # doctest: +SKIP
>>> catalogue.match("re-referrals-to-children-s-services-2", "Re-referrals").polarity  # doctest: +SKIP
'lower'
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from dataset.errors import DatasetError

POLARITIES = ("higher", "lower", "none")
UNITS = ("%", "count", "per 10k", "per 100k", "days", "£", "")
# What each table of the catalogue may hold; any other key is a mistake to say, not to skip.
TOP_KEYS = ("sections", "indicators", "glossary", "stable_within")
SECTION_KEYS = ("id", "title", "summary")
ENTRY_KEYS = ("section", "short_name", "polarity", "unit", "amber_tolerance", "expected_range",
              "aliases", "denominator", "benchmark_unit", "benchmark_period", "stable_within")

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Letters NFKD does not take apart into ASCII; the same table as the extractor's, so keys agree.
_NO_DECOMPOSITION = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "ß": "ss",
        "Ø": "O",
        "ø": "o",
        "Đ": "D",
        "đ": "d",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "Þ": "Th",
        "þ": "th",
    }
)
# A key repeated in one PDF gets "-2", "-3" ... (docs/dataset.md); the catalogue holds the base key.
_REPEAT_SUFFIX = re.compile(r"-\d+$")


class CatalogueError(DatasetError):
    """The KPI catalogue cannot be read or breaks its rules."""


def slug(name: str) -> str:
    """Give the key of an indicator called `name`: ASCII-folded, lower-case, runs of other characters as `-`."""
    folded = unicodedata.normalize("NFKD", name.translate(_NO_DECOMPOSITION))
    folded = folded.encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", folded.lower()).strip("-")


@dataclass(frozen=True)
class Section:
    """A service area of the pack, in the order the pack presents them."""

    id: str
    title: str
    summary: str = ""


@dataclass(frozen=True)
class Entry:
    """What the catalogue knows about one indicator."""

    key: str
    section: str
    short_name: str
    polarity: str  # "higher", "lower" or "none": which way is better
    unit: str  # the unit of the measure that targets and benchmarks compare with
    amber_tolerance: float  # how far on the wrong side of target still rates Amber
    expected_range: float  # the largest month-on-month move that is plausible
    aliases: tuple[str, ...] = ()
    # For a count and percentage ("533 13%"): the key of the indicator counting the whole.
    denominator: str = ""
    # "catalogue" for an entry someone wrote; "inferred" for one dataset.infer worked out from
    # the scorecards held, whose `polarity_from` ("ratings", "printed" or "") and `evidence`
    # ("inferred from 6 ratings") the pack shows beside what it drives.
    provenance: str = "catalogue"
    polarity_from: str = "catalogue"
    evidence: str = ""

    @property
    def inferred(self) -> bool:
        """True for an entry worked out from the evidence, not written in the catalogue."""
        return self.provenance == "inferred"
    # What the national and comparator figures measure when it is not `unit` (a monthly count
    # printed beside annual rates), and the period they are for when it is not the brand's.
    benchmark_unit: str = ""
    benchmark_period: str = ""
    # A month-on-month move no bigger than this is "stable": a number in `unit` ("1"), or a
    # share of the month before ("2%"); "" takes the catalogue's default for the unit.
    stable_within: str = ""


@dataclass(frozen=True)
class Catalogue:
    """The sections in pack order and the indicator entries by key."""

    sections: tuple[Section, ...]
    entries: dict[str, Entry]
    glossary: dict[str, str] = field(default_factory=dict)  # abbreviation -> meaning
    # The materiality threshold of each unit when an indicator sets none ("%" -> "1").
    stable_within: dict[str, str] = field(default_factory=dict)

    def section(self, section_id: str) -> Section | None:
        """Give the section called `section_id`, or None."""
        return next((s for s in self.sections if s.id == section_id), None)

    def match(self, key: str, name: str = "") -> Entry | None:
        """Give the entry for the indicator with `key` and printed `name`, by key, slug or alias."""
        for candidate in _candidates(key, name):
            if candidate in self.entries:
                return self.entries[candidate]
            if candidate in self._aliases:
                return self.entries[self._aliases[candidate]]
        # Spelling that only moves a hyphen ("C-SPA" / "CSPA", "Children’s" / "Children's").
        for candidate in _candidates(key, name):
            if _squash(candidate) in self._squashed:
                return self.entries[self._squashed[_squash(candidate)]]
        return None

    def with_inferred(self, entries: Sequence[Entry], sections: Sequence[Section]) -> Catalogue:
        """Give this catalogue with the inferred `entries` it does not know and their
        `sections` (in the scorecard's order) among its own; an entry of the catalogue
        always wins over an inference."""
        fresh = {e.key: e for e in entries if self.match(e.key) is None}
        return Catalogue(sections=merge_sections(self.sections, sections),
                         entries={**self.entries, **fresh}, glossary=self.glossary,
                         stable_within=self.stable_within)

    def threshold(self, entry: Entry | None, unit: str) -> str:
        """Give the materiality threshold of `entry` (in `unit` when it has none of its own)."""
        if entry is not None and entry.stable_within:
            return entry.stable_within
        return self.stable_within.get(entry.unit if entry is not None else unit, "")

    @cached_property
    def _aliases(self) -> dict[str, str]:
        return {slug(alias): e.key for e in self.entries.values() for alias in e.aliases}

    @cached_property
    def _squashed(self) -> dict[str, str]:
        names = {**{key: key for key in self.entries}, **self._aliases}
        return {_squash(name): key for name, key in names.items()}


def merge_sections(own: Sequence[Section], printed: Sequence[Section]) -> tuple[Section, ...]:
    """Give the sections `own` with the new ones of `printed` (a scorecard's, in its order)
    among them: each right after the one printed before it, the first new ones before the
    first they precede that `own` has, else after all; so a printed section that `own`
    already holds ("Child protection") keeps its place and the source's order holds round it."""
    out = list(own)
    ids = [s.id for s in out]
    for n, section in enumerate(printed):
        if section.id in ids:
            continue
        before = printed[n - 1].id if n else None
        after = next((s.id for s in printed[n + 1:] if s.id in ids), None)
        at = ids.index(before) + 1 if before in ids else ids.index(after) if after else len(out)
        out.insert(at, section)
        ids.insert(at, section.id)
    return tuple(out)


def _squash(key: str) -> str:
    return key.replace("-", "")


def _candidates(key: str, name: str) -> list[str]:
    found = [key, slug(name) if name else "", _REPEAT_SUFFIX.sub("", key)]
    return [c for i, c in enumerate(found) if c and c not in found[:i]]


def load_catalogue(path: Path) -> Catalogue:
    """Read and check the catalogue TOML at `path`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"cannot read {path}: {exc}{_entry_at(text, str(exc))}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"cannot read {path}: {exc}") from None
    _known_keys(data, TOP_KEYS, f"{path}")
    if not isinstance(data.get("sections", []), list) or not isinstance(data.get("indicators", {}), dict):
        raise CatalogueError(f"{path}: [[sections]] must be a list and [indicators] a table")
    sections = tuple(_section(raw, path) for raw in data.get("sections", []))
    if not sections:
        raise CatalogueError(f"{path}: no [[sections]]")
    section_ids = {s.id for s in sections}
    entries = {}
    claimed: dict[str, str] = {}  # a key or alias, slugged -> the entry that claims it
    for key, raw in data.get("indicators", {}).items():
        entry = _entry(key, raw, path)
        if entry.section not in section_ids:
            raise CatalogueError(f"{path}: {key}: section {entry.section!r} is not in [[sections]]")
        for name in (key, *entry.aliases):
            other = claimed.setdefault(slug(name), key)
            if other != key:
                raise CatalogueError(f"{path}: {key}: alias {name!r} is also claimed by {other}")
        entries[key] = entry
    glossary = data.get("glossary", {})
    if not isinstance(glossary, dict) or not all(isinstance(v, str) for v in glossary.values()):
        raise CatalogueError(f"{path}: [glossary] must map abbreviations to meanings")
    defaults = data.get("stable_within", {})
    if not isinstance(defaults, dict):
        raise CatalogueError(f"{path}: [stable_within] must map units to thresholds")
    return Catalogue(
        sections=sections,
        entries=entries,
        glossary=dict(glossary),
        stable_within={
            unit: _threshold(t, f"{path}: stable_within {unit!r}") for unit, t in defaults.items()
        },
    )


def _threshold(raw: object, where: object) -> str:
    """Give a materiality threshold (`1`, `0.5`, `2%`) as text, refusing anything else."""
    text = str(raw).strip()
    try:
        number = float(text.removesuffix("%"))
    except ValueError:
        number = -1.0
    if isinstance(raw, bool) or number < 0:
        raise CatalogueError(f"{where}: stable_within must be a number or a share such as '2%'")
    return text


def stable_threshold(threshold: str, before: float | None) -> float:
    """Give `threshold` ("1", or "2%" of the month `before`) as a number in the figure's unit."""
    if not threshold:
        return 0.0
    if threshold.endswith("%"):
        return abs(before or 0.0) * float(threshold[:-1]) / 100
    return float(threshold)


_AT_LINE = re.compile(r"at line (\d+)")
_TABLE = re.compile(r"^\s*\[\[?\s*([^\]#]*)")


def _entry_at(text: str, message: str) -> str:
    """Give ", in [TABLE]" naming the table that TOML error `message`'s line sits in, or ""."""
    line = _AT_LINE.search(message)
    if not line:
        return ""
    headers = [m.group(1).strip() for m in map(_TABLE.match, text.splitlines()[: int(line.group(1))]) if m]
    return f", in [{headers[-1]}]" if headers else ""


def _known_keys(raw: dict, allowed: tuple[str, ...], where: str) -> None:
    unknown = sorted(set(raw) - set(allowed))
    if unknown:
        raise CatalogueError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(allowed)})")


def _section(raw: dict, path: Path) -> Section:
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("title"):
        raise CatalogueError(f"{path}: every [[sections]] needs an id and a title")
    _known_keys(raw, SECTION_KEYS, f"{path}: section {raw['id']}")
    return Section(id=str(raw["id"]), title=str(raw["title"]), summary=str(raw.get("summary", "")))


def _entry(key: str, raw: dict, path: Path) -> Entry:
    where = f"{path}: {key}"
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: must be a table ([indicators.{slug(key) or 'key'}])")
    _known_keys(raw, ENTRY_KEYS, where)
    if key != slug(key):
        raise CatalogueError(f"{where}: a key must be a slug ({slug(key)!r})")
    polarity = raw.get("polarity", "none")
    if polarity not in POLARITIES:
        raise CatalogueError(
            f"{where}: polarity {polarity!r} is not one of {', '.join(POLARITIES)}"
        )
    unit = raw.get("unit", "")
    if unit not in UNITS:
        raise CatalogueError(f"{where}: unit {unit!r} is not one of {UNITS}")
    try:
        tolerance = float(raw.get("amber_tolerance", 0))
        expected = float(raw.get("expected_range", 0))
    except (TypeError, ValueError):
        raise CatalogueError(
            f"{where}: amber_tolerance and expected_range must be numbers"
        ) from None
    if tolerance < 0 or expected < 0:
        raise CatalogueError(f"{where}: amber_tolerance and expected_range cannot be negative")
    benchmark_unit = raw.get("benchmark_unit", "")
    if benchmark_unit not in UNITS:
        raise CatalogueError(f"{where}: benchmark_unit {benchmark_unit!r} is not one of {UNITS}")
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise CatalogueError(f"{where}: aliases must be a list of names")
    return Entry(
        key=key,
        section=str(raw.get("section", "")),
        short_name=str(raw.get("short_name", "")) or key,
        polarity=polarity,
        unit=unit,
        amber_tolerance=tolerance,
        expected_range=expected,
        aliases=tuple(aliases),
        denominator=str(raw.get("denominator", "")),
        benchmark_unit=benchmark_unit,
        benchmark_period=str(raw.get("benchmark_period", "")),
        stable_within=_threshold(raw["stable_within"], where) if "stable_within" in raw else "",
    )
