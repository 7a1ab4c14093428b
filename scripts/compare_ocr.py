"""Compare OCR engines on scans: tesseract (tesserocr) against RapidOCR (ONNX models inside
its wheel), each reading every cell of the same scans through the same scan path.

    .venv/bin/pip install --no-deps rapidocr_onnxruntime==1.4.4 && .venv/bin/pip install onnxruntime pyclipper shapely pyyaml six tqdm
    .venv/bin/python scripts/compare_ocr.py --cells SCAN.pdf ... [--write docs/engines.md]
    .venv/bin/python scripts/compare_ocr.py [SCAN.pdf ...] [--write docs/engines.md]

--cells has each engine read the same figure and benchmark cells once (minutes); without it
each engine reads whole scans through the whole scan path, checks and re-reads included
(RapidOCR takes hours on a loaded machine).

RapidOCR is not a dependency of boardpack: it is installed by hand for this measurement only
(its wheel asks for opencv-python, which would clash with the headless OpenCV boardpack uses;
with --no-deps it runs on the headless one). Scans default to build/scans/ at 200 dpi or more
with skew up to 1° (`scripts/make_scans.py --matrix`).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from scan_accuracy import UNHURRIED, score

from extract.scan import ocr


OCR_START, OCR_END = "<!-- ocr:start -->", "<!-- ocr:end -->"
OCR_HEAD = """## OCR engines compared, for scanned scorecards

Both engines read every cell of the same scans through the same scan path (the page
straightened, the grid found, each cell cut out and cleaned, checks and re-reads), only the
engine swapped: tesseract 5 through tesserocr (Debian's English data), and RapidOCR
(`rapidocr_onnxruntime`, PP-OCRv4 ONNX models inside its wheel: it loads them from the wheel
and fetches nothing at run time). Measured by `scripts/compare_ocr.py --write docs/engines.md`;
*figures exact*: figures with digits whose printed text and value are both right; *%
figures*: those printed with `%`; time is one extraction, wall clock, on the loaded shared
machine named in docs/benchmarks.md (compare the engines with each other, not with other
tables).
"""


class RapidReader:
    """RapidOCR behind the interface of `extract.scan.ocr.Reader`."""

    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        # One thread: onnxruntime spinning a thread a core is far slower on a shared machine.
        self._engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)

    def close(self) -> None:
        pass

    def __enter__(self) -> RapidReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def map(self, read, items: list) -> list:
        """Give `read(self, item)` for each of `items`, one after another (onnxruntime
        spreads one reading over the cores itself)."""
        return [read(self, item) for item in items]

    def words(self, grey: np.ndarray, dpi: float, layout: str = "block", allowed: str = "") -> list[ocr.OcrWord]:
        result, _ = self._engine(np.dstack([grey] * 3))
        out = []
        for box, text, confidence in result or []:
            xs = [p[0] for p in box]
            ys = [p[1] for p in box]
            x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
            pieces = text.split()
            width = (x1 - x0) / max(len(text), 1)
            at = 0
            for piece in pieces:
                start = text.index(piece, at)
                at = start + len(piece)
                if allowed and any(c not in allowed for c in piece):
                    continue
                out.append(ocr.OcrWord(piece, int(x0 + start * width), int(top), int(x0 + at * width),
                                       int(bottom), float(confidence) * 100))
        return out

    def page_words(self, grey: np.ndarray, dpi: float) -> list[ocr.OcrWord]:
        return self.words(grey, dpi)

    def orientation(self, grey: np.ndarray, dpi: float) -> ocr.Orientation:
        return ocr.Orientation(0, 0.0, "", 0.0)  # RapidOCR turns lines, not pages, and tells no script


def _figure_cells(pdf: Path, extraction) -> tuple[int, int, int, int]:
    """Give (figures right, figures, percentages right, percentages) of `extraction`."""
    from dataset import FIGURE_COLUMNS
    from dataset.csvio import as_written, read_rows

    expected_dir = pdf.with_suffix(".expected")
    expected = read_rows(expected_dir / "figures.csv", FIGURE_COLUMNS)
    got = {}
    if not isinstance(extraction, Exception):
        got = {(r["key"], r["period"], r["measure"]): r for r in as_written(extraction.figures, FIGURE_COLUMNS)}
    right = total = pct_right = pct = 0
    for row in expected:
        if not any(c.isdigit() for c in row["figure_text"]):
            continue
        other = got.get((row["key"], row["period"], row["measure"]), {})
        ok = other.get("figure_text") == row["figure_text"] and other.get("value") == row["value"]
        total += 1
        right += ok
        if "%" in row["figure_text"]:
            pct += 1
            pct_right += ok
    return right, total, pct_right, pct


CELLS_HEAD = """## OCR engines compared cell by cell, for scanned scorecards

Measured by `scripts/compare_ocr.py --cells SCAN.pdf ... --write docs/engines.md`. Each scan
is read once by boardpack's scan path (tesseract) to find its pages' straightening and every
figure and benchmark cell; then each engine reads the same cells, each cut out and cleaned
the same way (`extract.scan.page.read_cell`: rules painted out, dark text on white, a
one-line cell enlarged), once, with no re-read and no check. *Exact*: the text read equals
the figure as printed (spaces aside); only cells with a digit count, those with `%` also
apart. RapidOCR is `rapidocr_onnxruntime` 1.4.4 with the PP-OCRv4 ONNX models inside its
wheel (nothing fetched at run time), installed by hand for this measurement only; time is
the engine's own, summed over the cells, on the shared 2-core machine under load (compare
the engines with each other only).
"""


def _truths(pdf: Path) -> tuple[dict, dict]:
    """Give the printed figures of `pdf`'s expected dataset by (key, period) and its printed
    benchmarks by (key, field)."""
    from dataset import FIGURE_COLUMNS, INDICATOR_COLUMNS
    from dataset.csvio import read_rows

    expected = pdf.with_suffix(".expected")
    figures = {(r["key"], r["period"]): r["figure_text"] for r in read_rows(expected / "figures.csv", FIGURE_COLUMNS)}
    benchmarks = {(r["key"], f): r[f"{f}_text"] for r in read_rows(expected / "indicators.csv", INDICATOR_COLUMNS)
                  for f in ("target", "national", "comparator")}
    return figures, benchmarks


def compare_cells(pdfs: list[Path]) -> tuple[list[str], list[str]]:
    """Give the summary and per-scan table rows of each engine reading the figure and
    benchmark cells of `pdfs` (see CELLS_HEAD)."""
    from extract import api
    from extract.scan import image
    from extract.scan.page import DPI, read_cell
    from extract.scan.pdfium import Document
    from extract.text import compact

    engines = {"tesseract": ocr.Reader(), "RapidOCR": RapidReader()}
    totals = {name: [0, 0, 0, 0, 0.0] for name in engines}
    lines = ["| scan | engine | cells with digits exact | with % exact | engine time |",
             "| --- | --- | ---: | ---: | ---: |"]
    for pdf in pdfs:
        extraction = api.extract_pdf(pdf, None, api.Settings(bounds=UNHURRIED))
        figures, benchmarks = _truths(pdf)
        counts = {name: [0, 0, 0, 0, 0.0] for name in engines}
        with Document(pdf) as document:
            for scanned in extraction.meta["scan"]["pages"]:
                number = scanned["page"]
                rgb = image.turn(document.render(number, DPI), scanned["turned_degrees"] // 90)
                rgb = image.straighten(rgb, scanned["skew_degrees"])
                grey = image.grey(rgb)
                painted_out = image.find_rules(image.ink(grey), DPI, image.faint_ink(grey)).painted_out()
                for cell in extraction.meta["cells"]:
                    if cell["page"] != number:
                        continue
                    truth = (figures.get((cell["key"], cell.get("period", ""))) if cell["field"] == "figure"
                             else benchmarks.get((cell["key"], cell["field"])))
                    if not truth or not any(c.isdigit() for c in truth):
                        continue
                    box = tuple(int(round(v * DPI / 72)) for v in cell["bbox"])
                    for name, reader in engines.items():
                        started = time.monotonic()
                        text = " ".join(w.text for w in read_cell(reader, rgb, painted_out, box))
                        count = counts[name]
                        count[4] += time.monotonic() - started
                        right = compact(text) == compact(truth)
                        count[0] += right
                        count[1] += 1
                        if "%" in truth:
                            count[2] += right
                            count[3] += 1
        for name, (right, total, pct_right, pct, seconds) in counts.items():
            lines.append(f"| {pdf.stem} | {name} | {right}/{total} | {pct_right}/{pct} | {seconds:.1f} s |")
            print(lines[-1], flush=True)
            totals[name] = [a + b for a, b in zip(totals[name], counts[name])]
    for reader in engines.values():
        reader.close()
    summary = ["| engine | cells with digits exact | with % exact | engine time per cell |",
               "| --- | ---: | ---: | ---: |"]
    for name, (right, total, pct_right, pct, seconds) in totals.items():
        summary.append(f"| {name} | {right / max(total, 1):.1%} ({right}/{total}) | "
                       f"{pct_right / max(pct, 1):.1%} ({pct_right}/{pct}) | {1000 * seconds / max(total, 1):.0f} ms |")
    print("\n".join(summary))
    return summary, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--write", type=Path)
    parser.add_argument("--cells", action="store_true",
                        help="each engine reads the same figure and benchmark cells once (far quicker)")
    args = parser.parse_args(argv)
    if args.cells:
        summary, lines = compare_cells(args.pdfs)
        if args.write:
            _write(args.write, [CELLS_HEAD, *summary, "", "Each scan:", "", *lines])
        return 0
    pdfs = args.pdfs or sorted(
        p for p in (ROOT / "build" / "scans").glob("*ocr-layer.pdf")
        if (meta := json.loads((p.with_suffix(".expected") / "meta.json").read_text())["scan"])
        and meta["dpi"] >= 200 and abs(meta["skew"]) <= 1.0)
    engines = {"tesseract": ocr.Reader, "RapidOCR": RapidReader}
    totals = {name: [0] * 9 for name in engines}
    lines = ["| scan | engine | figures exact | % figures exact | cells exact | wrong and not flagged | time |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    from extract import api

    original = ocr.Reader
    for pdf in pdfs:
        for name, reader in engines.items():
            ocr.Reader = reader
            started = time.monotonic()
            try:
                extraction = api.extract_pdf(pdf, None, api.Settings(bounds=UNHURRIED))
            except Exception as exc:  # a refusal scores nothing
                extraction = exc
                print(f"{pdf.stem} {name}: {exc}", file=sys.stderr)
            seconds = time.monotonic() - started
            ocr.Reader = original
            result = score(pdf, pdf.with_suffix(".expected"), extraction)
            right, total, pct_right, pct = _figure_cells(pdf, extraction)
            line = (f"| {pdf.stem} | {name} | {right}/{total} | {pct_right}/{pct} | {result.share:.1%} | "
                    f"{len(result.unflagged)} | {seconds:.1f} s |")
            print(line, flush=True)
            lines.append(line)
            for i, v in enumerate((right, total, pct_right, pct, result.exact, result.cells,
                                   len(result.unflagged), seconds, 1)):
                totals[name][i] += v
    summary = ["| engine | figures exact | % figures exact | cells exact | wrong and not flagged | time per scan |",
               "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, t in totals.items():
        summary.append(f"| {name} | {t[0] / max(t[1], 1):.1%} ({t[0]}/{t[1]}) | {t[2] / max(t[3], 1):.1%} "
                       f"({t[2]}/{t[3]}) | {t[4] / max(t[5], 1):.1%} | {t[6]} | {t[7] / max(t[8], 1):.1f} s |")
    print("\n".join(summary))
    if args.write:
        _write(args.write, [OCR_HEAD, *summary, "", "Each scan:", "", *lines])
    return 0


def _write(path: Path, block: list[str]) -> None:
    """Put `block` between the OCR markers of the Markdown file at `path`, in place of what
    they held (at its end when it has none)."""
    text = "\n".join([OCR_START, *block, OCR_END])
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    if OCR_START in old and OCR_END in old:
        old = old[: old.index(OCR_START)] + old[old.index(OCR_END) + len(OCR_END):].lstrip("\n")
    path.write_text(old.rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
