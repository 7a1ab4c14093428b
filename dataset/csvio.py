"""CSV that a person can open in a spreadsheet safely and the project can read back exactly."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from dataset.errors import DatasetError

# OWASP CSV injection: a spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# What a spreadsheet reads as a plain number; float() also takes "-inf", "nan" and "1_000".
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _is_number(text: str) -> bool:
    return _PLAIN_NUMBER.fullmatch(text) is not None


def neutralise(text: str) -> str:
    """Give `text` as it is safe to store in a CSV cell: formulas get a leading apostrophe."""
    if text.startswith(FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    # An apostrophe of its own is doubled so that `restore` can tell it from ours.
    if text.startswith("'"):
        return "'" + text
    return text


def restore(text: str) -> str:
    """Give back the text that `neutralise` was given."""
    return text.removeprefix("'")


def rows_to_csv_text(rows: Iterable[dict], columns: Sequence[str]) -> str:
    """Give the CSV text of `rows` with `columns` as header, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # The csv module quotes a newline but not a lone carriage return: quote such rows whole.
    quoting = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(columns)
    for row in rows:
        cells = [neutralise(_cell(row.get(column, ""))) for column in columns]
        (quoting if any("\r" in cell for cell in cells) else writer).writerow(cells)
    return buffer.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format_number(value)
    return str(value)


def format_number(value: float) -> str:
    """Give `value` as the shortest plain decimal text (no exponent, no trailing `.0`)."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = f"{value:.10f}".rstrip("0").rstrip(".")
    text = text.removesuffix(".0")
    return "0" if text == "-0" else text


def read_rows(path: Path, columns: Sequence[str]) -> list[dict]:
    """Read the CSV at `path`, checking that its header holds `columns`, with text restored."""
    try:
        # newline="" keeps a carriage return inside a quoted cell as it was written.
        with open(path, encoding="utf-8", newline="") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"cannot read {path}: {exc}") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in columns if column not in (reader.fieldnames or ())]
    if missing:
        raise DatasetError(f"{path} lacks columns: {', '.join(missing)}")
    return [{key: restore(value or "") for key, value in row.items() if key} for row in reader]


def as_written(rows: Iterable[dict], columns: Sequence[str]) -> list[dict]:
    """Give `rows` as they read back from their CSV: every cell the exact text stored."""
    reader = csv.DictReader(io.StringIO(rows_to_csv_text(rows, columns)))
    return [{column: restore(row[column]) for column in columns} for row in reader]
