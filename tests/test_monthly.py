"""The monthly routine behind `make report`: inbox → history → pack, with nothing lost.

Most tests inject small stages (a scorecard "PDF" that is JSON after a `%PDF-` line, a
pack that is a text file) so that they check the routine itself, fast; the end-to-end
tests at the bottom run the real extract and report stages on the fixtures.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sqlite3
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest

from dataset import validate_dataset
from dataset.history import History, Source, shift_period
from dataset.schema import FIGURE_COLUMNS, INDICATOR_COLUMNS
from monthly import LockHeld, Settings, Stages, default_stages, run_monthly
from monthly.cli import main
from monthly.inbox import archive_file, file_sha256, inbox_files
from monthly.plan import Action, choose_pack, load_order
from monthly.progress import Progress
from monthly.summary import Severity, SummaryLine, exit_code

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


# -- injected stages ----------------------------------------------------------------------


class FakeExtractError(Exception):
    pass


class FakeNoPeriod(FakeExtractError):
    pass


def write_scorecard(path: Path, period: str, values: dict[str, dict[str, float]], months=3) -> Path:
    """Write a fake scorecard whose latest month is `period`: every month 10 unless given."""
    periods = [shift_period(period, n) for n in range(1 - months, 1)]
    body = {key: {p: by_period.get(p, 10) for p in periods} for key, by_period in values.items()}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("%PDF-fake\n" + json.dumps({"period": period, "values": body}))
    return path


def fake_extract(path: Path):
    text = Path(path).read_text(errors="replace")
    if not text.startswith("%PDF-"):
        raise FakeExtractError("This file is not a PDF (it does not start with %PDF-)")
    data = json.loads(text.split("\n", 1)[1])
    if data["period"] is None:
        raise FakeNoPeriod("Cannot tell which year; rerun with --period YYYY-MM")
    indicators, figures = [], []
    for key, by_period in data["values"].items():
        indicators.append({**dict.fromkeys(INDICATOR_COLUMNS, ""), "key": key, "name": key})
        for period, value in by_period.items():
            figures.append(
                {
                    **dict.fromkeys(FIGURE_COLUMNS, ""),
                    "key": key,
                    "period": period,
                    "measure": "value",
                    "value": value,
                    "figure_text": f"{value:g}",
                }
            )
    periods = sorted({f["period"] for f in figures})
    meta = {
        "source": {"file": Path(path).name},
        "period": data["period"],
        "periods": periods,
        "warnings": [{"code": "w", "message": '=HYPERLINK("x") a warning'}],
    }
    return SimpleNamespace(indicators=indicators, figures=figures, meta=meta, period=data["period"])


def fake_build_pack(data_dir: Path, out_pdf: Path):
    indicators, _, meta = validate_dataset(data_dir)
    out_pdf.write_text(f"PACK {meta['period']} months={len(meta['periods'])}\n")
    return SimpleNamespace(
        path=out_pdf, pages=3, indicators=len(indicators), warnings=["one warning worth reading"]
    )


STAGES = Stages(
    extract=fake_extract,
    build_pack=fake_build_pack,
    file_errors=(FakeExtractError,),
    no_period_errors=(FakeNoPeriod,),
)

APRIL = {"re-referrals": {"2022-02": 20, "2022-03": 21, "2022-04": 22}, "visits": {}}
MAY = {"re-referrals": {"2022-03": 21, "2022-04": 25, "2022-05": 23}, "visits": {}}


@pytest.fixture
def repo(tmp_path):
    """A working folder laid out like the repo: inbox/, out/, archive/, data/ and a sample."""
    sample = write_scorecard(tmp_path / "assets" / "sample-scorecard.pdf", "2021-09", APRIL)
    (tmp_path / "inbox").mkdir()
    return SimpleNamespace(
        root=tmp_path,
        inbox=tmp_path / "inbox",
        out=tmp_path / "out",
        archive=tmp_path / "archive",
        data=tmp_path / "data",
        settings=Settings(
            inbox=tmp_path / "inbox",
            out=tmp_path / "out",
            archive=tmp_path / "archive",
            data=tmp_path / "data",
            sample=sample,
            catalogue=None,
        ),
    )


def run(repo, stages=STAGES, **changes):
    lines: list[str] = []
    settings = replace(repo.settings, **changes)
    result = run_monthly(settings, stages, echo=lines.append)
    result.lines = lines
    return result


def rows(repo, sql):
    with sqlite3.connect(repo.data / "history.sqlite") as db:
        return db.execute(sql).fetchall()


def names(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def drop(repo, name, period, values) -> Path:
    return write_scorecard(repo.inbox / name, period, values)


# -- the routine --------------------------------------------------------------------------


def test_a_fresh_clone_builds_the_pack_from_the_bundled_sample(repo):
    result = run(repo)
    assert result.exit_code == 0 and result.used_sample
    assert names(repo.out) == [
        "2021-09-board-pack.pdf",
        "2021-09-data/extraction.json",
        "2021-09-data/figures.csv",
        "2021-09-data/indicators.csv",
        "2021-09-kpis.xlsx",
    ]
    [sample_line] = [line for line in result.lines if line.startswith("[sample]")]
    assert "bundled sample" in sample_line
    # The sample never enters the team's history, and nothing is archived.
    assert rows(repo, "SELECT COUNT(*) FROM sources") == [(0,)]
    assert not repo.archive.exists()
    assert result.lines[-1] == "Run done."


def test_every_step_prints_one_line_with_its_time(repo):
    drop(repo, "april.pdf", "2022-04", APRIL)
    result = run(repo)
    steps = [line for line in result.lines if line.startswith("[")]
    assert [line.split("]")[0][1:] for line in steps] == [
        "inbox",
        "extract",
        "history",
        "data",
        "pack",
        "xlsx",
        "publish",
        "catalogue",  # its two indicators are not in a catalogue: their entries are proposed
        "archive",
    ]
    assert all(line.endswith(" s)") for line in steps)
    assert "[extract] april.pdf → 2022-04, 2 indicators (" in steps[1]
    summary = "\n".join(result.lines[len(steps) :])
    assert str(repo.out / "2022-04-board-pack.pdf") in summary
    assert "3 pages, 2 indicators" in summary and "one warning worth reading" in summary


@pytest.mark.parametrize("order", ["april-first", "may-first"])
def test_two_overlapping_months_dropped_together(repo, order):
    first, second = ("a", "b") if order == "april-first" else ("b", "a")
    drop(repo, f"{first}-april.pdf", "2022-04", APRIL)
    drop(repo, f"{second}-may.pdf", "2022-05", MAY)
    if order == "may-first":  # May's file is also the older one on disk
        os.utime(repo.inbox / "a-may.pdf", (1, 1))

    result = run(repo)

    assert result.exit_code == 0
    assert names(repo.inbox) == []
    assert names(repo.archive) == [f"2022-04/{first}-april.pdf", f"2022-05/{second}-may.pdf"]
    assert names(repo.out) == [
        "2022-05-board-pack.pdf",
        "2022-05-data/extraction.json",
        "2022-05-data/figures.csv",
        "2022-05-data/indicators.csv",
        "2022-05-kpis.xlsx",
        "kpis.proposed.toml",  # no catalogue here: every indicator's entry is proposed
    ]
    # Oldest period loaded first, so May's figure is the current one.
    assert rows(repo, "SELECT file_name, period FROM sources ORDER BY id") == [
        (f"{first}-april.pdf", "2022-04"),
        (f"{second}-may.pdf", "2022-05"),
    ]
    assert rows(
        repo,
        "SELECT value, superseded_by IS NULL FROM figures"
        " WHERE key = 're-referrals' AND period = '2022-04' ORDER BY id",
    ) == [(22.0, 0), (25.0, 1)]
    # Overlapping months are held once: 4 months x 2 indicators, plus the superseded value.
    assert rows(repo, "SELECT COUNT(*) FROM figures") == [(9,)]

    meta = json.loads((repo.out / "2022-05-data" / "extraction.json").read_text())
    assert meta["revisions"] == [
        {
            "key": "re-referrals",
            "period": "2022-04",
            "measure": "value",
            "old_value": "22",
            "new_value": "25",
            "old_source": f"{first}-april.pdf",
            "new_source": f"{second}-may.pdf",
        }
    ]
    assert meta["history_sources"] == [f"{first}-april.pdf"]
    assert meta["periods"] == ["2022-02", "2022-03", "2022-04", "2022-05"]
    _, figures, _ = validate_dataset(repo.out / "2022-05-data")
    april = [f["value"] for f in figures if f["key"] == "re-referrals"]
    assert april == ["20", "21", "25", "23"]
    assert any("22 → 25" in line for line in result.lines)


def test_overlapping_months_in_separate_runs_either_order_agree(repo, tmp_path):
    drop(repo, "may.pdf", "2022-05", MAY)
    run(repo)
    drop(repo, "april.pdf", "2022-04", APRIL)
    late = run(repo)
    assert late.exit_code == 0
    # April's PDF arriving late does not overrule May's revision, nor make April's pack.
    assert names(repo.archive) == ["2022-04/april.pdf", "2022-05/may.pdf"]
    assert (repo.out / "2022-05-board-pack.pdf").is_file()
    assert not (repo.out / "2022-04-board-pack.pdf").exists()
    meta = json.loads((repo.out / "2022-05-data" / "extraction.json").read_text())
    assert [(r["old_value"], r["new_value"]) for r in meta["revisions"]] == [("22", "25")]
    assert rows(
        repo,
        "SELECT value FROM figures WHERE key = 're-referrals' AND period = '2022-04'"
        " AND superseded_by IS NULL",
    ) == [(25.0,)]


def test_the_same_file_twice_is_loaded_once(repo):
    drop(repo, "april.pdf", "2022-04", APRIL)
    shutil.copy(repo.inbox / "april.pdf", repo.inbox / "april (copy).pdf")
    first = run(repo)
    assert first.exit_code == 0 and len(first.duplicates) == 1
    assert rows(repo, "SELECT COUNT(*) FROM sources") == [(1,)]
    figures = rows(repo, "SELECT COUNT(*) FROM figures")
    assert names(repo.inbox) == []
    assert names(repo.archive) == ["2022-04/april (copy).pdf", "2022-04/april.pdf"]

    # Dropped again a month later under its own name: recognised by its hash.
    shutil.copy(repo.archive / "2022-04" / "april.pdf", repo.inbox / "april.pdf")
    again = run(repo)
    assert again.exit_code == 0 and [p.name for p in again.duplicates] == ["april.pdf"]
    assert any("already in the history" in line for line in again.lines)
    assert rows(repo, "SELECT COUNT(*) FROM sources") == [(1,)]
    assert rows(repo, "SELECT COUNT(*) FROM figures") == figures
    # The identical bytes are already archived, so the inbox copy is simply cleared.
    assert names(repo.inbox) == []
    assert names(repo.archive) == ["2022-04/april (copy).pdf", "2022-04/april.pdf"]


def test_a_different_file_with_an_archived_name_is_archived_beside_it(repo):
    drop(repo, "scorecard.pdf", "2022-04", APRIL)
    run(repo)
    drop(repo, "scorecard.pdf", "2022-04", {**APRIL, "new-one": {}})
    assert run(repo).exit_code == 0
    assert names(repo.archive) == ["2022-04/scorecard (2).pdf", "2022-04/scorecard.pdf"]


def test_a_good_and_a_broken_file_together(repo):
    drop(repo, "april.pdf", "2022-04", APRIL)
    run(repo)
    previous = (repo.out / "2022-04-board-pack.pdf").read_bytes()
    previous_mtime = (repo.out / "2022-04-board-pack.pdf").stat().st_mtime_ns

    drop(repo, "may.pdf", "2022-05", MAY)
    (repo.inbox / "minutes.pdf").write_text("Minutes of the board meeting")
    result = run(repo)

    assert result.exit_code == 1
    assert names(repo.inbox) == ["minutes.pdf", "minutes.pdf.error.txt"]
    note = (repo.inbox / "minutes.pdf.error.txt").read_text()
    assert "This file is not a PDF" in note and "What to do:" in note and "make report" in note
    assert names(repo.archive) == ["2022-04/april.pdf", "2022-05/may.pdf"]
    assert rows(repo, "SELECT file_name FROM sources ORDER BY id") == [("april.pdf",), ("may.pdf",)]
    # May's pack is new; April's is exactly as it was.
    assert (repo.out / "2022-05-board-pack.pdf").is_file()
    assert (repo.out / "2022-04-board-pack.pdf").read_bytes() == previous
    assert (repo.out / "2022-04-board-pack.pdf").stat().st_mtime_ns == previous_mtime
    assert any(line.startswith("Refused:   minutes.pdf") for line in result.lines)
    assert result.lines[-1].startswith("Run finished with problems")


def test_a_broken_file_alone_leaves_the_previous_pack_untouched(repo):
    drop(repo, "april.pdf", "2022-04", APRIL)
    run(repo)
    before = {name: (repo.out / name).stat().st_mtime_ns for name in names(repo.out)}

    (repo.inbox / "may.pdf").write_bytes(b"\x00\x01 not a pdf")
    result = run(repo)

    assert result.exit_code == 1 and result.pack is None
    assert result.pack_kept == repo.out / "2022-04-board-pack.pdf"
    assert {name: (repo.out / name).stat().st_mtime_ns for name in names(repo.out)} == before
    assert (repo.inbox / "may.pdf.error.txt").is_file()


def test_a_file_with_no_readable_period_is_told_to_carry_the_month_in_its_name(repo):
    (repo.inbox / "scorecard.pdf").write_text(
        "%PDF-fake\n" + json.dumps({"period": None, "values": {}})
    )
    result = run(repo)
    assert result.exit_code == 1
    note = (repo.inbox / "scorecard.pdf.error.txt").read_text()
    assert "Cannot tell which year" in note and "--period" not in note
    assert "scorecard 2022-04.pdf" in note


def test_a_good_file_with_a_broken_one_replaces_the_sample_pack(repo):
    run(repo)  # a fresh clone: the sample's pack for 2021-09
    drop(repo, "september.pdf", "2021-09", {"visits": {}})
    (repo.inbox / "broken.pdf").write_text("not a pdf")
    result = run(repo)
    assert result.exit_code == 1 and result.pack is not None
    # Built from the team's September, not the sample's (which also had re-referrals).
    _, figures, _ = validate_dataset(repo.out / "2021-09-data")
    assert {f["key"] for f in figures} == {"visits"}
    assert names(repo.archive) == ["2021-09/september.pdf"]


def test_a_broken_file_on_a_fresh_clone_builds_no_pack_at_all(repo):
    (repo.inbox / "april.pdf").write_text("oops")
    result = run(repo)
    assert result.exit_code == 1 and not result.used_sample
    assert not repo.out.exists() and not repo.archive.exists()
    assert names(repo.inbox) == ["april.pdf", "april.pdf.error.txt"]
    assert "Pack:      none built" in result.lines


def test_the_error_note_goes_once_the_file_goes_through(repo):
    (repo.inbox / "april.pdf").write_text("oops")
    assert run(repo).exit_code == 1
    assert (repo.inbox / "april.pdf.error.txt").is_file()
    drop(repo, "april.pdf", "2022-04", APRIL)
    assert run(repo).exit_code == 0
    assert names(repo.inbox) == []


def test_a_failure_during_the_history_write_changes_nothing(repo):
    drop(repo, "april.pdf", "2022-04", APRIL)
    run(repo)
    pack_before = (repo.out / "2022-04-board-pack.pdf").stat().st_mtime_ns
    history_before = [
        rows(repo, f"SELECT * FROM {table} ORDER BY rowid")
        for table in ("sources", "indicators", "figures")
    ]

    def series_key(key, name):
        if key == "visits":  # the second indicator: the source row is already written
            raise sqlite3.OperationalError("disk I/O error")
        return key

    drop(repo, "may.pdf", "2022-05", MAY)
    result = run(repo, replace(STAGES, series_key=series_key))

    assert result.exit_code == 1
    assert history_before == [
        rows(repo, f"SELECT * FROM {table} ORDER BY rowid")
        for table in ("sources", "indicators", "figures")
    ]
    assert names(repo.inbox) == ["may.pdf", "may.pdf.error.txt"]
    note = (repo.inbox / "may.pdf.error.txt").read_text()
    assert "history store did not accept" in note and "disk I/O error" in note
    assert "exactly as it was before" in note
    assert names(repo.archive) == ["2022-04/april.pdf"]
    assert (repo.out / "2022-04-board-pack.pdf").stat().st_mtime_ns == pack_before
    assert not (repo.out / "2022-05-board-pack.pdf").exists()

    # Nothing was lost: the next run loads it.
    assert run(repo).exit_code == 0
    assert names(repo.archive) == ["2022-04/april.pdf", "2022-05/may.pdf"]


def test_a_pack_that_fails_to_build_replaces_nothing(repo):
    drop(repo, "april.pdf", "2022-04", APRIL)
    run(repo)
    before = {name: (repo.out / name).read_bytes() for name in names(repo.out)}

    def broken_pack(data_dir, out_pdf):
        out_pdf.write_text("half a pack")
        raise RuntimeError("reportlab fell over")

    drop(repo, "april-reissued.pdf", "2022-04", {**APRIL, "visits": {"2022-04": 11}})
    result = run(repo, replace(STAGES, build_pack=broken_pack))

    assert result.exit_code == 1 and result.pack is None
    assert {name: (repo.out / name).read_bytes() for name in names(repo.out)} == before
    assert not [p for p in repo.out.iterdir() if p.name.startswith(".")]  # no staging left
    # Its figures are saved; the file waits in the inbox and the next run archives it.
    assert rows(repo, "SELECT COUNT(*) FROM sources") == [(2,)]
    assert names(repo.inbox) == ["april-reissued.pdf"]
    assert run(repo).exit_code == 0
    assert names(repo.inbox) == []
    assert names(repo.archive) == ["2022-04/april-reissued.pdf", "2022-04/april.pdf"]


def test_a_year_of_monthly_runs_gives_thirteen_months_of_trend_from_up_to_24(repo):
    end = "2023-06"
    for n in range(15, -1, -1):
        period = shift_period(end, -n)
        drop(repo, f"{period}.pdf", period, {"visits": {period: n}})
        result = run(repo)
        assert result.exit_code == 0
    # Each scorecard prints three months: 18 in all. The dataset keeps up to 24, enough for an
    # XmR chart; the pack shows the last 13.
    _, figures, meta = validate_dataset(repo.out / f"{end}-data")
    expected = [shift_period(end, n) for n in range(-17, 1)]
    assert [f["period"] for f in figures] == expected
    assert meta["periods"] == expected
    assert result.pack.months == 13
    assert len(names(repo.archive)) == 16


def test_an_earlier_pack_can_be_rebuilt_with_period(repo):
    drop(repo, "april.pdf", "2022-04", APRIL)
    drop(repo, "may.pdf", "2022-05", MAY)
    run(repo)
    (repo.out / "2022-04-board-pack.pdf").unlink(missing_ok=True)
    result = run(repo, period="2022-04")
    assert result.exit_code == 0
    assert (repo.out / "2022-04-board-pack.pdf").read_text().startswith("PACK 2022-04")
    assert run(repo, period="2019-01").exit_code == 2


def test_the_workbook_has_one_sheet_per_table_numbers_as_numbers(repo):
    drop(repo, "april.pdf", "2022-04", APRIL)
    drop(repo, "may.pdf", "2022-05", MAY)
    run(repo)
    workbook = openpyxl.load_workbook(repo.out / "2022-05-kpis.xlsx")
    assert workbook.sheetnames == ["indicators", "figures", "revisions", "sources", "warnings"]
    figures = list(workbook["figures"].values)
    assert figures[0] == FIGURE_COLUMNS
    assert {type(row[3]) for row in figures[1:]} == {int}
    revision = list(workbook["revisions"].values)[1]
    assert revision[:5] == ("re-referrals", "2022-04", "value", 22, 25)
    warning = workbook["warnings"]["B2"]
    assert warning.value.startswith("=HYPERLINK") and warning.data_type == "s"


def test_a_second_run_at_once_is_refused_with_a_clear_message(repo, capsys):
    repo.data.mkdir()
    with open(repo.data / ".lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(LockHeld):
            run(repo)
        code = main(
            [
                "--inbox",
                str(repo.inbox),
                "--out",
                str(repo.out),
                "--archive",
                str(repo.archive),
                "--data",
                str(repo.data),
            ]
        )
    assert code == 2
    assert "already running" in capsys.readouterr().err
    assert not repo.out.exists()


def test_a_second_run_can_wait_for_the_first(repo):
    repo.data.mkdir()
    held = open(repo.data / ".lock", "w")  # noqa: SIM115 - closed by the timer, to release it
    fcntl.flock(held, fcntl.LOCK_EX)
    threading.Timer(0.3, held.close).start()
    started = time.monotonic()
    result = run(repo, wait=True)
    assert result.exit_code == 0 and time.monotonic() - started >= 0.25
    assert any(line.startswith("[lock]") and "waiting" in line for line in result.lines)


def test_the_inbox_lists_dropped_files_only(repo):
    for name in (
        "a.pdf",
        "B.PDF",
        "notes.docx",
        "README.md",
        ".DS_Store",
        "~$draft.docx",
        "a.pdf.error.txt",
    ):
        (repo.inbox / name).write_text("x")
    assert [p.name for p in inbox_files(repo.inbox)] == ["B.PDF", "a.pdf", "notes.docx"]
    assert inbox_files(repo.root / "missing") == []


def test_archiving_across_file_systems_copies_then_removes(repo, monkeypatch):
    source = drop(repo, "april.pdf", "2022-04", APRIL)
    data = source.read_bytes()
    real_link = os.link

    def no_cross_device_link(src, dst):
        if Path(src).parent == repo.inbox:
            raise OSError(18, "Invalid cross-device link")
        return real_link(src, dst)

    monkeypatch.setattr(os, "link", no_cross_device_link)
    target = archive_file(source, repo.archive, "2022-04", file_sha256(source))
    assert target == repo.archive / "2022-04" / "april.pdf"
    assert target.read_bytes() == data and not source.exists()
    assert names(repo.archive) == ["2022-04/april.pdf"]


@pytest.mark.parametrize("argv", [["--period", "April"], ["--period", "2022-13"], ["--nope"]])
def test_usage_errors_exit_2(argv):
    assert main(argv) == 2


# -- end to end, with the real stages -----------------------------------------------------


@pytest.fixture
def real(tmp_path):
    """A temporary copy of what `make report` needs from the repo: assets/ and the folders."""
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    (tmp_path / "inbox").mkdir()
    settings = Settings(
        inbox=tmp_path / "inbox",
        out=tmp_path / "out",
        archive=tmp_path / "archive",
        data=tmp_path / "data",
        sample=tmp_path / "assets" / "sample-scorecard.pdf",
        catalogue=tmp_path / "assets" / "kpis.toml",
        brand=tmp_path / "assets" / "brand.toml",
    )
    return SimpleNamespace(**vars(settings), settings=settings)


def run_real(real, **changes) -> tuple[int, list[str]]:
    lines: list[str] = []
    result = run_monthly(replace(real.settings, **changes), echo=lines.append)
    return result.exit_code, lines


def pdf_pages(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def test_end_to_end_fresh_clone_builds_from_the_sample(real):
    code, lines = run_real(real)
    assert code == 0
    assert [line for line in lines if line.startswith("[sample]")]
    [pack] = real.out.glob("*-board-pack.pdf")
    assert pdf_pages(pack) >= 2
    period = pack.name[:7]
    assert names(real.out) == sorted(
        [
            f"{period}-board-pack.pdf",
            f"{period}-board-pack.html",
            f"{period}-board-pack-accessible.pdf",
            f"{period}-kpis.xlsx",
            f"{period}-data/extraction.json",
            f"{period}-data/figures.csv",
            f"{period}-data/indicators.csv",
        ]
    )
    validate_dataset(real.out / f"{period}-data")
    with History(real.data / "history.sqlite") as history:
        assert history.sources() == []
    html = real.out / f"{period}-board-pack.html"
    assert f"Editions:  {html}, {real.out / f'{period}-board-pack-accessible.pdf'}" in lines


class _NoPango:
    """An import hook that makes `import weasyprint` fail as it does without Pango."""

    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")


def test_end_to_end_without_pango_builds_the_pack_and_says_what_to_install(real, monkeypatch):
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_NoPango(), *sys.meta_path])
    old_edition = real.out / "2022-04-board-pack-accessible.pdf"
    real.out.mkdir()
    old_edition.write_bytes(b"%PDF- an edition of an older pack")
    code, lines = run_real(real)
    assert code == 0
    assert not old_edition.exists()  # it no longer matches the pack beside it
    assert names(real.out)[:3] == [
        "2022-04-board-pack.html",
        "2022-04-board-pack.pdf",
        "2022-04-data/extraction.json",
    ]
    [missing] = [line for line in lines if line.startswith("Missing:")]
    assert "the accessible PDF was not built: WeasyPrint cannot load Pango" in missing
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in missing


def test_end_to_end_good_and_broken_files(real):
    shutil.copy(FIXTURES / "reference-april-2022.pdf", real.inbox / "april.pdf")
    for name in ("encrypted.pdf", "text-file.pdf", "truncated.pdf"):
        shutil.copy(FIXTURES / "refused" / name, real.inbox / name)
    code, lines = run_real(real)
    assert code == 1
    assert names(real.inbox) == [
        "encrypted.pdf",
        "encrypted.pdf.error.txt",
        "text-file.pdf",
        "text-file.pdf.error.txt",
        "truncated.pdf",
        "truncated.pdf.error.txt",
    ]
    assert "encrypted" in (real.inbox / "encrypted.pdf.error.txt").read_text()
    assert "not a PDF" in (real.inbox / "text-file.pdf.error.txt").read_text()
    assert "damaged" in (real.inbox / "truncated.pdf.error.txt").read_text()
    assert names(real.archive) == ["2022-04/april.pdf"]
    assert pdf_pages(real.out / "2022-04-board-pack.pdf") >= 2
    workbook = openpyxl.load_workbook(real.out / "2022-04-kpis.xlsx")
    assert workbook.sheetnames == ["indicators", "figures", "revisions", "sources", "warnings"]
    with History(real.data / "history.sqlite") as history:
        [source] = history.sources()
        assert (source.file_name, source.period) == ("april.pdf", "2022-04")
    assert sum(line.startswith("Refused:") for line in lines) == 3


@pytest.mark.parametrize("may_first", [False, True], ids=["april-first", "may-first"])
def test_end_to_end_overlapping_months_with_a_revision(real, may_first):
    april = shutil.copy(FIXTURES / "reference-april-2022.pdf", real.inbox / "april.pdf")
    may = shutil.copy(FIXTURES / "overlap-may-2022.pdf", real.inbox / "may.pdf")
    os.utime(may if may_first else april, (1, 1))
    code, _ = run_real(real)
    assert code == 0
    assert names(real.inbox) == []
    assert names(real.archive) == ["2022-04/april.pdf", "2022-05/may.pdf"]

    expected = json.loads((FIXTURES / "overlap-may-2022.expected" / "meta.json").read_text())
    meta = json.loads((real.out / "2022-05-data" / "extraction.json").read_text())
    assert [
        (r["key"], r["period"], r["measure"], float(r["old_value"]), float(r["new_value"]))
        for r in meta["revisions"]
    ] == [(r["key"], r["period"], r["measure"], r["old"], r["new"]) for r in expected["revised"]]
    assert meta["periods"] == ["2022-02", "2022-03", "2022-04", "2022-05"]
    assert pdf_pages(real.out / "2022-05-board-pack.pdf") >= 2
    with History(real.data / "history.sqlite") as history:
        assert [s.file_name for s in history.sources()] == ["april.pdf", "may.pdf"]
        [revision] = expected["revised"]
        arrivals = history.figure_rows(revision["key"], revision["period"], revision["measure"])
        assert [(r["source"], r["current"]) for r in arrivals] == [
            ("april.pdf", False),
            ("may.pdf", True),
        ]


def test_end_to_end_the_command_line(real, capsys):
    shutil.copy(FIXTURES / "reference-april-2022.pdf", real.inbox / "april.pdf")
    argv = [
        "--inbox",
        str(real.inbox),
        "--out",
        str(real.out),
        "--archive",
        str(real.archive),
        "--data",
        str(real.data),
    ]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "[extract] april.pdf → 2022-04, 30 indicators" in out
    assert f"Pack:      {real.out / '2022-04-board-pack.pdf'}" in out
    assert main([*argv, "--period", "2022-04"]) == 0


def test_end_to_end_a_failure_injected_during_the_history_write(real):
    shutil.copy(FIXTURES / "reference-april-2022.pdf", real.inbox / "april.pdf")
    assert run_real(real)[0] == 0
    pack = real.out / "2022-04-board-pack.pdf"
    pack_before = (pack.read_bytes(), pack.stat().st_mtime_ns)
    db = real.data / "history.sqlite"
    history_before = db.read_bytes()

    stages = default_stages(real.brand, real.catalogue)
    calls = []

    def failing_series_key(key, name):
        calls.append(key)
        if len(calls) == 10:
            raise sqlite3.OperationalError("database or disk is full")
        return stages.series_key(key, name)

    shutil.copy(FIXTURES / "overlap-may-2022.pdf", real.inbox / "may.pdf")
    result = run_monthly(real.settings, replace(stages, series_key=failing_series_key), echo=print)

    assert result.exit_code == 1
    assert db.read_bytes() == history_before
    assert names(real.inbox) == ["may.pdf", "may.pdf.error.txt"]
    assert "database or disk is full" in (real.inbox / "may.pdf.error.txt").read_text()
    assert names(real.archive) == ["2022-04/april.pdf"]
    assert (pack.read_bytes(), pack.stat().st_mtime_ns) == pack_before
    assert not (real.out / "2022-05-board-pack.pdf").exists()


# -- the decision, the summary, the gaps ----------------------------------------------------


def _source(period: str) -> Source:
    return Source(1, f"{period}.pdf", "0" * 64, period, (period,), "2022-05-01T00:00:00+00:00")


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ({"source": None, "inbox_was_empty": True}, Action.SAMPLE),
        ({"source": None, "refused_any": True}, Action.NONE),
        ({"source": None, "wanted": "2019-01"}, Action.UNKNOWN_PERIOD),
        ({"refused_any": True, "pack_exists": True}, Action.KEEP),
        # Something new loaded: rebuild, even with a file refused.
        ({"refused_any": True, "loaded_any": True, "pack_exists": True}, Action.BUILD),
        # No pack for that month yet: build it, whatever was refused.
        ({"refused_any": True}, Action.BUILD),
        ({"inbox_was_empty": True, "pack_exists": True}, Action.BUILD),
    ],
)
def test_choose_pack(case, expected):
    facts = {
        "wanted": None,
        "source": _source("2022-04"),
        "held_periods": ("2022-03", "2022-04"),
        "inbox_was_empty": False,
        "loaded_any": False,
        "refused_any": False,
        "pack_exists": False,
    }
    choice = choose_pack(**{**facts, **case})
    assert choice.action is expected
    if expected is Action.UNKNOWN_PERIOD:
        assert choice.why == "no scorecard for 2019-01: the history holds 2022-03, 2022-04"


def test_load_order_is_oldest_month_first_then_the_older_file():
    a, b, c = Path("a.pdf"), Path("b.pdf"), Path("c.pdf")
    periods = {a: "2022-05", b: "2022-04", c: "2022-04"}
    assert load_order(periods, {a: 1.0, b: 3.0, c: 2.0}) == [c, b, a]


def test_the_exit_code_follows_the_summary_lines():
    info, warning = SummaryLine("Pack", "x"), SummaryLine("Gaps", "y", Severity.WARNING)
    assert exit_code([info, warning]) == 0
    assert exit_code([info, SummaryLine("Refused", "z", Severity.ERROR)]) == 1
    assert exit_code([info], usage_error=True) == 2


def test_a_run_result_carries_its_summary_and_exit_code(repo):
    drop(repo, "april.pdf", "2022-04", APRIL)
    (repo.inbox / "minutes.pdf").write_text("not a pdf")
    result = run(repo)
    assert result.exit_code == 1
    refused = [line for line in result.summary if line.label == "Refused"]
    assert [line.severity for line in refused] == [Severity.ERROR]
    # What is printed is the summary, line for line.
    assert result.lines[-len(result.summary) :] == [
        line.text
        if line.label is None
        else f"{(line.label + ':') if line.label else '':<11}{line.text}"
        for line in result.summary
    ]


def test_a_month_no_scorecard_printed_is_a_gap_on_the_trend_and_in_the_annex(repo):
    # Scorecards for March and July, each of one month: April to June are in none.
    for period, value in (("2022-03", 5), ("2022-07", 9), ("2022-08", 8)):
        write_scorecard(repo.inbox / f"{period}.pdf", period, {"visits": {period: value}}, months=1)
    result = run(repo)
    assert result.exit_code == 0
    _, figures, meta = validate_dataset(repo.out / "2022-08-data")
    gaps = ["2022-04", "2022-05", "2022-06"]
    assert meta["history_gaps"] == gaps
    assert meta["periods"] == ["2022-03", *gaps, "2022-07", "2022-08"]
    assert [f["period"] for f in figures] == ["2022-03", "2022-07", "2022-08"]
    named = [w for w in meta["warnings"] if w["code"] == "history-gap"]
    assert [w["period"] for w in named] == gaps
    assert all(w["subject"] == "Every indicator" for w in named)
    assert (
        "Gaps:      no scorecard holds 2022-04, 2022-05, 2022-06 (named in the pack's annex)"
        in (result.lines)
    )


def test_a_series_that_skips_a_month_is_named_in_the_summary(repo):
    values = {
        "visits": {"2022-02": 1, "2022-03": 2, "2022-04": 3},
        "re-referrals": {"2022-02": 1, "2022-04": 2},
    }
    (repo.inbox / "april.pdf").write_text(
        "%PDF-fake\n" + json.dumps({"period": "2022-04", "values": values})
    )
    result = run(repo)
    assert result.exit_code == 0
    assert result.history.gaps.by_series == {"re-referrals": ("2022-03",)}
    at = result.lines.index("Gaps:      1 series lacks a month the others have:")
    assert result.lines[at + 1] == "           re-referrals: 2022-03"


@pytest.mark.parametrize("jobs", [1, 3])
def test_any_number_of_readers_gives_the_same_history(repo, jobs):
    for n in range(5):
        period = shift_period("2022-04", n)
        drop(repo, f"{period}.pdf", period, {"visits": {period: n}, "re-referrals": {}})
    result = run(repo, jobs=jobs)
    assert result.exit_code == 0
    assert rows(repo, "SELECT file_name FROM sources ORDER BY id") == [
        (f"{shift_period('2022-04', n)}.pdf",) for n in range(5)
    ]
    counted = [line.split()[1] for line in result.lines if line.startswith("[extract]")]
    assert sorted(counted) == [f"{n}/5" for n in range(1, 6)]


@pytest.mark.parametrize("argv", [["--jobs", "0"], ["--jobs", "two"]])
def test_jobs_must_be_a_positive_number(argv):
    assert main(argv) == 2


def test_a_file_that_cannot_be_opened_is_refused_and_the_rest_go_on(repo, monkeypatch):
    drop(repo, "april.pdf", "2022-04", APRIL)
    locked = drop(repo, "locked.pdf", "2022-05", MAY)
    real_open = Path.open

    def no_access(self, *args, **kwargs):
        if self == locked:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", no_access)
    result = run(repo, jobs=1)
    assert result.exit_code == 1 and [p.name for p in result.loaded] == ["april.pdf"]
    assert (
        "cannot be opened (Permission denied)" in (repo.inbox / "locked.pdf.error.txt").read_text()
    )


def test_on_a_terminal_a_bar_counts_the_files_and_the_time_left(capsys):
    progress = Progress(bar=True)
    with progress.counting("extract", 3, "scorecard") as tick:
        for n in range(3):
            progress.line("extract", f"file {n}")
            tick()
    out = capsys.readouterr().out
    # The bar redraws at most ten times a second, so a fast loop shows its first state.
    assert "[extract] 0/3 scorecards" in out and "so far, about ? left" in out
    assert [line for line in out.splitlines() if line.startswith("[extract] file")] == [
        f"[extract] file {n}" for n in range(3)
    ]


def test_elsewhere_no_bar_only_the_lines(capsys):
    lines: list[str] = []
    progress = Progress(lines.append)
    with progress.counting("extract", 3, "scorecard") as tick:
        progress.line("extract", "file 0")
        tick()
    assert lines == ["[extract] file 0"] and capsys.readouterr().out == ""


def test_the_summary_says_what_of_the_scorecard_could_not_be_read(real):
    from tests.scorecards import INDICATORS, draw, scorecard

    table = scorecard()
    table.header[1] = ""  # the targets are read into nothing
    draw(real.inbox / "april.pdf", [[table]])
    code, lines = run_real(real)
    assert code == 0
    notice = f"{len(INDICATORS)} cells could not be read — see Annex A."
    assert f"Unread:    {notice}" in lines
