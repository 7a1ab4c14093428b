"""Where each value came from: the words and marks that a field, a header or a set-aside took."""

from __future__ import annotations

from dataclasses import dataclass

from extract.grid import Fill, Word

# What the extractor sets aside on purpose, by name; anything else left over is a warning.
TITLE = "title"
FOOTNOTE = "footnote"
COLOUR_KEY = "colour key"
RUNNING_HEADER = "running header"
PAGE_NUMBER = "page number"
DIRECTION = "direction of travel"  # printed arrows: the pack works travel out from the figures


@dataclass(frozen=True)
class Source:
    """The words and marks on one page that one value was read from."""

    page: int
    words: tuple[Word, ...] = ()
    marks: tuple[Fill, ...] = ()


@dataclass(frozen=True)
class Use:
    """What some words and marks of a table became."""

    role: str  # field, header, section or set-aside
    name: str  # the field (name, figure, rag, ...) or what was set aside (TITLE, FOOTNOTE, ...)
    source: Source
    key: str = ""
    period: str = ""
