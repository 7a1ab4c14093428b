"""A clone works in any folder: nothing in the repository points into one machine."""

from __future__ import annotations

import re
import tomllib

import pytest

from tests.conftest import ROOT

TEXT = {".py", ".md", ".toml", ".json", ".csv", ".txt", ".cfg", ".ini", ".yml", ".yaml", ""}
NOT_OURS = {".venv", ".git", "build", "out", "data", "archive", "inbox", "__pycache__"}
# Home folders and this machine's work folder: a path there exists on one machine only.
MACHINE_PATH = re.compile(r"(?<![\w.])/(?:work|home|root|Users|mnt|opt)/[\w.-]+")


def repository_text_files():
    for path in sorted(ROOT.rglob("*")):
        parts = path.relative_to(ROOT).parts
        if path.is_file() and not NOT_OURS & set(parts) and not parts[0].startswith("."):
            if path.suffix in TEXT:
                yield path
    yield ROOT / ".ci" / "run"


def test_no_file_names_a_path_on_this_machine():
    found = []
    for path in repository_text_files():
        for n, line in enumerate(path.read_text("utf-8", "replace").splitlines(), start=1):
            if MACHINE_PATH.search(line):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("line", "seen"),
    [
        # Joined here so that this file does not hold the paths it shows.
        ('REFERENCE = Path("/' + 'work/shared/reference/april-2022.json")', True),
        ("cd /" + "home/me/boardpack", True),
        ('ROOT.parent / "shared" / "realworld-pdfs"', False),
        ("see docs/work/notes.md", False),
    ],
)
def test_the_check_sees_a_machine_path(line, seen):
    assert bool(MACHINE_PATH.search(line)) is seen


def test_the_licence_is_an_spdx_string():
    # A TOML table here makes setuptools print a screen of deprecation notices on install.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert isinstance(project["license"], str)
