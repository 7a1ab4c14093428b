"""One piece of a run's work in a second process while the run goes on.

The accessible edition (WeasyPrint laying out the tagged PDF) takes several times as long
as the print pack and needs nothing from it: drawn in a child process beside the print pack
and the workbook, the end of a run uses both cores instead of one. What comes back is plain
text as JSON (the lines the work gives, or why it failed), never a pickled object.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable, Sequence


class BackgroundFailed(RuntimeError):
    """The work raised, or its process stopped before it said anything."""


class Background:
    """`work()` running in a forked child process (or run at once where there is no fork);
    `result()` waits for the lines it gives."""

    def __init__(self, work: Callable[[], Sequence[str]]):
        self._process = None
        self._receive = None
        self._done: dict | None = None
        if not hasattr(os, "fork"):  # not Linux or macOS: do it here and now
            self._done = _outcome(work)
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        # fork: the child starts with everything this process has imported, at no cost.
        self._process = context.Process(target=_child, args=(work, send), daemon=True)
        self._process.start()
        send.close()

    def result(self) -> tuple[str, ...]:
        """Wait for the work; give its lines, or raise `BackgroundFailed` saying why not."""
        if self._done is None:
            try:
                said = self._receive.recv_bytes()
            except EOFError:  # it ended without a word: killed, or a crash in a C library
                said = b""
            finally:
                self._receive.close()
                self._process.join()
            self._done = json.loads(said) if said else {
                "error": f"the process drawing it stopped (exit code {self._process.exitcode})"
            }
        if "error" in self._done:
            raise BackgroundFailed(self._done["error"])
        return tuple(self._done["lines"])

    def cancel(self) -> None:
        """Stop the work if it is still going (the run failed and its outputs are dropped)."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()


def _outcome(work: Callable[[], Sequence[str]]) -> dict:
    try:
        return {"lines": [str(line) for line in work()]}
    except Exception as exc:  # noqa: BLE001 - said to the parent, which decides
        return {"error": str(exc) or type(exc).__name__}


def _child(work: Callable[[], Sequence[str]], send) -> None:
    try:
        send.send_bytes(json.dumps(_outcome(work)).encode("utf-8"))
    finally:
        send.close()
