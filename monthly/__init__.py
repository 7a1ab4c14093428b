"""The monthly routine: every scorecard in `inbox/` into the history store, then the board pack."""

from monthly.errors import LockHeld, MonthlyError
from monthly.run import Refused, RunResult, Settings, run_monthly
from monthly.stages import Stages, default_stages

__all__ = [
    "LockHeld",
    "MonthlyError",
    "Refused",
    "RunResult",
    "Settings",
    "Stages",
    "default_stages",
    "run_monthly",
]
