"""Screenshots of the sample's HTML edition in Debian's Chromium, at 1280 px and 390 px wide,
into docs/ for the README (needs the `chromium` package).

    .venv/bin/python scripts/html_images.py
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright

import extract
import report
from tests.accessibility import CHROMIUM_ARGS, chromium_path

# (file, viewport width, viewport height, the element scrolled to the top, or None)
SHOTS = (
    ("html-edition-1280.png", 1280, 1100, None),
    ("html-edition-390.png", 390, 1500, "section-front-door-2"),
)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        dataset = Path(tmp) / "dataset"
        extract.extract_pdf(ROOT / "assets" / "sample-scorecard.pdf").write(dataset)
        html = report.build_pack(
            dataset, Path(tmp) / "pack.html", produced=date(2022, 5, 9), edition="html"
        ).path.read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=list(CHROMIUM_ARGS)
        )
        for name, width, height, anchor in SHOTS:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.route("**/*", lambda route: route.abort())
            page.set_content(html, wait_until="load")
            if anchor:
                page.evaluate(f"document.getElementById({anchor!r}).scrollIntoView()")
            page.screenshot(path=str(ROOT / "docs" / name))
            print(f"docs/{name}: {width} px wide")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
