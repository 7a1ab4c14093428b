"""The fixtures: for each, the rows it carries, how it is produced and what must be checked."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from fixturegen import checks, excel, prose
from fixturegen.model import (
    RAG_FILLS,
    Fixture,
    Row,
    Section,
    bench,
    count,
    count_pct,
    decimal,
    months,
    pct,
    period_label,
    pick,
    rag_fill,
    rag_letter,
    rows_for,
    token,
)
from fixturegen.word import (
    Col,
    Head,
    heading,
    new_document,
    page_break_section,
    save,
    scorecard_table,
)

TITLE = "Children's Social Care Key Indicators"
MARGIN_CM = 1.27
USABLE_CM = 29.7 - 2 * MARGIN_CM


def _reference_cols(periods, name_w=5.0, target_w=2.1, bench_w=1.95, fig_w=1.6, rag_w=1.05,
                    name_role="refname"):
    cols = [Col(name_role, name_w), Col("target", target_w), Col("national", bench_w),
            Col("comparator", bench_w)]
    for p in periods:
        cols += [Col("fig", fig_w, p), Col("rag", rag_w, p)]
    used = sum(c.width for c in cols)
    return cols + [Col("narrative", round(USABLE_CM - used, 3))]


def _reference_header(periods, narrative="RAG Narrative"):
    top = [Head("Metrics - KPI component", rowspan=2),
           Head("What is the KPI/Target where applicable", rowspan=2),
           Head("What is the benchmark for", colspan=2)]
    for p in periods:
        m = period_label(p)
        top += [Head(f"Figure for: {m}", rowspan=2), Head(f"{m} RAG", rowspan=2)]
    top.append(Head(narrative, rowspan=2))
    return [top, [Head("National"), Head("Comparable LAs")]]


def word_scorecard(fixture: Fixture, path, *, title_lines=(TITLE,), cols=None, header=None,
                   font_size=7.5, borders=True, rag_fills=True, header_fill="D9D9D9",
                   created=None, doc=None, header_probe=None, repeat_header=True) -> None:
    """Write `fixture` as a landscape Word scorecard (title lines, then the table) to `path`."""
    cols = cols or _reference_cols(fixture.periods)
    header = header or _reference_header(fixture.periods)
    if doc is None:
        doc = new_document(size=font_size, title=title_lines[0] if title_lines else "",
                           created=created)
    for i, line in enumerate(title_lines):
        heading(doc, line, size=14 if i == 0 else 11)
    scorecard_table(doc, fixture, cols, header, borders=borders, rag_fills=rag_fills,
                    header_fill=header_fill, size=font_size, repeat_header=repeat_header)
    fixture.layout.update(cols=cols, left_cm=MARGIN_CM, header_probe=header_probe or header[0][0].text)
    save(doc, path)


# --- 1. the reference ---------------------------------------------------------------------


def reference_april_2022() -> Fixture:
    periods = months("2022-02", 3)
    return Fixture(
        stem="reference-april-2022", producer="word", periods=periods,
        rows=rows_for(periods, rag_fill_colour=True),
        proves="A Word scorecard laid out like the reference (ref in the name cell, two-row "
               "benchmark header, merged N/A benchmarks and shared narratives, header repeated "
               "on every page) reads back as the reference's April 2022 dataset.",
        build=lambda f, p: word_scorecard(f, p, title_lines=(TITLE, "April 2022")),
        checks=[checks.header_repeats, checks.merged_narratives_once],
    )



# --- 2. a row broken across pages -----------------------------------------------------------


def row_split_across_pages() -> Fixture:
    periods = months("2022-03", 3)
    rows = pick(rows_for(periods, rag_fill_colour=True), [
        "4.2 Re-referrals to Children's Services",
        "4.3 Proportion of Assessments completed within 45 working days",
        "6.2 Proportion of S47 Enquiries with an outcome of Initial Child Protection Conference",
        "6.4 Initial Child Protection Conferences held within timescale",
        "6.7 Proportion of children subject to a CP Plan for over 24 months",
        "6.8 Children subject to a CP Plan seen in the last 10 working days",
        "7.2 Looked After Children with up to date Reviews",
        "7.3 Looked After Children statutory visits",
    ])
    long_row = rows[4]
    # The quarter's CP commentary is long enough that the row cannot fit below the rows above it.
    long_row.narrative = " ".join(r.narrative for r in (rows[4], rows[5], rows[3], rows[2]))
    long_row.splittable = True
    return Fixture(
        stem="row-split-across-pages", producer="word", periods=periods, rows=rows,
        proves="A row whose long narrative breaks across a page is one indicator: its narrative "
               "continues under the next page's repeated header and its pages are both pages.",
        build=lambda f, p: word_scorecard(f, p, title_lines=(TITLE, "May 2022"),
                                          font_size=8.5),
        checks=[checks.header_repeats, checks.row_splits_under_header],
    )


# --- 3. Excel ---------------------------------------------------------------------------------


def _rag_words(rows: list[Row]) -> None:
    for row in rows:
        for period, rag in row.rags.items():
            if rag.rag:
                row.rags[period] = replace(rag, printed=excel.RAG_WORDS[rag.rag],
                                           fill=RAG_FILLS[rag.rag])


def excel_may_2022() -> Fixture:
    periods = months("2022-03", 3)
    rows = rows_for(periods)
    _rag_words(rows)
    for row in rows:
        row.bench_merged = False  # a spreadsheet row has one cell per column

    cols = [Col("ref", 0), Col("name", 0), Col("target", 0), Col("national", 0),
            Col("comparator", 0)]
    for p in periods:
        cols += [Col("fig", 0, p), Col("rag", 0, p)]
    cols.append(Col("narrative", 0))
    header = ["Ref", "Indicator", "Target", "England", "Stat neighbours"]
    for p in periods:
        header += [dt.date(int(p[:4]), int(p[5:]), 1), "RAG"]
    header.append("Commentary")
    widths = [6, 38, 9, 9, 10] + [9, 8] * len(periods) + [70]

    def build(f, path):
        excel.build_workbook(f, path, cols, header, "Children's Services Performance Scorecard",
                             "Reporting month: May 2022", widths)
        f.layout.update(cols=cols, ruled=True, table_page=0, header_probe="Indicator")

    return Fixture(
        stem="excel-may-2022", producer="excel", periods=periods, rows=rows,
        proves="A scorecard printed from Excel (Ref column, 'England'/'Stat neighbours'/"
               "'Commentary' headings, month headers as dates, RAG as Red/Amber/Green words on "
               "coloured cells) gives the same kind of dataset as the Word layout.",
        build=build, checks=[checks.header_repeats],
    )


# --- 4. the month after the reference -----------------------------------------------------------

REVISED_NAME = "Proportion of Assessments completed within 45 working days"


def overlap_may_2022() -> Fixture:
    periods = months("2022-03", 3)
    rows = rows_for(periods, rag_fill_colour=True)
    row = next(r for r in rows if r.name == REVISED_NAME)
    old = row.figures["2022-04"]
    row.figures["2022-04"] = pct(old.measures[0].value + 1)
    revised = [{"key": "proportion-of-assessments-completed-within-45-working-days",
                "period": "2022-04", "measure": "value", "old": int(old.measures[0].value),
                "new": int(row.figures["2022-04"].measures[0].value)}]
    return Fixture(
        stem="overlap-may-2022", producer="word", periods=periods, rows=rows,
        proves="The month after the reference repeats March and April as the reference printed "
               "them except one revised April figure, so history can merge the two and record "
               "the revision.",
        build=lambda f, p: word_scorecard(f, p, title_lines=(TITLE, "May 2022")),
        extra_meta={"revised": revised},
        checks=[checks.header_repeats],
    )


# --- 5. newest month first, polarity and direction of travel ------------------------------------

POLARITY_WORDS = {"higher": "Higher", "lower": "Lower", "none": "None"}
DOT_ARROWS = {1: "↑", -1: "↓", 0: "→"}


def newest_first_polarity_dot() -> Fixture:
    periods = months("2022-05", 3)
    shown = list(reversed(periods))
    rows = pick(rows_for(periods, rag_fill_colour=True), [
        "Number of CSPA contacts received",
        "4.2 Re-referrals to Children's Services",
        "4.3 Proportion of Assessments completed within 45 working days",
        "6.3 Child Protection volumes and rate",
        "6.4 Initial Child Protection Conferences held within timescale",
        "6.7 Proportion of children subject to a CP Plan for over 24 months",
        "7.1 Number of Looked After Children and rate per 10k",
        "7.13 Looked After Children Short Term Placement Stability",
        "7.15 Looked After Children placed over 20 miles from Surrey",
        "8.3 Proportion of Care Leavers aged 19-21 in suitable accommodation",
        "10.1 Child Supervision recorded to timescale",
    ])
    for row in rows:
        row.printed_polarity = POLARITY_WORDS[row.polarity]
        new, old = row.figures[periods[-1]], row.figures[periods[-2]]
        if new.measures and old.measures:
            delta = new.measures[0].value - old.measures[0].value
            row.dot = DOT_ARROWS[(delta > 0) - (delta < 0)]
        row.bench_merged = False
        if row.comparator.printed == "":
            row.comparator = bench("N/A")
    cols = [Col("ref", 0.9), Col("name", 4.6), Col("polarity", 1.4), Col("target", 1.3),
            Col("national", 1.6), Col("comparator", 2.0), Col("narrative", 0)]
    for p in shown:
        cols += [Col("fig", 1.7, p), Col("rag", 1.0, p)]
    cols.append(Col("dot", 1.0))
    used = sum(c.width for c in cols)
    cols[6] = Col("narrative", round(USABLE_CM - used, 3))
    header = [[Head("Ref"), Head("Indicator"), Head("Polarity"), Head("Target"),
               Head("National"), Head("Stat neighbours"), Head("Commentary")]
              + [h for p in shown for h in (Head(period_label(p, "short-yy")), Head("RAG"))]
              + [Head("DoT")]]
    return Fixture(
        stem="newest-first-polarity-dot", producer="word", periods=periods, rows=rows,
        proves="Months printed newest first ('Jul 22', 'Jun 22', 'May 22') with the commentary "
               "before the figures and extra Polarity and DoT columns still map each figure to "
               "its month; polarity is taken as printed and DoT is ignored.",
        build=lambda f, p: word_scorecard(f, p, title_lines=(TITLE,), cols=cols, header=header,
                                          header_probe="Indicator"),
        checks=[checks.header_repeats],
    )


# --- 6. section rows ----------------------------------------------------------------------------

SECTIONS = (
    ("Front Door", "Number of CSPA contacts received"),
    ("Children in Need", "Number of Children in Need"),
    ("Child Protection",
     "Proportion of S47 Enquiries with an outcome of Initial Child Protection Conference"),
    ("Looked After Children", "Number of Looked After Children and rate per 10k"),
    ("Care Leavers", "Care Leavers in Contact with Surrey"),
    ("Missing Children", "LAC Missing Children Going Missing in the Month"),
    ("Workforce", "Child Supervision recorded to timescale"),
)


def section_rows() -> Fixture:
    periods = months("2022-04", 3)
    body: list = []
    current = ""
    starts = {name: title for title, name in SECTIONS}
    for row in rows_for(periods, rag_fill_colour=True):
        if row.name in starts:
            current = starts[row.name]
            body.append(Section(current))
        row.section = current
        body.append(row)
    return Fixture(
        stem="section-rows", producer="word", periods=periods, rows=body,
        proves="Section rows merged across the whole table ('Front Door', 'Child Protection', "
               "'Looked After Children', 'Care Leavers' ...) are not indicators; each indicator "
               "carries the last section above it.",
        # 7.2pt keeps the merged 7.7/7.8 narrative on one page.
        build=lambda f, p: word_scorecard(f, p, title_lines=(TITLE, "June 2022"),
                                          font_size=7.2),
        checks=[checks.header_repeats, checks.sections_span],
    )


# --- 7. a committee paper with the scorecard as an annex ------------------------------------------


def committee_paper() -> Fixture:
    periods = months("2022-06", 3)
    rows = pick(rows_for(periods, rag_fill_colour=True), [
        "Number of CSPA contacts received",
        "Number and percentage of contacts progressed to social care",
        "4.2 Re-referrals to Children's Services",
        "4.3 Proportion of Assessments completed within 45 working days",
        "6.3 Child Protection volumes and rate",
        "6.8 Children subject to a CP Plan seen in the last 10 working days",
        "7.1 Number of Looked After Children and rate per 10k",
        "7.3 Looked After Children statutory visits",
        "8.2 Care Leavers in Contact with Surrey",
        "10.1 Child Supervision recorded to timescale",
    ])

    def build(f, path):
        doc = new_document(size=10, landscape=False, margin_cm=2.2,
                           title="Children's Services Performance Report",
                           created=dt.datetime(2022, 9, 5, 9, 0, 0))
        prose.write_report(doc, model_rng("committee-paper"),
                           "Children's Services Performance Report",
                           "Meeting date: 14 September 2022")
        page_break_section(doc, landscape=True, margin_cm=MARGIN_CM)
        word_scorecard(f, path, doc=doc, font_size=7.5,
                       title_lines=(f"Annex A: {TITLE}", "August 2022"))

    return Fixture(
        stem="committee-paper", producer="word", periods=periods, rows=rows,
        proves="A committee report with pages of prose and an unrelated budget table before the "
               "scorecard annex gives only the annex's KPI rows as indicators.",
        build=build, checks=[checks.annex_after_prose],
    )


# --- 8. no ruling lines ---------------------------------------------------------------------------


def borderless() -> Fixture:
    periods = months("2022-05", 3)
    rows = pick(rows_for(periods), [
        "Number of CSPA contacts received",
        "4.2 Re-referrals to Children's Services",
        "4.3 Proportion of Assessments completed within 45 working days",
        "5.2 Number of Children in Need",
        "6.2 Proportion of S47 Enquiries with an outcome of Initial Child Protection Conference",
        "6.5 Child Protection Plan repeat in 2 years",
        "6.6 Review Child Protection Conferences held within timescale",
        "7.9 Looked After Children Dental Checks completed - in care more than 1 year",
        "7.14 Looked After Children Long Term Placement Stability",
        "9.2 LAC Missing Children Going Missing in the Month",
    ])
    return Fixture(
        stem="borderless", producer="word", periods=periods, rows=rows,
        proves="A table with no ruling lines and no shading at all is read from the alignment "
               "of its text alone.",
        build=lambda f, p: word_scorecard(f, p, title_lines=(TITLE, "July 2022"),
                                          borders=False, rag_fills=False, header_fill=None),
        checks=[checks.no_rules],
        # Nothing parts the commentary column row from row (expected.unparted).
        layout={"rules": "none", "narrative": "column"},
    )


# --- 9. RAG variants ------------------------------------------------------------------------------


def rag_variants() -> Fixture:
    periods = months("2022-08", 3)
    rows = pick(rows_for(periods), [
        "4.2 Re-referrals to Children's Services",
        "4.3 Proportion of Assessments completed within 45 working days",
        "6.4 Initial Child Protection Conferences held within timescale",
        "6.6 Review Child Protection Conferences held within timescale",
        "6.7 Proportion of children subject to a CP Plan for over 24 months",
        "6.8 Children subject to a CP Plan seen in the last 10 working days",
        "7.2 Looked After Children with up to date Reviews",
        "7.3 Looked After Children statutory visits",
        "Number of CSPA contacts received",
    ])
    aug, sep, oct_ = periods
    variants = [
        {aug: rag_letter("G"), sep: rag_letter("G"), oct_: rag_letter("A")},
        {aug: rag_letter("R", printed="Red"), sep: rag_letter("A", printed="Amber"),
         oct_: rag_letter("A", printed="Amber")},
        {aug: rag_letter("G"), sep: rag_letter("A", printed="\u0410"),
         oct_: rag_letter("A", printed="\u0410")},
        {aug: rag_fill("A"), sep: rag_fill("A"), oct_: rag_fill("G")},
        {aug: rag_fill("R"), sep: rag_fill("R"), oct_: rag_fill("R")},
        {aug: rag_letter("G", printed="Green"), sep: rag_fill("A"), oct_: rag_fill("G")},
        # The letter says G but the cell is red: the letter wins and the extractor warns.
        {aug: rag_letter("A", fill=True), sep: replace(rag_letter("G"), fill=RAG_FILLS["R"]),
         oct_: rag_letter("G", fill=True)},
        {aug: rag_letter("G", fill=True), sep: rag_letter("G", fill=True),
         oct_: rag_letter("A", fill=True)},
        {aug: rag_letter(""), sep: rag_letter(""), oct_: rag_letter("")},
    ]
    for row, rags in zip(rows, variants, strict=True):
        row.rags = rags
    cols = _reference_cols(periods, rag_w=1.0)
    return Fixture(
        stem="rag-variants", producer="word", periods=periods, rows=rows,
        proves="RAG printed as a letter, as a word wrapped in a narrow cell ('Amb er'), as a "
               "Cyrillic look-alike, or only as cell colour all read as R/A/G, and a printed "
               "letter beats a contradicting fill.",
        build=lambda f, p: word_scorecard(f, p, title_lines=(TITLE, "October 2022"), cols=cols,
                                          header=_reference_header(periods)),
        checks=[lambda f, pdf, ctx: checks.wrapped_word(f, pdf, ctx, "Amber", ("rag",)),
                checks.fills_present],
    )


# --- 10. value variants ---------------------------------------------------------------------------


def value_variants() -> Fixture:
    periods = months("2022-09", 3)
    sep, oct_, nov = periods
    base = {r.name: r for r in rows_for(periods, rag_fill_colour=True)}

    def row(name, target, national, comparator, figures, narrative=""):
        r = base[name]
        return replace(r, target=bench(target), national=bench(national),
                       comparator=bench(comparator), bench_merged=False,
                       figures=dict(zip(periods, figures)),
                       narrative=narrative or r.narrative)

    contacts = base["Number of CSPA contacts received"].figures
    progressed = base["Number and percentage of contacts progressed to social care"].figures
    missing = base["LAC Missing Children Going Missing in the Month"].figures
    rows = [
        row("Number of CSPA contacts received", "TBC", "4,011", "n/a",
            [token("N/A"), count(int(contacts[oct_].measures[0].value), thousands=True),
             count(int(contacts[nov].measures[0].value), thousands=True)]),
        row("Number and percentage of contacts progressed to social care", "N/A", "-", "",
            [token("TBC")] + [count_pct(int(progressed[p].measures[0].value),
                                        progressed[p].measures[1].value, sep="\n")
                              for p in (oct_, nov)]),
        row("Re-referrals to Children's Services", "22%", "9.5%", "23%",
            [token("-"), pct(9.5, 1), base["Re-referrals to Children's Services"].figures[nov]]),
        row("LAC Missing Children Going Missing in the Month", "N/A", "85", "10880",
            [count(int(missing[sep].measures[0].value) % 100), token("n/a"), token("")]),
        row("Child Protection volumes and rate", "n/a", "34.4", "41.4",
            [token(""), base["Child Protection volumes and rate"].figures[oct_], token("TBC")]),
        row("Looked After Children Short Term Placement Stability", "9.5%", "9.3%", "N/A",
            [token("N/A"), pct(9.5, 1), pct(8.8, 1)]),
        replace(row("Number of Looked After Children and rate per 10k", "N/A", "43.7", "67",
                    [token("-"), decimal(38.6), decimal(38.7)]),
                ref="7.1", name="Rate of Looked After Children per 10k"),
    ]
    for r in rows:
        for p in periods:
            if not r.figures[p].measures:
                r.rags[p] = rag_letter("")
    # Indents leave the first month's N/A and TBC cells too narrow for the word on one line.
    for r in rows:
        r.figures[sep] = replace(r.figures[sep], narrow=True)
    cols = _reference_cols(periods)
    return Fixture(
        stem="value-variants", producer="word", periods=periods, rows=rows,
        proves="Figures and benchmarks printed as '4,011', '9.5%', 'N/A', 'n/a', 'TBC', '-', "
               "blank, 'N/A' wrapped in a narrow cell and a count over a percentage on two lines "
               "each give the documented value, unit and text.",
        build=lambda f, p: word_scorecard(f, p, title_lines=(TITLE, "November 2022"), cols=cols,
                                          header=_reference_header(periods)),
        checks=[lambda f, pdf, ctx: checks.wrapped_in_column(f, pdf, ctx, 4, "N/A"),
                lambda f, pdf, ctx: checks.wrapped_in_column(f, pdf, ctx, 4, "TBC")],
    )


# --- 11. wrapped headers --------------------------------------------------------------------------


def wrapped_headers() -> Fixture:
    periods = months("2024-02", 3)
    rows = pick(rows_for(periods, rag_fill_colour=True), [
        "4.2 Re-referrals to Children's Services",
        "4.3 Proportion of Assessments completed within 45 working days",
        "6.2 Proportion of S47 Enquiries with an outcome of Initial Child Protection Conference",
        "6.7 Proportion of children subject to a CP Plan for over 24 months",
        "7.2 Looked After Children with up to date Reviews",
        "7.9 Looked After Children Dental Checks completed - in care more than 1 year",
        "8.4 Proportion of Care Leavers aged 19-21 in education, employment and training (EET)",
        "10.1 Child Supervision recorded to timescale",
    ])
    for r in rows:
        r.narrative_group = None
    cols = _reference_cols(periods, name_w=3.6, fig_w=1.2, rag_w=0.78, bench_w=1.3,
                           target_w=1.3)
    return Fixture(
        stem="wrapped-headers", producer="word", periods=periods, rows=rows,
        proves="Header cells so narrow that 'Feb RAG' prints broken mid-word and indicator names "
               "that wrap over two or more lines are still recognised and joined.",
        build=lambda f, p: word_scorecard(f, p, title_lines=(TITLE, "April 2024"), cols=cols,
                                          header=_reference_header(periods)),
        checks=[lambda f, pdf, ctx: checks.wrapped_word(f, pdf, ctx, "RAG", ("rag",)),
                checks.names_wrap],
    )


# --- 12/13. periods without a printed year --------------------------------------------------------

YEARLESS = [
    "Number of CSPA contacts received",
    "4.2 Re-referrals to Children's Services",
    "4.3 Proportion of Assessments completed within 45 working days",
    "6.4 Initial Child Protection Conferences held within timescale",
    "6.8 Children subject to a CP Plan seen in the last 10 working days",
    "7.3 Looked After Children statutory visits",
    "7.15 Looked After Children placed over 20 miles from Surrey",
    "8.2 Care Leavers in Contact with Surrey",
    "10.1 Child Supervision recorded to timescale",
]


def period_from_filename() -> Fixture:
    periods = months("2023-02", 3)
    return Fixture(
        stem="period-from-filename-2023-04", producer="word", periods=periods,
        rows=pick(rows_for(periods, rag_fill_colour=True), YEARLESS),
        proves="Months printed without any year ('Feb', 'Mar', 'Apr') take the year from the "
               "file name (period-from-filename-2023-04).",
        build=lambda f, p: word_scorecard(f, p, title_lines=(TITLE,),
                                          created=dt.datetime(2023, 5, 10, 9, 0, 0)),
        checks=[checks.no_year_in_text],
    )


def period_needs_flag() -> Fixture:
    periods = months("2021-09", 3)
    return Fixture(
        stem="period-needs-flag", producer="word", periods=periods,
        rows=pick(rows_for(periods, rag_fill_colour=True), YEARLESS),
        proves="With no year in the text or the file name, the --period flag gives the periods "
               "(not the PDF's creation date).",
        argv=["--period", periods[-1]],
        build=lambda f, p: word_scorecard(f, p, title_lines=(TITLE,),
                                          created=dt.datetime(2021, 12, 8, 9, 0, 0)),
        checks=[checks.no_year_in_text],
    )


def model_rng(name: str):
    from fixturegen.model import _rng
    return _rng(name)


ALL = [
    reference_april_2022, row_split_across_pages, overlap_may_2022, section_rows, borderless,
    rag_variants, value_variants, excel_may_2022, newest_first_polarity_dot, committee_paper,
    wrapped_headers, period_from_filename, period_needs_flag,
]
