"""The end of a run in words: the summary lines, each with its severity, and the exit code.

`summary_lines` is the one place that decides what the summary says; a check that wants to
add to it (an audit, a scan) adds a block here. The exit code follows from the lines: any
line of severity `ERROR` makes it 1. `monthly.progress` prints them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING

from dataset.periods import period_name

if TYPE_CHECKING:
    from monthly.run import RunResult

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2

# How many revisions, warnings and gaps the summary spells out before "and N more".
SUMMARY_ITEMS = 5


class Severity(IntEnum):
    """How much a summary line matters."""

    INFO = 0  # what the run did
    WARNING = 1  # worth reading; the run still did all it should
    ERROR = 2  # the run did not do all it should: exit status 1


@dataclass(frozen=True)
class SummaryLine:
    """One line of the summary: a `label` ("Pack"; "" continues the line above; None: a
    sentence on its own) and its text."""

    label: str | None
    text: str
    severity: Severity = Severity.INFO


def exit_code(lines: Sequence[SummaryLine], usage_error: bool = False) -> int:
    """Give the run's exit status: 2 for a usage error, 1 when any line is an error, else 0."""
    if usage_error:
        return EXIT_USAGE
    if any(line.severity >= Severity.ERROR for line in lines):
        return EXIT_REFUSED
    return EXIT_OK


def summary_lines(result: RunResult) -> tuple[SummaryLine, ...]:
    """Give the summary of `result`, closing line included."""
    lines = [
        *_pack(result),
        *_loaded(result),
        *_history(result),
        *_revisions(result),
        *_inferred(result),
        *_renamed(result),
        *_unread(result),
        *_warnings(result),
        *_doubtful(result),
        *_refused(result),
        *_problems(result),
    ]
    ok = exit_code(lines, result.usage_error) == EXIT_OK
    lines.append(
        SummaryLine(None, "Run done." if ok else "Run finished with problems (see above).")
    )
    return tuple(lines)


def _pack(result: RunResult) -> list[SummaryLine]:
    if result.pack:
        pack = result.pack
        sample = " (from the bundled sample)" if result.used_sample else ""
        return [
            SummaryLine("Pack", f"{pack.pdf}{sample}"),
            SummaryLine(
                "",
                f"{count(pack.pages, 'page')}, {count(pack.indicators, 'indicator')},"
                f" period {period_name(pack.period, pack.frequency)}, {pack.months}"
                f" {'quarters' if pack.frequency == 'quarterly' else 'months'} of trend",
            ),
            SummaryLine("Data", f"{pack.xlsx}, {pack.data}/"),
            *(
                [SummaryLine("Editions", ", ".join(str(p) for p in pack.editions))]
                if pack.editions
                else []
            ),
            *(SummaryLine("Missing", why, Severity.WARNING) for why in pack.editions_missing),
        ]
    if result.pack_kept:
        return [SummaryLine("Pack", f"{result.pack_kept} (not rebuilt: left as it was)")]
    return [SummaryLine("Pack", "none built", Severity.WARNING)]


def _loaded(result: RunResult) -> list[SummaryLine]:
    loaded = ", ".join(p.name for p in result.loaded) or "none"
    if len(result.loaded) > SUMMARY_ITEMS:
        loaded = f"{len(result.loaded)} scorecards"
    duplicates = f"; {len(result.duplicates)} already in the history" if result.duplicates else ""
    return [SummaryLine("Loaded", loaded + duplicates)]


def _history(result: RunResult) -> list[SummaryLine]:
    """The back-fill summary: what the history now holds and where its series have holes."""
    state = result.history
    if state is None or not state.months:
        return []
    months = [period_name(period, state.frequency) for period in state.months]
    noun = "quarter" if state.frequency == "quarterly" else "month"
    lines = [
        SummaryLine(
            "History",
            f"{count(len(months), noun)} ({months[0]} to {months[-1]}) for"
            f" {count(state.series, 'indicator')}",
        )
    ]
    gaps = state.gaps
    if not gaps.everywhere and not gaps.by_series:
        lines.append(SummaryLine("Gaps", f"none: every series runs without a missing {noun}"))
        return lines
    if gaps.everywhere:
        lines.append(
            SummaryLine(
                "Gaps",
                f"no scorecard holds {', '.join(period_name(p, state.frequency) for p in gaps.everywhere)}"
                " (named in the pack's annex)",
                Severity.WARNING,
            )
        )
    if gaps.by_series:
        label = "" if gaps.everywhere else "Gaps"
        lines.append(
            SummaryLine(
                label,
                f"{count(len(gaps.by_series), 'series')}"
                f" {'lacks' if len(gaps.by_series) == 1 else 'lack'} a {noun} the others have:",
                Severity.WARNING,
            )
        )
        items = sorted(gaps.by_series.items())
        lines += [
            SummaryLine("", f"{key}: {', '.join(period_name(p, state.frequency) for p in periods)}",
                        Severity.WARNING)
            for key, periods in items[:SUMMARY_ITEMS]
        ]
        lines += _more(items)
    return lines


def _revisions(result: RunResult) -> list[SummaryLine]:
    if not result.revisions:
        return []
    lines = [
        SummaryLine(
            "Revisions",
            f"{len(result.revisions)} figure(s) revised by this run (listed in the pack's annex)",
        )
    ]
    lines += [
        SummaryLine(
            "",
            f"{r.key} {r.period} {r.measure}: {r.old_value or 'blank'} → {r.new_value or 'blank'}"
            f" ({r.new_source})",
        )
        for r in result.revisions[:SUMMARY_ITEMS]
    ]
    return lines + _more(result.revisions)


def _inferred(result: RunResult) -> list[SummaryLine]:
    """How many indicators the catalogue lacks, what their polarity rests on, and the proposal."""
    inferred = result.inferred
    if not inferred:
        return []
    by = {source: sum(1 for i in inferred if i.polarity_from == source) for source in ("ratings", "printed")}
    undecided = len(inferred) - sum(by.values())
    where = f"proposed entries in {result.proposal}" if result.proposal else "no proposal written"
    return [
        SummaryLine(
            "Inferred",
            f"{count(len(inferred), 'indicator')} not in the KPI catalogue: polarity inferred from"
            f" their ratings for {by['ratings']}, as printed for {by['printed']},"
            f" no better direction for {undecided}; units and sections from the scorecards",
        ),
        SummaryLine("", f"{where}: review them, then copy them into the catalogue"),
    ]


def _renamed(result: RunResult) -> list[SummaryLine]:
    """Each indicator printed under a new name that the history keeps as one series."""
    lines = []
    for name, rename in result.renamed[:SUMMARY_ITEMS]:
        alias = f"; alias proposed in {result.proposal}" if result.proposal else ""
        lines.append(SummaryLine(
            "Renamed" if not lines else "",
            f"{name}: {rename.ref} {rename.old_name!r} is now {rename.new_name!r}; kept as one"
            f" series ({count(rename.agreeing, 'month')} printed the same in both){alias}",
            Severity.WARNING,
        ))
    return lines + _more(result.renamed)


def _unread(result: RunResult) -> list[SummaryLine]:
    """What the coverage audit found unread in the scorecard, as the pack's at-a-glance page says it."""
    if not result.pack or not result.pack.unread:
        return []
    return [SummaryLine("Unread", result.pack.unread, Severity.WARNING)]


def _warnings(result: RunResult) -> list[SummaryLine]:
    warnings = result.pack.warnings if result.pack else ()
    if not warnings:
        return []
    lines = [
        SummaryLine(
            "Warnings",
            f"{len(warnings)} in the pack's data-quality annex, first:",
            Severity.WARNING,
        )
    ]
    lines += [SummaryLine("", w, Severity.WARNING) for w in warnings[:SUMMARY_ITEMS]]
    return lines + _more(warnings)


def _doubtful(result: RunResult) -> list[SummaryLine]:
    """A line for each scan loaded whose cells OCR could not vouch for."""
    lines = []
    for name, period, cells in result.doubtful:
        where = (f"crops in {result.pack.data}/doubtful/" if result.pack and result.pack.period == period
                 else f"`python -m extract` on it saves their crops ({period} is not this pack's month)")
        lines.append(SummaryLine(
            "Doubtful" if not lines else "",
            f"{name}: {count(cells, 'cell')} read from a scan to check against it; {where}",
            Severity.WARNING,
        ))
    return lines


def _refused(result: RunResult) -> list[SummaryLine]:
    lines = []
    for refused in result.refused:
        lines.append(SummaryLine("Refused", f"{refused.path.name}: {refused.why}", Severity.ERROR))
        lines.append(SummaryLine("", f"see {refused.note}", Severity.ERROR))
    return lines


def _problems(result: RunResult) -> list[SummaryLine]:
    return [SummaryLine("Problem", problem, Severity.ERROR) for problem in result.problems]


def _more(items: Sequence) -> list[SummaryLine]:
    if len(items) > SUMMARY_ITEMS:
        return [SummaryLine("", f"… and {len(items) - SUMMARY_ITEMS} more")]
    return []


def count(n: int | None, noun: str) -> str:
    """Give "`n` `noun`s" ("1 page", "3 pages", "? pages" when `n` is unknown)."""
    if n is None:
        return f"? {noun}s"
    if noun.endswith("s"):  # "series"
        return f"{n} {noun}"
    return f"{n} {noun}" + ("" if n == 1 else "s")
