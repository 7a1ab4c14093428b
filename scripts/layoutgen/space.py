"""The layout space: independent dimensions a scorecard is drawn from, one seed at a time."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, fields

# Every dimension and its values. A producer that cannot draw a value leaves it out of its
# draw (`UNSUPPORTED`). `quarter_label` is "" for a monthly scorecard, else how its quarter
# columns are headed (then `month_label` is not used); it is drawn from a stream of its own
# (QUARTERLY of the seeds), so that adding it left every other dimension of a seed as it was.
DIMENSIONS: dict[str, tuple] = {
    "producer": ("docx", "xlsx", "chromium", "weasyprint", "rl-canvas", "rl-platypus"),
    "rules": ("grid", "horizontal", "none", "zebra", "zebra-horizontal", "box"),
    "header": ("one-row", "two-rows", "month-groups", "narrow-wrap"),
    "month_order": ("oldest-first", "newest-first"),
    "month_label": ("Feb", "Feb 22", "Feb-22", "2022-02", "February 2022", "date-cell"),
    "months": (2, 3, 4, 6),
    "rag": ("letter", "word", "wrapped-word", "lookalike", "cell-fill", "figure-fill",
            "coloured-glyph", "coloured-word", "circle", "square", "none"),
    "colour_key": (False, True),
    "ref": ("column", "in-name", "none"),
    "bench_place": ("before", "after"),
    "benchmarks": ("both", "national", "comparator", "none"),
    "extras": ("none", "polarity", "dot", "polarity+dot"),
    "narrative": ("column", "row-below", "merged-pairs", "absent"),
    "sections": ("none", "rows", "headings", "table-per-section", "tables-per-page"),
    "page": ("a4-landscape", "a4-portrait", "a3-landscape"),
    "split_rows": (False, True),
    "repeat_header": (True, False),
    "running": ("none", "header-footer", "browser"),
    "font": ("sans", "serif", "dejavu"),
    "size": (7, 8, 9, 10),
    "indicators": (6, 12, 20, 30),
    "quarter_label": ("", "Q3 2024/25", "Q3 24/25", "2024/25 Q3", "Q3 2024-25", "Oct\u2013Dec 2024",
                      "Oct-Dec 24", "October to December 2024"),
}
QUARTERLY = 0.2  # the share of seeds drawn as quarterly scorecards

# What each producer cannot draw. Calc and Writer have no vector marks in a cell; only a
# spreadsheet holds a month heading as a date; only a browser prints its own page header.
UNSUPPORTED: dict[str, dict[str, set]] = {
    "docx": {"rag": {"circle", "square"}, "month_label": {"date-cell"}, "running": {"browser"}},
    "xlsx": {"rag": {"circle", "square"}, "running": {"browser"}},
    "chromium": {"month_label": {"date-cell"}},
    "weasyprint": {"month_label": {"date-cell"}, "running": {"browser"}},
    "rl-canvas": {"month_label": {"date-cell"}, "running": {"browser"}, "split_rows": {True}},
    "rl-platypus": {"month_label": {"date-cell"}, "running": {"browser"}},
}


@dataclass(frozen=True)
class Layout:
    """One point of the layout space, with the seed that also draws its content."""

    seed: int
    producer: str
    rules: str
    header: str
    month_order: str
    month_label: str
    months: int
    rag: str
    colour_key: bool
    ref: str
    bench_place: str
    benchmarks: str
    extras: str
    narrative: str
    sections: str
    page: str
    split_rows: bool
    repeat_header: bool
    running: str
    font: str
    size: int
    indicators: int
    quarter_label: str = ""

    def dimensions(self) -> dict:
        """Give every dimension's value, without the seed."""
        out = asdict(self)
        out.pop("seed")
        return out

    def describe(self) -> str:
        """Give the layout as one line of `name=value` pairs."""
        return " ".join(f"{k}={v}" for k, v in self.dimensions().items())


def allowed(producer: str, dimension: str) -> tuple:
    """Give the values of `dimension` that `producer` can draw."""
    banned = UNSUPPORTED.get(producer, {}).get(dimension, set())
    return tuple(v for v in DIMENSIONS[dimension] if v not in banned)


def draw(seed: int, **fixed) -> Layout:
    """Give the layout of `seed`: every dimension drawn independently (within what its
    producer can draw), except those given in `fixed`.

    >>> draw(7, producer="weasyprint", rules="zebra").rules
    'zebra'
    """
    unknown = set(fixed) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"not dimensions: {sorted(unknown)}")
    rng = random.Random(f"layout|{seed}")
    producer = fixed.get("producer") or rng.choice(DIMENSIONS["producer"])
    values = {"producer": producer}
    for field in fields(Layout):
        if field.name in ("seed", "producer", "quarter_label"):
            continue
        choices = allowed(producer, field.name)
        drawn = rng.choice(choices)  # drawn even when fixed, so other dimensions stay put
        values[field.name] = fixed.get(field.name, drawn)
        if values[field.name] not in DIMENSIONS[field.name]:
            raise ValueError(f"{field.name}={values[field.name]!r} is not in the space")
    quarters = random.Random(f"quarters|{seed}")
    drawn = quarters.choice(DIMENSIONS["quarter_label"][1:]) if quarters.random() < QUARTERLY else ""
    values["quarter_label"] = fixed.get("quarter_label", drawn)
    if values["quarter_label"] not in DIMENSIONS["quarter_label"]:
        raise ValueError(f"quarter_label={values['quarter_label']!r} is not in the space")
    return Layout(seed=seed, **values)
