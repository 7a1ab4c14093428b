"""The accessibility checkers the tests run: axe-core in Debian's Chromium, and a PDF/UA-1 validator.

Nothing is downloaded at run time: Playwright drives the system browser (`/usr/bin/chromium`,
from `.ci/run`) and axe-core comes inside the axe-playwright-python wheel; the PDF/UA-1
validator is the `page` binary inside the page-validation wheel.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import require

# axe-core's tags for the WCAG 2.2 AA rule set: every A and AA rule up to 2.2.
WCAG_22_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def chromium_path() -> str | None:
    """Give the system Chromium, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def chromium() -> Iterator[object]:
    """Give a headless Debian Chromium driven by Playwright, closed afterwards."""
    path = chromium_path()
    require(path is not None, "chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser, html: str, width: int = 1280, height: int = 900):
    """Give a new page of `browser` at `width` showing `html`, with every request refused
    and recorded in the page's `requests` list."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.requests = []

    def refuse(route):
        page.requests.append(route.request.url)
        route.abort()

    page.route("**/*", refuse)
    page.set_content(html, wait_until="load")
    return page


def axe_violations(page) -> list[dict]:
    """Give axe-core's WCAG 2.2 AA violations on `page`, each as its id, impact and targets."""
    from axe_playwright_python.sync_playwright import Axe

    results = (
        Axe().run(page, options={"runOnly": {"type": "tag", "values": list(WCAG_22_AA)}}).response
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "targets": [node["target"] for node in violation["nodes"]],
        }
        for violation in results["violations"]
    ]


def pdf_ua_failures(path: Path) -> list[str]:
    """Give the PDF/UA-1 rules the PDF at `path` fails (empty when it conforms)."""
    import page

    report = page.validate_pdf(str(path), profile=page.ValidationProfile.PDF_UA_1)
    failures = [f"{failure.rule_id}: {failure.message}" for failure in report.failures]
    assert report.is_compliant == (not failures)
    return failures
