"""The analysts' workbook: the dataset's tables as one XLSX sheet each, safe to open in Excel.

Text that Excel would run (a cell starting with `=`, `+`, `-`, `@`, tab or CR) is written
as an explicit string with Excel's quote prefix, so it shows as typed and is never a
formula, also after someone edits the cell. Numbers stay numbers.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from dataset.csvio import FORMULA_STARTS

# Excel allows 31 characters and none of these in a sheet name.
_SHEET_NAME_BAD = str.maketrans({c: "_" for c in "[]:*?/\\"})
# Fixed so that two exports of the same data are the same file.
_EPOCH = datetime(2000, 1, 1)
# The control characters XML 1.0 cannot carry, which openpyxl refuses (its ILLEGAL_CHARACTERS_RE).
_ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


@dataclass(frozen=True)
class Table:
    """One sheet: `columns` as the header, `rows` as dicts, `numeric` columns written as numbers."""

    columns: Sequence[str]
    rows: Iterable[Mapping[str, object]]
    numeric: frozenset[str] = field(default_factory=frozenset)


def cell_value(value: object, numeric: bool) -> tuple[object, bool]:
    """Give what to store for `value`, and whether it must be forced to be a string.

    In a `numeric` column a number (or text that is one) becomes a float or int; all other
    text stays text, forced to a string when it would otherwise start a formula.
    """
    if value is None or value == "":
        return None, False
    if isinstance(value, bool):
        return str(value), False
    if numeric and isinstance(value, (int, float)):
        return value, False
    text = value if isinstance(value, str) else str(value)
    if numeric:
        try:
            number = float(text)
        except ValueError:
            pass
        else:
            return (int(number) if number.is_integer() and abs(number) < 2**53 else number), False
    # openpyxl refuses control characters that XML 1.0 cannot carry.
    text = _ILLEGAL_CHARACTERS.sub("\N{REPLACEMENT CHARACTER}", text)
    return text, text.startswith((*FORMULA_STARTS, "#"))


def write_xlsx(path: Path, tables: Mapping[str, Table]) -> Path:
    """Write `tables` to the workbook at `path`, one sheet per table, atomically; give `path`."""
    # Imported here: openpyxl (and the numpy it loads) is a good part of a second, which a
    # back-fill's reading processes should not start with.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    path = Path(path)
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "boardpack"
    workbook.properties.created = _EPOCH
    workbook.properties.modified = _EPOCH
    bold = Font(bold=True)
    for name, table in tables.items():
        sheet = workbook.create_sheet(name.translate(_SHEET_NAME_BAD)[:31])
        sheet.append(list(table.columns))
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
        for row_number, row in enumerate(table.rows, start=2):
            for column_number, column in enumerate(table.columns, start=1):
                value, force_text = cell_value(row.get(column), column in table.numeric)
                if value is None:
                    continue
                cell = sheet.cell(row=row_number, column=column_number, value=value)
                if force_text:
                    # openpyxl infers a formula from "=" and an error from "#N/A": undo both.
                    cell.data_type = "s"
                    cell.quotePrefix = True
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        workbook.save(temp)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
