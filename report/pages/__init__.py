"""The print pack's pages, drawn with reportlab's platypus: the one package that imports it.

One module per page kind (`cover`, `contents`, `at_a_glance`, `scorecard`, `indicator`,
`annexes`) over one style module; each only draws the page objects of `report.model`.
"""

from report.pages.document import render

__all__ = ["render"]
