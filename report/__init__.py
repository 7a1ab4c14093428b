"""Turn a dataset (from `extract`) into the board pack PDF: `build_pack(data_dir, out_pdf)`."""

from report.errors import ReportError

__all__ = ["PackInfo", "ReportError", "build_pack", "prepare_pack"]


def __getattr__(name: str):
    # Loaded on first use, so that the page model (`report.model`) imports without reportlab.
    if name in ("PackInfo", "build_pack", "prepare_pack"):
        from report import pack

        return getattr(pack, name)
    raise AttributeError(f"module 'report' has no attribute {name!r}")
