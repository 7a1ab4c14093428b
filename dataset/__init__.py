"""The dataset that passes from `extract` to `report`: declared once, checked once."""

from dataset.schema import (
    EXTRACTION_FILE,
    FIGURE_COLUMNS,
    FIGURES_FILE,
    INDICATOR_COLUMNS,
    INDICATORS_FILE,
    MEASURES,
    RAGS,
    RATING_FIELDS,
    RATING_RULES,
    RATINGS,
    REVISION_COLUMNS,
    DatasetError,
    validate_dataset,
    write_dataset,
)

__all__ = [
    "EXTRACTION_FILE",
    "FIGURES_FILE",
    "FIGURE_COLUMNS",
    "INDICATORS_FILE",
    "INDICATOR_COLUMNS",
    "MEASURES",
    "RAGS",
    "RATINGS",
    "RATING_FIELDS",
    "RATING_RULES",
    "REVISION_COLUMNS",
    "DatasetError",
    "validate_dataset",
    "write_dataset",
]
