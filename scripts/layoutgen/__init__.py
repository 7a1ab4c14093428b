"""The layout space: random scorecards drawn from independent dimensions, rendered through
real producers, each beside its expected dataset from the generator's model.

Importable from tests and scripts once `scripts/` is on `sys.path`:

    from layoutgen import draw, build, compare
    built = build(draw(42, producer="weasyprint"), out_dir)
    differences = compare(built)   # [] when extraction is exact
"""

from layoutgen.build import Built, build
from layoutgen.compare import compare, extract_built
from layoutgen.space import DIMENSIONS, Layout, draw

__all__ = ["DIMENSIONS", "Built", "Layout", "build", "compare", "draw", "extract_built"]
