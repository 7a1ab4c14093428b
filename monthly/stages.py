"""The stages a monthly run calls, bundled so that tests can swap any one of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from dataset.catalogue import Catalogue
from dataset.history import SeriesKey


class ExtractionLike(Protocol):
    """What the run needs from `extract.Extraction`."""

    indicators: list[dict]
    figures: list[dict]
    meta: dict
    period: str


@dataclass(frozen=True)
class Stages:
    """`extract(pdf)`, `build_pack(data_dir, out_pdf)` and `series_key(key, name)` for one run."""

    extract: Callable[[Path], ExtractionLike]
    build_pack: Callable[[Path, Path], Any]
    series_key: SeriesKey | None = None
    # What the pack's ratings are judged with (None: each indicator by its printed polarity).
    catalogue: Catalogue | None = None
    # `build_editions(data_dir, out_html, out_accessible_pdf)`: the accessible edition beside
    # the pack; gives a line for each edition it could not build, saying why and what to install.
    build_editions: Callable[[Path, Path, Path], tuple[str, ...]] | None = None
    # Errors whose message is for the person who dropped the file (a bad PDF), as opposed
    # to a fault in boardpack itself.
    file_errors: tuple[type[BaseException], ...] = ()
    # The error that means the PDF's months carry no readable year.
    no_period_errors: tuple[type[BaseException], ...] = ()
    # Run in this process while other processes read the scorecards: loads what the pack
    # needs, so that the end of the run does not wait for it.
    warm: Callable[[], None] | None = None


def catalogue_series_key(catalogue_path: Path | None) -> SeriesKey | None:
    """Give the series-key function of the KPI catalogue at `catalogue_path` (None: keys as printed).

    Names get reworded between months; the catalogue's keys and aliases say which
    indicator a printed name is, so its entry's key is the series. An indicator the
    catalogue does not know starts its own series under its printed key.
    """
    if catalogue_path is None or not catalogue_path.is_file():
        return None
    from dataset.catalogue import load_catalogue

    catalogue = load_catalogue(catalogue_path)

    def series_key(key: str, name: str) -> str:
        entry = catalogue.match(key, name)
        return entry.key if entry else key

    return series_key


def default_stages(brand: Path | None = None, catalogue: Path | None = None) -> Stages:
    """Give the real stages: `extract.extract_pdf`, `report.build_pack` and the catalogue."""
    from dataset.catalogue import load_catalogue
    from extract import ExtractError, extract_pdf
    from extract.errors import NoPeriod

    known = load_catalogue(catalogue) if catalogue is not None and catalogue.is_file() else None

    # The report side is imported when first needed (`warm` does it while the scorecards are
    # read), so that the processes reading them start without it.
    def build(data_dir: Path, out_pdf: Path) -> Any:
        from report import build_pack

        return build_pack(data_dir, out_pdf, brand=brand, catalogue=catalogue)

    def editions(data_dir: Path, out_html: Path, out_accessible: Path) -> tuple[str, ...]:
        from report import accessible_pdf_missing, build_pack

        build_pack(data_dir, out_html, brand=brand, catalogue=catalogue, edition="html")
        missing = accessible_pdf_missing()
        if missing:
            return (f"the accessible PDF was not built: {missing}",)
        build_pack(data_dir, out_accessible, brand=brand, catalogue=catalogue, edition="accessible")
        return ()

    return Stages(
        extract=extract_pdf,
        build_pack=build,
        build_editions=editions,
        warm=_warm_report,
        series_key=catalogue_series_key(catalogue),
        catalogue=known,
        file_errors=(ExtractError,),
        no_period_errors=(NoPeriod,),
    )


def _warm_report() -> None:
    """Import the pack's renderers and the workbook writer (a second or so of imports)."""
    try:
        import openpyxl  # noqa: F401

        import report.pack  # noqa: F401
        from report import accessible_pdf_missing

        accessible_pdf_missing()  # imports WeasyPrint, where it is installed
    except Exception:  # noqa: BLE001, S110 - whatever fails here is said where the pack is built
        pass
