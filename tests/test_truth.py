"""A pack that tells the truth where the reader looks (issue 11): ratings checked against
target at the point of use, materiality, composite figures, stale commentary, one number
formatter and the chair's summary — on datasets generated here, not on one fixture."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from markupsafe import escape

from dataset.catalogue import CatalogueError, load_catalogue
from dataset.history import History
from dataset.judge import expected_rag, travel
from extract.checks import check_figures
from monthly.outputs import history_to_pack_data
from report import build_pack, prepare_pack
from report.assess import RAG_WORDS
from report.brand import load_brand
from report.freshness import stale_months, unchanged_since
from report.model import dataset_to_pack, pack_to_pages
from report.numbers import NO_FIGURE_REASON, figure, show
from tests.report_data import CATALOGUE, extraction_for, reference_rows, write_judged
from tests.test_history import scorecard as history_scorecard
from tests.test_report import flat, read_pdf

PRODUCED = date(2022, 8, 9)
ROOT = Path(__file__).resolve().parent.parent

# Catalogued indicators with a target: (name, target, polarity, tolerance) as kpis.toml has them.
TARGETED = (
    ("Re-referrals to Children's Services", 22, "lower", 5),
    ("Proportion of Assessments completed within 45 working days", 90, "higher", 5),
    (
        "Proportion of S47 Enquiries with an outcome of Initial Child Protection Conference",
        39,
        "higher",
        5,
    ),
    ("Initial Child Protection Conferences held within timescale", 85, "higher", 5),
    ("Review Child Protection Conferences held within timescale", 100, "higher", 5),
)
OTHER_RAG = {"R": "G", "A": "R", "G": "R"}


def scorecard(seed: int, months: int = 4) -> tuple[dict, dict[str, bool]]:
    """Give a generated scorecard (the reference's shape) of the TARGETED indicators over
    `months` months, some printed with a wrong RAG in the reporting month, and which ones."""
    rng = random.Random(seed)
    periods = [f"2022-{m:02d}" for m in range(8 - months, 8)]
    items, wrong = [], {}
    for n, (name, target, polarity, tolerance) in enumerate(TARGETED):
        values = [rng.randint(max(0, target - 30), min(100, target + 10)) for _ in periods]
        rags = [expected_rag(v, target, polarity, tolerance) for v in values]
        wrong[name] = rng.random() < 0.6 or n == 0
        if wrong[name]:
            rags[-1] = OTHER_RAG[rags[-1]]
        items.append(
            {
                "ref": f"9.{n + 1}",
                "name": name,
                "target": f"{target}%",
                "national": "N/A",
                "comparator": "",
                "figures": [f"{v}%" for v in values],
                "rag": rags,
                "narrative": f"Commentary on {name}.",
                "polarity": polarity,
            }
        )
    return {"periods": periods, "indicators": items}, wrong


def write(reference: dict, directory: Path, **extraction) -> Path:
    indicators, figures = reference_rows(reference)
    return write_judged(
        directory, indicators, figures, extraction_for(reference["periods"], **extraction)
    )


def brand_with(folder: Path, **settings: str) -> Path:
    """Give a copy in `folder` of the default brand with top-level `settings` changed."""
    assets = ROOT / "assets"
    text = (assets / "brand.toml").read_text(encoding="utf-8")
    text = text.replace('"fonts/', f'"{assets}/fonts/').replace(
        '"logo.toml"', f'"{assets}/logo.toml"'
    )
    for key, value in settings.items():
        text = "\n".join(
            f'{key} = "{value}"' if line.startswith(f"{key} =") else line
            for line in text.splitlines()
        )
    path = folder / "brand.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def target_brand(tmp_path):
    return brand_with(tmp_path, rag_source="target")


# 1. Ratings to check at the point of use ---------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_truth_every_wrong_printed_rating_is_marked_listed_and_said_in_words(seed, tmp_path):
    reference, wrong = scorecard(seed)
    pages = prepare_pack(write(reference, tmp_path / "data"), produced=PRODUCED).pages
    glance = pages.at_a_glance
    listed = {row.indicator.name for row in glance.checks.rows}
    assert listed == {name for name, bad in wrong.items() if bad}
    indicator_pages = {p.indicator.name: p for s in pages.sections for p in s.indicators}
    for item in reference["indicators"]:
        page = indicator_pages[item["name"]]
        latest = page.months[-1][1]
        printed = item["rag"][-1]
        if wrong[item["name"]]:
            _, target, polarity, tolerance = next(t for t in TARGETED if t[0] == item["name"])
            earned = expected_rag(int(item["figures"][-1][:-1]), target, polarity, tolerance)
            sentence = (
                f"Printed {RAG_WORDS[printed]}; {item['figures'][-1]} against a {target}% target "
                f"({polarity} is better, Amber within {tolerance} percentage points) would be "
                f"{RAG_WORDS[earned]}."
            )
            assert any(sentence in "".join(s.text for s in notice) for notice in page.notices)
            assert latest.check and page.check.startswith("!")
            assert latest.rag.code == printed  # printed drives by default
        else:
            assert not latest.check and not page.check
    # Which rating drives the summaries is said, with how many disagree.
    assert glance.notices[0].startswith("Ratings are as the scorecard prints them")
    assert f"{len(listed)} of the 5 printed ratings" in glance.notices[0]
    assert ("RATINGS", "As the scorecard prints them (rag_source = printed)") in pages.cover.facts


def test_truth_rag_source_target_drives_tiles_runs_and_moves(tmp_path, target_brand):
    reference, _ = scorecard(3)
    data = write(reference, tmp_path / "data")
    printed = prepare_pack(data, produced=PRODUCED)
    by_target = prepare_pack(data, brand=target_brand, produced=PRODUCED)
    earned = [m.expected for i in by_target.pack.indicators for m in i.months[-1:]]
    tiles = {t.rag.code: int(t.count) for t in by_target.pages.at_a_glance.tiles}
    assert tiles == {code: earned.count(code) for code in ("R", "A", "G", "")}
    assert tiles != {t.rag.code: int(t.count) for t in printed.pages.at_a_glance.tiles}
    assert by_target.pages.at_a_glance.notices[0].startswith(
        "Ratings are as each figure earns against its target"
    )
    name = TARGETED[0][0]
    page = next(
        p for s in by_target.pages.sections for p in s.indicators if p.indicator.name == name
    )
    assert page.rag.code == by_target.pack.indicators[0].latest.expected
    assert "the scorecard printed" in "".join(s.text for n in page.notices for s in n)


def test_truth_print_pack_shows_the_mark_the_list_and_the_key(tmp_path):
    reference, wrong = scorecard(1)
    pdf = tmp_path / "pack.pdf"
    build_pack(write(reference, tmp_path / "data"), pdf, produced=PRODUCED)
    text = flat(" ".join(read_pdf(pdf).pages))
    assert "Ratings to check" in text
    assert "rag_source = printed" in text
    assert "beside a rating marks a rating to check" in text
    # The badge carries a visible mark, not colour alone: "G!" as text in the PDF.
    bad = sum(wrong.values())
    assert len([w for w in text.split() if w in ("R!", "A!", "G!")]) >= bad
    assert "Rating to check: Printed" in text


# 5. Direction of travel with materiality ---------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "polarity", "within", "word", "arrow"),
    [
        (40, 40.5, "higher", 1, "stable", "▲"),
        (40, 39, "higher", 1, "stable", "▼"),
        (40, 38.5, "higher", 1, "worsening", "▼"),
        (40, 42, "lower", 1, "worsening", "▲"),
        (40, 40, "higher", 1, "no change", "►"),
        (4000, 4050, "none", 80, "stable", "▲"),
        (4000, 4100, "none", 80, "increased", "▲"),
    ],
)
def test_truth_travel_within_the_threshold_is_stable(before, after, polarity, within, word, arrow):
    moved = travel(before, after, polarity, within)
    assert (moved.word, moved.arrow) == (word, arrow)


def test_truth_materiality_defaults_by_unit_and_per_indicator_override(tmp_path):
    catalogue = load_catalogue(CATALOGUE)
    assert catalogue.stable_within == {
        "%": "1",
        "per 10k": "0.5",
        "count": "2%",
        "per 100k": "1",
        "days": "2%",
        "£": "2%",
    }
    reference, _ = scorecard(0, months=2)
    first = reference["indicators"][0]
    first["figures"] = ["20%", "20.5%"]  # lower is better: half a point is not worse
    second = reference["indicators"][1]
    second["figures"] = ["80%", "83%"]
    pages = prepare_pack(write(reference, tmp_path / "data"), produced=PRODUCED).pages
    words = {p.indicator.name: p.travel.word for s in pages.sections for p in s.indicators}
    assert words[first["name"]] == "stable"
    assert words[second["name"]] == "improving"
    travel_rows = {row.word: row for row in pages.at_a_glance.travel.rows}
    assert "Re-referrals" in travel_rows["stable"].names
    key = flat(" ".join(s.text for e in pages.contents.key_entries for s in e.sentence))
    assert "The arrow says which way the number went" in key
    assert "is stable" in key or "stable:" in key
    # An indicator's own threshold wins over its unit's default.
    own = tmp_path / "kpis.toml"
    own.write_text(
        CATALOGUE.read_text(encoding="utf-8").replace(
            "[indicators.re-referrals-to-children-s-services]\n",
            '[indicators.re-referrals-to-children-s-services]\nstable_within = "0.25"\n',
        ),
        encoding="utf-8",
    )
    pages = prepare_pack(tmp_path / "data", catalogue=own, produced=PRODUCED).pages
    words = {p.indicator.name: p.travel.word for s in pages.sections for p in s.indicators}
    assert words[first["name"]] == "worsening"


@pytest.mark.parametrize("bad", ['"many"', '"-1"', "true", '"%"'])
def test_truth_a_threshold_that_is_not_a_number_or_share_is_refused(bad, tmp_path):
    own = tmp_path / "kpis.toml"
    own.write_text(
        CATALOGUE.read_text(encoding="utf-8").replace('count = "2%"', f"count = {bad}"),
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError, match="stable_within"):
        load_catalogue(own)


def test_truth_count_threshold_is_a_share_of_last_month():
    from dataset.catalogue import stable_threshold

    assert stable_threshold("2%", 4000) == pytest.approx(80)
    assert stable_threshold("1", 4000) == 1
    assert stable_threshold("", 4000) == 0


# 3. Commentary freshness --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period", "stale"),
    [
        ("Re-referrals decreased in April and still sit below target.", "2022-07", ["April"]),
        ("Better in June and again in July.", "2022-07", []),
        ("Figures may rise; May we note the work.", "2022-07", []),
        ("Unchanged since May 2022, and up from March.", "2022-07", ["May", "March"]),
        ("The December figure was low.", "2022-01", []),
        ("As in Sept, the figure fell.", "2022-12", ["September"]),
        ("No month here at all.", "2022-07", []),
    ],
)
def test_truth_commentary_naming_another_month_is_found(text, period, stale):
    assert stale_months(text, period) == stale


def test_truth_unchanged_commentary_is_dated_from_its_first_month():
    earlier = [("2022-04", "Old words."), ("2022-05", "Same words."), ("2022-06", "Same  words.\n")]
    assert unchanged_since("Same words.", earlier, "2022-07") == "2022-05"
    assert unchanged_since("New words.", earlier, "2022-07") is None
    # A month missing from the history breaks the run: unchanged only since what is known.
    assert unchanged_since("Same words.", earlier[:2], "2022-07") is None
    assert unchanged_since("", [("2022-06", "")], "2022-07") is None


def test_truth_history_carries_earlier_commentary_to_the_indicator_page(tmp_path):
    same = "Work continues with partners to improve timeliness."
    said = {
        "2022-05": {"visits": same, "referrals": "Referrals rose.", "plans": "Plans are steady."},
        "2022-06": {"visits": same, "referrals": "Referrals fell.", "plans": "Plans are steady."},
        "2022-07": {
            "visits": same,
            "referrals": "Referrals decreased in April and still sit below target.",
            "plans": "Plans rose in July.",
        },
    }
    with History(tmp_path / "history.sqlite") as history:
        for period, narratives in said.items():
            meta, indicators, figures = history_scorecard(period, {key: {} for key in narratives})
            for row in indicators:
                row["narrative"] = narratives[row["key"]]
            loaded = history.load(
                file_name=f"{period}.pdf",
                sha256=f"sha-{period}",
                meta=meta,
                indicators=indicators,
                figures=figures,
            )
        data = history_to_pack_data(history, loaded.source)
    assert {(c["key"], c["period"]) for c in data.meta["commentaries"]} == {
        (key, period) for period in ("2022-05", "2022-06") for key in said[period]
    }
    catalogue = load_catalogue(CATALOGUE)
    pack = dataset_to_pack(data.indicators, data.figures, data.meta, catalogue)
    pages = pack_to_pages(pack, load_brand(), catalogue, PRODUCED)
    notes = {p.indicator.name: p.commentary_notes for s in pages.sections for p in s.indicators}
    assert notes == {
        "Visits": ("Unchanged since May 2022: the same words as last month's.",),
        "Referrals": ("Mentions April; this pack is for July 2022.",),
        "Plans": (),
    }


# 8. The chair's summary ---------------------------------------------------------------------


def test_truth_chair_summary_gives_key_messages_from_the_data(tmp_path):
    reference, _ = scorecard(4)
    # The first indicator Red (and rightly so) for three months: 40% re-referrals, lower better.
    reference["indicators"][0]["figures"][-3:] = ["40%", "41%", "45%"]
    reference["indicators"][0]["rag"][-3:] = ["R", "R", "R"]
    data = write(
        reference,
        tmp_path / "data",
        revisions=[
            {
                "key": "re-referrals-to-children-s-services",
                "period": "2022-05",
                "measure": "value",
                "old_value": "39",
                "new_value": "40",
                "old_source": "may.pdf",
                "new_source": "july.pdf",
            }
        ],
        warnings=[
            {
                "code": "unread-text",
                "message": "text inside the table was not read into the dataset: '7%'",
                "page": 1,
                "text": "7%",
            }
        ],
    )
    prepared = prepare_pack(data, produced=PRODUCED)
    page = prepared.pages.summary
    messages = ["".join(span.text for span in m) for m in page.messages]
    assert 3 <= len(messages) <= 6
    by_head = {m.split(":")[0]: m for m in messages}
    assert "Re-referrals (45%)" in by_head["Red for three months"]
    checked = [i for i in prepared.pack.indicators if i.latest.to_check]
    assert f"{len(checked)} printed rating" in by_head["Ratings to check"]
    worsened = [i for i in prepared.pack.indicators if i.travel.word == "worsening"]
    if worsened:
        biggest = max(
            worsened,
            key=lambda i: abs(i.latest.value - i.previous.value) / abs(i.previous.value),
        )
        assert (
            by_head["Biggest moves the wrong way"].split(": ", 1)[1].startswith(biggest.short_name)
        )
    assert "for May 2022 (39 to 40)" in by_head["Revised figures"]
    assert "‘7%’ (page 1)" in by_head["Could not be read"]
    brand = load_brand()
    assert (page.purpose, page.asks) == (brand.purpose, brand.asks)
    pdf = tmp_path / "pack.pdf"
    build_pack(data, pdf, produced=PRODUCED)
    second = flat(read_pdf(pdf).pages[1])
    assert second.startswith("Children's Services Key Indicators | July 2022")
    for words in ("Chair's summary", "Purpose", "Key messages", brand.asks[:60]):
        assert words in second
    for message in messages:
        assert flat(message)[:50] in second


# 2. Composite figures as two measures -------------------------------------------------------

CP_PLANS = "Child Protection volumes and rate"


@pytest.mark.parametrize(
    ("figures", "count_words", "rate_words"),
    [
        # The count falls 12% while the rate rises: each is told its own way.
        (["1122 35.3", "991 40.7"], "▼ fewer", "▲ rate increased"),
        (["652 13.0", "455 13.0"], "▼ fewer", "► rate no change"),
        (["400 20.0", "520 19.5"], "▲ more", "▼ rate stable"),
    ],
)
def test_truth_composite_count_and_rate_each_get_their_direction_and_chart(
    figures, count_words, rate_words, tmp_path
):
    reference = {
        "periods": ["2022-06", "2022-07"],
        "indicators": [
            {
                "ref": "6.3",
                "name": CP_PLANS,
                "target": "N/A",
                "national": "34.4",
                "comparator": "41.4",
                "figures": figures,
                "rag": ["", ""],
                "narrative": "Plans.",
                "polarity": "none",
            }
        ],
    }
    indicators, rows = reference_rows(reference)
    catalogue = load_catalogue(CATALOGUE)
    extraction = extraction_for(
        reference["periods"], checks=check_figures(indicators, rows, catalogue)
    )
    data = write_judged(tmp_path / "data", indicators, rows, extraction)
    pages = prepare_pack(data, produced=PRODUCED).pages
    page = pages.sections[0].indicators[0]
    (before_count, before_rate), (count, rate) = (f.split() for f in figures)
    change = round(abs(int(count) - int(before_count)) / int(before_count) * 100)
    since = "".join(span.text for span in page.since)
    assert since.startswith(
        f"{count_words} ({int(count):,}, {'down' if int(count) < int(before_count) else 'up'} "
        f"{change}% from {int(before_count):,} in Jun 2022); {rate_words} ("
    )
    assert (page.figure, page.companion) == (count, f"{rate} per 10k children")
    # Both measures charted, each on its own axis and labelled.
    assert [p.value for p in page.chart.points] == [float(before_rate), float(rate)]
    assert [p.value for p in page.count_chart.points] == [float(before_count), float(count)]
    assert [p.label for p in page.count_chart.points] == [
        f"{int(before_count):,}",
        f"{int(count):,}",
    ]
    assert page.chart.points[-1].label == rate  # the rate to the precision printed
    assert page.chart.caption == "Rate per 10,000 children" and page.count_chart.caption == "Number"
    assert page.count_chart.lines == ()  # benchmarks are rates: not drawn against the count
    # The two imply different populations (count x 10,000 / rate): marked on the page.
    populations = [int(c) * 10000 / float(r) for c, r in (f.split() for f in figures)]
    disagree = max(populations) / min(populations) - 1 > 0.05
    notices = ["".join(s.text for s in notice) for notice in page.notices]
    assert any(n.startswith("Count and rate disagree:") for n in notices) == disagree


def test_truth_print_and_html_draw_both_measures_of_a_composite(tmp_path):
    from tests.report_data import reference_dataset

    data = reference_dataset(tmp_path / "data")
    pdf, html = tmp_path / "pack.pdf", tmp_path / "pack.html"
    build_pack(data, pdf, produced=PRODUCED)
    build_pack(data, html, produced=PRODUCED, edition="html")
    text = flat(" ".join(read_pdf(pdf).pages))
    # "455 13%" after "652 13%": the count fell 30% while the share held.
    assert "▼ fewer (455, down 30% from 652 in Mar 2022); ► share no change (13%, from 13%)" in text
    page = html.read_text(encoding="utf-8")
    composites = [
        p
        for s in prepare_pack(data, produced=PRODUCED).pages.sections
        for p in s.indicators
        if p.count_chart is not None
    ]
    assert len(composites) >= 3
    for composite in composites:
        assert f'id="chart-{composite.key}-count' in page
        assert str(escape(composite.count_chart.description)) in page


# 4. One number formatter --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "places", "shown"),
    [
        (3550, "count", None, "3,550"),
        (39, "%", 1, "39.0%"),
        (40.7, "per 10k", None, "40.7 per 10k"),
        (12345.5, "", 2, "12,345.50"),
        (None, "%", 1, "–"),
        (12.5, "days", None, "12.5 days"),
        (-1250, "£", None, "-£1,250"),
        (3.25, "per 100k", 2, "3.25 per 100k"),
    ],
)
def test_truth_show_writes_separators_precision_and_units(value, unit, places, shown):
    assert show(value, unit, places) == shown


@pytest.mark.parametrize(
    ("printed", "shown"),
    [
        ("3550", "3,550"),
        ("2016", "2,016"),  # a count, not a year
        ("1033 39.0", "1,033 39.0"),
        ("10.0%", "10.0%"),
        ("1,033", "1,033"),
        ("-5", "-5"),
        ("N/A", "–"),
        ("n/a", "–"),
        ("TBC", "–"),
        ("", "–"),
        ("-", "–"),
        ("1,2", "1,2"),  # not grouped in thousands: left as printed
        ("see note", "see note"),
    ],
)
def test_truth_figure_as_the_pack_prints_it(printed, shown):
    assert figure(printed) == shown


def test_truth_one_formatter_from_headline_to_chart_label_to_sentence(tmp_path):
    reference = {
        "periods": ["2022-06", "2022-07"],
        "indicators": [
            {
                "ref": "1.1",
                "name": "Number of CSPA contacts received",
                "target": "N/A",
                "national": "N/A",
                "comparator": "",
                "figures": ["3550", "4011"],
                "rag": ["", ""],
                "narrative": "Contacts.",
                "polarity": "none",
            },
            {
                "ref": "4.3",
                "name": "Proportion of Assessments completed within 45 working days",
                "target": "90%",
                "national": "90.0%",
                "comparator": "",
                "figures": ["39.0%", "10.0%"],
                "rag": ["R", "G"],
                "narrative": "Assessments.",
                "polarity": "higher",
            },
        ],
    }
    pages = prepare_pack(write(reference, tmp_path / "data"), produced=PRODUCED).pages
    contacts, assessments = (p for s in pages.sections for p in s.indicators)
    assert contacts.figure == "4,011"
    assert [m.figure for _, m in contacts.months] == ["3,550", "4,011"]
    assert [p.label for p in contacts.chart.points] == ["3,550", "4,011"]
    assert "".join(s.text for s in contacts.since).endswith("from 3,550 in Jun 2022")
    assert "from 3,550 in June 2022 to 4,011 in July 2022" in contacts.chart.description
    # The source's precision everywhere: headline, strip, chart label, sentences.
    assert assessments.figure == "10.0%"
    assert [p.label for p in assessments.chart.points] == ["39.0%", "10.0%"]
    assert "to 10.0% in July 2022" in assessments.chart.description
    assert any(line.label == "National 90.0%" for line in assessments.chart.lines)
    notices = "".join(s.text for n in assessments.notices for s in n)
    assert "Printed Green; 10.0% against a 90% target" in notices
    # One symbol for "no figure", its reason in the key; "N/A" is not printed as a figure.
    assert dict(contacts.benchmarks) == {"Target": "–", "National": "–", "Comparator": "–"}
    row = pages.scorecard.groups[0].rows[0]
    assert row.benchmarks == ("–", "–", "–")
    key = ["".join(s.text for s in e.sentence) for e in pages.contents.key_entries]
    assert f"–: {NO_FIGURE_REASON}." in key


def test_truth_at_a_glance_counts_commentary_to_check(tmp_path):
    reference, _ = scorecard(2, months=3)
    items = reference["indicators"]
    items[0]["narrative"] = "Fell in April, as planned."  # the pack is for July
    items[1]["narrative"] = "Same as ever."
    items[2]["narrative"] = "Rose in June and July."
    data = write(
        reference,
        tmp_path / "data",
        commentaries=[
            {
                "key": "proportion-of-assessments-completed-within-45-working-days",
                "period": "2022-06",
                "narrative": "Same as ever.",
                "source": "june.pdf",
            },
        ],
    )
    notices = prepare_pack(data, produced=PRODUCED).pages.at_a_glance.notices
    assert notices[1] == (
        "Commentary to check: of the 5 indicators' commentaries, 1 repeats last month's word "
        "for word and 1 names a month other than this one or the one before; each is marked "
        "on its page."
    )


@pytest.mark.parametrize("months", [1, 2])
def test_truth_chair_summary_has_three_messages_even_for_a_short_history(months, tmp_path):
    reference, _ = scorecard(5, months=months)
    pages = prepare_pack(write(reference, tmp_path / "data"), produced=PRODUCED).pages
    heads = ["".join(s.text for s in m).split(":")[0] for m in pages.summary.messages]
    assert 3 <= len(heads) <= 6
    assert heads[:2] == ["Ratings", "Red for three months"]
    assert "Ratings to check" in heads
