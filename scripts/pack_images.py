"""Render pages of the sample pack, and an XmR chart page of a long history, into docs/ for
the README (needs poppler's pdftoppm).

    .venv/bin/python scripts/pack_images.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import extract
import report
from tests.report_data import SHIFTED, history_dataset

PRODUCED = date(2022, 5, 9)
# Each image: the first page whose text holds all of these words (pages move as packs change).
SAMPLE_PAGES = {
    "pack-chair-summary": ("The committee is asked to",),
    "pack-at-a-glance": ("At a glance", "Red for three months running"),
    "pack-indicator": ("4.2 Re-referrals to Children's Services", "COMMENTARY"),
}
HISTORY_PAGES = {"pack-xmr-chart": (SHIFTED, "Upper limit", "COMMENTARY")}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        dataset = folder / "dataset"
        extract.extract_pdf(ROOT / "assets" / "sample-scorecard.pdf").write(dataset)
        sample = report.build_pack(dataset, folder / "pack.pdf", produced=PRODUCED).path
        # Eighteen monthly scorecards loaded through the history store: XmR charts.
        long = history_dataset(folder / "history", folder / "history.sqlite", months=18)
        history = report.build_pack(long, folder / "history.pdf", produced=PRODUCED).path
        for pack, pages in ((sample, SAMPLE_PAGES), (history, HISTORY_PAGES)):
            for name, words in pages.items():
                page = find_page(pack, words)
                if page is None:
                    print(f"docs/{name}.png: no page holds {words}; left as it was")
                    continue
                render(pack, page, folder / name)
                print(f"docs/{name}.png: page {page}")
    return 0


def find_page(pack: Path, words: tuple[str, ...]) -> int | None:
    """Give the number of the first page of `pack` whose text holds every one of `words`."""
    with pdfplumber.open(pack) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            text = " ".join((page.extract_text() or "").split())
            if all(word in text for word in words):
                return number
    return None


def render(pack: Path, page: int, stem: Path) -> None:
    """Write page `page` of `pack` as docs/STEM.png at 90 dpi."""
    subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", str(page), "-l", str(page),
                    "-singlefile", str(pack), str(stem)], check=True)
    (ROOT / "docs" / f"{stem.name}.png").write_bytes(stem.with_suffix(".png").read_bytes())


if __name__ == "__main__":
    sys.exit(main())
