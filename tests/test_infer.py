"""What dataset.infer makes of the evidence, case by case, and the catalogue it must not spoil:
polarity from printed RAG against target, unit, section, Amber band, renames, the proposal's
escaping, and a catalogue that cannot be read stopping the run with one line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from dataset.catalogue import CatalogueError, load_catalogue
from dataset.infer import (
    Inference,
    Votes,
    amber_band,
    find_renames,
    infer_catalogue,
    infer_section,
    infer_unit,
    month_vote,
    proposal_toml,
    toml_string,
    votes_of,
    votes_to_polarity,
    with_inferences,
)
from dataset.judge import rate_months
from monthly.cli import main as monthly_main

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("value", "target", "rag", "vote"),
    [
        (80, 75, "G", "higher"),  # above target and Green
        (70, 75, "R", "higher"),  # below and Red
        (72, 75, "A", "higher"),  # below and Amber
        (20, 25, "G", "lower"),  # below and Green
        (30, 25, "R", "lower"),
        (27, 25, "A", "lower"),
        (75, 75, "G", ""),  # on target: Green either way
        (75, None, "G", ""),  # no target
        (None, 75, "R", ""),  # no figure
        (80, 75, "", ""),  # not rated
    ],
)
def test_a_month_votes_for_the_direction_its_rating_implies(value, target, rag, vote):
    assert month_vote(value, target, rag) == vote


@pytest.mark.parametrize(
    ("votes", "polarity"),
    [
        (Votes(6, 0), "higher"),
        (Votes(0, 2), "lower"),
        (Votes(1, 0), "none"),  # one rated month is not enough
        (Votes(5, 1), "none"),  # split: never guessed
        (Votes(0, 0, 4), "none"),  # only months on target
    ],
)
def test_polarity_needs_two_agreeing_months_and_none_against(votes, polarity):
    assert votes_to_polarity(votes) == polarity


def test_votes_count_agreeing_contradicting_and_silent_months():
    assert votes_of([(80, 75, "G"), (70, 75, "R"), (75, 75, "G"), (60, 75, "")]) == Votes(2, 0, 1)


@pytest.mark.parametrize(
    ("name", "units", "unit"),
    [
        ("Delayed transfers of care per 100,000 population", ["", ""], "per 100k"),
        ("Admissions per 100k aged 65+", ["count"], "per 100k"),
        ("Children looked after per 10,000", ["count"], "per 10k"),
        ("Looked after children and rate", ["per 10k", "per 10k"], "per 10k"),
        ("Assessments completed within 45 working days", ["%", "%"], "%"),
        ("Average days to re-let empty homes", ["", "count"], "days"),
        ("Current tenant arrears in £", ["count"], "£"),
        ("Average weekly cost of a care package (£)", [""], "£"),
        ("Percentage of rent collected", [""], "%"),
        ("Complaints received", ["count", "count"], "count"),
        ("Average caseload", [""], ""),
    ],
)
def test_unit_comes_from_the_name_and_the_figures(name, units, unit):
    assert infer_unit(name, units)[0] == unit


@pytest.mark.parametrize(
    ("row", "section"),
    [
        ({"section": "Safeguarding  Adults", "ref": "4.1"}, ("safeguarding-adults", "Safeguarding Adults", "section rows")),
        ({"section": "", "ref": "4.2"}, ("indicators-4", "Indicators 4.x", "reference")),
        ({"section": "", "ref": "10.1"}, ("indicators-10", "Indicators 10.x", "reference")),
        ({"section": "", "ref": "CS01"}, ("indicators-cs", "CS indicators", "reference")),
        ({"section": "", "ref": ""}, ("", "", "")),
    ],
)
def test_section_comes_from_the_section_row_else_the_references_group(row, section):
    assert infer_section(row) == section


def test_the_amber_band_is_the_widest_amber_short_of_target_and_says_an_overlap():
    months = [(72, 75, "A"), (74, 75, "A"), (60, 75, "R"), (80, 75, "G")]
    assert amber_band(months, "higher") == (3, "widest of 2 Amber months 3 short of target; nearest Red 15 short")
    assert amber_band([(72, 75, "A"), (73, 75, "R")], "higher")[1].endswith("(Amber and Red overlap: check by hand)")
    assert amber_band(months, "none")[0] == 0


def held(key: str, months: list[tuple[str, str, str, str]]) -> list[dict]:
    return [{"key": key, "period": p, "measure": "value", "value": v, "unit": "%", "figure_text": v + "%",
             "rag": r, "rag_text": r, "rag_source": "text", "target": t} for p, v, t, r in months]


def indicator(key: str, name: str, **more) -> dict:
    row = {"key": key, "ref": "", "name": name, "section": "", "target": "75", "target_text": "75%",
           "national": "", "national_text": "", "comparator": "", "comparator_text": "", "unit": "%",
           "polarity": "", "narrative": "", "pages": "1"}
    return {**row, **more}


def test_the_catalogue_wins_and_what_is_inferred_drives_the_ratings_only_when_decided():
    catalogue = load_catalogue(ROOT / "assets" / "kpis.toml")
    rows = [indicator("visits-in-time", "Visits in time", ref="2.1"),
            indicator("re-referrals-to-children-s-services", "Re-referrals to Children's Services"),
            indicator("reviews", "Reviews on time", ref="2.2")]
    figures = (held("visits-in-time", [("2024-01", "80", "75", "G"), ("2024-02", "71", "75", "A"),
                                        ("2024-03", "60", "75", "R")])
               + held("reviews", [("2024-01", "80", "75", "G"), ("2024-02", "80", "75", "R")]))
    inferred = infer_catalogue(rows, figures, catalogue)
    assert [i.key for i in inferred] == ["visits-in-time", "reviews"]  # the catalogue's own is left
    visits, reviews = inferred
    assert (visits.polarity, visits.polarity_from, visits.amber_tolerance) == ("higher", "ratings", 4)
    assert visits.evidence == "inferred from 3 ratings"
    assert (reviews.polarity, reviews.evidence) == ("none", "inferred: ratings split, 1 say higher, 1 lower")
    judged = with_inferences(catalogue, inferred)
    assert [s.title for s in judged.sections][-1] == "Indicators 2.x"
    ratings = rate_months(rows[0], figures[:3], judged.match("visits-in-time", "Visits in time"))
    assert [(r.rule, r.verdict) for r in ratings] == [("inferred", "agrees")] * 3
    ratings = rate_months(rows[2], figures[3:], judged.match("reviews", "Reviews on time"))
    assert {r.rule for r in ratings} == {"no-polarity"}


def test_a_polarity_printed_in_the_scorecard_is_taken_as_printed():
    (item,) = infer_catalogue([indicator("x", "X", polarity="Lower is better")],
                              held("x", [("2024-01", "80", "75", "R")]), None)
    assert (item.polarity, item.polarity_from, item.evidence) == ("lower", "printed", "as printed in the scorecard")


def named(key: str, name: str, ref: str) -> dict:
    return {"key": key, "name": name, "ref": ref}


def test_a_reworded_name_continues_its_series_only_when_the_months_agree():
    old = [named("care-leavers-in-work", "Care leavers in work or training", "CS07")]
    old_figures = held("care-leavers-in-work", [("2024-01", "50", "", ""), ("2024-02", "52", "", "")])
    new = [named("care-leavers-in-work-or-education", "Care leavers in work, education or training", "CS07")]
    same = held("care-leavers-in-work-or-education", [("2024-02", "52", "", ""), ("2024-03", "55", "", "")])
    (rename,) = find_renames(new, same, old, old_figures)
    assert (rename.series, rename.key, rename.agreeing) == ("care-leavers-in-work", "care-leavers-in-work-or-education", 1)
    differs = held("care-leavers-in-work-or-education", [("2024-02", "53", "", ""), ("2024-03", "55", "", "")])
    assert find_renames(new, differs, old, old_figures) == ()  # a similar name alone is not enough
    apart = held("care-leavers-in-work-or-education", [("2024-03", "52", "", "")])
    assert find_renames(new, apart, old, old_figures) == ()  # no month in common
    other_ref = [{**new[0], "ref": "CS08"}]
    assert find_renames(other_ref, same, old, old_figures) == ()
    unlike = [named("agency-staff", "Agency social worker rate", "CS07")]
    assert find_renames(unlike, held("agency-staff", [("2024-02", "52", "", "")]), old, old_figures) == ()


HOSTILE = 'Evil "name" \\ with\nnewline\r\t\x07 and ]] [indicators.x] # not a comment'


def test_the_proposal_escapes_pdf_text_and_reads_back_as_a_catalogue(tmp_path):
    assert tomllib.loads(f"x = {toml_string(HOSTILE)}")["x"] == HOSTILE
    item = infer_catalogue([indicator("evil", HOSTILE, ref='4.1"\n', section=HOSTILE)],
                           held("evil", [("2024-01", "80", "75", "G"), ("2024-02", "70", "75", "R")]),
                           None, {"evil": ("Old\nname",)})
    text = proposal_toml(item, None, "From 2 scorecards\n[oops]")
    parsed = tomllib.loads(text)
    assert list(parsed["indicators"]) == ["evil"]
    assert parsed["indicators"]["evil"]["short_name"] == HOSTILE
    assert parsed["indicators"]["evil"]["aliases"] == ["Old\nname", HOSTILE]
    assert parsed["sections"][0]["title"] == " ".join(HOSTILE.split())
    path = tmp_path / "kpis.toml"
    path.write_text(text, encoding="utf-8")
    assert load_catalogue(path).entries["evil"].polarity == "higher"


def test_an_inference_survives_extraction_json():
    (item,) = infer_catalogue([indicator("x", "X", ref="CS01")], held("x", [("2024-01", "80", "75", "G")]), None)
    assert Inference.from_dict(item.as_dict()) == item


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("[[sections]]\nid = 'a'\ntitle = 'A'\n[indicators.x]\nsection = 'a'\npolarity = higher\n",
         r"line 6, column 12\), in \[indicators.x\]"),  # bad TOML
        ("[[sections]]\nid = 'a'\ntitle = 'A'\n[indicators.x]\nsection = 'a'\npolarty = 'higher'\n",
         "x: unknown key 'polarty'"),
        ("[[sections]]\nid = 'a'\ntitle = 'A'\n[indicators.x]\nsection = 'a'\npolarity = 'up'\n",
         "x: polarity 'up' is not one of higher, lower, none"),
        (("[[sections]]\nid = 'a'\ntitle = 'A'\n[indicators.x]\nsection = 'a'\naliases = ['Visits']\n"
          "[indicators.y]\nsection = 'a'\naliases = ['visits']\n"), "y: alias 'visits' is also claimed by x"),
        ("[[sections]]\nid = 'a'\ntitle = 'A'\ncolour = 'red'\n", "section a: unknown key 'colour'"),
    ],
)
def test_a_catalogue_that_cannot_be_read_stops_the_run_with_one_line_naming_the_entry(
    tmp_path, capsys, monkeypatch, text, names
):
    path = tmp_path / "kpis.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError, match=names):
        load_catalogue(path)
    monkeypatch.setattr("monthly.cli.Settings", _settings_with(path))
    assert monthly_main(["--inbox", str(tmp_path / "inbox"), "--out", str(tmp_path / "out"),
                         "--data", str(tmp_path / "data"), "--archive", str(tmp_path / "archive")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("monthly: The KPI catalogue cannot be used")
    assert re.search(names, err[0])


def _settings_with(catalogue: Path):
    from monthly.run import Settings

    def settings(**kw):
        return Settings(**kw, catalogue=catalogue) if kw else Settings(catalogue=catalogue)

    return settings


def test_printed_sections_keep_the_sources_order_round_one_the_catalogue_already_has():
    catalogue = load_catalogue(ROOT / "assets" / "kpis.toml")
    own = [s.title for s in catalogue.sections]
    assert "Child protection" in own and own.index("Child protection") > 0
    # A scorecard of indicators the catalogue does not know, under its own section titles in
    # order, one of them the catalogue's "Child protection".
    rows = [indicator("strategy-meetings", "Strategy meetings held", section="Strategy"),
            indicator("plans-ended", "Plans ended after two years", section="Child protection"),
            indicator("audits-done", "Case audits completed", section="Quality audits"),
            indicator("panel-reviews", "Panel reviews held", section="Panel")]
    judged = with_inferences(catalogue, infer_catalogue(rows, [], catalogue))
    titles = [s.title for s in judged.sections]
    printed = ["Strategy", "Child protection", "Quality audits", "Panel"]
    assert [t for t in titles if t in printed] == printed
    assert [t for t in titles if t in own] == own  # the catalogue's own keep their order
    assert titles.index("Quality audits") == titles.index("Child protection") + 1
