"""The errors `report` raises: each docstring is the line a user sees, the detail follows it."""


class ReportError(Exception):
    """The board pack could not be built."""

    def __str__(self) -> str:
        detail = super().__str__()
        summary = (type(self).__doc__ or "").strip().rstrip(".")
        return f"{summary}: {detail}" if detail else summary


class BadDataset(ReportError):
    """The dataset is missing, incomplete or breaks the schema."""


class BadBrand(ReportError):
    """The brand file cannot be read or lacks a setting."""


class BadCatalogue(ReportError):
    """The KPI catalogue cannot be read or breaks its rules."""


class CannotWrite(ReportError):
    """The board pack cannot be written."""


class CannotLayout(ReportError):
    """An item of the dataset is too large to lay out on a page."""


class MissingTool(ReportError):
    """A program this edition needs is missing on this machine."""
