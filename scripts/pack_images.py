"""Render two pages of the sample pack into docs/ for the README (needs poppler's pdftoppm).

    .venv/bin/python scripts/pack_images.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import extract  # noqa: E402
import report  # noqa: E402

PAGES = {"pack-at-a-glance": 3, "pack-indicator": 10}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        dataset = Path(tmp) / "dataset"
        extract.extract_pdf(ROOT / "assets" / "sample-scorecard.pdf").write(dataset)
        pack = report.build_pack(dataset, Path(tmp) / "pack.pdf", produced=date(2022, 5, 9)).path
        for name, page in PAGES.items():
            stem = Path(tmp) / name
            subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", str(page), "-l", str(page),
                            "-singlefile", str(pack), str(stem)], check=True)
            (ROOT / "docs" / f"{name}.png").write_bytes(stem.with_suffix(".png").read_bytes())
            print(f"docs/{name}.png: page {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
