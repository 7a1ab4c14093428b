"""What can go wrong reading a scorecard: each docstring is the line a user sees."""


class ExtractError(Exception):
    """This PDF could not be read as a KPI scorecard."""

    def __init__(self, detail: str = ""):
        message = (self.__doc__ or "").strip()
        super().__init__(f"{message}: {detail}" if detail else message)


class NotAPdf(ExtractError):
    """This file is not a PDF (it does not start with %PDF-); export the scorecard to PDF and retry"""


class BrokenPdf(ExtractError):
    """This PDF is damaged and cannot be parsed; ask for a fresh copy of the scorecard"""


class EncryptedPdf(ExtractError):
    """This PDF is encrypted; save an unprotected copy (File > Print > Save as PDF) and retry"""


class NoTextLayer(ExtractError):
    """This PDF has no text layer (a scan or an image); scanned scorecards are not supported yet, ask for the original PDF"""


class NoKpiTable(ExtractError):
    """No KPI table found in this PDF (a table with an indicator column and month figure columns)"""


class NoPeriod(ExtractError):
    """Cannot tell which year the scorecard's months belong to; rerun with --period YYYY-MM (the latest month)"""


class BadPeriod(ExtractError):
    """The period must be YYYY-MM, for example 2022-04"""


class TooLarge(ExtractError):
    """This PDF is beyond the limits the extractor works within"""


class TimedOut(ExtractError):
    """Reading this PDF took longer than the time allowed"""
