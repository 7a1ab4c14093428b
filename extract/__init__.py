"""Read a council's KPI scorecard PDF into the normalised dataset."""

from extract.api import Extraction, Settings, extract_pdf
from extract.errors import ExtractError

__all__ = ["ExtractError", "Extraction", "Settings", "extract_pdf"]
