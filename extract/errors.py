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
    """This PDF has no text and no page of it is a scan (pictures, or nothing at all); ask for the original PDF"""


class UnreadableScan(ExtractError):
    """This scan cannot be read"""


class ScanWithoutOcr(ExtractError):
    """This PDF is a scan and OCR is not installed here; install tesseract-ocr (see the README) or ask for the original PDF"""


class NoKpiTable(ExtractError):
    """No KPI table found in this PDF (a table with an indicator column and month figure columns)"""


class NoPeriod(ExtractError):
    """Cannot tell which year the scorecard's months belong to; rerun with --period YYYY-MM (the latest month)"""


class MixedPeriods(ExtractError):
    """The scorecard's figure columns mix months and quarters; a dataset holds one or the other"""


class AmbiguousQuarter(ExtractError):
    """A column heading names a quarter that cannot be told for certain"""


class BadPeriod(ExtractError):
    """The period must be YYYY-MM, for example 2022-04"""


class TooLarge(ExtractError):
    """This PDF is beyond the limits the extractor works within"""


class TimedOut(ExtractError):
    """Reading this PDF took longer than the time allowed"""


class CopyProtected(EncryptedPdf):
    """This PDF forbids copying its text; save an unprotected copy (File > Print > Save as PDF) and retry"""


class InternalError(ExtractError):
    """This PDF could not be read"""

    def __init__(self, kind: str = ""):
        ExtractError.__init__(self)
        self.args = (f"{(self.__doc__ or '').strip()} (internal error: {kind or 'unknown'})",)


# Parser failures known by the name of their class (or a base class), so that this module
# need not import the PDF libraries whose exceptions they are.
_ENCRYPTED = {"PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"}
_NOT_ALLOWED = {"PDFTextExtractionNotAllowed", "PDFTextExtractionNotAllowedError"}
# Any failure raised by the PDF parsers' own modules means the file is damaged.
_PARSER_MODULES = ("pdfminer", "pdfplumber", "playa", "pypdf", "zlib")


def _chain(exc: BaseException):
    """Give `exc`, the exceptions it wraps (first argument, cause, context), and theirs."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        first = current.args[0] if current.args else None
        todo.extend(e for e in (first, current.__cause__, current.__context__) if isinstance(e, BaseException))


def caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    """Say whether `exc` is or wraps an exception of type `kind`."""
    return any(isinstance(error, kind) for error in _chain(exc))


def as_extract_error(exc: BaseException) -> ExtractError:
    """Give the domain error a failure `exc` from the parsers stands for (an `InternalError`
    naming its type when it is none of the known ones)."""
    chain = list(_chain(exc))
    for error in chain:
        if isinstance(error, ExtractError):
            return error
    for error in chain:
        if isinstance(error, MemoryError):
            return TooLarge("reading it needed more memory than allowed")
        if isinstance(error, RecursionError):
            return BrokenPdf("its objects nest too deeply")
        names = {cls.__name__ for cls in type(error).__mro__}
        if names & _NOT_ALLOWED:
            return CopyProtected()
        if names & _ENCRYPTED or "password" in str(error).lower():
            return EncryptedPdf()
    for error in chain:
        if (type(error).__module__ or "").startswith(_PARSER_MODULES):
            return BrokenPdf(type(error).__name__)
    return InternalError(type(exc).__name__)
