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
    _blank_scan(OUT / "scanned-blank.pdf")
    (OUT / "text-file.pdf").write_text("This is a note, not a PDF.\n")
    (OUT / "empty.pdf").write_bytes(b"")
    data = SOURCE.read_bytes()
    (OUT / "truncated.pdf").write_bytes(data[: len(data) // 3])
    for path in sorted(OUT.iterdir()):
        print(f"{path.name}: {path.stat().st_size} bytes")


def _blank_scan(target: Path) -> None:
    """Write a scan of a blank A4 page at 200 dpi: paper grain from ImageMagick, the JPEG put
    into a PDF by reportlab."""
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    rl_config.useA85 = 0  # the JPEG as it is, not grown by a quarter in ASCII85

    jpeg = target.with_suffix(".jpg")
    run("convert", "-size", "1654x2339", "xc:white", "-seed", "3", "-attenuate", "0.15", "+noise", "Gaussian",
        "-units", "PixelsPerInch", "-density", "200", "-quality", "40", str(jpeg))
    canvas = Canvas(str(target), pagesize=(595.44, 842.04), invariant=1)
    canvas.drawImage(str(jpeg), 0, 0, 595.44, 842.04)
    canvas.showPage()
    canvas.save()
    jpeg.unlink()


if __name__ == "__main__":
    main()
