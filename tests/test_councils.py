"""Another council's scorecards: the catalogue knows none of their indicators, and the run
infers polarity, unit and section from the evidence of every month held.

`fixtures/councils/NAME/` holds each council's monthly scorecards, months overlapping, made
through real producers by `scripts/make_council_fixtures.py`, and `expected-inference.json`:
what the generator's own ratings say inference must find. Polarity must be right wherever
two or more rated months agree and none disagrees, "unknown" elsewhere, and never wrong.
"""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest

from dataset import validate_dataset
from dataset.catalogue import load_catalogue, slug
from dataset.history import History
from monthly import Settings, default_stages, run_monthly

ROOT = Path(__file__).resolve().parent.parent
COUNCILS = ROOT / "fixtures" / "councils"
NAMES = ("adults", "housing", "children-cs")


def expected(name: str) -> dict:
    return json.loads((COUNCILS / name / "expected-inference.json").read_text("utf-8"))


def run_council(root: Path, name: str, catalogue: Path | None = None):
    """One monthly run over every scorecard of council `name`, in a repo-like folder."""
    if not (root / "assets").exists():
        shutil.copytree(ROOT / "assets", root / "assets")
    inbox = root / "inbox"
    inbox.mkdir(exist_ok=True)
    for pdf in sorted((COUNCILS / name).glob("*.pdf")):
        shutil.copy(pdf, inbox / pdf.name)
    settings = Settings(
        inbox=inbox, out=root / "out", archive=root / "archive", data=root / "data",
        catalogue=catalogue or root / "assets" / "kpis.toml", brand=root / "assets" / "brand.toml",
        jobs=1,
    )
    # The accessible edition says the same words from the same model; the print pack is read here.
    stages = replace(default_stages(settings.brand, settings.catalogue), build_editions=None)
    lines: list[str] = []
    result = run_monthly(settings, stages=stages, echo=lines.append)
    return settings, result, lines


@pytest.fixture(scope="module", params=NAMES)
def council(request, tmp_path_factory):
    name = request.param
    settings, result, lines = run_council(tmp_path_factory.mktemp(name), name)
    with pdfplumber.open(result.pack.pdf) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        # An indicator page's panel beside its chart, read on its own so that its lines
        # do not interleave with the chart's.
        panels = " ".join(page.crop((page.width * 0.6, 0, page.width, page.height)).extract_text()
                          or "" for page in pdf.pages)
    return name, settings, result, lines, text + "\n" + panels


def by_ref(result) -> dict:
    return {item.ref: item for item in result.inferred}


def test_inferred_polarity_is_right_where_the_evidence_is_unanimous_and_never_wrong(council):
    name, _, result, _, _ = council
    inferred = by_ref(result)
    wanted = expected(name)["indicators"]
    assert sorted(inferred) == sorted(item["ref"] for item in wanted)
    for item in wanted:
        got = inferred[item["ref"]]
        assert got.polarity in (item["true_polarity"], "none"), (name, item["ref"])  # never wrong
        assert (got.polarity if got.polarity_from == "ratings" else "unknown") == item["polarity"], \
            (name, item["ref"], got.votes)


def test_inferred_unit_and_section_follow_the_source_in_its_order(council):
    name, _, result, _, _ = council
    inferred = by_ref(result)
    wanted = expected(name)["indicators"]
    assert [(i["ref"], inferred[i["ref"]].unit) for i in wanted] == [(i["ref"], i["unit"]) for i in wanted]
    assert [inferred[i["ref"]].section_title for i in wanted] == [i["section"] for i in wanted]


def test_the_pack_has_the_sources_sections_direction_words_and_says_inferred(council):
    name, _, result, _, text = council
    wanted = expected(name)["indicators"]
    sections = list(dict.fromkeys(i["section"] for i in wanted))
    assert "Other indicators" not in text
    # Each section heads its own pages, in the source's order.
    places = [text.find(f"\n{title}\n") for title in sections]
    assert all(p >= 0 for p in places) and places == sorted(places), (sections, places)
    text = " ".join(text.split())  # a box wraps its words anywhere
    decided = [i for i in wanted if i["polarity"] != "unknown"]
    for item in decided:
        polarity = item["polarity"].capitalize()
        shown = re.search(rf"{polarity} is better \(inferred from (\d+) ratings\)", text)
        assert shown, (name, item["ref"])
    assert "No better direction (inferred" in text
    # Direction of travel by the inferred polarity: better or worse, not up or down.
    assert re.search(r"\b(improving|worsening)\b", text)
    _, _, extraction = validate_dataset(result.pack.data)
    rules = {(r["key"], r["rule"]) for r in extraction["ratings"]}
    keys = {item.key for item in result.inferred if item.polarity_from == "ratings"}
    assert keys and all((key, "inferred") in rules for key in keys)


def test_the_run_proposes_a_catalogue_that_loads_and_then_wins(council, tmp_path):
    name, settings, result, lines, _ = council
    assert result.proposal == settings.out / "kpis.proposed.toml"
    summary = "\n".join(lines)
    assert f"{len(result.inferred)} indicators not in the KPI catalogue" in summary
    assert str(result.proposal) in summary
    proposal = result.proposal.read_text("utf-8")
    parsed = tomllib.loads(proposal)
    assert len(parsed["indicators"]) == len(expected(name)["indicators"])
    assert "# " in proposal and "rated month(s) say higher is better" in proposal
    # Reviewed and copied into the catalogue, it is read, and the next run infers nothing.
    merged = tmp_path / "kpis.toml"
    merged.write_text((ROOT / "assets" / "kpis.toml").read_text("utf-8") + "\n" + proposal, "utf-8")
    catalogue = load_catalogue(merged)
    for item in result.inferred:
        entry = catalogue.match(item.key, item.name)
        assert entry is not None and entry.polarity == item.polarity and not entry.inferred
    (tmp_path / "again" / "out").mkdir(parents=True)
    (tmp_path / "again" / "out" / "kpis.proposed.toml").write_text(proposal, "utf-8")  # last run's
    again_settings, again, _ = run_council(tmp_path / "again", name, catalogue=merged)
    assert again.inferred == () and again.pack is not None and again.proposal is None
    assert not (again_settings.out / "kpis.proposed.toml").exists()


def test_a_renamed_indicator_stays_one_series_with_an_alias_proposed(council):
    name, settings, result, lines, _ = council
    renamed = [i for i in expected(name)["indicators"] if i["renamed"]]
    if not renamed:
        assert result.renamed == []
        return
    (item,) = renamed
    assert [(r.ref, r.old_name, r.new_name) for _, r in result.renamed] == [
        (item["ref"], item["first_name"], item["name"])]
    with History(settings.data / "history.sqlite") as history:
        coverage = history.coverage()
    series = [key for key in coverage if key in (slug(item["first_name"]), slug(item["name"]))]
    assert series == [slug(item["first_name"])] and len(coverage[series[0]]) == 4  # one series
    assert any("Renamed" in line and item["name"] in line for line in lines)
    proposed = tomllib.loads(result.proposal.read_text("utf-8"))["indicators"][series[0]]
    assert proposed["aliases"] == [item["name"]]
