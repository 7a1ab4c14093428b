"""The team's folders: what waits in `inbox/`, the note beside a refused file, the move to `archive/`.

Nothing dropped in the inbox is ever deleted unless an identical copy (same SHA-256) is
already in the archive, and an archived file is never overwritten.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from datetime import datetime
from pathlib import Path

ERROR_SUFFIX = ".error.txt"
# Files people or their computers leave in a folder that are not scorecards.
_NOT_DROPPED = {"readme.md", "thumbs.db", "desktop.ini"}


def inbox_files(inbox: Path) -> list[Path]:
    """Give the files waiting in `inbox`, by name: everything but notes, READMEs and hidden files."""
    if not inbox.is_dir():
        return []
    return sorted(
        path
        for path in inbox.iterdir()
        if path.is_file()
        and not path.name.startswith((".", "~$"))
        and not path.name.endswith(ERROR_SUFFIX)
        and path.name.lower() not in _NOT_DROPPED
    )


def file_sha256(path: Path) -> str:
    """Give the hex SHA-256 of the file at `path`."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def error_note_path(path: Path) -> Path:
    """Give where the note about refused `path` goes: `NAME.error.txt` beside it."""
    return path.with_name(path.name + ERROR_SUFFIX)


def write_error_note(path: Path, why: str, what_to_do: str) -> Path:
    """Write the note beside refused `path` saying `why` and `what_to_do`; give its path."""
    note = error_note_path(path)
    when = datetime.now().strftime("%Y-%m-%d %H:%M")
    text = (
        f"boardpack could not use {path.name}, so it was left here in the inbox.\n"
        f"\n"
        f"When:  {when}\n"
        f"Why:   {why}\n"
        f"\n"
        f"What to do: {what_to_do}\n"
        f"\n"
        f"Then run `make report` again. This note is deleted once the file goes through.\n"
        f"The other files in the run were processed as usual, nothing from this file was\n"
        f"saved in the history, and the previous pack in out/ was left as it was.\n"
    )
    _write_atomic(note, text)
    return note


def clear_error_note(path: Path) -> None:
    """Delete the note beside `path`, if a previous run left one."""
    error_note_path(path).unlink(missing_ok=True)


def archive_file(path: Path, archive: Path, period: str, sha256: str) -> Path:
    """Move `path` into `archive/period/`, never overwriting; give where it now is.

    When that folder already holds an identical file under the same name, the inbox copy
    is removed instead: its bytes are already kept.
    """
    folder = archive / period
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    n = 2
    while target.exists():
        if target.is_file() and file_sha256(target) == sha256:
            path.unlink()
            clear_error_note(path)
            return target
        target = folder / f"{path.stem} ({n}){path.suffix}"
        n += 1
    try:
        # link + unlink rather than rename: a rename would replace a file that appeared
        # at `target` since the check above.
        os.link(path, target)
    except FileExistsError:
        raise
    except OSError:
        # Another file system, or one without hard links: copy under a temporary name so
        # that a crash half way never leaves a partial file under the real one.
        temp = folder / f".{path.name}.partial"
        shutil.copy2(path, temp)
        os.link(temp, target)
        temp.unlink()
    path.unlink()
    clear_error_note(path)
    return target


def _write_atomic(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)
