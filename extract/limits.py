"""Bounds on one extraction: wall-clock time per page and per document, and memory.

Every PDF is untrusted, and a parser can be made to loop or to inflate a small file into
gigabytes. `extract_pdf` runs each extraction inside `bounded(settings.bounds)`, the one clock
for its time limits; the page loop in `extract.pdf` marks each page with `page(number)`. On the
main thread a timer interrupts a page that runs too long; off it (no signals there) the document
limit is checked as each page starts. Outside `bounded`, `page` is a no-op.
"""

from __future__ import annotations

import resource
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from extract.errors import ExtractError, TimedOut, TooLarge, caused_by

GIB = 1024 ** 3
MIB = 1024 ** 2


@dataclass(frozen=True)
class Bounds:
    """How long one extraction may run and how much memory it may take."""

    document_seconds: float = 120.0  # wall clock for the whole document
    page_seconds: float = 30.0  # wall clock for reading any one page
    memory_bytes: int | None = 2 * GIB  # address space the extraction may add; None: no bound


@dataclass
class _Clock:
    bounds: Bounds
    started: float
    signalled: bool  # a timer interrupts the work (main thread), else checks between pages
    page: int = 0  # the page being read, 0 before the first
    page_started: float | None = None
    # The block has ended: an alarm still on its way raises nothing and arms nothing more.
    done: bool = False


# Each thread's clock: the alarm handler runs on the main thread and reads the main thread's.
_clocks = threading.local()


def _current() -> _Clock | None:
    return getattr(_clocks, "clock", None)


def _can_signal() -> bool:
    # SIGALRM is delivered to the main thread only, and Windows has no setitimer.
    return threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")


def _arm() -> None:
    """Set the one real-time timer to the nearer of the document and page deadlines."""
    clock = _current()
    if clock is None or clock.done:
        return
    now = time.monotonic()
    left = clock.started + clock.bounds.document_seconds - now
    if clock.page_started is not None:
        left = min(left, clock.page_started + clock.bounds.page_seconds - now)
    # Keep firing after the deadline: a parser's broad `except Exception` may swallow one alarm.
    signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), 0.5)


def _overdue(clock: _Clock) -> TimedOut | None:
    """Give the error for a page or document past its limit on `clock`, or None."""
    now = time.monotonic()
    elapsed = now - clock.started
    where = f"page {clock.page}" if clock.page else "opening the file"
    if clock.page_started is not None and now - clock.page_started >= clock.bounds.page_seconds - 0.01:
        return TimedOut(f"stopped at {where} after {now - clock.page_started:.0f} s on that page "
                        f"(the limit is {clock.bounds.page_seconds:g} s a page)")
    if elapsed >= clock.bounds.document_seconds - 0.01:
        return TimedOut(f"stopped at {where} after {elapsed:.0f} s "
                        f"(the limit is {clock.bounds.document_seconds:g} s a document)")
    return None


def _on_alarm(signum, frame) -> None:
    clock = _current()
    if clock is None or clock.done:
        return
    error = _overdue(clock)
    if error is not None:
        raise error
    _arm()  # woken early (a page ended just as the timer fired): wait for the real deadline


def _address_space() -> int:
    """Give this process's current virtual memory size in bytes (0 when it cannot be read)."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * resource.getpagesize()


@contextmanager
def memory_bound(extra_bytes: int | None) -> Iterator[None]:
    """Let the process grow by at most `extra_bytes` of address space inside the block, turning
    a failed allocation into `TooLarge`; the previous limit is restored after."""
    if extra_bytes is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    # Relative to what is already mapped, so that a test runner with many modules loaded can
    # bound an extraction in-process just as the one-shot command does.
    wanted = _address_space() + extra_bytes
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft != resource.RLIM_INFINITY:
        wanted = min(wanted, soft)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    except Exception as exc:
        # pdfplumber wraps what pdfminer raises, a MemoryError too.
        if not isinstance(exc, ExtractError) and caused_by(exc, MemoryError):
            raise TooLarge(f"reading it needed more than the {extra_bytes // MIB} MiB of memory allowed") from None
        raise
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextmanager
def time_bound(bounds: Bounds) -> Iterator[None]:
    """Raise `TimedOut` in the block when the document or one page outlasts `bounds`: at once
    on the main thread, as the next page starts off it. Inside another bound, the outer one holds."""
    if _current() is not None:
        yield
        return
    clock = _Clock(bounds, time.monotonic(), signalled=_can_signal())
    previous = signal.signal(signal.SIGALRM, _on_alarm) if clock.signalled else None
    _clocks.clock = clock
    try:
        if clock.signalled:
            _arm()
        yield
    finally:
        _stop(clock, previous)


def _stop(clock: _Clock, previous) -> None:
    """Stop `clock` and put back the `previous` alarm handler. The timer repeats after its
    deadline (a parser may swallow one alarm), so one can come while the block unwinds from
    the last: it is let pass, never left armed to fire once the handler is gone (the default
    action of SIGALRM ends the process)."""
    while True:
        try:
            clock.done = True
            if clock.signalled:
                signal.setitimer(signal.ITIMER_REAL, 0)
            _clocks.clock = None
            if clock.signalled:
                signal.signal(signal.SIGALRM, previous)
            return
        except TimedOut:
            continue  # an alarm that came before `done` was set: stop again


@contextmanager
def bounded(bounds: Bounds = Bounds()) -> Iterator[None]:
    """Run the block within `bounds`: time per page and per document, and memory."""
    with memory_bound(bounds.memory_bytes), time_bound(bounds):
        yield


@contextmanager
def page(number: int) -> Iterator[None]:
    """Mark the block as reading page `number` (1-based), under the per-page time bound."""
    clock = _current()
    if clock is None:
        yield
        return
    clock.page = number
    if not clock.signalled:
        error = _overdue(clock)
        if error is not None:
            raise error
    clock.page_started = time.monotonic()
    if clock.signalled:
        _arm()
    try:
        yield
    finally:
        clock.page_started = None
        if clock.signalled and _current() is clock:
            _arm()
