"""Turn a dataset (from `extract`) into the board pack PDF: `build_pack(data_dir, out_pdf)`."""

from report.errors import ReportError
from report.pack import PackInfo, build_pack

__all__ = ["PackInfo", "ReportError", "build_pack"]
