"""The chair's key messages, worked out from the pack: what a chair reads first and asks about.

Each message is a sentence of plain spans (`report.model` gives them to every renderer):
the ratings this month, reds for three months, the biggest moves the wrong way, ratings to
check, revisions and what could not be read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from report.assess import RAG_WORDS, rag_counts, red_run
from report.numbers import figure, show
from report.spans import Sentence, Span

if TYPE_CHECKING:
    from report.model import Indicator, Pack

# Name at most this many indicators in one message; the rest are counted.
NAMED = 3


def key_messages(pack: Pack) -> tuple[Sentence, ...]:
    """Give the key messages of `pack`: always the ratings, reds for three months, the moves
    against polarity and the ratings to check; revisions and unread cells when there are any."""
    messages = [
        ratings_message(pack),
        red_runs_message(pack),
        moves_message(pack),
        checks_message(pack),
        revisions_message(pack),
        unread_message(pack),
    ]
    return tuple(m for m in messages if m)


def _span(text: str, strong: bool = False) -> Span:
    return Span(text, strong=strong)


def _listed(items: Sequence[str], more: int = 0) -> str:
    words = list(items)
    if more:
        words.append(f"{more} more")
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} and {words[-1]}"


def _figure(indicator: Indicator, index: int = -1) -> str:
    month = indicator.months[index]
    return figure(month.figure_text) if month.figure_text.strip() else "no figure"


def ratings_message(pack: Pack) -> Sentence:
    """Give how many indicators hold each rating this month, and last month."""
    now = rag_counts([i.latest.rag for i in pack.indicators])
    words = ", ".join(f"{now[code]} {RAG_WORDS[code]}" for code in ("R", "A", "G"))
    sentence = [_span("Ratings: ", True), _span(f"{words} and {now['']} not rated")]
    if len(pack.periods) > 1:
        before = rag_counts([i.previous.rag for i in pack.indicators if i.previous])
        last = ", ".join(f"{before[code]}" for code in ("R", "A", "G"))
        sentence.append(_span(f" (Red, Amber, Green in {pack.labels.short(pack.periods[-2])}: {last})"))
    source = "as printed" if pack.rag_source == "printed" else "from each target"
    sentence.append(_span(f", rated {source}."))
    return tuple(sentence)


def red_runs_message(pack: Pack) -> Sentence:
    """Give the indicators Red for the last three months, with this month's figure."""
    if len(pack.periods) < 3:
        return (
            _span(f"Red for three {pack.labels.nouns}: ", True),
            _span(f"not known yet; the pack holds {len(pack.periods)} of the three {pack.labels.nouns} needed."),
        )
    reds = [i for i in pack.indicators if red_run([m.rag for m in i.months])]
    if not reds:
        return (_span(f"Red for three {pack.labels.nouns}: ", True), _span("none."))
    named = [f"{i.short_name} ({_figure(i)})" for i in reds[:NAMED]]
    return (
        _span(f"Red for three {pack.labels.nouns}: ", True),
        _span(_listed(named, len(reds) - len(named)) + "."),
    )


def worse_by(indicator: Indicator) -> float:
    """Give how far `indicator` moved the wrong way since last month, as a share of last
    month's figure (0 when it did not worsen)."""
    if indicator.travel.word != "worsening":
        return 0.0
    before, after = indicator.previous.value, indicator.latest.value
    return abs(after - before) / max(abs(before), 1e-9)


def moves_message(pack: Pack) -> Sentence:
    """Give the biggest moves against polarity since last month, largest first."""
    if len(pack.periods) < 2:
        return (
            _span("Moves: ", True),
            _span(f"this is the first {pack.labels.noun} held; directions of travel begin next {pack.labels.noun}."),
        )
    worse = sorted((i for i in pack.indicators if worse_by(i) > 0), key=worse_by, reverse=True)
    if not worse:
        return (
            _span("Moves the wrong way: ", True),
            _span(f"no indicator worsened since last {pack.labels.noun}."),
        )
    named = [
        f"{i.short_name} ({i.travel.arrow} from {show(i.previous.value, i.unit, i.previous.places)}"
        f" to {show(i.latest.value, i.unit, i.latest.places)})"
        for i in worse[:NAMED]
    ]
    return (
        _span("Biggest moves the wrong way: ", True),
        _span(_listed(named, len(worse) - len(named)) + "."),
    )


def checks_message(pack: Pack) -> Sentence:
    """Give the printed ratings this month that disagree with their target."""
    checks = [i for i in pack.indicators if i.latest.to_check]
    if not checks:
        return (
            _span("Ratings to check: ", True),
            _span("none; every printed rating agrees with its target."),
        )
    named = [
        f"{i.short_name} (printed {RAG_WORDS[i.latest.printed]}, the target gives "
        f"{RAG_WORDS[i.latest.expected]})"
        for i in checks[:NAMED]
    ]
    return (
        _span("Ratings to check: ", True),
        _span(
            f"{len(checks)} printed rating{'s' if len(checks) != 1 else ''} disagree"
            f"{'s' if len(checks) == 1 else ''} with the target: "
            + _listed(named, len(checks) - len(named))
            + ". Officers are asked to confirm them (listed under Ratings to check)."
        ),
    )


def revisions_message(pack: Pack) -> Sentence:
    """Give the figures of earlier months that a later scorecard revised, or nothing."""
    if not pack.revisions:
        return ()
    named = [
        f"{r.name} for {pack.labels.short(r.period)} ({r.old_value} to {r.new_value})"
        for r in pack.revisions[:NAMED]
    ]
    count = len(pack.revisions)
    return (
        _span("Revised figures: ", True),
        _span(
            f"{count} figure{'s' if count != 1 else ''} from earlier {pack.labels.nouns} "
            f"{'were' if count != 1 else 'was'} revised: "
            + _listed(named, count - len(named))
            + " (Annex A)."
        ),
    )


def unread_message(pack: Pack) -> Sentence:
    """Give what of the scorecard could not be read, or nothing."""
    if not pack.unread:
        return ()
    return (_span("Could not be read: ", True), _span(pack.unread_notice))
