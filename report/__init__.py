"""Turn a dataset (from `extract`) into the board pack: `build_pack(data_dir, out)` for print,
`edition="html"` or `edition="accessible"` for the accessible edition."""

from report.errors import ReportError

__all__ = [
    "EDITIONS",
    "PackInfo",
    "ReportError",
    "accessible_pdf_missing",
    "build_pack",
    "prepare_pack",
]


def __getattr__(name: str):
    # Loaded on first use, so that the page model (`report.model`) imports without reportlab.
    if name in ("EDITIONS", "PackInfo", "build_pack", "prepare_pack"):
        from report import pack

        return getattr(pack, name)
    if name == "accessible_pdf_missing":
        from report.html.pdf import accessible_pdf_missing

        return accessible_pdf_missing
    raise AttributeError(f"module 'report' has no attribute {name!r}")
