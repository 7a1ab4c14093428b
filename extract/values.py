"""Printed figures, benchmarks and RAG ratings turned into numbers and letters."""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass

from extract.text import compact, squash

# Printed when there is no number: not available, to be confirmed, a dash.
NOT_A_NUMBER = {"n/a", "na", "n.a.", "tbc", "tba", "-", "\u2013", "\u2014", "nk", "n/k", "..", "*"}

_NUMBER = r"-?\d+(?:\.\d+)?"
_THOUSANDS = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+)(?![\d,])")
_PERCENT = re.compile(rf"^({_NUMBER})\s*%$")
_PLAIN = re.compile(rf"^({_NUMBER})$")
_COUNT_PERCENT = re.compile(rf"^(\d+)\s*\(?\s*({_NUMBER})\s*%\s*\)?$")
_COUNT_RATE = re.compile(rf"^(\d+)\s+\(?({_NUMBER})\)?$")
_COMPARISON = re.compile(r"^(?:<=|>=|[<>\u2264\u2265=])\s*")


@dataclass(frozen=True)
class Measure:
    """One number read from a printed figure."""

    measure: str  # value, count, percent or rate
    value: float
    unit: str  # %, count, per 10k or ""


def figure_text(printed: str) -> str:
    """Give the printed cell text as the dataset records it: one space between words, and
    a not-a-number token whole (`N/ A` → `N/A`)."""
    text = squash(printed)
    joined = compact(text)
    if joined.lower() in NOT_A_NUMBER:
        return joined
    return text


def is_not_a_number(printed: str) -> bool:
    """Say whether `printed` is blank or a token that stands for no number (N/A, TBC, -)."""
    joined = compact(printed).lower()
    return joined == "" or joined in NOT_A_NUMBER


def _number(text: str) -> float:
    return float(text)


def _unit_of_plain(text: str) -> str:
    return "count" if re.fullmatch(r"-?\d+", text) else ""


def parse_figure(printed: str) -> tuple[Measure, ...] | None:
    """Give the measures in a printed figure: () for N/A, TBC, - or blank; None when the
    text is not understood.

    >>> [m.measure for m in parse_figure("533 13%")]
    ['count', 'percent']
    """
    if is_not_a_number(printed):
        return ()
    text = _THOUSANDS.sub(lambda m: m.group(1).replace(",", ""), squash(printed))
    if match := _PERCENT.match(text):
        return (Measure("value", _number(match[1]), "%"),)
    if match := _PLAIN.match(text):
        return (Measure("value", _number(match[1]), _unit_of_plain(match[1])),)
    if match := _COUNT_PERCENT.match(text):
        return (
            Measure("count", _number(match[1]), "count"),
            Measure("percent", _number(match[2]), "%"),
        )
    if match := _COUNT_RATE.match(text):
        return (
            Measure("count", _number(match[1]), "count"),
            Measure("rate", _number(match[2]), "per 10k"),
        )
    return None


def parse_benchmark(printed: str) -> float | None:
    """Give the one number a printed target or benchmark states (`22%` → 22, `<= 9%` → 9),
    or None when it states none or several."""
    text = _COMPARISON.sub("", squash(printed))
    measures = parse_figure(text)
    if not measures or len(measures) != 1:
        return None
    return measures[0].value


# RAG words and letters; keys are compact, look-alikes made Latin, lower case.
_RAG_WORDS = {
    "r": "R", "red": "R",
    "a": "A", "amber": "A", "amb": "A", "orange": "A", "yellow": "A", "y": "A",
    "g": "G", "green": "G",
}


@dataclass(frozen=True)
class Rag:
    """A RAG rating read from a cell's text."""

    rag: str  # R, A, G or "" (none printed, or not a rating)
    text: str  # the cell's text without whitespace, as printed
    valid: bool  # False when text was printed that is not a rating (the reference has a "D")


def parse_rag(printed: str) -> Rag:
    """Give the RAG rating printed in a cell (`Amb er`, Cyrillic `А`, `Green`, `R`)."""
    text = re.sub(r"\s+", "", printed)
    if not text:
        return Rag("", "", True)
    rag = _RAG_WORDS.get(compact(text).lower().strip(".:"))
    return Rag(rag or "", text, rag is not None)


def rgb_of(colour: object) -> tuple[float, float, float] | None:
    """Give `colour` as pdfplumber reports it (grey, RGB or CMYK, 0-1) as RGB, or None for a
    pattern or nothing."""
    if colour is None or isinstance(colour, str):
        return None
    try:
        values = [float(v) for v in colour]  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return None
    if len(values) == 1:
        return (values[0],) * 3
    if len(values) == 3:
        return values[0], values[1], values[2]
    if len(values) == 4:
        c, m, y, k = values
        return (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    return None


def _hue(colour: object) -> float | None:
    """Give the hue of `colour` in degrees, or None for white, black, greys and pale tints."""
    rgb = rgb_of(colour)
    if rgb is None or any(v < 0 or v > 1 for v in rgb):
        return None
    hue, lightness, saturation = colorsys.rgb_to_hls(*rgb)
    if saturation < 0.35 or lightness > 0.93 or lightness < 0.12:
        return None
    return hue * 360


def colour_hex(colour: object) -> str:
    """Give `colour` as `#RRGGBB`, or "" when it is no colour."""
    rgb = rgb_of(colour)
    if rgb is None or any(v < 0 or v > 1 for v in rgb):
        return ""
    return "#" + "".join(f"{round(v * 255):02X}" for v in rgb)


def is_coloured(colour: object) -> bool:
    """Say whether `colour` is a colour that can carry meaning, not white, black or grey."""
    return _hue(colour) is not None


def rag_of_colour(colour: object) -> str:
    """Give the RAG a fill colour stands for (R, A or G), or "" for white, grey or others."""
    degrees = _hue(colour)
    if degrees is None:
        return ""
    if degrees < 18 or degrees >= 330:
        return "R"
    if degrees < 65:
        return "A"
    if 70 <= degrees < 170:
        return "G"
    return ""
