"""Shared paths for the tests."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


def require(present: bool, what: str) -> None:
    """Skip a test whose outside input is missing on a developer's machine; in CI, where
    `.ci/run` provides it, fail instead, so a missing install can never pass as a skip."""
    import os

    import pytest

    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing in CI")
    pytest.skip(f"{what} is missing")
