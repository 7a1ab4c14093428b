"""Work done in a second process while a run goes on (the accessible edition beside the
print pack): its lines come back, and so does why it failed, in words."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from monthly.background import Background, BackgroundFailed


def test_the_lines_the_work_gives_come_back_and_its_files_are_written(tmp_path):
    target = tmp_path / "edition.html"

    def work():
        target.write_text("<p>drawn in the child</p>", encoding="utf-8")
        return ("the accessible PDF was not built: WeasyPrint is not installed",)

    lines = Background(work).result()
    assert lines == ("the accessible PDF was not built: WeasyPrint is not installed",)
    assert target.read_text(encoding="utf-8") == "<p>drawn in the child</p>"


def test_the_work_runs_in_another_process():
    parent = os.getpid()
    (child,) = Background(lambda: (str(os.getpid()),)).result()
    assert int(child) != parent


def test_an_error_in_the_work_is_said_in_words():
    def work():
        raise ValueError("the dataset has no figures for 2022-04")

    with pytest.raises(BackgroundFailed, match="the dataset has no figures for 2022-04"):
        Background(work).result()


def test_a_process_killed_midway_is_said_not_hung(tmp_path):
    def work():
        os.kill(os.getpid(), signal.SIGKILL)
        return ()

    with pytest.raises(BackgroundFailed, match="stopped"):
        Background(work).result()


def test_cancel_stops_work_still_going(tmp_path):
    marker = tmp_path / "finished"

    def work():
        time.sleep(30)
        marker.write_text("too late")
        return ()

    started = time.monotonic()
    job = Background(work)
    job.cancel()
    assert time.monotonic() - started < 10
    assert not marker.exists()


def test_a_run_whose_editions_fail_still_publishes_the_print_pack(tmp_path):
    """The monthly run with an editions stage that raises in its process: the print pack and
    the workbook are published and the summary says the edition was not built."""
    from dataclasses import replace

    from monthly.run import Settings, run_monthly
    from monthly.stages import default_stages

    root = Path(__file__).resolve().parent.parent
    settings = Settings(
        inbox=tmp_path / "inbox", out=tmp_path / "out", archive=tmp_path / "archive",
        data=tmp_path / "data",
    )
    settings.inbox.mkdir()
    sample = root / "assets" / "sample-scorecard.pdf"
    (settings.inbox / "scorecard.pdf").write_bytes(sample.read_bytes())

    def broken(data_dir, out_html, out_accessible):
        raise RuntimeError("Pango could not be loaded")

    stages = replace(default_stages(settings.brand, settings.catalogue), build_editions=broken)
    said: list[str] = []
    result = run_monthly(settings, stages, echo=said.append)
    assert result.pack is not None and result.pack.pdf.is_file()
    assert result.pack.xlsx.is_file()
    assert result.pack.editions == ()
    assert result.pack.editions_missing == (
        "the accessible edition was not built: Pango could not be loaded",
    )
    assert any("Pango could not be loaded" in line for line in said)
    assert not list(settings.out.glob(".staging-*"))
