"""A wheel, installed into a fresh virtual environment, runs on its own bundled assets."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pdfplumber

from tests.conftest import ROOT

# What the wheel is built from: the packages and the files pyproject.toml names.
SOURCES = ("pyproject.toml", "README.md", "extract", "report", "dataset", "monthly", "assets")


def _run(*argv: object, cwd: Path) -> str:
    done = subprocess.run([str(a) for a in argv], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, f"{argv}: {done.stdout}\n{done.stderr}"
    return done.stdout


def test_a_wheel_runs_extract_and_report_on_its_bundled_sample_outside_the_checkout(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copyfile(ROOT / name, source / name)
    # Offline: the build backend and pip come from this environment, nothing is downloaded.
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index",
         "--no-build-isolation", "--wheel-dir", tmp_path / "dist", source, cwd=tmp_path)
    (wheel,) = (tmp_path / "dist").glob("boardpack-*.whl")

    # A fresh environment that sees this one's dependencies (pdfplumber, reportlab ...) through
    # a .pth line; a .pth file in a directory so added is not run, so the editable install of
    # the checkout stays out of it.
    fresh = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(fresh)
    python = fresh / "bin" / "python"
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                     cwd=tmp_path).strip())
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    _run(python, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps", wheel, cwd=tmp_path)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _run(python, "-c", "import extract, report, pathlib; "
                 "print(pathlib.Path(report.__file__).parent.parent)", cwd=elsewhere).strip()
    assert Path(where) == site, "the package ran from somewhere other than the wheel"
    sample = site / "assets" / "sample-scorecard.pdf"
    _run(python, "-m", "extract", sample, "--out", "data", cwd=elsewhere)
    out = _run(python, "-m", "report", "data", "--out", "pack.pdf", "--html", "pack.html",
               cwd=elsewhere)
    assert "30 indicators" in out
    # The HTML edition's templates travel in the wheel too.
    assert "<h1" in (elsewhere / "pack.html").read_text(encoding="utf-8")
    with pdfplumber.open(elsewhere / "pack.pdf") as pdf:
        fonts = {char["fontname"] for char in pdf.pages[0].chars}
        assert any("DejaVuSans" in font for font in fonts), fonts
