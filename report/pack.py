"""The library entry points: dataset directory in; the print pack, its HTML edition or its tagged
PDF out; nothing half-written."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from dataset import DatasetError, validate_dataset
from dataset.catalogue import Catalogue, load_catalogue
from dataset.infer import extraction_inferences, with_inferences
from report.brand import Brand, load_brand
from report.errors import BadCatalogue, BadDataset, CannotWrite
from report.html import render_html
from report.html.pdf import html_to_pdf
from report.model import Pack, Pages, dataset_to_pack, pack_to_pages
from report.pages import render

DEFAULT_CATALOGUE = Path(__file__).resolve().parent.parent / "assets" / "kpis.toml"


@dataclass(frozen=True)
class PackInfo:
    """What `build_pack` wrote."""

    path: Path
    pages: int
    indicators: int
    warnings: list[str]
    unread: str = ""  # what of the scorecard could not be read, in one sentence, or ""


@dataclass(frozen=True)
class Prepared:
    """A pack ready to render: its brand, what it shows and what each page says."""

    brand: Brand
    pack: Pack
    pages: Pages


def prepare_pack(
    data_dir: Path,
    brand: Path | None = None,
    catalogue: Path | None = None,
    produced: date | None = None,
) -> Prepared:
    """Give the page model of the pack of the dataset in `data_dir`, for any renderer.

    `brand`, `catalogue` and `produced` are as for `build_pack`.
    """
    data_dir = Path(data_dir)
    chosen_brand = load_brand(brand)
    chosen_catalogue = _catalogue(catalogue)
    try:
        indicators, figures, extraction = validate_dataset(data_dir)
        # What the monthly run inferred of indicators the catalogue lacks, marked as inferred.
        chosen_catalogue = with_inferences(chosen_catalogue, extraction_inferences(extraction))
    except DatasetError as exc:
        raise BadDataset(str(exc)) from None
    if not figures:
        raise BadDataset(f"{data_dir / 'figures.csv'} has no figures")
    pack = dataset_to_pack(
        indicators, figures, extraction, chosen_catalogue, chosen_brand.rag_source
    )
    if pack.period not in pack.periods:
        raise BadDataset(f"the reporting month {pack.period!r} has no figures in figures.csv")
    day = produced or produced_date(extraction, os.environ.get("SOURCE_DATE_EPOCH"))
    pages = pack_to_pages(pack, chosen_brand, chosen_catalogue, day)
    return Prepared(brand=chosen_brand, pack=pack, pages=pages)


EDITIONS = ("print", "html", "accessible")


def build_pack(
    data_dir: Path,
    out: Path,
    brand: Path | None = None,
    catalogue: Path | None = None,
    produced: date | None = None,
    edition: str = "print",
) -> PackInfo:
    """Build the board pack of the dataset in `data_dir` into `out`, as the `edition`: "print"
    (the branded PDF), "html" (the same pages as one self-contained, accessible web page) or
    "accessible" (a tagged PDF/UA-1 drawn from that page by WeasyPrint).

    `brand` and `catalogue` name TOML files (default: `assets/brand.toml` and
    `assets/kpis.toml`). The pack is dated `produced`, else `SOURCE_DATE_EPOCH`,
    else the day the source was read, else today; the same inputs give the same bytes.

    >>> build_pack(Path("out/2022-04"), Path("out/pack.pdf"))  # doctest: +SKIP
    PackInfo(path=PosixPath('out/pack.pdf'), pages=24, indicators=30, warnings=[])
    """
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {', '.join(EDITIONS)}")
    out = Path(out)
    prepared = prepare_pack(data_dir, brand, catalogue, produced)

    def write(path: Path) -> int:
        if edition == "print":
            return render(prepared.pages, prepared.brand, path)
        html = render_html(prepared.pages, prepared.brand)
        if edition == "html":
            path.write_text(html, encoding="utf-8")
            return 1
        return html_to_pdf(html, prepared.brand, path)

    return PackInfo(
        path=out,
        pages=_write_atomically(out, write),
        indicators=len(prepared.pack.indicators),
        warnings=prepared.pack.warnings,
        unread=prepared.pack.unread_notice,
    )


def _catalogue(path: Path | None) -> Catalogue:
    try:
        return load_catalogue(Path(path) if path else DEFAULT_CATALOGUE)
    except DatasetError as exc:
        raise BadCatalogue(str(exc)) from None


def produced_date(extraction: dict, source_date_epoch: str | None) -> date:
    """Give the date a pack is produced: `source_date_epoch`, else when the source was read, else today."""
    if source_date_epoch and source_date_epoch.strip().isdigit():
        return datetime.fromtimestamp(int(source_date_epoch), UTC).date()
    source = extraction.get("source") if isinstance(extraction.get("source"), dict) else {}
    read_at = source.get("read_at") or extraction.get("read_at")
    if isinstance(read_at, str):
        try:
            return datetime.fromisoformat(read_at).date()
        except ValueError:
            pass
    return date.today()


def _write_atomically(out_pdf: Path, write) -> int:
    """Run `write` on a temporary file beside `out_pdf`, then move it into place; give its result."""
    if not out_pdf.parent.is_dir():
        raise CannotWrite(f"folder {out_pdf.parent} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{out_pdf.name}.", suffix=".part", dir=out_pdf.parent
        )
        os.close(handle)
    except OSError as exc:
        raise CannotWrite(f"{out_pdf.parent}: {exc.strerror}") from None
    try:
        result = write(Path(temporary))
        os.chmod(temporary, 0o644)
        os.replace(temporary, out_pdf)
    except OSError as exc:
        raise CannotWrite(f"{out_pdf}: {exc.strerror or exc}") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return result
