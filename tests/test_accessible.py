"""The accessible edition: the HTML page under axe-core in Chromium, the tagged PDF under a
PDF/UA-1 validator, and the same words for every indicator in all three editions."""

from __future__ import annotations

from datetime import date

import pytest

from report import build_pack
from tests.accessibility import axe_violations, chromium, open_page, pdf_ua_failures
from tests.report_data import reference_dataset

PRODUCED = date(2022, 5, 9)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the whole module: launching it costs seconds."""
    with chromium() as launched:
        yield launched


# The checkers themselves: each finds what it should, so a pass means something ----------


def test_axe_finds_the_violations_of_a_careless_page(browser):
    careless = (
        "<html><body><img src='data:,'><p style='color:#BBB'>faint</p>"
        "<table><tr><td>1</td></tr></table><a href='#'></a></body></html>"
    )
    found = {violation["id"] for violation in axe_violations(open_page(browser, careless))}
    assert {"image-alt", "color-contrast", "html-has-lang", "document-title", "link-name"} <= found


def test_axe_passes_a_careful_page(browser):
    careful = (
        "<!doctype html><html lang='en-GB'><head><title>T</title></head><body>"
        "<main><h1>T</h1><p>Plain words.</p></main></body></html>"
    )
    assert axe_violations(open_page(browser, careful)) == []


def test_pdf_ua_validator_refuses_the_untagged_print_pack(tmp_path):
    info = build_pack(
        reference_dataset(tmp_path / "dataset"), tmp_path / "pack.pdf", produced=PRODUCED
    )
    failures = pdf_ua_failures(info.path)
    assert any("TAGGED" in failure for failure in failures), failures
