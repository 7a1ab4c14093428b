"""Colour contrast: the WCAG ratio, and brand colours refused when a pair is too faint."""

import pytest

from report.brand import load_brand
from report.contrast import PAIRS, contrast, failing_pairs
from report.errors import BadBrand
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [
        ("#FFFFFF", "#000000", 21.0),
        ("#000000", "#FFFFFF", 21.0),
        ("#777777", "#777777", 1.0),
        ("#767676", "#FFFFFF", 4.54),  # the lightest grey that passes as text on white
        ("#F2BE3A", "#FFFFFF", 1.72),  # the old amber badge edge
    ],
)
def test_contrast_ratio_is_wcag_relative_luminance(first, second, ratio):
    assert contrast(first, second) == pytest.approx(ratio, abs=0.01)


def test_default_brand_meets_every_contrast_pair():
    brand = load_brand()
    assert failing_pairs(brand.colours) == []
    assert {pair.foreground for pair in PAIRS} >= {
        "rag_edge.amber",
        "rag_ink.amber",
        "chart.comparator",
        "heading_ink",
    }


def _brand_with(tmp_path, old: str, new: str):
    text = (ROOT / "assets" / "brand.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "brand.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    (tmp_path / "fonts").symlink_to(ROOT / "assets" / "fonts")
    (tmp_path / "logo.toml").symlink_to(ROOT / "assets" / "logo.toml")
    return path


def test_a_faint_badge_edge_is_refused_naming_the_pair(tmp_path):
    path = _brand_with(tmp_path, 'amber = "#8C6100"', 'amber = "#F2BE3A"')
    with pytest.raises(BadBrand) as raised:
        load_brand(path)
    message = str(raised.value)
    assert "rag_edge.amber #F2BE3A on paper #FFFFFF is 1.72:1" in message
    assert "badge's edge needs 3:1" in message


def test_faint_text_is_refused_naming_the_pair(tmp_path):
    path = _brand_with(tmp_path, 'muted = "#5B6770"', 'muted = "#9AA5B1"')
    with pytest.raises(
        BadBrand, match=r"muted #9AA5B1 on paper #FFFFFF is 2\.\d\d:1, and a caption needs 4\.5:1"
    ):
        load_brand(path)


def test_a_brand_without_edge_colours_takes_the_badge_colour_and_is_checked(tmp_path):
    text = (ROOT / "assets" / "brand.toml").read_text(encoding="utf-8")
    start = text.index("[colours.rag_edge]")
    end = text.index("[colours.rag_ink]")
    path = _brand_with(tmp_path, text[start:end], "")
    with pytest.raises(BadBrand, match="rag_edge.amber #F2BE3A"):
        load_brand(path)
