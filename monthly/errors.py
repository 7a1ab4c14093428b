"""What can stop a monthly run as a whole: each docstring is the line a user sees."""


class MonthlyError(Exception):
    """The monthly run cannot go on."""

    def __init__(self, detail: str = ""):
        message = (self.__doc__ or "").strip()
        super().__init__(f"{message}: {detail}" if detail else message)


class LockHeld(MonthlyError):
    """Another `make report` is already running on this folder; wait for it to finish and run again (or pass --wait)"""


class UnknownPeriod(MonthlyError):
    """There is no scorecard for that period in the history"""


class BadCatalogue(MonthlyError):
    """The KPI catalogue cannot be used; correct the entry named and run again"""
