"""The run's voice, and the only module of `monthly` that prints.

One line per step with the seconds it took (`[step] what happened (0.4 s)`); while many
files are read, a bar with the count and the time left when the output is a terminal, and
plain lines otherwise; at the end the summary lines that `monthly.summary` decides.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from monthly.summary import SummaryLine

# Wide enough for the longest label ("Revisions:") and a space.
_LABEL_WIDTH = 11


class Progress:
    """Prints through `echo` (stdout when None); `bar` None: a bar only on a terminal."""

    def __init__(self, echo: Callable[[str], None] | None = None, bar: bool | None = None):
        self._echo = echo or _print
        self._bar_wanted = (echo is None and sys.stdout.isatty()) if bar is None else bar
        self._bar = None

    @staticmethod
    def start() -> float:
        return time.perf_counter()

    def line(self, step: str, text: str, started: float | None = None) -> None:
        """Print `text` for `step`, with the time since `started` when given."""
        took = f" ({time.perf_counter() - started:.1f} s)" if started is not None else ""
        self._write(f"[{step}] {text}{took}")

    def say(self, text: str) -> None:
        """Print `text` as it is."""
        self._write(text)

    def summary(self, lines: Sequence[SummaryLine]) -> None:
        """Print the summary `lines` after a blank line, labels in one column."""
        self.say("")
        for line in lines:
            if line.label is None:
                self.say(line.text)
            else:
                label = f"{line.label}:" if line.label else ""
                self.say(f"{label:<{_LABEL_WIDTH}}{line.text}")

    @contextmanager
    def counting(self, step: str, total: int, noun: str) -> Iterator[Callable[[], None]]:
        """Give a function to call as each of `total` items ends: on a terminal it moves a
        bar showing the count and the time left; elsewhere it does nothing."""
        if not self._bar_wanted or total < 2:
            yield lambda: None
            return
        from tqdm import tqdm

        bar = tqdm(
            total=total,
            file=sys.stdout,
            unit=noun,
            bar_format=f"[{step}] {{n_fmt}}/{{total_fmt}} {noun}s {{bar:24}}"
            " {elapsed} so far, about {remaining} left",
            leave=False,
            dynamic_ncols=True,
        )
        self._bar = bar
        try:
            yield bar.update
        finally:
            self._bar = None
            bar.close()

    def _write(self, text: str) -> None:
        if self._bar is not None:
            self._bar.write(text, file=sys.stdout)
        else:
            self._echo(text)


def _print(line: str) -> None:
    print(line, flush=True)


def stderr_echo(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
