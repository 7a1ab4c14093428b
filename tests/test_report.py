"""The board pack: built from datasets, read back with pdfplumber, checked as a reader would."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdftypes import resolve1
from reportlab.pdfbase import pdfmetrics

import extract
from dataset import FIGURE_COLUMNS, FIGURES_FILE, INDICATOR_COLUMNS, INDICATORS_FILE
from dataset.catalogue import load_catalogue, slug
from dataset.csvio import read_rows
from report import build_pack, prepare_pack
from report.assess import red_run
from report.brand import load_brand
from report.cli import main
from report.errors import BadBrand
from report.fonts import register_fonts
from report.model import spell_composite
from report.numbers import figure as printed_figure
from report.pages import render
from report.refs import unique_refs
from report.scale import nice_ticks, spread
from tests.conftest import FIXTURES, ROOT, require
from tests.report_data import (
    REFERENCE,
    extraction_for,
    reference_dataset,
    reference_rows,
    write_judged,
)

PRODUCED = date(2022, 5, 9)
TITLE = "Children's Services Key Indicators"
SECTION_TITLES = (
    "Front door",
    "Assessment",
    "Children in need",
    "Child protection",
    "Looked after children",
    "Care leavers",
    "Missing children",
    "Practice quality",
)
MARKUP = '<b>bold</b> <img src="/etc/passwd"/> <font color="red">red</font> &amp; <a href="x">a</a>'


def flat(text: str) -> str:
    """Give `text` with every run of whitespace as one space."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Read:
    """What a reader and a machine find in a PDF, parsed once."""

    pages: list[str]  # text of each page
    images: int  # raster images placed on any page
    vectors: int  # lines and curves drawn
    fonts: list[dict]  # every font resource, resolved
    outline: list[str]  # bookmark titles
    metadata: dict
    language: object


def read_pdf(path: Path) -> Read:
    """Read the PDF at `path` with pdfplumber."""
    with pdfplumber.open(path) as pdf:
        pages, images, vectors, fonts = [], 0, 0, {}
        for page in pdf.pages:
            pages.append(page.extract_text() or "")
            images += len(page.images)
            vectors += len(page.lines) + len(page.curves)
            for name, ref in (resolve1(page.page_obj.resources.get("Font")) or {}).items():
                font = resolve1(ref)
                fonts[name] = {**font, "FontDescriptor": resolve1(font.get("FontDescriptor"))}
        return Read(
            pages=pages,
            images=images,
            vectors=vectors,
            fonts=list(fonts.values()),
            outline=[flat(title) for _, title, *_ in pdf.doc.get_outlines()],
            metadata=dict(pdf.metadata),
            language=resolve1(pdf.doc.catalog.get("Lang")),
        )


def in_order(text: str, needles: list[str], start: int = 0) -> int | None:
    """Give the position after the last of `needles` found in order in `text` from `start`, or None."""
    for needle in needles:
        found = text.find(needle, start)
        if found < 0:
            return None
        start = found + len(needle)
    return start


def indicator_in_order(text: str, name: str, figures: list[str], narrative: str) -> bool:
    """Give True when some mention of `name` is followed by `figures`, then every narrative word."""
    start = text.find(name)
    while start >= 0:
        if in_order(text, [name, *figures, *narrative.split()], start) is not None:
            return True
        start = text.find(name, start + 1)
    return False


def check_content(dataset: Path, pages: list[str]) -> None:
    """Assert that every indicator name, figure and narrative word of `dataset` is in `pages`, in order."""
    text = flat(" ".join(pages))
    indicators = read_rows(dataset / INDICATORS_FILE, INDICATOR_COLUMNS)
    figures = read_rows(dataset / FIGURES_FILE, FIGURE_COLUMNS)
    for row in indicators:
        months = {}
        for figure in figures:
            if figure["key"] == row["key"]:
                # As the pack's one number formatter writes it (tests/test_truth.py checks it).
                months.setdefault(figure["period"], printed_figure(flat(figure["figure_text"])))
        shown = [months[period] for period in sorted(months)]
        assert indicator_in_order(text, flat(row["name"]), shown, row["narrative"]), row["name"]


def build(dataset: Path, out: Path, **kwargs):
    return build_pack(dataset, out, produced=PRODUCED, **kwargs)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The pack of the reference scorecard: (dataset, pdf, info, text of each page)."""
    folder = tmp_path_factory.mktemp("sample")
    dataset = reference_dataset(folder / "dataset")
    info = build(dataset, folder / "pack.pdf")
    return dataset, info.path, info, read_pdf(info.path)


@pytest.fixture(scope="module")
def long_history(tmp_path_factory):
    """A pack with 13 months, a markup narrative, a 2,000-word narrative, an unknown indicator."""
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    reference["periods"] = [f"{2021 + (n + 3) // 12}-{(n + 3) % 12 + 1:02d}" for n in range(13)]
    for item in reference["indicators"]:
        item["figures"] = [item["figures"][n % 3] for n in range(13)]
        item["rag"] = [item["rag"][n % 3] for n in range(13)]
    items = reference["indicators"]
    items[2]["narrative"] = MARKUP
    items[3]["narrative"] = " ".join(f"word{n}" for n in range(2000))
    items[4]["name"] = "Children supported by the <i>new</i> Family Hubs & partners"
    indicators, figures = reference_rows(reference)
    extraction = extraction_for(
        reference["periods"],
        revisions=[
            {
                "key": indicators[2]["key"],
                "period": "2022-03",
                "measure": "value",
                "old_value": "16",
                "new_value": "17",
                "old_source": "march-2022.pdf",
                "new_source": "april-2022.pdf",
            }
        ],
        history_sources=["march-2022.pdf"],
        warnings=[
            {
                "code": "rag-invalid",
                "message": "RAG 'D' is not R, A or G",
                "key": indicators[5]["key"],
                "period": "2022-03",
                "page": 2,
            }
        ],
    )
    folder = tmp_path_factory.mktemp("long")
    dataset = write_judged(folder / "dataset", indicators, figures, extraction)
    info = build(dataset, folder / "pack.pdf")
    return dataset, info.path, info, read_pdf(info.path)


# The pack as a reader gets it -----------------------------------------------------------


def test_report_sample_shows_every_name_figure_and_narrative_word_in_order(sample):
    dataset, _, info, read = sample
    check_content(dataset, read.pages)
    assert info.indicators == 30
    assert info.pages == len(read.pages)


def test_report_long_history_shows_every_name_figure_and_narrative_word_in_order(long_history):
    dataset, _, _, read = long_history
    check_content(dataset, read.pages)


def test_report_markup_in_a_narrative_prints_literally_and_loads_nothing(long_history):
    _, _, _, read = long_history
    assert MARKUP in flat(" ".join(read.pages))
    assert "Family Hubs & partners" in flat(" ".join(read.pages))
    assert read.images == 0


def test_report_long_narrative_flows_across_pages(long_history):
    pages = long_history[3].pages
    holding = [n for n, page in enumerate(pages) if re.search(r"\bword\d+\b", page)]
    assert len(holding) >= 2
    assert holding == list(range(holding[0], holding[-1] + 1))


@pytest.mark.parametrize("which", ["sample", "long_history"])
def test_report_every_page_has_header_and_footer(which, request):
    pages = request.getfixturevalue(which)[3].pages
    for number, page in enumerate(pages, start=1):
        text = flat(page)
        assert TITLE in text and "April 2022" in text, number
        assert f"Page {number} of {len(pages)}" in text
        assert "OFFICIAL" in text


def test_report_cover_names_organisation_month_marking_and_date(sample):
    cover = flat(sample[3].pages[0])
    for words in ("Northshire County Council", TITLE, "April 2022", "OFFICIAL", "9 May 2022"):
        assert words in cover


def test_report_contents_page_numbers_lead_to_their_sections(sample):
    pages = sample[3].pages
    # The cover, then the chair's summary, then contents.
    contents = pages[2]
    entries = re.findall(r"^(.+?)[ .]*\b(\d+)$", contents, flags=re.MULTILINE)
    targets = {title.strip(" ."): int(page) for title, page in entries}
    for title in (
        "Chair's summary",
        "At a glance",
        "Scorecard",
        *SECTION_TITLES,
        "Annex A: Data-quality notes",
        "Annex B: Glossary",
        "Annex C: Source",
    ):
        assert title in targets, title
        assert title in flat(pages[targets[title] - 1]), title


def test_report_bookmarks_every_section_and_indicator(sample):
    dataset, _, _, read = sample
    titles = read.outline
    for title in (
        "Cover",
        "Contents",
        "At a glance",
        "Scorecard",
        *SECTION_TITLES,
        "Annex C: Source",
    ):
        assert title in titles
    rows = read_rows(dataset / INDICATORS_FILE, INDICATOR_COLUMNS)
    # A reference printed for two indicators is lettered (5.2a, 5.2b) so that each is unique.
    for row, ref in zip(rows, unique_refs([r["ref"] for r in rows]), strict=True):
        assert f"{ref} {row['name']}".strip() in titles


def test_report_at_a_glance_counts_and_exceptions(sample):
    pages = sample[3].pages
    glance = flat(next(page for page in pages if "At a glance" in page and "Red for three" in page))
    # April 2022: 5 Red, 10 Amber, 5 Green, 10 not rated; March: 5, 9, 6, 10.
    assert re.search(r"Red Amber Green Not rated 5 10 5 10 5 in Mar 2022 9 in Mar 2022", glance)
    exceptions = glance[
        glance.index("Red for three months running") : glance.index("Rating changed")
    ]
    for ref in ("4.3", "5.2", "6.2", "6.7", "7.15"):
        assert ref in exceptions
    moves = glance[glance.index("Rating changed") : glance.index("Direction of travel")]
    assert "worse: Green to Amber" in moves and "better: Amber to Green" in moves


def test_report_scorecard_gives_badges_as_letters_and_travel_by_polarity(sample):
    lines = [
        flat(line)
        for page in sample[3].pages
        if "Every indicator for" in page
        for line in page.splitlines()
    ]
    # A row reads as three lines: the figures, the names and benchmarks, the RAG letters.
    # Re-referrals fell from 17% to 15%: lower is better, so improving.
    row = lines.index("4.2 Re-referrals to Children's Services 22% 24% 23% ▼ improving")
    assert lines[row - 1 : row + 2 : 2] == ["12% 17% 15%", "G G G"]
    row = lines.index("6.4 85% 86% 83% ▼ worsening")
    assert lines[row - 1 : row + 2 : 2] == [
        "Initial Child Protection Conferences 91% 90% 84%",
        "held within timescale G G A",
    ]


def test_report_long_history_scorecard_fits_two_pages(long_history):
    pages = long_history[3].pages
    assert (
        sum(
            "Every indicator for April 2022" in page or "Ref Indicator Target" in page
            for page in pages
        )
        <= 2
    )


def test_report_annexes_list_warnings_revisions_unknown_indicators_and_source(long_history):
    _, _, info, read = long_history
    pages = read.pages
    annex = flat(" ".join(pages[-3:]))
    assert "RAG 'D' is not R, A or G (2022-03, page 2)" in annex
    assert "Mar 2022 value 16 → 17 march-2022.pdf → april-2022.pdf" in annex
    assert "not in the KPI catalogue" in annex
    for term in (
        "CSPA",
        "S47",
        "CIN",
        "CP",
        "LAC",
        "UASC",
        "PLO",
        "EET",
        "NEET",
        "IRO",
        "CWD",
        "IRS",
    ):
        assert re.search(rf"\b{term}\b", annex), term
    assert "april-2022.pdf" in annex and "0" * 64 in annex
    assert any("not in the KPI catalogue" in warning for warning in info.warnings)
    other = flat(" ".join(pages))
    assert "Other indicators" in other


# The file as a machine reads it ---------------------------------------------------------


def test_report_pdf_passes_qpdf_check(sample):
    qpdf = shutil.which("qpdf")
    require(qpdf is not None, "qpdf")
    result = subprocess.run(
        [qpdf, "--check", str(sample[1])], check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_report_every_font_is_embedded(sample):
    fonts = sample[3].fonts
    assert fonts
    for font in fonts:
        descriptor = font["FontDescriptor"]
        assert descriptor and {"FontFile", "FontFile2", "FontFile3"} & set(descriptor), font


def test_report_metadata_names_title_author_subject_and_language(sample):
    read = sample[3]
    assert read.metadata["Title"] == f"{TITLE}: April 2022"
    assert read.metadata["Author"] == "Children's Services Performance Team"
    assert "April 2022" in read.metadata["Subject"]
    # The keywords are the brand's: the organisation, then what assets/brand.toml says.
    brand = load_brand()
    assert brand.keywords and "children's services" in brand.keywords
    for word in (brand.organisation, *brand.keywords):
        assert word in read.metadata["Keywords"]
    assert read.language == b"en-GB"


def test_report_brand_keywords_are_the_brands_own_and_must_be_words(tmp_path):
    (tmp_path / "fonts").symlink_to(ROOT / "assets" / "fonts")
    (tmp_path / "logo.toml").symlink_to(ROOT / "assets" / "logo.toml")
    text = (ROOT / "assets" / "brand.toml").read_text()
    adults = tmp_path / "brand.toml"
    adults.write_text(re.sub(r"(?m)^keywords = .*$", 'keywords = ["adult social care"]', text))
    assert load_brand(adults).keywords == ("adult social care",)
    adults.write_text(re.sub(r"(?m)^keywords = .*$", "keywords = 3", text))
    with pytest.raises(BadBrand, match="keywords"):
        load_brand(adults)


def test_report_charts_are_vector_and_the_file_small(sample):
    assert sample[3].images == 0
    assert sample[3].vectors > 100
    assert sample[1].stat().st_size < 400_000


def test_report_two_builds_are_byte_identical(sample, tmp_path):
    dataset, first, _, _ = sample
    again = build(dataset, tmp_path / "again.pdf").path
    assert again.read_bytes() == first.read_bytes()


def test_report_command_line_build_in_a_new_process_is_byte_identical(sample, tmp_path):
    dataset, first, _, _ = sample
    out = tmp_path / "cli.pdf"
    # The sample was read on 9 May 2022, the day it is dated in-process too.
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    env["PYTHONHASHSEED"] = "random"
    result = subprocess.run(
        [sys.executable, "-m", "report", str(dataset), "--out", str(out)],
        cwd=ROOT,
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == first.read_bytes()


# Bad input ------------------------------------------------------------------------------


def test_report_missing_dataset_exits_2_with_one_line_and_no_pdf(tmp_path, capsys):
    out = tmp_path / "pack.pdf"
    assert main([str(tmp_path / "nowhere"), "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "missing" in error
    assert list(tmp_path.iterdir()) == []


def test_report_broken_dataset_exits_2_and_keeps_the_old_pack(tmp_path, capsys):
    dataset = reference_dataset(tmp_path / "dataset")
    text = (dataset / FIGURES_FILE).read_text(encoding="utf-8")
    (dataset / FIGURES_FILE).write_text(text.replace(",G,Green,", ",X,Green,", 1), encoding="utf-8")
    out = tmp_path / "pack.pdf"
    out.write_bytes(b"last month's pack")
    assert main([str(dataset), "--out", str(out)]) == 2
    assert "rag 'X'" in capsys.readouterr().err
    assert out.read_bytes() == b"last month's pack"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset", "pack.pdf"]


def test_report_bad_brand_exits_2(tmp_path, capsys):
    dataset = reference_dataset(tmp_path / "dataset")
    brand = tmp_path / "brand.toml"
    brand.write_text('organisation = "x"\n', encoding="utf-8")
    assert main([str(dataset), "--out", str(tmp_path / "p.pdf"), "--brand", str(brand)]) == 2
    assert "brand" in capsys.readouterr().err
    assert not (tmp_path / "p.pdf").exists()


def test_report_missing_output_folder_exits_2(tmp_path, capsys):
    dataset = reference_dataset(tmp_path / "dataset")
    assert main([str(dataset), "--out", str(tmp_path / "no" / "p.pdf")]) == 2
    assert "does not exist" in capsys.readouterr().err


# Fixtures from the extractor ------------------------------------------------------------


@pytest.mark.parametrize("pdf", sorted(FIXTURES.glob("*.pdf")), ids=lambda p: p.stem)
def test_report_builds_a_pack_from_every_fixture(pdf, tmp_path):
    """Extract each fixture, lay out its pack and read the pack back with pdfplumber: every
    word of the dataset and every indicator's words in the page model are there, in order."""
    meta = json.loads((FIXTURES / f"{pdf.stem}.expected" / "meta.json").read_text())
    argv = meta.get("argv", [])
    period = argv[argv.index("--period") + 1] if "--period" in argv else None
    dataset = tmp_path / "dataset"
    extract.extract_pdf(pdf, period).write(dataset)
    info = build(dataset, tmp_path / "pack.pdf")
    pages = read_pdf(info.path).pages
    check_content(dataset, pages)
    check_indicator_words(pages_of(dataset), pages)


# The judgements and the catalogue -------------------------------------------------------


def test_report_red_runs():
    assert red_run(["R", "R", "R"]) and not red_run(["A", "R", "R"]) and not red_run(["R", "R"])


def test_report_catalogue_covers_the_reference_with_its_polarity():
    catalogue = load_catalogue(ROOT / "assets" / "kpis.toml")
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    for item in reference["indicators"]:
        entry = catalogue.match(slug(item["name"]), item["name"])
        assert entry is not None, item["name"]
        assert entry.polarity == item["polarity"]
        assert catalogue.section(entry.section).title in SECTION_TITLES


def test_report_catalogue_matches_by_alias_slug_and_repeat_suffix():
    catalogue = load_catalogue(ROOT / "assets" / "kpis.toml")
    key = "re-referrals-to-children-s-services"
    assert catalogue.match("anything", "Re-referrals to Children's Social Care").key == key
    assert catalogue.match("other-key", "Re-referrals to Children’s Services").key == key
    assert catalogue.match("x", "Number of C-SPA contacts received").key.startswith(
        "number-of-cspa"
    )
    assert catalogue.match(f"{key}-2", "").key == key
    assert catalogue.match("unheard-of", "Unheard of") is None


def test_report_default_brand_holds_every_role_and_a_bad_one_is_refused(tmp_path):
    brand = load_brand()
    assert brand.marking == "OFFICIAL" and brand.logo_shapes
    bad = tmp_path / "brand.toml"
    bad.write_text((ROOT / "assets" / "brand.toml").read_text().replace('"#B3261E"', '"red"'))
    (tmp_path / "fonts").symlink_to(ROOT / "assets" / "fonts")
    (tmp_path / "logo.toml").symlink_to(ROOT / "assets" / "logo.toml")
    with pytest.raises(BadBrand, match="rag.red"):
        load_brand(bad)


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [(0, 100, [0, 20, 40, 60, 80, 100]), (10, 30, [10, 15, 20, 25, 30]), (3000, 5500, None)],
)
def test_report_nice_ticks_cover_the_range(low, high, ticks):
    found = nice_ticks(low, high)
    assert found[0] <= low and found[-1] >= high and len(found) <= 7
    if ticks:
        assert found == ticks


def test_report_spread_keeps_labels_apart_and_in_bounds():
    for wanted in ([24, 23, 22], [99, 99, 99], [0, 50, 1]):
        placed = spread(wanted, 10, 0, 100)
        assert all(0 <= p <= 100 for p in placed)
        assert all(abs(a - b) >= 10 - 1e-9 for i, a in enumerate(placed) for b in placed[i + 1 :])


def test_report_reporting_month_without_figures_exits_2(tmp_path, capsys):
    dataset = reference_dataset(tmp_path / "dataset", period="2022-05")
    assert main([str(dataset), "--out", str(tmp_path / "p.pdf")]) == 2
    assert "'2022-05' has no figures" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("rows", "spelled"),
    [
        (
            [{"measure": "count", "value": "533"}, {"measure": "percent", "value": "13"}],
            ("533", "13% of the total"),
        ),
        (
            [{"measure": "count", "value": "1033"}, {"measure": "rate", "value": "39"}],
            ("1,033", "39 per 10k children"),
        ),
        ([{"measure": "value", "value": "12"}], ("", "")),
        ([{"measure": "count", "value": ""}, {"measure": "percent", "value": ""}], ("", "")),
    ],
)
def test_report_composite_figures_are_spelled_out_for_a_reader(rows, spelled):
    assert spell_composite(rows) == spelled


def test_report_hostile_fixture_prints_markup_as_text_and_fetches_nothing(tmp_path):
    """Names and narratives of `hostile-narratives.pdf` carry reportlab markup and file URLs:
    the pack shows them as text, places no image, links nowhere outside itself, and
    reportlab is left trusting no host or scheme."""
    from reportlab import rl_config

    dataset = tmp_path / "dataset"
    extract.extract_pdf(FIXTURES / "hostile-narratives.pdf").write(dataset)
    info = build(dataset, tmp_path / "pack.pdf")
    text = flat(" ".join(read_pdf(info.path).pages))
    for row in read_rows(dataset / INDICATORS_FILE, INDICATOR_COLUMNS):
        for markup in re.findall(r"<[^>]+>", row["name"] + row["narrative"]):
            assert flat(markup) in text
    with pdfplumber.open(info.path) as pdf:
        assert not any(page.images for page in pdf.pages)
        uris = [
            link.get("uri") for page in pdf.pages for link in page.hyperlinks if link.get("uri")
        ]
    assert uris == []
    assert not rl_config.trustedHosts and not rl_config.trustedSchemes


# The page model -------------------------------------------------------------------------

# Paragraph markup of reportlab (and the entities it reads): the page model holds none of it.
REPORTLAB_MARKUP = re.compile(
    r"<\s*/?\s*(b|i|u|br|font|para|a|img|strike|super|sub|span|seq|strong|em)\b[^>]*>"
    r"|&(nbsp|amp|lt|gt|quot|#\d+);",
    re.IGNORECASE,
)


def strings(value) -> list[str]:
    """Give every string held anywhere in the page object `value`."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value):
        return [s for f in dataclasses.fields(value) for s in strings(getattr(value, f.name))]
    if isinstance(value, tuple | list):
        return [s for item in value for s in strings(item)]
    if isinstance(value, dict):
        return [s for pair in value.items() for s in strings(pair)]
    return []


def indicator_words(page) -> list[str]:
    """Give the words `page` (an IndicatorPage) prints, in the order a reader meets them."""
    texts = [
        page.title,
        page.month,
        page.figure,
        page.companion,
        page.rag.word,
        *(span.text for span in page.since),  # the direction's arrow and word, since when
        *(words for pair in page.benchmarks for words in pair),
        page.polarity,
        # The print pack sets the months in strips, each month's name above its figure.
        *(mark.figure for _, mark in page.months),
        page.commentary_title,
        page.commentary or page.no_commentary,
    ]
    return [word for text in texts for word in text.split()]


def pages_of(dataset: Path):
    return prepare_pack(dataset, produced=PRODUCED).pages


def after_scorecard(pages: list[str]) -> str:
    """Give the text of the pages after the scorecard, where the sections begin."""
    last = max(n for n, page in enumerate(pages) if "Ref Indicator Target" in flat(page))
    return flat(" ".join(pages[last + 1 :]))


def check_indicator_words(model, pages: list[str]) -> None:
    """Assert that every indicator's words in `model` appear in `pages`, in the model's order."""
    text, start = after_scorecard(pages), 0
    for section in model.sections:
        for page in section.indicators:
            found = in_order(text, indicator_words(page), start)
            assert found is not None, page.title
            start = found


@pytest.mark.parametrize("which", ["sample", "long_history"])
def test_report_every_indicator_s_words_in_the_page_model_are_in_the_pack_in_order(which, request):
    dataset, _, info, read = request.getfixturevalue(which)
    model = pages_of(dataset)
    assert sum(len(s.indicators) for s in model.sections) == info.indicators
    check_indicator_words(model, read.pages)


def test_report_words_out_of_order_are_caught(sample):
    dataset, _, _, read = sample
    model = pages_of(dataset)
    first, second = model.sections[0].indicators[:2]
    swapped = dataclasses.replace(
        model.sections[0], indicators=(second, first, *model.sections[0].indicators[2:])
    )
    with pytest.raises(AssertionError):
        check_indicator_words(
            dataclasses.replace(model, sections=(swapped, *model.sections[1:])), read.pages
        )


def test_report_page_model_holds_plain_text_and_no_reportlab_markup(sample, long_history):
    texts = strings(pages_of(sample[0]))
    assert len(texts) > 1000
    assert [t for t in texts if REPORTLAB_MARKUP.search(t)] == []
    # Dataset text is held as printed, to be escaped by whichever renderer draws it.
    model = pages_of(long_history[0])
    commentaries = [p.commentary for s in model.sections for p in s.indicators]
    assert MARKUP in commentaries
    assert any("Family Hubs & partners" in t for t in strings(model))
    assert not any("&amp;" in t and MARKUP not in t for t in strings(model))


def test_report_page_model_imports_no_reportlab():
    code = (
        "import sys, report.model; "
        "print([m for m in sys.modules if m.startswith(('reportlab', 'matplotlib'))])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
    )
    assert result.stdout.strip() == "[]"


def test_report_platypus_is_imported_only_by_the_page_renderers():
    importers = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "report").rglob("*.py")
        if "reportlab.platypus" in path.read_text(encoding="utf-8")
    )
    assert importers and all(name.startswith("report/pages/") for name in importers), importers


def test_report_a_notice_on_the_at_a_glance_page_is_printed_under_the_tiles(sample, tmp_path):
    dataset = sample[0]
    prepared = prepare_pack(dataset, produced=PRODUCED)
    notice = "3 cells could not be read <see Annex A> & were left out."
    glance = dataclasses.replace(prepared.pages.at_a_glance, notices=(notice,))
    render(
        dataclasses.replace(prepared.pages, at_a_glance=glance), prepared.brand, tmp_path / "p.pdf"
    )
    text = flat(" ".join(read_pdf(tmp_path / "p.pdf").pages))
    assert in_order(text, ["At a glance", "5 in Mar 2022", notice, "Red for three months"])


def test_report_two_brands_with_same_named_font_files_each_get_their_own(tmp_path):
    # reportlab's font registry lives as long as the process: a monthly run or a server may
    # build packs for two brands, and each must get its own font behind "DejaVuSans.ttf".
    brands = []
    for name, regular in (("first", "DejaVuSans.ttf"), ("second", "DejaVuSans-Bold.ttf")):
        folder = tmp_path / name
        shutil.copytree(ROOT / "assets", folder, ignore=shutil.ignore_patterns("*.pdf"))
        shutil.copyfile(ROOT / "assets" / "fonts" / regular, folder / "fonts" / "DejaVuSans.ttf")
        brands.append(load_brand(folder / "brand.toml"))
    first, second = (register_fonts(brand) for brand in brands)
    assert first.regular != second.regular
    faces = [pdfmetrics.getFont(fonts.regular).face.name for fonts in (first, second)]
    assert faces == [b"DejaVuSans", b"DejaVuSans-Bold"], faces


def test_the_pack_embeds_the_brand_font_when_the_same_face_was_registered_first(sample, tmp_path):
    # reportlab keeps one font per face name in a process: the system's DejaVu Sans Bold
    # (another version of the brand's face) registered first must not stand in for the brand's.
    fc_match = shutil.which("fc-match")
    found = fc_match and subprocess.run([fc_match, "-f", "%{file}", "DejaVu Sans:bold"],
                                        capture_output=True, text=True, check=False).stdout.strip()
    brand_bold = ROOT / "assets" / "fonts" / "DejaVuSans-Bold.ttf"
    require(bool(found) and Path(found).is_file()
            and Path(found).read_bytes() != brand_bold.read_bytes(),
            "another file of the DejaVu Sans Bold face (fontconfig, fonts-dejavu-core)")
    dataset, first, _, _ = sample
    out = tmp_path / "after-another-face.pdf"
    script = (
        "import sys; from reportlab.pdfbase import pdfmetrics; "
        "from reportlab.pdfbase.ttfonts import TTFont; "
        "pdfmetrics.registerFont(TTFont('SystemDejaVuSans-Bold', sys.argv[1])); "
        "from report.cli import main; sys.exit(main([sys.argv[2], '--out', sys.argv[3]]))"
    )
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    result = subprocess.run([sys.executable, "-c", script, found, str(dataset), str(out)],
                            cwd=ROOT, env=env, check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == first.read_bytes()
