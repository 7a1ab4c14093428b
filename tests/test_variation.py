"""Variation (XmR charts and Making Data Count's icons), benchmarks in context and unique
display references: the statistics on known series, then the pack of a history of 18 months
loaded through the history store as `make report` loads it."""

from __future__ import annotations

from datetime import date

import pytest

from report import build_pack, prepare_pack
from report.benchmarks import Context, benchmarks, reason
from report.refs import repeated_note, unique_refs
from report.scale import axis_range, label_box, label_width, place_labels
from report.spc import (
    COMMON,
    CONCERNING,
    FAIL,
    HIT_AND_MISS,
    IMPROVING,
    NEITHER,
    PASS,
    special_causes,
    xmr,
)
from tests.conftest import require
from tests.report_data import (
    DROPPED,
    FAILING,
    SHIFTED,
    history_dataset,
    reference_dataset,
)

PRODUCED = date(2022, 5, 9)
# Alternating 10, 12: mean 11, every moving range 2, limits 11 ± 5.32; no rule fires.
STEADY = [10.0, 12.0] * 8


# The statistics on known series --------------------------------------------------------------


def test_xmr_limits_are_the_mean_plus_or_minus_2_66_mean_moving_ranges():
    chart = xmr(STEADY, "higher")
    assert chart.mean == pytest.approx(11)
    assert (chart.lower, chart.upper) == (pytest.approx(11 - 5.32), pytest.approx(11 + 5.32))
    assert chart.points == 16 and not any(chart.special)
    assert chart.variation == COMMON and chart.side == ""
    assert chart.variation_words == "Common cause variation: no significant change"


def test_fewer_than_fifteen_figures_make_no_variation_claim():
    assert xmr(STEADY[:14], "higher") is None
    # A month without a figure does not count towards the fifteen.
    assert xmr([*STEADY[:14], None], "higher") is None
    assert xmr([*STEADY[:15], None], "higher") is not None


def test_a_point_outside_the_limits_is_special_cause_by_polarity():
    # Alternating 10, 20 then 60: mean 17.5, mean moving range 12.67, upper limit 51.2.
    values = [*([10.0, 20.0] * 7), 10.0, 60.0]
    chart = xmr(values, "lower")
    assert chart.upper == pytest.approx(17.5 + 2.66 * 190 / 15)
    assert chart.special == (False,) * 15 + (True,)
    assert (chart.variation, chart.side) == (CONCERNING, "high")
    assert xmr(values, "higher").variation == IMPROVING
    assert (xmr(values, "none").variation, xmr(values, "none").side) == (NEITHER, "high")
    assert "concerning: higher" in chart.variation_words


def test_a_run_of_seven_on_one_side_of_the_mean_is_a_shift_and_six_is_not():
    # Nine around 50, then seven just above the mean: inside the limits, on one side.
    base = [48.0, 52.0, 49.0, 51.0, 48.0, 52.0, 49.0, 51.0, 48.0]
    values = base + [51.0, 52.0, 51.0, 52.0, 51.0, 52.0, 51.0]
    chart = xmr(values, "higher")
    assert chart.lower < min(values) and max(values) < chart.upper
    assert chart.special[-7:] == (True,) * 7 and not any(chart.special[:9])
    assert (chart.variation, chart.side) == (IMPROVING, "high")
    six = base + [49.0] + [51.0, 52.0, 51.0, 52.0, 51.0, 52.0]
    assert not any(xmr(six, "higher").special)


def test_seven_points_each_higher_than_the_last_are_a_trend():
    values = [50.0, 46.0, 50.0, 46.0, 50.0, 46.0, 50.0, 46.0, 47.0, 47.5, 48.0, 48.5, 49.0, 49.5]
    flags = special_causes(values, 48.0, 30.0, 66.0, 40.0, 56.0)
    assert flags == [False] * 7 + [True] * 7
    # Six points rising (five steps) are not a trend.
    six = [50.0, 46.0, 50.0, 46.0, 50.0, 46.0, 50.0, 48.0, 48.5, 49.0, 49.5, 50.0, 50.5, 46.0]
    assert not any(special_causes(six, 48.0, 30.0, 66.0, 40.0, 56.0))


def test_two_of_three_near_a_limit_on_one_side_flag_the_near_ones():
    # Limits 0..100 around 50, near from 83.3: 90, 60, 88 are two of three near the top.
    ys = [50.0, 40.0, 60.0, 45.0, 90.0, 60.0, 88.0, 50.0]
    flags = special_causes(ys, 50.0, 0.0, 100.0, 16.7, 83.3)
    assert flags == [False, False, False, False, True, False, True, False]
    # On opposite sides of the mean they are not a signal.
    assert not any(special_causes([50.0, 90.0, 10.0, 50.0], 50.0, 0.0, 100.0, 16.7, 83.3))


@pytest.mark.parametrize(
    ("target", "polarity", "assured"),
    [
        (20.0, "higher", FAIL),  # above the upper limit 16.32
        (20.0, "lower", PASS),
        (3.0, "higher", PASS),  # below the lower limit 5.68
        (3.0, "lower", FAIL),
        (11.0, "higher", HIT_AND_MISS),
        (11.0, "none", ""),
        (None, "higher", ""),
    ],
)
def test_assurance_by_the_target_against_the_limits(target, polarity, assured):
    assert xmr(STEADY, polarity, target).assurance == assured


def test_a_percentage_s_limits_stop_at_0_and_100():
    values = [90.0, 100.0] * 8
    chart = xmr(values, "higher", floor=0.0, ceiling=100.0)
    assert chart.upper == 100.0 and chart.lower == pytest.approx(95 - 26.6)


def test_a_month_without_a_figure_breaks_the_moving_range():
    values = [10.0, 12.0, None, 40.0, *([10.0, 12.0] * 7)]
    chart = xmr(values, "higher")
    # No range is taken across the gap (12 → 40): every range is 2, so 40 is far outside.
    assert chart.special[3] and not chart.special[2]


# Benchmarks, references, axes and labels ------------------------------------------------------


def test_a_benchmark_on_another_scale_is_told_with_its_reason_not_drawn():
    context = Context(national="England", comparator="Statistical neighbours", period="2020-21")
    found = benchmarks(
        {"target": None, "national": 85.0, "comparator": 10880.0}, [52, 53, 48], "count", context
    )
    assert [b.drawn for b in found] == [False, False]
    assert found[0].label == "National (England, 2020-21)"
    assert "cannot be compared" in found[0].reason
    assert reason("comparator", 130.0, [50, 60], "%") == "a percentage cannot be 130"
    assert "far outside" in reason("national", 5000.0, [50, 60], "per 10k")
    assert reason("national", 24.0, [12, 17, 15], "%") == ""
    assert "a rate per 10,000" in reason("national", 40.0, [12], "count", "per 10k")
    assert reason("national", 40.0, [42], "count", "count") == ""


def test_repeated_references_are_lettered_in_source_order():
    refs = ["4.2", "5.2", "5.2", "7.1", "8.3", "7.1", "8.3", "8.3b", "8.3", ""]
    shown = unique_refs(refs)
    assert shown == ["4.2", "5.2a", "5.2b", "7.1a", "8.3a", "7.1b", "8.3c", "8.3b", "8.3d", ""]
    assert len(set(shown[:-1])) == len(shown) - 1
    note = repeated_note(list(zip(shown, refs, strict=True)))
    assert "5.2 as 5.2a and 5.2b" in note and "8.3 as 8.3a, 8.3c and 8.3d" in note
    assert repeated_note([("4.2", "4.2")]) == ""


def test_a_percentage_axis_stops_at_100_unless_the_data_passes_it():
    assert axis_range([88, 93, 97, 99], [100], False, ceiling=100)[-1] == 100
    assert axis_range([95, 99], [], False, ceiling=100)[-1] == 100
    assert axis_range([95, 104], [], False, ceiling=100)[-1] > 104


def test_point_labels_cover_no_point_line_or_other_label():
    # A zigzag crowded enough that labels above every point would collide.
    points = [(10 + 8 * n, 60 + (12 if n % 2 else 0)) for n in range(12)]
    widths = [label_width("88.8%", 7)] * 12
    places = place_labels(points, widths, [66.0], 7, 2.6)
    boxes = [label_box(*place, width, 7) for place, width in zip(places, widths, strict=True)]
    markers = [(x - 2.6, y - 2.6, x + 2.6, y + 2.6) for x, y in points]
    for n, box in enumerate(boxes):
        assert not box[1] <= 66.0 <= box[3]
        for other in (*boxes[:n], *boxes[n + 1 :], *markers):
            assert not (
                box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]
            ), (n, box, other)


# The pack of a long history ---------------------------------------------------------------


@pytest.fixture(scope="module")
def long_pack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("history")
    dataset = history_dataset(folder / "dataset", folder / "history.sqlite", months=18)
    prepared = prepare_pack(dataset, produced=PRODUCED)
    return dataset, prepared


def _page(prepared, name):
    return next(
        p for s in prepared.pages.sections for p in s.indicators if p.indicator.name == name
    )


def test_a_history_of_fifteen_months_or_more_gives_xmr_charts_with_their_icons(long_pack):
    _, prepared = long_pack
    shifted = _page(prepared, SHIFTED).chart
    assert shifted.variation is not None and len(shifted.points) == 20
    assert {line.role for line in shifted.lines} >= {"mean", "upper", "lower"}
    assert shifted.variation.kind == IMPROVING and shifted.variation.variation.letter == "L"
    assert [p.special for p in shifted.points[-8:]] == [IMPROVING] * 8
    assert "Special cause variation, improving: lower" in shifted.description
    failing = _page(prepared, FAILING).chart.variation
    assert failing.assured == FAIL and failing.assurance.letter == "F"
    dropped = _page(prepared, DROPPED).chart.variation
    assert (dropped.kind, dropped.variation.letter) == (CONCERNING, "L")
    # The months strip and scorecard still show the last 13; the XmR chart's table shows all.
    page = _page(prepared, SHIFTED)
    assert len(page.months) == 13 and len(page.charted) == 20
    assert len(prepared.pages.scorecard.months) == 13


def test_the_at_a_glance_page_summarises_variation_and_assurance(long_pack):
    _, prepared = long_pack
    block = prepared.pages.at_a_glance.variation
    words = {row.icon.words: row for row in block.rows}
    concerning = next(r for w, r in words.items() if "concerning: lower" in w)
    assert "CIN visits up to date" in concerning.names
    failing = next(r for w, r in words.items() if "consistently miss" in w)
    assert "Assessments in 45 days" in failing.names
    shifted = next(r for w, r in words.items() if "improving: lower" in w)
    assert "Re-referrals" in shifted.names
    # Worst first: concerning variation comes before improving, failing before passing.
    order = [row.icon.role for row in block.rows]
    assert order.index("spc.concerning") < order.index("spc.improving")


def test_a_short_history_keeps_run_charts_and_makes_no_variation_claim(tmp_path):
    prepared = prepare_pack(reference_dataset(tmp_path / "dataset"), produced=PRODUCED)
    pages = [p for s in prepared.pages.sections for p in s.indicators]
    assert all(p.chart.variation is None and not p.charted for p in pages)
    assert not any("variation" in p.chart.description.lower() for p in pages)
    assert prepared.pages.at_a_glance.variation is None
    key = " ".join(s.text for e in prepared.pages.contents.key_entries for s in e.sentence)
    assert "fewer months has a run chart and no claim about variation" in key


def test_out_of_scale_benchmarks_are_text_with_a_reason_and_never_a_line(tmp_path):
    prepared = prepare_pack(reference_dataset(tmp_path / "dataset"), produced=PRODUCED)
    missing = _page(prepared, "LAC Missing Children Going Missing in the Month")
    assert not [line for line in missing.chart.lines if line.role != "target"]
    assert missing.chart.untold == (
        (
            "National (England, 2020-21) 85 is not drawn on the chart: a count of this "
            "council's children cannot be compared with another area's."
        ),
        (
            "Comparator (Statistical neighbours, 2020-21) 10,880 is not drawn on the chart: a "
            "count of this council's children cannot be compared with another area's."
        ),
    )
    assert "off scal" not in repr(prepared.pages)
    rereferrals = _page(prepared, SHIFTED)
    assert {line.role for line in rereferrals.chart.lines} == {"target", "national", "comparator"}
    assert ("National", "24%") in rereferrals.benchmarks
    assert rereferrals.benchmark_context == (
        "National: England. Comparator: Statistical neighbours. For 2020-21."
    )
    key = " ".join(s.text for e in prepared.pages.contents.key_entries for s in e.sentence)
    assert "National is England; Comparator is Statistical neighbours" in key
    assert "for 2020-21" in key


def test_duplicate_references_are_lettered_with_a_note(tmp_path):
    prepared = prepare_pack(reference_dataset(tmp_path / "dataset"), produced=PRODUCED)
    titles = [p.title for s in prepared.pages.sections for p in s.indicators]
    assert "5.2a Number of Children in Need" in titles
    assert "5.2b Child In Need Visits up to date" in titles
    refs = [p.indicator.ref for s in prepared.pages.sections for p in s.indicators]
    assert len([r for r in refs if r]) == len({r for r in refs if r})
    page = _page(prepared, "Child In Need Visits up to date")
    assert "prints this indicator as 5.2" in page.printed_ref
    key = " ".join(s.text for e in prepared.pages.contents.key_entries for s in e.sentence)
    assert "5.2 as 5.2a and 5.2b" in key
    # Sections come from the catalogue: care leavers under Care leavers, whatever their ref.
    section = next(s for s in prepared.pages.sections if s.title == "Care leavers")
    assert "Number of Care Leavers" in [p.indicator.name for p in section.indicators]


def test_the_long_history_pack_builds_byte_identically_in_both_editions(long_pack, tmp_path):
    dataset, _ = long_pack
    for name in ("a", "b"):
        build_pack(dataset, tmp_path / f"{name}.pdf", produced=PRODUCED)
        build_pack(dataset, tmp_path / f"{name}.html", produced=PRODUCED, edition="html")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    html = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert html == (tmp_path / "b.html").read_text(encoding="utf-8")
    assert 'class="icon" role="img"' in html
    assert "Special cause variation, improving: lower than expected</title>" in html


def test_the_accessible_edition_of_a_long_history_passes_axe_and_pdf_ua(long_pack, tmp_path):
    from report import accessible_pdf_missing
    from tests.accessibility import axe_violations, chromium, open_page, pdf_ua_failures

    dataset, _ = long_pack
    html = build_pack(dataset, tmp_path / "pack.html", produced=PRODUCED, edition="html")
    text = html.path.read_text(encoding="utf-8")
    with chromium() as browser:
        page = open_page(browser, text)
        assert axe_violations(page) == []
        icons = page.eval_on_selector_all(
            "svg.icon",
            "all => all.map(svg => [svg.getAttribute('role'), svg.querySelector('title').textContent])",
        )
    # Each XmR page's two icons, the at-a-glance summary's and the key's, all named.
    assert len(icons) >= 2 * 20 and all(role == "img" and title for role, title in icons)
    require(not accessible_pdf_missing(), f"the accessible PDF's needs ({accessible_pdf_missing()})")
    pdf = build_pack(dataset, tmp_path / "pack-a.pdf", produced=PRODUCED, edition="accessible")
    assert pdf_ua_failures(pdf.path) == []
