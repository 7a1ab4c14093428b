"""One run at a time: an exclusive lock on `data/.lock` for the whole run."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from monthly.errors import LockHeld


@contextmanager
def run_lock(
    path: Path, wait: bool = False, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the lock at `path` for the block; refuse with LockHeld if taken, or wait when `wait`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            if not wait:
                raise LockHeld(f"{path} is held{holder}") from None
            if on_wait:
                on_wait(f"another run holds {path}{holder}; waiting for it to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        # The kernel drops the lock when the process ends, so a crash never leaves it stuck;
        # the pid is only there to name the other run in the message.
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode().strip()
    except OSError:
        return ""
    return f" by process {pid}" if pid.isdigit() else ""
