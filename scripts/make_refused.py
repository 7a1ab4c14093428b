"""Build the PDFs the extractor must refuse (or read despite a quirk) into fixtures/refused/.

Run after scripts/make_fixtures.py; needs qpdf and ghostscript. Each file is made by a real
tool from the reference fixture, never drawn by the code under test.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "fixtures" / "reference-april-2022.pdf"
OUT = ROOT / "fixtures" / "refused"


def run(*argv: str) -> None:
    subprocess.run(argv, check=True, capture_output=True)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    run("qpdf", "--encrypt", "secret", "owner", "256", "--", str(SOURCE), str(OUT / "encrypted.pdf"))
    # An empty user password opens without asking: the file must read as usual.
    run("qpdf", "--encrypt", "", "owner", "256", "--", str(SOURCE), str(OUT / "encrypted-empty-password.pdf"))
    # A scan: every page an image, no text layer.
    run("gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfimage8", "-r50",
        "-dLastPage=1", f"-sOutputFile={OUT / 'scanned-no-text.pdf'}", str(SOURCE))
    (OUT / "text-file.pdf").write_text("This is a note, not a PDF.\n")
    (OUT / "empty.pdf").write_bytes(b"")
    data = SOURCE.read_bytes()
    (OUT / "truncated.pdf").write_bytes(data[: len(data) // 3])
    for path in sorted(OUT.iterdir()):
        print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
