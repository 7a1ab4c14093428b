"""Text normalisation: whitespace, look-alike letters, wrapped lines."""

from __future__ import annotations

import re

# OCR and some fonts give Cyrillic or Greek capitals that look like Latin ones.
_LOOKALIKES = str.maketrans(
    {
        "\u0410": "A", "\u0430": "a", "\u0391": "A", "\u03b1": "a",
        "\u0412": "B", "\u0415": "E", "\u0435": "e", "\u041d": "H",
        "\u041a": "K", "\u041c": "M", "\u041e": "O", "\u043e": "o",
        "\u0420": "P", "\u0440": "p", "\u0421": "C", "\u0441": "c",
        "\u0422": "T", "\u0425": "X", "\u0445": "x", "\u0392": "B",
        "\u0395": "E", "\u0397": "H", "\u039a": "K", "\u039c": "M",
        "\u039f": "O", "\u03a1": "P", "\u03a4": "T", "\u03a7": "X",
    }
)
_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Give `text` with every whitespace run made one space and the ends trimmed."""
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def compact(text: str) -> str:
    """Give `text` without any whitespace, look-alike letters made Latin."""
    return _SPACE.sub("", text).translate(_LOOKALIKES)


def join_lines(text: str) -> str:
    """Give the lines of a cell as one line: a line ending in a hyphen inside a word
    (`re-` / `evaluate`) runs on without a space, other lines meet with one space."""
    lines = [squash(line) for line in text.splitlines()]
    out = ""
    for line in lines:
        if not line:
            continue
        if out and re.search(r"[A-Za-z0-9]-$", out) and line[:1].isalnum():
            out += line
        elif out:
            out += " " + line
        else:
            out = line
    return out
