"""The run's voice: one line per step, each with the seconds it took."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable


class Progress:
    """Prints `[step] what happened (0.4 s)` lines through `echo`."""

    def __init__(self, echo: Callable[[str], None] | None = None):
        self._echo = echo or (lambda line: print(line, flush=True))

    @staticmethod
    def start() -> float:
        return time.perf_counter()

    def line(self, step: str, text: str, started: float | None = None) -> None:
        """Print `text` for `step`, with the time since `started` when given."""
        took = f" ({time.perf_counter() - started:.1f} s)" if started is not None else ""
        self._echo(f"[{step}] {text}{took}")

    def say(self, text: str) -> None:
        """Print `text` as it is (the summary)."""
        self._echo(text)


def stderr_echo(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
