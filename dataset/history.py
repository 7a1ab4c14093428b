"""The history store: every scorecard PDF loaded, every figure it gave, and every revision.

One SQLite file (`data/history.sqlite`), standard library only. The schema is created and
migrated here, by `PRAGMA user_version`. Each PDF is loaded in one transaction, so a
failure or a crash half way leaves the store exactly as it was.

A figure is one (series key, period, measure). Scorecards overlap (April's PDF holds
Feb-Apr, May's holds Mar-May), so a month arrives more than once: the same figure again
adds nothing; a different one is a revision. The figure from the PDF with the latest
reporting period is current (the later load breaks a tie), and the other is kept with
`superseded_by` pointing at the one that replaced it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from dataset.csvio import format_number
from dataset.errors import DatasetError
from dataset.periods import frequency_of
from dataset.schema import FIGURE_COLUMNS, HISTORY_MONTHS, INDICATOR_COLUMNS, MEASURES

HISTORY_FILE = "history.sqlite"

# Gives the series key of an indicator from its key and name as printed in one PDF.
SeriesKey = Callable[[str, str], str]

# Each entry moves the schema from version N to N+1; never edit one that has shipped.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            period TEXT NOT NULL,
            periods TEXT NOT NULL,
            loaded_at TEXT NOT NULL,
            meta TEXT NOT NULL
        )""",
        """CREATE TABLE indicators (
            source_id INTEGER NOT NULL REFERENCES sources(id),
            position INTEGER NOT NULL,
            source_key TEXT NOT NULL,
            """
        + ",\n            ".join(f'"{column}" TEXT NOT NULL' for column in INDICATOR_COLUMNS)
        + """,
            PRIMARY KEY (source_id, position),
            UNIQUE (source_id, key)
        )""",
        """CREATE TABLE figures (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            period TEXT NOT NULL,
            measure TEXT NOT NULL,
            value REAL,
            unit TEXT NOT NULL,
            figure_text TEXT NOT NULL,
            rag TEXT NOT NULL,
            rag_text TEXT NOT NULL,
            rag_source TEXT NOT NULL,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            superseded_by INTEGER REFERENCES figures(id)
        )""",
        # At most one current figure per key, month and measure.
        """CREATE UNIQUE INDEX figures_current ON figures(key, period, measure)
            WHERE superseded_by IS NULL""",
        "CREATE INDEX figures_by_period ON figures(period, key)",
    ),
)

# What makes two arrivals of a figure "the same"; rag_text and rag_source only say how
# the RAG was read, so a change there alone is not a new figure.
_COMPARED = ("value", "unit", "figure_text", "rag")


class HistoryError(Exception):
    """The history store cannot be opened or does not accept this load."""


@dataclass(frozen=True)
class Source:
    """One scorecard PDF as loaded into the history."""

    id: int
    file_name: str
    sha256: str
    period: str
    periods: tuple[str, ...]
    loaded_at: str


@dataclass(frozen=True)
class Revision:
    """A figure that a later scorecard printed differently."""

    key: str
    period: str
    measure: str
    old_value: str
    new_value: str
    old_source: str
    new_source: str

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "period": self.period,
            "measure": self.measure,
            "old_value": self.old_value,
            "new_value": self.new_value,
            "old_source": self.old_source,
            "new_source": self.new_source,
        }


@dataclass(frozen=True)
class LoadResult:
    """What one `History.load` did: the source row, and counts of figures added or kept."""

    source: Source
    duplicate: bool
    added: int = 0
    unchanged: int = 0
    revisions: tuple[Revision, ...] = ()


def shift_period(period: str, months: int) -> str:
    """Give the `YYYY-MM` that is `months` after `period` (before it when negative)."""
    year, month = (int(part) for part in period.split("-"))
    index = year * 12 + (month - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _number(text: object) -> float | None:
    if text is None or text == "":
        return None
    return float(text)


def _value_text(value: float | None) -> str:
    return "" if value is None else format_number(value)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class History:
    """The history store at `path` (`":memory:"` for one that lives only as long as the object)."""

    def __init__(self, path: Path | str, migrations: Sequence[Sequence[str]] = MIGRATIONS):
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            # isolation_level=None: transactions are ours, begun and ended explicitly.
            self._db = sqlite3.connect(str(path), isolation_level=None, timeout=30)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA foreign_keys = ON")
            _migrate(self._db, migrations)
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"cannot open the history store {path}: {exc}") from None
        self.path = path

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @property
    def schema_version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    # -- reading ----------------------------------------------------------------------

    def sources(self) -> list[Source]:
        """Give every loaded PDF, oldest reporting period first, in load order within one."""
        rows = self._db.execute("SELECT * FROM sources ORDER BY period, id").fetchall()
        return [_source(row) for row in rows]

    def find_source(self, sha256: str) -> Source | None:
        """Give the loaded PDF whose SHA-256 is `sha256`, or None."""
        row = self._db.execute("SELECT * FROM sources WHERE sha256 = ?", (sha256,)).fetchone()
        return _source(row) if row else None

    def latest_source(self, period: str | None = None) -> Source | None:
        """Give the PDF with the latest reporting period (or the one for `period`), or None."""
        if period is None:
            sql, args = "SELECT * FROM sources ORDER BY period DESC, id DESC LIMIT 1", ()
        else:
            sql = "SELECT * FROM sources WHERE period = ? ORDER BY id DESC LIMIT 1"
            args = (period,)
        row = self._db.execute(sql, args).fetchone()
        return _source(row) if row else None

    def frequency(self) -> str | None:
        """Give the frequency of the scorecards held (`monthly`, `quarterly`), or None when
        the history is empty; a history holds one (`load` refuses the other)."""
        row = self._db.execute("SELECT meta FROM sources ORDER BY id LIMIT 1").fetchone()
        return frequency_of(json.loads(row["meta"])) if row else None

    def meta(self, source: Source) -> dict:
        """Give the extraction.json object stored with `source`."""
        row = self._db.execute("SELECT meta FROM sources WHERE id = ?", (source.id,)).fetchone()
        return json.loads(row["meta"])

    def indicators(self, source: Source) -> list[dict]:
        """Give the indicators of `source` in source order, keyed by series key."""
        rows = self._db.execute(
            "SELECT * FROM indicators WHERE source_id = ? ORDER BY position", (source.id,)
        ).fetchall()
        return [{column: row[column] for column in INDICATOR_COLUMNS} for row in rows]

    def figures(self, keys: Iterable[str], end: str, months: int = HISTORY_MONTHS) -> list[dict]:
        """Give the current figures of `keys` for the `months` months up to `end`, by key then period."""
        order = {key: n for n, key in enumerate(keys)}
        start = shift_period(end, 1 - months)
        rows = self._db.execute(
            "SELECT * FROM figures WHERE superseded_by IS NULL AND period BETWEEN ? AND ?",
            (start, end),
        ).fetchall()
        measure_order = {measure: n for n, measure in enumerate(MEASURES)}
        chosen = sorted(
            (row for row in rows if row["key"] in order),
            key=lambda row: (order[row["key"]], row["period"], measure_order[row["measure"]]),
        )
        return [_figure_row(row) for row in chosen]

    def held(self, keys: Iterable[str]) -> list[dict]:
        """Give every current figure of `keys`, all months held, each with the `target` the
        scorecard that printed it gave its indicator (what dataset.infer weighs)."""
        wanted = set(keys)
        rows = self._db.execute(
            """SELECT figures.*, indicators.target AS target FROM figures
               LEFT JOIN indicators ON indicators.source_id = figures.source_id
                                   AND indicators.key = figures.key
               WHERE superseded_by IS NULL ORDER BY figures.key, figures.period, figures.id"""
        ).fetchall()
        return [{**_figure_row(row), "target": row["target"] or ""}
                for row in rows if row["key"] in wanted]

    def names(self, keys: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """Give each series of `keys` → every name it was printed under, oldest scorecard first."""
        wanted = set(keys)
        rows = self._db.execute(
            """SELECT indicators.key, indicators.name FROM indicators
               JOIN sources ON sources.id = indicators.source_id
               ORDER BY sources.period, sources.id"""
        ).fetchall()
        out: dict[str, list[str]] = {}
        for row in rows:
            if row["key"] in wanted and row["name"] not in out.setdefault(row["key"], []):
                out[row["key"]].append(row["name"])
        return {key: tuple(names) for key, names in out.items()}

    def coverage(self, keys: Iterable[str] | None = None) -> dict[str, tuple[str, ...]]:
        """Give each series (only `keys`, when given) → the months it holds a current figure for."""
        rows = self._db.execute(
            "SELECT DISTINCT key, period FROM figures WHERE superseded_by IS NULL"
            " ORDER BY key, period"
        ).fetchall()
        wanted = set(keys) if keys is not None else None
        held: dict[str, list[str]] = {}
        for row in rows:
            if wanted is None or row["key"] in wanted:
                held.setdefault(row["key"], []).append(row["period"])
        return {key: tuple(periods) for key, periods in held.items()}

    def figure_rows(self, key: str, period: str, measure: str) -> list[dict]:
        """Give every stored arrival of one figure, oldest first, each with its source file and `current`."""
        rows = self._db.execute(
            """SELECT figures.*, sources.file_name FROM figures
               JOIN sources ON sources.id = figures.source_id
               WHERE key = ? AND figures.period = ? AND measure = ? ORDER BY figures.id""",
            (key, period, measure),
        ).fetchall()
        return [
            {
                **_figure_row(row),
                "source": row["file_name"],
                "current": row["superseded_by"] is None,
            }
            for row in rows
        ]

    def revisions(
        self, keys: Iterable[str] | None = None, end: str | None = None, months: int | None = None
    ) -> list[Revision]:
        """Give every revision (a figure whose value changed), optionally only for `keys` and
        the `months` months up to `end`, by period, key and measure."""
        rows = self._db.execute(
            """SELECT old.key, old.period, old.measure, old.value AS old_value,
                      new.value AS new_value, old_source.file_name AS old_source,
                      new_source.file_name AS new_source
               FROM figures AS old
               JOIN figures AS new ON new.id = old.superseded_by
               JOIN sources AS old_source ON old_source.id = old.source_id
               JOIN sources AS new_source ON new_source.id = new.source_id
               WHERE old.value IS NOT new.value
               ORDER BY old.period, old.key, old.measure, old.id"""
        ).fetchall()
        wanted = set(keys) if keys is not None else None
        start = shift_period(end, 1 - months) if end and months else None
        return [
            Revision(
                key=row["key"],
                period=row["period"],
                measure=row["measure"],
                old_value=_value_text(row["old_value"]),
                new_value=_value_text(row["new_value"]),
                old_source=row["old_source"],
                new_source=row["new_source"],
            )
            for row in rows
            if (wanted is None or row["key"] in wanted)
            and (end is None or row["period"] <= end)
            and (start is None or row["period"] >= start)
        ]

    # -- writing ----------------------------------------------------------------------

    def load(
        self,
        *,
        file_name: str,
        sha256: str,
        meta: dict,
        indicators: Sequence[dict],
        figures: Sequence[dict],
        series_key: SeriesKey | None = None,
        loaded_at: str | None = None,
    ) -> LoadResult:
        """Load one PDF's extraction in one transaction, giving what changed.

        A PDF whose `sha256` is already stored is not loaded again (`duplicate=True`).
        `series_key(key, name)` matches an indicator to the series of earlier months
        (the KPI catalogue's keys and aliases); without it the key alone is used.
        """
        period = meta.get("period") or ""
        periods = list(meta.get("periods") or [period])
        self._db.execute("BEGIN IMMEDIATE")
        try:
            existing = self.find_source(sha256)
            if existing:
                self._db.execute("ROLLBACK")
                return LoadResult(source=existing, duplicate=True)
            held, arriving = self.frequency(), frequency_of(meta)
            if held is not None and held != arriving:
                # A quarter is keyed by its last month: held beside months, it would read as one.
                raise DatasetError(f"{file_name} is a {arriving} scorecard and the history holds "
                                   f"{held} ones; keep each in a history of its own")
            result = self._load(
                file_name,
                sha256,
                period,
                periods,
                meta,
                indicators,
                figures,
                series_key,
                loaded_at or _now(),
            )
            self._db.execute("COMMIT")
        except BaseException:
            # BaseException too: a KeyboardInterrupt half way must not leave a half-loaded PDF.
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise
        return result

    def _load(
        self,
        file_name: str,
        sha256: str,
        period: str,
        periods: list[str],
        meta: dict,
        indicators: Sequence[dict],
        figures: Sequence[dict],
        series_key: SeriesKey | None,
        loaded_at: str,
    ) -> LoadResult:
        cursor = self._db.execute(
            "INSERT INTO sources (file_name, sha256, period, periods, loaded_at, meta)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                file_name,
                sha256,
                period,
                json.dumps(periods),
                loaded_at,
                json.dumps(meta, ensure_ascii=False, sort_keys=True),
            ),
        )
        source = Source(cursor.lastrowid, file_name, sha256, period, tuple(periods), loaded_at)

        keys = indicators_to_series_keys(indicators, series_key)
        columns = ", ".join(f'"{column}"' for column in INDICATOR_COLUMNS)
        marks = ", ".join("?" for _ in INDICATOR_COLUMNS)
        for position, indicator in enumerate(indicators):
            values = [_text(indicator.get(column)) for column in INDICATOR_COLUMNS]
            values[INDICATOR_COLUMNS.index("key")] = keys[indicator["key"]]
            self._db.execute(
                f"INSERT INTO indicators (source_id, position, source_key, {columns})"
                f" VALUES (?, ?, ?, {marks})",
                (source.id, position, indicator["key"], *values),
            )

        added = unchanged = 0
        revisions: list[Revision] = []
        for figure in figures:
            row = {column: _text(figure.get(column)) for column in FIGURE_COLUMNS}
            row["key"] = keys.get(row["key"], row["key"])
            outcome = self._add_figure(source, row)
            if outcome == "unchanged":
                unchanged += 1
            else:
                added += 1
                if isinstance(outcome, Revision):
                    revisions.append(outcome)
        return LoadResult(source, False, added, unchanged, tuple(revisions))

    def _arrivals(self, row: dict) -> list[sqlite3.Row]:
        return self._db.execute(
            "SELECT * FROM figures WHERE key = ? AND period = ? AND measure = ?",
            (row["key"], row["period"], row["measure"]),
        ).fetchall()

    def _add_figure(self, source: Source, row: dict) -> str | Revision:
        value = _number(row["value"])
        current = self._db.execute(
            """SELECT figures.*, sources.period AS source_period, sources.file_name
               FROM figures JOIN sources ON sources.id = figures.source_id
               WHERE key = ? AND figures.period = ? AND measure = ? AND superseded_by IS NULL""",
            (row["key"], row["period"], row["measure"]),
        ).fetchone()
        incoming = {**row, "value": value}
        if current is not None and _same(current, incoming):
            return "unchanged"

        # A PDF of an earlier period that arrives late does not overrule a later one; what
        # it says was either held already (the earlier PDF's figure, since revised) or is
        # one more old value.
        newest = current is None or source.period >= current["source_period"]
        if not newest and any(_same(old, incoming) for old in self._arrivals(row)):
            return "unchanged"
        if current is not None and newest:
            # Only one current row may exist at any moment (figures_current): mark the old
            # one superseded by itself until the new row has an id to point at.
            self._db.execute("UPDATE figures SET superseded_by = id WHERE id = ?", (current["id"],))
        cursor = self._db.execute(
            "INSERT INTO figures (key, period, measure, value, unit, figure_text, rag, rag_text,"
            " rag_source, source_id, superseded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row["key"],
                row["period"],
                row["measure"],
                value,
                row["unit"],
                row["figure_text"],
                row["rag"],
                row["rag_text"],
                row["rag_source"],
                source.id,
                None if newest else current["id"],
            ),
        )
        if current is None:
            return "added"
        if newest:
            self._db.execute(
                "UPDATE figures SET superseded_by = ? WHERE id = ?",
                (cursor.lastrowid, current["id"]),
            )
        if current["value"] == value:
            return "restated"
        old, new = (current, {"value": value, "file_name": source.file_name})
        if not newest:
            old, new = new, old
        return Revision(
            key=row["key"],
            period=row["period"],
            measure=row["measure"],
            old_value=_value_text(old["value"]),
            new_value=_value_text(new["value"]),
            old_source=old["file_name"],
            new_source=new["file_name"],
        )


@dataclass(frozen=True)
class Gaps:
    """Months missing inside the span of a history: from every series, and from each one."""

    everywhere: tuple[str, ...]  # months no series holds, between the first and the last held
    by_series: dict[str, tuple[str, ...]]  # series → months it lacks between its first and last


def months_between(first: str, last: str, step: int = 1) -> list[str]:
    """Give every `YYYY-MM` from `first` to `last`, both included, `step` months apart (3:
    the quarters between two quarters)."""
    out, period = [], first
    while period <= last:
        out.append(period)
        period = shift_period(period, step)
    return out


def coverage_to_gaps(coverage: dict[str, Sequence[str]], step: int = 1) -> Gaps:
    """Give the gaps in `coverage` (series → periods held, `step` months apart: 3 for
    quarters): a period between two held ones that no scorecard printed is a hole in the
    trend, which must be named, not closed up."""
    held = {period for periods in coverage.values() for period in periods}
    if not held:
        return Gaps((), {})
    everywhere = tuple(p for p in months_between(min(held), max(held), step) if p not in held)
    by_series = {}
    for key, periods in coverage.items():
        if periods:
            own = set(periods)
            missing = tuple(
                p for p in months_between(min(own), max(own), step) if p not in own and p in held
            )
            if missing:
                by_series[key] = missing
    return Gaps(everywhere, by_series)


def indicators_to_series_keys(
    indicators: Sequence[dict], series_key: SeriesKey | None
) -> dict[str, str]:
    """Give each indicator's key in one PDF → its series key, unique within the PDF."""
    keys: dict[str, str] = {}
    used: set[str] = set()
    for indicator in indicators:
        key = indicator["key"]
        wanted = series_key(key, indicator.get("name", "")) if series_key else key
        # Two rows matched to one catalogue entry: the second keeps its own series.
        candidate, n = (wanted if wanted not in used else key), 2
        while candidate in used:
            candidate, n = f"{key}-{n}", n + 1
        keys[key] = candidate
        used.add(candidate)
    return keys


def _migrate(db: sqlite3.Connection, migrations: Sequence[Sequence[str]]) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > len(migrations):
        raise HistoryError(
            f"the history store has schema version {version}, newer than this boardpack"
            f" knows ({len(migrations)}): update boardpack"
        )
    for number, statements in enumerate(migrations[version:], start=version + 1):
        db.execute("BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another process may have migrated meanwhile.
            if db.execute("PRAGMA user_version").fetchone()[0] >= number:
                db.execute("ROLLBACK")
                continue
            for statement in statements:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {number}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise


def _same(current: sqlite3.Row, row: dict) -> bool:
    return all(current[column] == row[column] for column in _COMPARED)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format_number(value)
    return str(value)


def _source(row: sqlite3.Row) -> Source:
    return Source(
        id=row["id"],
        file_name=row["file_name"],
        sha256=row["sha256"],
        period=row["period"],
        periods=tuple(json.loads(row["periods"])),
        loaded_at=row["loaded_at"],
    )


def _figure_row(row: sqlite3.Row) -> dict:
    out = {column: row[column] for column in FIGURE_COLUMNS}
    out["value"] = _value_text(row["value"])
    return out
