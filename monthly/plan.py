"""What a monthly run does, decided from the inbox and the history before anything is written.

Pure functions over plain values: which files to read and which are already held, the order
they are loaded in, which pack to build (or to keep, or why none), and whether the loaded
files may move to the archive. `monthly.run` carries the decisions out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from dataset.history import Source


@dataclass(frozen=True)
class Waiting:
    """A file in the inbox with its SHA-256 and the source already loaded with those bytes."""

    path: Path
    sha256: str
    known: Source | None = None


@dataclass(frozen=True)
class Intake:
    """The inbox split into files to read and files whose bytes the history already holds."""

    to_read: tuple[Waiting, ...]
    duplicates: tuple[Waiting, ...]


def plan_intake(waiting: Sequence[Waiting]) -> Intake:
    """Give which of `waiting` to read: a file whose bytes are already loaded is not read again."""
    return Intake(
        to_read=tuple(w for w in waiting if w.known is None),
        duplicates=tuple(w for w in waiting if w.known is not None),
    )


def load_order(periods: dict[Path, str], mtimes: dict[Path, float]) -> list[Path]:
    """Give the files of `periods` (file → reporting month) oldest month first, so that a
    later month's figures land last; within a month the older file, then the name."""
    return sorted(periods, key=lambda path: (periods[path], mtimes.get(path, 0.0), path.name))


class Action(Enum):
    """What to do about the pack."""

    BUILD = "build"  # build the pack for `PackChoice.source`
    SAMPLE = "sample"  # nothing loaded ever: build from the bundled sample
    KEEP = "keep"  # a file was refused and nothing new loaded: leave last month's pack
    NONE = "none"  # files arrived, none could be loaded, and there is no history
    UNKNOWN_PERIOD = "unknown-period"  # --period names a month the history lacks


@dataclass(frozen=True)
class PackChoice:
    """The decision about the pack, with the sentence that explains it."""

    action: Action
    source: Source | None = None
    why: str = ""


def choose_pack(
    *,
    wanted: str | None,
    source: Source | None,
    held_periods: Sequence[str],
    inbox_was_empty: bool,
    loaded_any: bool,
    refused_any: bool,
    pack_exists: bool,
) -> PackChoice:
    """Give what to do about the pack for `wanted` (None: the latest), given `source`, the
    history's source for that month (None when it holds none), and what this run did."""
    if source is None and wanted is None:
        if inbox_was_empty:
            return PackChoice(Action.SAMPLE)
        return PackChoice(Action.NONE, why="nothing to build: no scorecard has been loaded yet")
    if source is None:
        periods = sorted(set(held_periods))
        have = f"the history holds {', '.join(periods)}" if periods else "the history is empty"
        return PackChoice(Action.UNKNOWN_PERIOD, why=f"no scorecard for {wanted}: {have}")
    if refused_any and not loaded_any and pack_exists:
        # A bad file must never cost the team last month's good pack: with nothing new
        # loaded there is nothing to rebuild it for.
        return PackChoice(
            Action.KEEP, source, why="not rebuilt (nothing new loaded, a file refused)"
        )
    return PackChoice(Action.BUILD, source)


def may_archive(pack_written: bool, pack_kept: bool) -> bool:
    """Give whether loaded files may leave the inbox: only once a pack stands for them."""
    return pack_written or pack_kept
