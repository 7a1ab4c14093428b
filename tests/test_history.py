"""The history store: schema and migrations, one transaction per PDF, revisions, dedupe, window."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dataset.history import (
    MIGRATIONS,
    History,
    HistoryError,
    coverage_to_gaps,
    indicators_to_series_keys,
    shift_period,
)
from dataset.schema import FIGURE_COLUMNS, HISTORY_MONTHS, INDICATOR_COLUMNS

ROOT = Path(__file__).resolve().parent.parent


def months_to(period: str, count: int) -> list[str]:
    return [shift_period(period, n) for n in range(1 - count, 1)]


def scorecard(period: str, values: dict[str, dict[str, float | None]], names=None, months=3):
    """Give (meta, indicators, figures) of a scorecard whose latest month is `period`."""
    periods = months_to(period, months)
    names = names or {}
    indicators = [
        {**dict.fromkeys(INDICATOR_COLUMNS, ""), "key": key, "name": names.get(key, key.title())}
        for key in values
    ]
    figures = []
    for key, by_period in values.items():
        for month in periods:
            value = by_period.get(month, 10.0)
            figures.append(
                {
                    **dict.fromkeys(FIGURE_COLUMNS, ""),
                    "key": key,
                    "period": month,
                    "measure": "value",
                    "value": "" if value is None else value,
                    "figure_text": "" if value is None else f"{value:g}",
                    "unit": "%",
                }
            )
    meta = {"source": {"file": f"{period}.pdf"}, "period": period, "periods": periods}
    return meta, indicators, figures


def load(history: History, period: str, values, name=None, **kwargs):
    meta, indicators, figures = scorecard(period, values, kwargs.pop("names", None))
    return history.load(
        file_name=name or f"{period}.pdf",
        sha256=kwargs.pop("sha256", f"sha-{name or period}"),
        meta=meta,
        indicators=indicators,
        figures=figures,
        **kwargs,
    )


def dump(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as db:
        return {
            table: sorted(db.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in ("sources", "indicators", "figures")
        }


@pytest.fixture
def store(tmp_path):
    with History(tmp_path / "history.sqlite") as history:
        yield history


APRIL = {"re-referrals": {"2022-02": 20, "2022-03": 21, "2022-04": 22}, "visits": {}}
# May's scorecard restates March as printed in April and revises April's re-referrals.
MAY = {"re-referrals": {"2022-03": 21, "2022-04": 25, "2022-05": 23}, "visits": {}}


@pytest.mark.parametrize(
    ("period", "months", "expected"),
    [
        ("2022-04", 0, "2022-04"),
        ("2022-04", -12, "2021-04"),
        ("2022-01", -1, "2021-12"),
        ("2021-12", 1, "2022-01"),
        ("2022-05", -13, "2021-04"),
    ],
)
def test_shift_period(period, months, expected):
    assert shift_period(period, months) == expected


def test_schema_is_created_once_and_versioned(tmp_path):
    path = tmp_path / "data" / "history.sqlite"
    with History(path) as history:
        assert history.schema_version == len(MIGRATIONS)
        load(history, "2022-04", APRIL)
    with History(path) as history:
        assert history.schema_version == len(MIGRATIONS)
        assert [s.period for s in history.sources()] == ["2022-04"]


def test_a_later_migration_is_applied_once_to_an_existing_store(tmp_path):
    path = tmp_path / "history.sqlite"
    with History(path) as history:
        load(history, "2022-04", APRIL)
    later = (*MIGRATIONS, ("ALTER TABLE sources ADD COLUMN note TEXT NOT NULL DEFAULT ''",))
    with History(path, migrations=later) as history:
        assert history.schema_version == len(later)
    # A second open must not run the ALTER again (it would fail: the column exists).
    with History(path, migrations=later) as history:
        assert [s.file_name for s in history.sources()] == ["2022-04.pdf"]


def test_a_store_from_a_newer_boardpack_is_refused(tmp_path):
    path = tmp_path / "history.sqlite"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(HistoryError, match="newer"):
        History(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "history.sqlite"
    path.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(HistoryError, match="cannot open"):
        History(path)


def test_a_load_records_the_source_and_each_figure_keeps_it(store):
    result = load(store, "2022-04", APRIL, loaded_at="2022-05-03T09:00:00+00:00")
    assert not result.duplicate and result.added == 6 and result.unchanged == 0
    [source] = store.sources()
    assert (source.file_name, source.sha256, source.period) == (
        "2022-04.pdf",
        "sha-2022-04",
        "2022-04",
    )
    assert source.periods == ("2022-02", "2022-03", "2022-04")
    assert source.loaded_at == "2022-05-03T09:00:00+00:00"
    [row] = store.figure_rows("re-referrals", "2022-03", "value")
    assert row["value"] == "21" and row["source"] == "2022-04.pdf" and row["current"]


def test_an_overlapping_month_is_not_duplicated_and_a_revision_keeps_the_old_value(store):
    load(store, "2022-04", APRIL)
    result = load(store, "2022-05", MAY)

    # March of both indicators and April's visits arrive again as printed.
    assert (result.unchanged, result.added) == (3, 3)
    march = store.figure_rows("re-referrals", "2022-03", "value")
    assert [(r["value"], r["source"]) for r in march] == [("21", "2022-04.pdf")]

    april = store.figure_rows("re-referrals", "2022-04", "value")
    assert [(r["value"], r["source"], r["current"]) for r in april] == [
        ("22", "2022-04.pdf", False),
        ("25", "2022-05.pdf", True),
    ]
    [revision] = result.revisions
    assert revision.as_dict() == {
        "key": "re-referrals",
        "period": "2022-04",
        "measure": "value",
        "old_value": "22",
        "new_value": "25",
        "old_source": "2022-04.pdf",
        "new_source": "2022-05.pdf",
    }
    assert store.revisions() == [revision]


def test_the_latest_reporting_period_wins_whatever_the_load_order(tmp_path):
    with History(tmp_path / "a.sqlite") as forward, History(tmp_path / "b.sqlite") as backward:
        load(forward, "2022-04", APRIL)
        load(forward, "2022-05", MAY)
        load(backward, "2022-05", MAY)
        late = load(backward, "2022-04", APRIL)
        keys = ["re-referrals", "visits"]
        assert forward.figures(keys, "2022-05") == backward.figures(keys, "2022-05")
        assert forward.revisions() == backward.revisions()
        # April's PDF arriving after May's reports the same revision: May's value stands.
        assert [(r.old_value, r.new_value) for r in late.revisions] == [("22", "25")]
        assert [f["value"] for f in backward.figures(["re-referrals"], "2022-05")] == [
            "20",
            "21",
            "25",
            "23",
        ]


def test_a_late_copy_of_an_already_revised_month_adds_nothing(store):
    load(store, "2022-04", APRIL)
    load(store, "2022-05", MAY)
    # April's figures again, from a re-issued file: 22 is already held as the old value.
    late = load(store, "2022-04", APRIL, name="april-reissued.pdf")
    assert (late.added, late.revisions) == (0, ())
    assert len(store.revisions()) == 1
    # A third value for April from a late file is one more old value, listed as a revision.
    odd = load(
        store,
        "2022-04",
        {"re-referrals": {**APRIL["re-referrals"], "2022-04": 30}},
        name="april-v3.pdf",
    )
    assert [(r.old_value, r.new_value, r.old_source) for r in odd.revisions] == [
        ("30", "25", "april-v3.pdf")
    ]
    assert store.figures(["re-referrals"], "2022-04", months=1)[0]["value"] == "25"


def test_a_newer_pdf_that_restores_an_old_value_is_a_revision(store):
    load(store, "2022-04", APRIL)
    load(store, "2022-05", MAY)
    june = load(store, "2022-06", {"re-referrals": {"2022-04": 22, "2022-05": 23}})
    assert [(r.old_value, r.new_value) for r in june.revisions] == [("25", "22")]
    assert len(store.revisions()) == 2


def test_the_same_pdf_twice_is_loaded_once(store, tmp_path):
    first = load(store, "2022-04", APRIL, sha256="abc")
    before = dump(tmp_path / "history.sqlite")
    again = load(store, "2022-04", APRIL, name="april copy.pdf", sha256="abc")
    assert again.duplicate and again.source == first.source
    assert dump(tmp_path / "history.sqlite") == before


def test_a_failure_half_way_leaves_the_store_exactly_as_before(store, tmp_path):
    load(store, "2022-04", APRIL)
    before = dump(tmp_path / "history.sqlite")
    calls = []

    def series_key(key, name):
        calls.append(key)
        if len(calls) == 2:  # after the source row and the first indicator are written
            raise RuntimeError("disk on fire")
        return key

    with pytest.raises(RuntimeError, match="disk on fire"):
        load(store, "2022-05", MAY, series_key=series_key)
    assert dump(tmp_path / "history.sqlite") == before
    # and the store still takes the next load
    assert load(store, "2022-05", MAY).revisions


def test_a_crash_half_way_leaves_the_store_exactly_as_before(tmp_path):
    path = tmp_path / "history.sqlite"
    with History(path) as history:
        load(history, "2022-04", APRIL)
    before = dump(path)
    # A process that dies (no exception handling, no cleanup) in the middle of a load.
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path[:0] = [{str(ROOT)!r}, {str(Path(__file__).parent)!r}]
        from dataset.history import History
        from test_history import MAY, load
        def series_key(key, name):
            if key == "visits":
                os._exit(9)
            return key
        load(History({str(path)!r}), "2022-05", MAY, series_key=series_key)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], check=False, capture_output=True, text=True
    )
    assert done.returncode == 9, done.stderr
    assert dump(path) == before
    with History(path) as history:
        assert [s.period for s in history.sources()] == ["2022-04"]


def test_the_pack_s_window_is_twenty_four_months_from_the_history(store):
    # Enough for an XmR chart's 15 figures and more; the pack itself shows the last 13.
    end = "2023-06"
    for period in months_to(end, 26):
        load(
            store, period, {"visits": {month: float(month[-2:]) for month in months_to(period, 3)}}
        )
    figures = store.figures(["visits"], end)
    assert [f["period"] for f in figures] == months_to(end, HISTORY_MONTHS) == months_to(end, 24)
    assert len(store.figures(["visits"], end, months=6)) == 6
    # A pack for an earlier month ends its window there.
    assert store.figures(["visits"], "2022-12")[-1]["period"] == "2022-12"


def test_figures_come_in_indicator_order_with_text_values(store):
    load(store, "2022-04", {"b": {"2022-04": None}, "a": {"2022-04": 39.0}})
    rows = store.figures(["b", "a"], "2022-04", months=1)
    assert [(r["key"], r["value"]) for r in rows] == [("b", ""), ("a", "39")]
    assert set(rows[0]) == set(FIGURE_COLUMNS)


def test_reworded_names_stay_one_series_through_series_key(store):
    aliases = {"re-referrals-within-12-months": "re-referrals"}

    def series_key(key, name):
        return aliases.get(key, key)

    load(store, "2022-04", APRIL, series_key=series_key)
    may = {"re-referrals-within-12-months": MAY["re-referrals"], "new-indicator": {}}
    result = load(store, "2022-05", may, series_key=series_key)
    assert [r.key for r in result.revisions] == ["re-referrals"]
    latest = store.latest_source()
    indicators = store.indicators(latest)
    assert [i["key"] for i in indicators] == ["re-referrals", "new-indicator"]
    periods = [f["period"] for f in store.figures(["re-referrals"], "2022-05")]
    assert periods == ["2022-02", "2022-03", "2022-04", "2022-05"]
    # A new indicator starts its own series: only May's PDF months.
    assert len(store.figures(["new-indicator"], "2022-05")) == 3


def test_two_rows_matched_to_one_entry_keep_separate_series():
    indicators = [{"key": "a", "name": "A"}, {"key": "a-2", "name": "A"}, {"key": "b", "name": "B"}]
    keys = indicators_to_series_keys(indicators, lambda key, name: "a" if name == "A" else key)
    assert keys == {"a": "a", "a-2": "a-2", "b": "b"}


def test_latest_source_and_by_period(store):
    load(store, "2022-05", MAY)
    load(store, "2022-04", APRIL)
    assert store.latest_source().period == "2022-05"
    assert store.latest_source("2022-04").file_name == "2022-04.pdf"
    assert store.latest_source("2021-01") is None
    assert store.meta(store.latest_source())["periods"] == ["2022-03", "2022-04", "2022-05"]


def test_revisions_filter_by_keys_and_window(store):
    load(store, "2022-04", APRIL)
    load(store, "2022-05", MAY)
    assert store.revisions(["visits"]) == []
    assert len(store.revisions(["re-referrals"], end="2022-05", months=13)) == 1
    assert store.revisions(["re-referrals"], end="2022-03", months=13) == []


# -- coverage and gaps --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("coverage", "everywhere", "by_series"),
    [
        ({}, (), {}),
        ({"a": ("2022-01", "2022-02")}, (), {}),
        # A month no series holds, across a year end.
        ({"a": ("2021-11", "2022-01"), "b": ("2021-11", "2022-01")}, ("2021-12",), {}),
        # One series lacks a month the other holds; a series that starts late has no gap.
        (
            {
                "a": ("2022-01", "2022-02", "2022-03"),
                "b": ("2022-01", "2022-03"),
                "c": ("2022-03",),
            },
            (),
            {"b": ("2022-02",)},
        ),
        # Both at once: only months some series holds count against one series.
        (
            {"a": ("2022-01", "2022-02", "2022-04"), "b": ("2022-01", "2022-04")},
            ("2022-03",),
            {"b": ("2022-02",)},
        ),
    ],
)
def test_coverage_to_gaps(coverage, everywhere, by_series):
    gaps = coverage_to_gaps(coverage)
    assert gaps.everywhere == everywhere and gaps.by_series == by_series


def test_a_figure_restated_several_times_keeps_every_version_with_its_file():
    with History(":memory:") as history:
        for n, value in enumerate((10, 12, 12, 15, 10), start=1):
            end = f"2022-0{n + 2}"
            # Every scorecard prints 2022-03 again, with the value it had at the time.
            meta, indicators, figures = scorecard(end, {"visits": {}}, months=1)
            _, _, march = scorecard("2022-03", {"visits": {"2022-03": value}}, months=1)
            history.load(
                file_name=f"{end}.pdf",
                sha256=str(n) * 64,
                meta={**meta, "periods": ["2022-03", end]},
                indicators=indicators,
                figures=march + figures,
            )
        versions = history.figure_rows("visits", "2022-03", "value")
        assert [(v["value"], v["source"], v["current"]) for v in versions] == [
            ("10", "2022-03.pdf", False),
            ("12", "2022-04.pdf", False),
            ("15", "2022-06.pdf", False),
            ("10", "2022-07.pdf", True),
        ]
        assert [(r.old_value, r.new_value, r.new_source) for r in history.revisions()] == [
            ("10", "12", "2022-04.pdf"),
            ("12", "15", "2022-06.pdf"),
            ("15", "10", "2022-07.pdf"),
        ]
        held = ("2022-03", "2022-04", "2022-05", "2022-06", "2022-07")
        assert history.coverage() == {"visits": held}
