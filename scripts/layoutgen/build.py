"""One layout from its seed to a PDF made by a real producer, beside its expected dataset."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from fixturegen.expected import write_expected
from fixturegen.model import Fixture

from layoutgen.sheet import TITLE, Sheet, build_sheet, code_of, key_words
from layoutgen.space import Layout


class LayoutCheckFailed(AssertionError):
    """The rendered PDF does not show the layout the generator drew."""


@dataclass(frozen=True)
class Built:
    """A rendered layout: its PDF and its expected dataset directory."""

    layout: Layout
    pdf: Path
    expected: Path
    pages: int
    row_pages: tuple = ()  # the 1-based pages each indicator row printed on


def render(sheet: Sheet, work: Path) -> Path:
    """Give the PDF of `sheet` made by its layout's producer in `work`."""
    producer = sheet.layout.producer
    if producer in ("chromium", "weasyprint"):
        from layoutgen import html

        return html.chromium_pdf(sheet, work) if producer == "chromium" else html.weasyprint_pdf(sheet, work)
    if producer in ("docx", "xlsx"):
        from layoutgen import office

        return office.office_pdf(sheet, work)
    from layoutgen import rl

    return rl.reportlab_pdf(sheet, work)


def row_pages(pdf: Path, count: int) -> list[list[int]]:
    """Give the 1-based pages on which each of the `count` tagged rows printed text."""
    found: list[set[int]] = [set() for _ in range(count)]
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            for char in page.chars:
                code = code_of(char.get("non_stroking_color"))
                if code is not None and code <= count and char["text"].strip():
                    found[code - 1].add(number)
            page.close()
    return [sorted(pages) for pages in found]


def check_printed(pdf: Path, rows: list) -> None:
    """Check that every word of each row's name and narrative printed in that row's colour:
    a producer that clipped a cell would make the expected dataset a lie."""
    words: dict[int, set[str]] = {}
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            for word in page.extract_words(extra_attrs=["non_stroking_color"]):
                code = code_of(word.get("non_stroking_color"))
                if code is not None:
                    words.setdefault(code, set()).add(word["text"])
            page.close()
    for code, row in enumerate(rows, start=1):
        printed = words.get(code, set())
        if row.narrative_group is not None:
            printed = printed | words.get(code - 1, set())  # the merged cell is the pair's first
        for text in (row.name, row.narrative):
            for word in text.split():
                # A URL or hyphenated word may break at a line end; those are left to the soak.
                if "/" in word or "-" in word or word in printed:
                    continue
                if not any(word in p for p in printed):
                    raise LayoutCheckFailed(f"row {code} ({row.name}): {word!r} did not print")


def fixture_of(sheet: Sheet, stem: str, proves: str) -> Fixture:
    """Give `sheet` as a fixturegen Fixture, for its expected dataset."""
    return Fixture(stem=stem, producer=sheet.layout.producer, periods=list(sheet.periods),
                   rows=list(sheet.rows), proves=proves, build=None,
                   extra_meta={"layout": {"seed": sheet.layout.seed, **sheet.layout.dimensions()},
                               "frequency": "quarterly" if sheet.layout.quarter_label else "monthly"},
                   layout={"colour_key": key_words(sheet)})


def build(layout: Layout, out: Path, stem: str = "card", proves: str = "",
          drawn: tuple[list[str], list] | None = None, title: str = TITLE) -> Built:
    """Render `layout` (with the months and rows `drawn`, when given, under `title`) and
    write `out/STEM.pdf` and `out/STEM.expected/`.

    >>> from layoutgen import draw
    >>> build(draw(3), Path("/tmp/soak"))  # doctest: +SKIP
    """
    sheet = build_sheet(layout, drawn, title)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="layoutgen-"))
    try:
        pdf = render(sheet, work)
        fixture = fixture_of(sheet, stem, proves or f"layout seed {layout.seed}: {layout.describe()}")
        pages = row_pages(pdf, len(fixture.indicator_rows()))
        missing = [row.name for row, p in zip(fixture.indicator_rows(), pages) if not p]
        if missing:
            raise LayoutCheckFailed(f"seed {layout.seed}: rows not printed: {missing[:3]}")
        check_printed(pdf, fixture.indicator_rows())
        target = out / f"{stem}.pdf"
        shutil.copyfile(pdf, target)
        write_expected(fixture, out / f"{stem}.expected", pages)
        with pdfplumber.open(target) as document:
            count = len(document.pages)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Built(layout, target, out / f"{stem}.expected", count, tuple(map(tuple, pages)))


# What shapes a rendered PDF: the generator's sources and the fixture model and conversion it
# draws on. The expected dataset is written again from the model at each use (it is cheap, and
# follows the dataset's code as it changes); only the rendering is kept.
RENDER_SOURCES = ("layoutgen/*.py", "fixturegen/model.py", "fixturegen/pdfcheck.py")
SCRIPTS = Path(__file__).resolve().parent.parent


def source_digest(scripts: Path = SCRIPTS) -> str:
    """Give a short digest of the sources that shape a rendered layout (RENDER_SOURCES)."""
    digest = hashlib.sha256()
    for pattern in RENDER_SOURCES:
        for path in sorted(scripts.glob(pattern)):
            digest.update(path.relative_to(scripts).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def cached_build(layout: Layout, cache: Path, out: Path, digest: str | None = None) -> Built:
    """Give `build(layout, out)`, rendering only when `cache/DIGEST/seed-N/` has no PDF of this
    layout from these sources; a layout the generator could not show (LayoutCheckFailed) is
    kept as such. A producer's failure is not kept: it may be the machine, not the layout."""
    entry = cache / (digest or source_digest()) / f"seed-{layout.seed}-{layout_digest(layout)}"
    record = entry / "render.json"
    if not record.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="soak-cache-", dir=cache))
        try:
            built = build(layout, work)
            kept = {"pages": built.row_pages, "count": built.pages}
        except LayoutCheckFailed as exc:
            kept = {"not_rendered": str(exc)}
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        (work / "render.json").write_text(json.dumps(kept), encoding="utf-8")
        shutil.rmtree(work / "card.expected", ignore_errors=True)
        entry.parent.mkdir(parents=True, exist_ok=True)
        try:
            work.rename(entry)  # whole or not at all: a soak stopped mid-seed leaves no entry
        except OSError:
            shutil.rmtree(work, ignore_errors=True)  # another process kept it first
    kept = json.loads(record.read_text(encoding="utf-8"))
    if "not_rendered" in kept:
        raise LayoutCheckFailed(kept["not_rendered"])
    sheet = build_sheet(layout)
    fixture = fixture_of(sheet, "card", f"layout seed {layout.seed}: {layout.describe()}")
    out.mkdir(parents=True, exist_ok=True)
    write_expected(fixture, out / "card.expected", kept["pages"])
    return Built(layout, entry / "card.pdf", out / "card.expected", kept["count"])


def layout_digest(layout: Layout) -> str:
    """Give a short digest of every dimension of `layout` (a seed drawn with fixed dimensions is
    another layout)."""
    text = json.dumps({"seed": layout.seed, **layout.dimensions()}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def layout_of(expected: Path) -> dict:
    """Give the layout dimensions recorded in an expected directory's meta.json."""
    return json.loads((expected / "meta.json").read_text(encoding="utf-8")).get("layout", {})
