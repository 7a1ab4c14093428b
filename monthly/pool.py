"""Reading the scorecards of a run, several at once: one process per core, results as they end.

A back-fill drops two years of scorecards in the inbox at once; reading them is nearly all of
the run's time and each file is independent, so they are read in a process pool. What comes
back is plain data: the extraction, or why the file could not be read (an exception raised in
a worker is turned into words there, as the extractor's errors do not survive pickling).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from enum import Enum
from functools import partial
from pathlib import Path

from monthly.stages import ExtractionLike, Stages


class Failure(Enum):
    """Why a file gave no extraction."""

    FILE = "file"  # the file is not a usable scorecard; its message is for the team
    NO_PERIOD = "no-period"  # its months carry no year
    FAULT = "fault"  # boardpack itself failed on it


@dataclass(frozen=True)
class Read:
    """One file read: its extraction, or the failure and the message that says why."""

    path: Path
    seconds: float
    extraction: ExtractionLike | None = None
    failure: Failure | None = None
    message: str = ""


def usable_cores() -> int:
    """Give how many cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def read_one(
    extract: Callable[[Path], ExtractionLike],
    file_errors: tuple[type[BaseException], ...],
    no_period_errors: tuple[type[BaseException], ...],
    path: Path,
) -> Read:
    """Give `path` read by `extract`, or the failure, classified by the stage's error types."""
    started = time.perf_counter()

    def failed(failure: Failure, message: str) -> Read:
        return Read(path, time.perf_counter() - started, failure=failure, message=message)

    try:
        extraction = extract(path)
    except no_period_errors as exc:
        return failed(Failure.NO_PERIOD, str(exc) or type(exc).__name__)
    except file_errors as exc:
        return failed(Failure.FILE, str(exc) or type(exc).__name__)
    except Exception as exc:  # noqa: BLE001 - a fault in one file must not stop the rest
        return failed(Failure.FAULT, f"{type(exc).__name__}: {exc}")
    return Read(path, time.perf_counter() - started, extraction=extraction)


def read_all(
    paths: Sequence[Path],
    stages: Stages,
    jobs: int,
    on_read: Callable[[Read], None],
    meanwhile: Callable[[], None] | None = None,
) -> list[Read]:
    """Read every file of `paths` with `stages.extract`, `jobs` at a time, calling `on_read`
    as each one ends, and `meanwhile` once in this process while the others read (at the
    end when there are no others); give them all, in the order they ended."""
    read = partial(read_one, stages.extract, stages.file_errors, stages.no_period_errors)
    done: list[Read] = []

    def finish(item: Read) -> None:
        done.append(item)
        on_read(item)

    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            finish(read(path))
        if meanwhile is not None:
            meanwhile()
        return done
    # fork: the workers start with everything this process has imported, at no cost. What
    # is there now is frozen out of the collector's sight: otherwise every full collection
    # in a worker walks (and so copies) the parent's objects, a tenth of each file's time.
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else None)
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(paths)), mp_context=context) as pool:
            futures = {pool.submit(read, path): path for path in paths}
            # The workers start as the first files are submitted; this process is free until
            # the first one ends.
            if meanwhile is not None:
                meanwhile()
            started = time.perf_counter()
            for future in as_completed(futures):
                try:
                    finish(future.result())
                except BrokenProcessPool as exc:
                    # A worker was killed (out of memory, a crash in a C library): the files it
                    # and the others still held are left in the inbox, each with a note.
                    finish(
                        Read(
                            futures[future],
                            time.perf_counter() - started,
                            failure=Failure.FAULT,
                            message=f"the process reading it stopped ({exc or 'killed'})",
                        )
                    )
    finally:
        gc.unfreeze()
    return done
