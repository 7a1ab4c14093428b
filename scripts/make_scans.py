"""Make scanned copies of fixture PDFs: pages rendered by pdftoppm, degraded by ImageMagick
(skew, scanner noise, JPEG artefacts, a grey photocopy look), put back into a PDF with or
without a tesseract text layer. The expected dataset is the source fixture's, unchanged.

    .venv/bin/python scripts/make_scans.py            # the committed set into fixtures/scans/
    .venv/bin/python scripts/make_scans.py --matrix   # every setting into build/scans/
    .venv/bin/python scripts/make_scans.py --expected # expected datasets refreshed from the fixtures'

Needs pdftoppm (poppler-utils), convert (imagemagick), tesseract (tesseract-ocr) and qpdf.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
COMMITTED = FIXTURES / "scans"
MATRIX = ROOT / "build" / "scans"


@dataclass(frozen=True)
class Look:
    """How one scan is made from a fixture."""

    source: str  # fixture stem
    dpi: int
    skew: float = 0.0  # degrees, counter-clockwise
    noise: float = 0.0  # ImageMagick Gaussian noise attenuation, 0 for none
    quality: int = 85  # JPEG quality
    grey: bool = False  # a grey photocopy: no colour, harder contrast, a little blur
    layer: bool = False  # a tesseract text layer under the image
    upside_down: bool = False

    def _parts(self) -> list[tuple[str, str]]:
        """Give each thing that sets this look apart, as (in a file name, in words)."""
        parts = [(f"{self.dpi}dpi", f"{self.dpi} dpi")]
        if self.skew:
            parts.append((f"skew{self.skew:+.1f}".replace(".", "_"), f"skewed {self.skew:+.1f}°"))
        if self.noise:
            parts.append(("noise", "scanner noise"))
        if self.quality < 60:
            parts.append((f"jpeg{self.quality}", f"JPEG quality {self.quality}"))
        if self.grey:
            parts.append(("grey", "grey photocopy"))
        if self.upside_down:
            parts.append(("upside-down", "upside down"))
        parts.append(("ocr-layer", "with a tesseract text layer") if self.layer else ("image-only", "image only"))
        return parts

    @property
    def name(self) -> str:
        return "-".join([self.source, *(slug for slug, _ in self._parts())])

    @property
    def described(self) -> str:
        return ", ".join(words for _, words in self._parts())


# Small enough to commit (each well under 1 MB): one clean-ish and one rough scan, with and
# without someone else's OCR layer, and a grey photocopy of a scorecard whose RAG is printed.
COMMITTED_LOOKS = (
    Look("reference-april-2022", 200, skew=0.8, quality=35, layer=True),
    Look("reference-april-2022", 200, skew=0.8, quality=35),
    Look("rag-variants", 200, skew=-1.0, noise=0.3, quality=50, layer=True),
    Look("value-variants", 300, skew=0.5, quality=50, grey=True, layer=True),
    Look("rag-variants", 200, quality=50, upside_down=True),
)

SOURCES = ("reference-april-2022", "rag-variants", "excel-may-2022", "value-variants")
SETTINGS = (
    dict(dpi=300), dict(dpi=200, skew=0.5), dict(dpi=200, skew=-1.0, noise=0.3, quality=50),
    dict(dpi=200, skew=1.0, noise=0.3, quality=50, grey=True),
    dict(dpi=150, skew=0.5, noise=0.3), dict(dpi=200, skew=1.5, noise=0.3),
)


def matrix_looks() -> list[Look]:
    """Give every setting the accuracy table measures, each source at each one image only,
    and with a tesseract text layer at the roughest setting read (the layer is ignored, so
    this shows it changes nothing)."""
    looks = []
    for source in SOURCES:
        for number, setting in enumerate(SETTINGS):
            looks.append(Look(source, **setting))
            if number == 3:
                looks.append(Look(source, layer=True, **setting))
    return looks


def run(*argv: str, cwd: Path | None = None) -> None:
    subprocess.run(argv, check=True, capture_output=True, cwd=cwd)


def degrade(page: Path, look: Look, out: Path) -> None:
    """Write `page` (a pdftoppm PNG) as the JPEG a scanner would give under `look`."""
    size = subprocess.run(["identify", "-format", "%wx%h", str(page)], check=True,
                          capture_output=True, text=True).stdout.strip()
    argv = ["convert", str(page), "-background", "white"]
    if look.upside_down:
        argv += ["-rotate", "180"]
    if look.skew:
        # ImageMagick turns clockwise for a positive angle; the look's skew is counter-clockwise.
        argv += ["-rotate", f"{-look.skew}", "-gravity", "center", "-extent", size]
    if look.grey:
        argv += ["-colorspace", "Gray", "-level", "12%,88%", "-blur", "0x0.6"]
    if look.noise:
        argv += ["-seed", "7", "-attenuate", f"{look.noise}", "+noise", "Gaussian"]
    argv += ["-units", "PixelsPerInch", "-density", str(look.dpi), "-quality", str(look.quality), str(out)]
    run(*argv)


def make_scan(look: Look, out_dir: Path) -> Path:
    """Write the scan `look` describes into `out_dir`, beside its expected dataset."""
    source = FIXTURES / f"{look.source}.pdf"
    target = out_dir / f"{look.name}.pdf"
    with tempfile.TemporaryDirectory(prefix="boardpack-scan-") as tmp:
        work = Path(tmp)
        run("pdftoppm", "-r", str(look.dpi), "-png", str(source), str(work / "page"))
        pages = sorted(work.glob("page-*.png"))
        pdfs = []
        images = []
        for number, page in enumerate(pages, start=1):
            jpeg = work / f"scan-{number:03}.jpg"
            degrade(page, look, jpeg)
            images.append(jpeg)
            if look.layer:
                run("tesseract", str(jpeg), str(work / f"scan-{number:03}"), "pdf")
                pdfs.append(work / f"scan-{number:03}.pdf")
        if look.layer:
            run("qpdf", "--empty", "--pages", *map(str, pdfs), "--", str(target))
        else:
            _images_to_pdf(images, look.dpi, target)
    write_expected(look, out_dir)
    return target


def write_expected(look: Look, out_dir: Path) -> None:
    """Write the expected dataset of the scan `look` describes: its source fixture's."""
    expected = out_dir / f"{look.name}.expected"
    shutil.rmtree(expected, ignore_errors=True)
    # Not the source's expected audit: a scan is audited on what OCR read, doubtful cells and all.
    shutil.copytree(FIXTURES / f"{look.source}.expected", expected, ignore=shutil.ignore_patterns("audit.json"))
    meta = json.loads((expected / "meta.json").read_text())
    meta["proves"] = (f"A scan of {look.source}.pdf ({look.described}) reads back as that "
                      "fixture's dataset.")
    meta["scan"] = asdict(look)
    (expected / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")


def _images_to_pdf(images: list[Path], dpi: int, target: Path) -> None:
    """Put JPEG `images` one a page into `target`, each page the size the scan's `dpi` gives;
    reportlab embeds the JPEG bytes as they are, so the page is the same image tesseract's
    copy holds."""
    from PIL import Image
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    rl_config.useA85 = 0  # the JPEG as it is, not grown by a quarter in ASCII85

    canvas = Canvas(str(target), invariant=1)
    for path in images:
        with Image.open(path) as opened:
            width, height = (v * 72 / dpi for v in opened.size)
        canvas.setPageSize((width, height))
        canvas.drawImage(str(path), 0, 0, width, height)
        canvas.showPage()
    canvas.save()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matrix", action="store_true", help="every setting, into build/scans/")
    parser.add_argument("--only", nargs="*", help="only looks whose name starts with one of these")
    parser.add_argument("--expected", action="store_true",
                        help="only refresh the expected datasets from their source fixtures, the scans kept")
    args = parser.parse_args(argv)
    looks = matrix_looks() if args.matrix else list(COMMITTED_LOOKS)
    out_dir = MATRIX if args.matrix else COMMITTED
    if args.only:
        looks = [look for look in looks if look.name.startswith(tuple(args.only))]
    out_dir.mkdir(parents=True, exist_ok=True)
    for look in looks:
        if args.expected:
            write_expected(look, out_dir)
            continue
        path = make_scan(look, out_dir)
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KiB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
