"""The soak keeps each rendered layout (build/soak/), so a rerun after an extraction change
only extracts: a kept layout is not rendered again, a generator change renders afresh, a
layout the generator could not show stays so, and a producer's failure is not kept."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))

from layoutgen import draw
from layoutgen.build import Built, LayoutCheckFailed, cached_build, fixture_of, source_digest
from layoutgen.sheet import build_sheet

build_module = importlib.import_module("layoutgen.build")  # the package's `build` is the function


@pytest.fixture
def renders(monkeypatch):
    """Count the renderings, each a stand-in PDF; `failure` makes the next one raise it."""
    calls: list[int] = []
    state = {"failure": None}

    def fake_build(layout, out: Path, **_):
        calls.append(layout.seed)
        if state["failure"] is not None:
            raise state["failure"]
        out.mkdir(parents=True, exist_ok=True)
        (out / "card.pdf").write_bytes(b"%PDF-1.4 stand-in")
        (out / "card.expected").mkdir()
        rows = fixture_of(build_sheet(layout), "card", "").indicator_rows()
        return Built(layout, out / "card.pdf", out / "card.expected", 1, ((1,),) * len(rows))

    monkeypatch.setattr(build_module, "build", fake_build)
    return calls, state


def test_a_kept_layout_is_not_rendered_again(renders, tmp_path):
    calls, _ = renders
    layout = draw(3)
    first = cached_build(layout, tmp_path / "cache", tmp_path / "a", "d1")
    again = cached_build(layout, tmp_path / "cache", tmp_path / "b", "d1")
    assert calls == [3]
    assert first.pdf == again.pdf and again.pdf.read_bytes().startswith(b"%PDF")
    # The expected dataset is written afresh from the model at each use.
    assert (tmp_path / "b" / "card.expected" / "indicators.csv").is_file()
    # Another digest of the generator's sources, or another layout of the seed, renders again.
    cached_build(layout, tmp_path / "cache", tmp_path / "c", "d2")
    cached_build(draw(3, rules="grid" if layout.rules != "grid" else "none"),
                 tmp_path / "cache", tmp_path / "d", "d1")
    assert calls == [3, 3, 3]


def test_a_layout_the_generator_could_not_show_is_kept_so(renders, tmp_path):
    calls, state = renders
    state["failure"] = LayoutCheckFailed("rows not printed")
    for _ in range(2):
        with pytest.raises(LayoutCheckFailed, match="rows not printed"):
            cached_build(draw(5), tmp_path / "cache", tmp_path / "out", "d1")
    assert calls == [5]


def test_a_producers_failure_is_not_kept(renders, tmp_path):
    calls, state = renders
    state["failure"] = RuntimeError("chromium gave no PDF")
    with pytest.raises(RuntimeError):
        cached_build(draw(6), tmp_path / "cache", tmp_path / "out", "d1")
    state["failure"] = None
    cached_build(draw(6), tmp_path / "cache", tmp_path / "out", "d1")
    assert calls == [6, 6]
    assert not [p for p in (tmp_path / "cache").iterdir() if p.name.startswith("soak-cache-")]


def test_the_digest_follows_the_generators_sources(tmp_path):
    (tmp_path / "layoutgen").mkdir()
    (tmp_path / "fixturegen").mkdir()
    (tmp_path / "layoutgen" / "space.py").write_text("A = 1\n")
    (tmp_path / "fixturegen" / "model.py").write_text("B = 1\n")
    (tmp_path / "fixturegen" / "expected.py").write_text("C = 1\n")
    before = source_digest(tmp_path)
    (tmp_path / "fixturegen" / "expected.py").write_text("C = 2\n")  # written afresh each use
    assert source_digest(tmp_path) == before
    (tmp_path / "layoutgen" / "space.py").write_text("A = 2\n")
    assert source_digest(tmp_path) != before
    assert source_digest() == source_digest(ROOT / "scripts")
