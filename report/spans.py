"""Sentences as the page model holds them: runs of plain words, some emphasised."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A run of words in a sentence, `strong` when it is emphasised."""

    text: str
    strong: bool = False


Sentence = tuple[Span, ...]
