"""What a run leaves in `out/` for one period: the pack, the analysts' workbook and the dataset.

Everything is written into a staging folder inside `out/` first and moved into place only
when all of it is there, so a failed build never replaces a previous good pack.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from dataset.catalogue import Catalogue
from dataset.history import History, Source, coverage_to_gaps
from dataset.infer import INFERRED, Inference, infer_catalogue, with_inferences
from dataset.judge import rate_dataset
from dataset.periods import frequency_of, step_of
from dataset.schema import (
    FIGURE_COLUMNS,
    HISTORY_MONTHS,
    INDICATOR_COLUMNS,
    RATINGS,
    REVISION_COLUMNS,
)
from dataset.xlsx import Table

SOURCE_COLUMNS = ("file", "sha256", "period", "periods", "loaded_at")
WARNING_COLUMNS = ("code", "message", "key", "period", "page")


@dataclass(frozen=True)
class PackPaths:
    """Where the outputs for `period` land in `out`."""

    out: Path
    period: str

    @property
    def pdf(self) -> Path:
        return self.out / f"{self.period}-board-pack.pdf"

    @property
    def html(self) -> Path:
        return self.out / f"{self.period}-board-pack.html"

    @property
    def accessible(self) -> Path:
        return self.out / f"{self.period}-board-pack-accessible.pdf"

    @property
    def xlsx(self) -> Path:
        return self.out / f"{self.period}-kpis.xlsx"

    @property
    def data(self) -> Path:
        return self.out / f"{self.period}-data"


@dataclass(frozen=True)
class PackData:
    """The dataset the pack is built from: the latest PDF's indicators with their history."""

    indicators: list[dict]
    figures: list[dict]
    meta: dict
    sources: list[Source]  # every PDF whose months fall in the trend window
    # What every month held says of the indicators the catalogue lacks (dataset.infer).
    inferences: tuple[Inference, ...] = ()

    @property
    def revisions(self) -> list[dict]:
        return self.meta["revisions"]


def history_to_pack_data(
    history: History,
    source: Source,
    months: int = HISTORY_MONTHS,
    catalogue: Catalogue | None = None,
) -> PackData:
    """Give the pack dataset for `source`: its indicators, up to `months` months of their
    figures from `history`, and its extraction.json with `revisions`, `history_sources`
    (the names of the earlier PDFs the trend draws on) and the `ratings` of every month
    shown, judged with `catalogue` as extract judges one PDF's; an indicator the catalogue
    lacks is judged by what every month the history holds of it says (`inferred`)."""
    indicators = history.indicators(source)
    keys = [indicator["key"] for indicator in indicators]
    # A quarterly history's window is as many quarters: `months` periods, each three months.
    step = step_of(frequency_of(history.meta(source)))
    figures = history.figures(keys, end=source.period, months=months * step)
    revisions = history.revisions(keys, end=source.period, months=months * step)
    used = {figure["period"] for figure in figures}
    sources = [
        other
        for other in history.sources()
        if other.period <= source.period and set(other.periods) & used
    ]
    meta = dict(history.meta(source))
    meta["source_periods"] = meta.get("periods", [])
    # The dataset's months are now those of the history window, not of the one PDF; a month
    # no scorecard printed stays in it, so that the trend shows the hole instead of closing it.
    window = {key: [p for p in held if p in used] for key, held in history.coverage(keys).items()}
    gaps = coverage_to_gaps(window, step).everywhere
    meta["periods"] = sorted(used | set(gaps))
    meta["history_gaps"] = list(gaps)
    noun = "quarter" if step == 3 else "month"
    meta["warnings"] = [*meta.get("warnings", []), *(_gap_warning(period, noun) for period in gaps)]
    meta["revisions"] = [revision.as_dict() for revision in revisions]
    meta["history_sources"] = [other.file_name for other in sources if other.id != source.id]
    inferences = infer_catalogue(indicators, history.held(keys), catalogue, history.names(keys))
    meta[INFERRED] = [item.as_dict() for item in inferences]
    meta[RATINGS] = rate_dataset(indicators, figures, with_inferences(catalogue, inferences))
    meta["commentaries"] = earlier_commentaries(history, sources, source, set(keys))
    return PackData(indicators=indicators, figures=figures, meta=meta, sources=sources,
                    inferences=inferences)


def earlier_commentaries(
    history: History, sources: list[Source], source: Source, keys: set[str]
) -> list[dict]:
    """Give the commentary each earlier scorecard of `sources` printed for the indicators
    `keys` of `source`, one per indicator and month (the latest loaded), oldest month first."""
    found: dict[tuple[str, str], dict] = {}
    for other in sources:
        if other.period >= source.period:
            continue
        for row in history.indicators(other):
            if row["key"] in keys:
                found[(row["key"], other.period)] = {
                    "key": row["key"],
                    "period": other.period,
                    "narrative": row["narrative"],
                    "source": other.file_name,
                }
    return [found[ident] for ident in sorted(found)]


def _gap_warning(period: str, noun: str = "month") -> dict:
    return {
        "code": "history-gap",
        "subject": "Every indicator",
        "message": f"no scorecard in the history printed a figure for this {noun}, so the trend"
        f" has a gap here; drop that {noun}'s scorecard into the inbox to fill it",
        "period": period,
    }


def pack_data_to_tables(data: PackData) -> dict[str, Table]:
    """Give the workbook sheets for `data`: one per table, numbers as numbers."""
    sources = [
        {
            "file": source.file_name,
            "sha256": source.sha256,
            "period": source.period,
            "periods": ";".join(source.periods),
            "loaded_at": source.loaded_at,
        }
        for source in data.sources
    ]
    return {
        "indicators": Table(
            INDICATOR_COLUMNS, data.indicators, frozenset({"target", "national", "comparator"})
        ),
        "figures": Table(FIGURE_COLUMNS, data.figures, frozenset({"value"})),
        "revisions": Table(REVISION_COLUMNS, data.revisions, frozenset({"old_value", "new_value"})),
        "sources": Table(SOURCE_COLUMNS, sources),
        "warnings": Table(WARNING_COLUMNS, data.meta.get("warnings", []), frozenset({"page"})),
    }


@contextmanager
def staged_outputs(paths: PackPaths) -> Iterator[PackPaths]:
    """Give staging paths for the outputs of `paths`; publish them all if the block ends
    normally, and leave `out/` as it was if it raises."""
    paths.out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=paths.out))
    try:
        staged = PackPaths(staging, paths.period)
        yield staged
        _publish(staged, paths, staging / ".previous-data")
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _publish(staged: PackPaths, paths: PackPaths, trash: Path) -> None:
    # The PDF goes last: it is what people circulate, so once it is new the rest is too.
    if paths.data.exists():
        os.replace(paths.data, trash)
    os.replace(staged.data, paths.data)
    os.replace(staged.xlsx, paths.xlsx)
    # An edition this run could not build must not stand beside a pack it no longer matches.
    for edition in ("html", "accessible"):
        built, published = getattr(staged, edition), getattr(paths, edition)
        if built.exists():
            os.replace(built, published)
        elif published.exists():
            published.unlink()
    os.replace(staged.pdf, paths.pdf)
