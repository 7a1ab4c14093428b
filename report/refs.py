"""Display references a member can cite: a reference the scorecard prints for more than one
indicator (5.2 for children in need and for their visits) becomes 5.2a, 5.2b in source order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from string import ascii_lowercase


def unique_refs(refs: Sequence[str]) -> list[str]:
    """Give `refs` (in source order) with each one printed more than once lettered a, b, c …,
    skipping a lettered reference the source already prints; a blank stays blank."""
    counts = Counter(r for r in refs if r)
    taken = set(refs)
    given: dict[str, int] = {}
    result = []
    for ref in refs:
        if not ref or counts[ref] == 1:
            result.append(ref)
            continue
        index = given.get(ref, 0)
        while _lettered(ref, index) in taken:
            index += 1
        result.append(_lettered(ref, index))
        taken.add(result[-1])
        given[ref] = index + 1
    return result


def _lettered(ref: str, index: int) -> str:
    """Give `ref` with the `index`th letter: a … z, then aa, ab …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = ascii_lowercase[rest] + letters
    return f"{ref}{letters}"


def repeated_note(pairs: Sequence[tuple[str, str]]) -> str:
    """Give the note that says which references were lettered, from (display, printed) `pairs`,
    or "" when none was."""
    printed: dict[str, list[str]] = {}
    for shown, original in pairs:
        if original and shown != original:
            printed.setdefault(original, []).append(shown)
    if not printed:
        return ""
    parts = [
        f"{original} as {', '.join(shown[:-1])} and {shown[-1]}"
        for original, shown in printed.items()
    ]
    return (
        "The scorecard prints some references for more than one indicator; this pack letters "
        f"them so that each can be cited: {'; '.join(parts)}."
    )
