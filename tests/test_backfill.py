"""Back-fill: six past scorecards dropped at once go through one run, as two years would.

`fixtures/backfill/` holds six consecutive monthly scorecards (four pages each, through
LibreOffice by `scripts/make_backfill.py`), overlapping by two months, one figure restated
by a later one; `expected.json` is what the generator's model says the history must hold.
`make bench` times the same run on 24 of them.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from dataset import validate_dataset
from dataset.history import History, indicators_to_series_keys
from monthly import Settings, default_stages, run_monthly

ROOT = Path(__file__).resolve().parent.parent
BACKFILL = ROOT / "fixtures" / "backfill"
EXPECTED = json.loads((BACKFILL / "expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def backfilled(tmp_path_factory):
    """One run over the six scorecards, two read at a time, in a repo-like folder."""
    root = tmp_path_factory.mktemp("backfill")
    shutil.copytree(ROOT / "assets", root / "assets")
    inbox = root / "inbox"
    inbox.mkdir()
    for name in EXPECTED["files"]:
        shutil.copy(BACKFILL / name, inbox / name)
    settings = Settings(
        inbox=inbox,
        out=root / "out",
        archive=root / "archive",
        data=root / "data",
        catalogue=root / "assets" / "kpis.toml",
        brand=root / "assets" / "brand.toml",
        jobs=2,
    )
    lines: list[str] = []
    result = run_monthly(settings, echo=lines.append)
    return settings, result, lines


def series_keys(settings: Settings) -> dict[str, str]:
    """The scorecards' keys as printed → the history's series keys (the catalogue's)."""
    stages = default_stages(settings.brand, settings.catalogue)
    return indicators_to_series_keys(EXPECTED["indicators"], stages.series_key)


def test_every_file_is_loaded_oldest_month_first_and_archived(backfilled):
    settings, result, _ = backfilled
    assert result.exit_code == 0 and not result.refused
    with History(settings.data / "history.sqlite") as history:
        assert [s.file_name for s in history.sources()] == EXPECTED["files"]
    assert sorted(p.name for p in settings.archive.rglob("*.pdf")) == EXPECTED["files"]
    assert not list(settings.inbox.iterdir())


def test_the_history_holds_every_month_and_the_one_revision_with_both_versions(backfilled):
    settings, result, _ = backfilled
    keys = series_keys(settings)
    with History(settings.data / "history.sqlite") as history:
        coverage = history.coverage()
        held = sorted({p for periods in coverage.values() for p in periods})
        assert held == EXPECTED["months"]  # 8 months from 6 scorecards of 3
        [revision] = history.revisions()
        [expected] = EXPECTED["revisions"]
        assert revision.as_dict() == {**expected, "key": keys[expected["key"]]}
        versions = history.figure_rows(keys[expected["key"]], expected["period"], "value")
    # Every version kept, each with the file it came from; the later one current.
    assert [(v["value"], v["source"], v["current"]) for v in versions] == [
        (expected["old_value"], "scorecard-2021-11.pdf", False),
        (expected["new_value"], expected["new_source"], True),
    ]
    assert [r.as_dict() for r in result.revisions] == [revision.as_dict()]


def test_the_pack_is_built_once_for_the_latest_month_from_every_figure(backfilled):
    settings, result, _ = backfilled
    assert sorted(p.name for p in settings.out.glob("*-board-pack.pdf")) == [
        "2022-04-board-pack.pdf"
    ]
    assert result.pack.months == len(EXPECTED["months"])
    _, figures, meta = validate_dataset(settings.out / "2022-04-data")
    assert meta["periods"] == EXPECTED["months"] and meta["history_gaps"] == []
    keys = series_keys(settings)
    got = {(f["key"], f["period"], f["measure"]): (f["value"], f["rag"]) for f in figures}
    want = {
        (keys[f["key"]], f["period"], f["measure"]): (f["value"], f["rag"])
        for f in EXPECTED["figures"]
    }
    assert got == want
    assert [r["new_value"] for r in meta["revisions"]] == [EXPECTED["revisions"][0]["new_value"]]


def test_the_run_says_how_far_it_is_and_ends_with_the_back_fill_summary(backfilled):
    _, _, lines = backfilled
    read = [line for line in lines if line.startswith("[extract]")]
    assert sorted(line.split()[1] for line in read) == [f"{n}/6" for n in range(1, 7)]
    assert sum(line.startswith("[pack]") for line in lines) == 1
    assert "History:   8 months (2021-09 to 2022-04) for 30 indicators" in lines
    assert "Gaps:      none: every series runs without a missing month" in lines
    assert any(line.startswith("Revisions: 1 figure(s) revised") for line in lines)
    assert lines[-1] == "Run done."


def test_reading_one_at_a_time_gives_the_same_history(backfilled, tmp_path):
    settings, _, _ = backfilled
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in EXPECTED["files"][-2:]:
        shutil.copy(BACKFILL / name, inbox / name)
    one = replace(
        settings,
        inbox=inbox,
        out=tmp_path / "out",
        archive=tmp_path / "archive",
        data=tmp_path / "data",
        jobs=1,
    )
    assert run_monthly(one, echo=lambda line: None).exit_code == 0
    with History(one.data / "history.sqlite") as history:
        assert [s.file_name for s in history.sources()] == EXPECTED["files"][-2:]
        assert history.revisions() == []  # the restating file is not among the last two
