"""What the catalogue does not know, worked out from the scorecards held.

For every indicator `assets/kpis.toml` lacks, the evidence of every month the history holds
gives a proposed catalogue entry:

- polarity from each printed RAG against the target of the scorecard that printed it (Green
  above target or Red/Amber below: higher is better), counting the months that agree and
  those that contradict; it is used only when at least two rated months say the same and
  none says otherwise (or a Polarity column prints it);
- unit from the name (`per 100,000`, `days`, `£`) and the figures (`%`, a count, a rate);
- section from the scorecard's own section rows or headings in their order (kept round a
  section the catalogue already has), else from the reference's leading group (`4.2` →
  "Indicators 4.x") with a neutral title;
- Amber tolerance from how far short of target the printed Amber figures sit.

`find_renames` says which indicator a reworded name continues (same ref, similar name, and
the months both scorecards print agree). `proposal_toml` writes the proposal a person
reviews and copies into the catalogue; every text from a PDF in it is TOML-escaped.

>>> votes_to_polarity(Votes(higher=6, lower=0))
'higher'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher

from dataset.catalogue import Catalogue, Entry, Section, slug
from dataset.csvio import format_number
from dataset.errors import DatasetError
from dataset.judge import SAME, headline, number_of, parse_polarity

INFERRED = "inferred"  # extraction.json's list of inferred entries
# Polarity drives direction words and rating checks only on this many agreeing months.
MIN_RATED_MONTHS = 2
# Two printings of one indicator's name at least this alike may be one indicator reworded.
SIMILAR_NAME = 0.6

_REF_GROUP = re.compile(r"^\s*([A-Za-z]*)\s*(\d+)[.\-/](\d+)")
_REF_LETTERS = re.compile(r"^\s*([A-Za-z]+)[\s.\-]?\d+")
_PER_100K = re.compile(r"per\s*100[,\s]?000|per\s*100\s*k\b")
_PER_10K = re.compile(r"per\s*10[,\s]?000|per\s*10\s*k\b")
_DAYS = re.compile(r"\bdays?\b")
_MONEY = re.compile(r"£|\bgbp\b|\bpounds?\b")
_PERCENT_WORDS = re.compile(r"%|\bper ?cent(age)?\b|\bproportion\b")


@dataclass(frozen=True)
class Votes:
    """What the rated months of one indicator say about its polarity."""

    higher: int = 0  # months whose RAG says higher is better
    lower: int = 0  # months whose RAG says lower is better
    silent: int = 0  # rated months that say neither (on target, no target, no figure)

    @property
    def rated(self) -> int:
        """How many months took a side."""
        return self.higher + self.lower


@dataclass(frozen=True)
class Inference:
    """One indicator the catalogue lacks, and what the scorecards held say of it."""

    key: str
    name: str
    ref: str
    section_id: str
    section_title: str
    section_from: str  # "section rows", "reference" or "" (none: Other indicators)
    polarity: str  # higher or lower only when decided; else none
    polarity_from: str  # "ratings", "printed" or ""
    votes: Votes
    printed_polarity: str  # the Polarity cell as printed, or ""
    unit: str
    unit_from: str  # what gave the unit, in words
    amber_tolerance: float
    tolerance_from: str  # what gave the tolerance, in words
    aliases: tuple[str, ...] = ()  # other names the series was printed under

    @property
    def evidence(self) -> str:
        """The polarity's evidence in the pack's words ("inferred from 6 ratings")."""
        if self.polarity_from == "printed":
            return "as printed in the scorecard"
        if self.polarity_from == "ratings":
            return f"inferred from {_count(self.votes.rated, 'rating')}"
        if self.votes.higher and self.votes.lower:
            return (f"inferred: ratings split, {self.votes.higher} say higher, "
                    f"{self.votes.lower} lower")
        if self.votes.rated:
            return f"inferred: only {_count(self.votes.rated, 'rating')}, two are needed"
        return "inferred: no rating against a target to tell"

    def entry(self) -> Entry:
        """Give the catalogue entry the evidence supports, marked as inferred."""
        return Entry(
            key=self.key, section=self.section_id, short_name=self.name, polarity=self.polarity,
            unit=self.unit, amber_tolerance=self.amber_tolerance, expected_range=0.0,
            aliases=self.aliases, provenance="inferred", polarity_from=self.polarity_from,
            evidence=self.evidence,
        )

    def section(self) -> Section | None:
        """Give the inferred section, or None when the scorecard gives none."""
        if not self.section_id:
            return None
        summary = ("As the scorecard's section rows name it; its indicators are not in the KPI "
                   "catalogue yet." if self.section_from == "section rows" else
                   "The scorecard names no sections: its indicators are grouped by reference.")
        return Section(self.section_id, self.section_title, summary)

    def as_dict(self) -> dict:
        """Give the inference as extraction.json's `inferred` holds it."""
        out = asdict(self)
        out["aliases"] = list(self.aliases)
        return out

    @classmethod
    def from_dict(cls, item: object) -> Inference:
        """Give the inference that `as_dict` gave `item`."""
        try:
            votes = Votes(**{k: int(v) for k, v in item["votes"].items()})
            fields = {k: item[k] for k in cls.__dataclass_fields__ if k not in ("votes", "aliases")}
            fields["amber_tolerance"] = float(fields["amber_tolerance"])
            made = cls(**fields, votes=votes, aliases=tuple(str(a) for a in item["aliases"]))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DatasetError(f"extraction.json {INFERRED}: an entry cannot be read ({exc})") from None
        if made.polarity not in ("higher", "lower", "none"):
            raise DatasetError(f"extraction.json {INFERRED}: {made.key}: polarity {made.polarity!r}")
        return made


@dataclass(frozen=True)
class Rename:
    """A held series that a later scorecard prints under another name."""

    series: str  # the series key the history keeps
    key: str  # the key the new name gives
    old_name: str
    new_name: str
    ref: str
    agreeing: int  # months both scorecards print, with the same figures


# --- the evidence of each month ------------------------------------------------------------


def month_vote(value: float | None, target: float | None, rag: str) -> str:
    """Give "higher", "lower" or "" for what a month printed `rag` for `value` against
    `target` says about which way is better."""
    if value is None or target is None or rag not in ("R", "A", "G") or abs(value - target) <= SAME:
        return ""
    above = value > target
    # Green above target, or Red/Amber below it, can only be so when higher is better.
    return "higher" if above == (rag == "G") else "lower"


def votes_of(months: Iterable[tuple[float | None, float | None, str]]) -> Votes:
    """Give the votes of `months`: (value, target, printed RAG) of each month held."""
    higher = lower = silent = 0
    for value, target, rag in months:
        if not rag:
            continue
        vote = month_vote(value, target, rag)
        higher += vote == "higher"
        lower += vote == "lower"
        silent += vote == ""
    return Votes(higher, lower, silent)


def votes_to_polarity(votes: Votes) -> str:
    """Give the polarity `votes` decide: unanimous over MIN_RATED_MONTHS or more, else none."""
    if votes.rated >= MIN_RATED_MONTHS and not (votes.higher and votes.lower):
        return "higher" if votes.higher else "lower"
    return "none"


def amber_band(months: Sequence[tuple[float | None, float | None, str]],
               polarity: str) -> tuple[float, str]:
    """Give (tolerance, why) from how far short of target the Amber `months` sit."""
    if polarity not in ("higher", "lower"):
        return 0.0, "no better direction, so no Amber band"

    def short(value: float, target: float) -> float:
        return target - value if polarity == "higher" else value - target

    ambers = [short(v, t) for v, t, rag in months if rag == "A" and v is not None and t is not None]
    reds = [short(v, t) for v, t, rag in months if rag == "R" and v is not None and t is not None]
    ambers = [a for a in ambers if a > SAME]
    if not ambers:
        return 0.0, "no Amber month short of target"
    widest = max(ambers)
    why = f"widest of {_count(len(ambers), 'Amber month')} {_num(widest)} short of target"
    if reds:
        why += f"; nearest Red {_num(min(reds))} short"
        if min(reds) <= widest + SAME:
            why += " (Amber and Red overlap: check by hand)"
    return round(widest, 6), why


def infer_unit(name: str, figure_units: Sequence[str]) -> tuple[str, str]:
    """Give (unit, why) for an indicator called `name` whose headline figures are in
    `figure_units` (docs/dataset.md's `unit` of each month)."""
    folded = name.casefold()
    units = Counter(u for u in figure_units if u)
    common = units.most_common(1)[0][0] if units else ""
    if _PER_100K.search(folded):
        return "per 100k", "the name says per 100,000"
    if _PER_10K.search(folded) or common == "per 10k":
        return "per 10k", "the name says per 10,000" if _PER_10K.search(folded) else "the figures are rates"
    if common == "%":
        return "%", "the figures print %"
    if _MONEY.search(folded):
        return "£", "the name says £"
    if _DAYS.search(folded):
        return "days", "the name counts days"
    if _PERCENT_WORDS.search(folded):
        return "%", "the name says per cent"
    if common == "count":
        return "count", "the figures are whole numbers"
    return "", "nothing says"


def infer_section(row: dict) -> tuple[str, str, str]:
    """Give (section id, title, from) for the indicators.csv `row`: its section row as printed,
    else its reference's leading group, else none."""
    printed = " ".join(str(row.get("section", "")).split())
    if printed:
        return slug(printed), printed, "section rows"
    ref = str(row.get("ref", ""))
    grouped = _REF_GROUP.match(ref)
    if grouped:
        group = f"{grouped.group(1)}{grouped.group(2)}"
        return slug(f"indicators-{group}"), f"Indicators {group}.x", "reference"
    lettered = _REF_LETTERS.match(ref)
    if lettered:
        group = lettered.group(1).upper()
        return slug(f"indicators-{group}"), f"{group} indicators", "reference"
    return "", "", ""


# --- the whole catalogue ---------------------------------------------------------------------


def infer_catalogue(
    indicators: Sequence[dict],
    held: Sequence[dict],
    catalogue: Catalogue | None,
    names: Mapping[str, Sequence[str]] | None = None,
) -> tuple[Inference, ...]:
    """Give an inference for each of `indicators` (indicators.csv rows, source order) that
    `catalogue` lacks, from `held`: every month the history holds of them, figures.csv rows
    each with the `target` of the scorecard that printed it. `names` gives each series'
    other printed names (its aliases)."""
    by_key: dict[str, list[dict]] = {}
    for row in held:
        by_key.setdefault(row["key"], []).append(row)
    out = []
    for indicator in indicators:
        if catalogue is not None and catalogue.match(indicator["key"], indicator["name"]):
            continue
        rows = by_key.get(indicator["key"], [])
        measure, _ = headline(rows)
        months = [
            (number_of(r["value"]), number_of(r.get("target", "")), r["rag"])
            for r in _by_period(rows, measure)
        ]
        units = [r["unit"] for r in rows if r["measure"] == measure]
        votes = votes_of(months)
        printed = parse_polarity(str(indicator.get("polarity", "")))
        if printed != "none":
            polarity, source = printed, "printed"
        else:
            polarity = votes_to_polarity(votes)
            source = "ratings" if polarity != "none" else ""
        unit, unit_from = infer_unit(indicator["name"], units)
        tolerance, tolerance_from = amber_band(months, polarity)
        section_id, section_title, section_from = infer_section(indicator)
        # Every name the series was printed under that its key does not already say.
        printed_names = (*(names or {}).get(indicator["key"], ()), indicator["name"])
        aliases = tuple(n for n in printed_names if slug(n) != indicator["key"])
        out.append(Inference(
            key=indicator["key"], name=indicator["name"], ref=indicator.get("ref", ""),
            section_id=section_id, section_title=section_title, section_from=section_from,
            polarity=polarity, polarity_from=source, votes=votes,
            printed_polarity=str(indicator.get("polarity", "")), unit=unit, unit_from=unit_from,
            amber_tolerance=tolerance, tolerance_from=tolerance_from,
            aliases=tuple(dict.fromkeys(aliases)),
        ))
    return tuple(out)


def with_inferences(catalogue: Catalogue | None, inferences: Sequence[Inference]) -> Catalogue:
    """Give `catalogue` (None: an empty one) with `inferences` it lacks, sections in order."""
    base = catalogue if catalogue is not None else Catalogue(sections=(), entries={})
    return base.with_inferred([i.entry() for i in inferences], inferred_sections(inferences))


def inferred_sections(inferences: Sequence[Inference]) -> tuple[Section, ...]:
    """Give the sections of `inferences` in the order they first appear, one per id."""
    found: dict[str, Section] = {}
    for item in inferences:
        section = item.section()
        if section is not None:
            found.setdefault(section.id, section)
    return tuple(found.values())


def extraction_inferences(extraction: dict) -> tuple[Inference, ...]:
    """Give the inferences extraction.json's `inferred` holds (none when it has none)."""
    found = extraction.get(INFERRED, [])
    if not isinstance(found, list):
        raise DatasetError(f"extraction.json {INFERRED} must be a list")
    return tuple(Inference.from_dict(item) for item in found)


# --- renamed indicators ----------------------------------------------------------------------


def find_renames(
    incoming: Sequence[dict],
    incoming_figures: Sequence[dict],
    held: Sequence[dict],
    held_figures: Sequence[dict],
    known: Iterable[str] = (),
) -> tuple[Rename, ...]:
    """Give the indicators of one scorecard (`incoming`, with `incoming_figures`) that continue
    a series of the previous one (`held`, keyed by series, with `held_figures`) under another
    name: same reference, a similar name, and at least one month both print with every
    figure the same. Keys in `known` (matched already, by key or catalogue) are left alone.
    A name alike but with figures that differ, or none in common, is never merged."""
    incoming_keys = {row["key"] for row in incoming}
    mine = _figures_by_key(incoming_figures)
    theirs = _figures_by_key(held_figures)
    taken: set[str] = set(known) | incoming_keys
    out = []
    for row in incoming:
        if row["key"] in known or not row.get("ref"):
            continue
        candidates = [
            old for old in held
            if old["key"] not in taken and old.get("ref") == row["ref"]
            and similar(old["name"], row["name"])
        ]
        agreeing = [(old, _agreeing(mine.get(row["key"], {}), theirs.get(old["key"], {})))
                    for old in candidates]
        agreeing = [(old, n) for old, n in agreeing if n]
        if len(agreeing) != 1:
            continue
        old, months = agreeing[0]
        taken.add(old["key"])
        out.append(Rename(old["key"], row["key"], old["name"], row["name"], row["ref"], months))
    return tuple(out)


def similar(first: str, second: str) -> bool:
    """Say whether two printings of a name are alike enough to be one indicator reworded."""
    a, b = (" ".join(slug(n).split("-")) for n in (first, second))
    return SequenceMatcher(None, a, b).ratio() >= SIMILAR_NAME


def _agreeing(mine: dict, theirs: dict) -> int:
    """Give how many months both print, 0 when any figure of those months differs."""
    common = set(mine) & set(theirs)
    if not common:
        return 0
    for ident in common:
        a, b = mine[ident], theirs[ident]
        if (a is None) != (b is None) or (a is not None and abs(a - b) > SAME):
            return 0
    return len({period for period, _ in common})


def _figures_by_key(rows: Iterable[dict]) -> dict[str, dict[tuple[str, str], float | None]]:
    out: dict[str, dict[tuple[str, str], float | None]] = {}
    for row in rows:
        out.setdefault(row["key"], {})[(row["period"], row["measure"])] = number_of(row["value"])
    return out


# --- the proposal ----------------------------------------------------------------------------


def toml_string(text: str) -> str:
    """Give `text` as a TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in str(text):
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif char in "\b\t\n\f\r":
            out.append({"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F or 0xD800 <= ord(char) <= 0xDFFF:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def proposal_toml(inferences: Sequence[Inference], catalogue: Catalogue | None, origin: str) -> str:
    """Give the proposed catalogue entries of `inferences` as TOML, each with a comment giving
    its evidence; sections `catalogue` already has are not proposed again. `origin` says what
    made it (one line)."""
    lines = [
        "# Proposed KPI catalogue entries for the indicators assets/kpis.toml does not know,",
        "# inferred from the scorecards in the history. Review each, correct what the evidence",
        "# got wrong, then copy it into assets/kpis.toml: a catalogue entry always wins.",
        f"# {_comment(origin)}",
        "",
    ]
    known = {s.id for s in catalogue.sections} if catalogue is not None else set()
    for section in inferred_sections(inferences):
        if section.id in known:
            continue
        # The pack's own summary says the section was inferred; the catalogue's needs a person's.
        lines += ["[[sections]]", f"id = {toml_string(section.id)}",
                  f"title = {toml_string(section.title)}",
                  'summary = ""  # one sentence on what the section covers, for its page', ""]
    for item in inferences:
        votes = item.votes
        lines += [
            f"# {toml_string(item.name)}" + (f" (ref {toml_string(item.ref)})" if item.ref else ""),
            f"#   polarity: {_polarity_words(item)}",
            f"#   unit: {toml_string(item.unit)}, {item.unit_from}",
            f"#   amber_tolerance: {item.tolerance_from}",
            f"#   section: {toml_string(item.section_title) + ' from the ' + item.section_from if item.section_id else 'none found: add one'}",
        ]
        if votes.silent:
            lines.append(f"#   ({_count(votes.silent, 'rated month')} on target or without one said nothing)")
        lines += [f"[indicators.{item.key}]"]
        if item.section_id:
            lines.append(f"section = {toml_string(item.section_id)}")
        else:
            lines.append('# section = ""  (choose one of [[sections]])')
        lines += [
            f"short_name = {toml_string(item.name)}",
            f"polarity = {toml_string(item.polarity)}",
            f"unit = {toml_string(item.unit)}",
            f"amber_tolerance = {format_number(item.amber_tolerance)}",
        ]
        if item.aliases:
            lines.append("aliases = [" + ", ".join(toml_string(a) for a in item.aliases) + "]")
        lines.append("")
    return "\n".join(lines)


def _polarity_words(item: Inference) -> str:
    votes = item.votes
    said = f"{votes.higher} rated month(s) say higher is better, {votes.lower} lower"
    if item.polarity_from == "printed":
        return f"{item.polarity}, as printed {toml_string(item.printed_polarity)} ({said})"
    if item.polarity_from == "ratings":
        return f"{item.polarity} is better: {said}, none against"
    return f"not decided ({said}; {MIN_RATED_MONTHS} agreeing and none against are needed)"


def _comment(text: str) -> str:
    return "".join(c if c == "\t" or (ord(c) >= 0x20 and ord(c) != 0x7F) else " " for c in text)


def _by_period(rows: Sequence[dict], measure: str) -> list[dict]:
    periods = sorted({r["period"] for r in rows})
    out = []
    for period in periods:
        month = [r for r in rows if r["period"] == period]
        judged = next((r for r in month if r["measure"] == measure), month[0])
        rag = next((r["rag"] for r in month if r["rag"]), "")
        out.append({**judged, "rag": rag})
    return out


def _num(value: float) -> str:
    return format_number(round(value, 6))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
