"""Colour contrast as WCAG 2.2 measures it, and the brand's colour pairs that must meet it."""

from __future__ import annotations

from dataclasses import dataclass

# Every edition prints on white: the print pack's pages, the HTML page and the tagged PDF.
PAPER = "#FFFFFF"
TEXT = 4.5  # WCAG 1.4.3: text against its background
GRAPHIC = 3.0  # WCAG 1.4.11: the edge of a badge, a chart line

RAGS = ("red", "amber", "green", "none")
BACKGROUNDS = ("paper", "panel")  # where badges, charts and body text sit


@dataclass(frozen=True)
class Pair:
    """A foreground role drawn on a background role, and the contrast the pair needs."""

    foreground: str
    background: str  # a colour role, or "paper"
    minimum: float
    what: str  # what the foreground is, for the error message


def _pairs() -> tuple[Pair, ...]:
    pairs = [
        *(Pair("ink", bg, TEXT, "body text") for bg in ("paper", "panel", "accent_light")),
        *(Pair("muted", bg, TEXT, "a caption") for bg in ("paper", "panel", "accent_light")),
        *(Pair("heading", bg, TEXT, "a heading") for bg in BACKGROUNDS),
        Pair("heading_ink", "heading", TEXT, "text on the heading colour"),
        Pair("accent_light", "heading", TEXT, "the cover's kicker"),
        Pair("accent", "paper", TEXT, "a link"),
        Pair("marking", "paper", TEXT, "the protective marking"),
        *(Pair(f"rag_ink.{rag}", f"rag.{rag}", TEXT, "a RAG badge's letter") for rag in RAGS),
        *(
            Pair(f"rag_edge.{rag}", bg, GRAPHIC, "a RAG badge's edge")
            for rag in RAGS
            for bg in BACKGROUNDS
        ),
    ]
    # Chart lines need 3:1, but each is also the colour of its own label: text, so 4.5:1.
    pairs += [
        Pair(f"chart.{line}", "paper", TEXT, "a chart line with its label")
        for line in ("figure", "target", "national", "comparator", "mean", "limit")
    ]
    # A variation or assurance icon: its white letter on its colour, and its disc on the page.
    for kind in ("improving", "concerning", "neither", "common"):
        pairs.append(Pair("heading_ink", f"spc.{kind}", TEXT, "an icon's letter"))
        pairs += [Pair(f"spc.{kind}", bg, GRAPHIC, "a variation icon") for bg in BACKGROUNDS]
    return tuple(pairs)


PAIRS = _pairs()


def luminance(colour: str) -> float:
    """Give the relative luminance of `colour` (`#RRGGBB`), 0 for black to 1 for white."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """Give the contrast ratio of colours `first` and `second` (1 to 21)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def failing_pairs(colours: dict[str, str]) -> list[str]:
    """Give a sentence for each pair of `colours` (role -> `#RRGGBB`) below its contrast."""
    palette = {**colours, "paper": PAPER}
    failures = []
    for pair in PAIRS:
        ratio = contrast(palette[pair.foreground], palette[pair.background])
        if ratio < pair.minimum:
            failures.append(
                f"{pair.foreground} {palette[pair.foreground]} on {pair.background} "
                f"{palette[pair.background]} is {ratio:.2f}:1, and {pair.what} needs "
                f"{pair.minimum:g}:1"
            )
    return failures
