"""The one module that imports the OCR engine: tesseract, in-process through tesserocr.

Chosen over RapidOCR by measurement on the generated scans (docs/engines.md): as exact on
figures and `%` signs, about 70 times quicker a cell, and it keeps the spaces between English
words; confidences under its threshold and the checks catch its errors.
The language data is Debian's (`tesseract-ocr`), found where the `tesseract` command says.
"""

from __future__ import annotations

import functools
import os
import queue
import re
import shutil
import subprocess
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

import numpy as np

ENGINE = "tesseract"
THREADS = 2  # tesseract instances reading cells at once, when there are cores for them
# What a cell may hold when it is read again as a figure.
FIGURE_CHARS = "0123456789.,%-/NnAaTBCK<>=()"


class OcrMissing(RuntimeError):
    """The OCR engine or its English language data is not installed."""


@dataclass(frozen=True)
class OcrWord:
    """A word the engine read, its box in the pixels of the image it was given."""

    text: str
    x0: int
    top: int
    x1: int
    bottom: int
    confidence: float  # 0..100
    known: bool = True  # the engine found the word in its dictionary (or it is a number)


@dataclass(frozen=True)
class Orientation:
    """How a page's text lies and what script it is in, with how sure tesseract is of each
    (0 when it cannot tell)."""

    turns: int  # quarter turns counter-clockwise that put the text upright
    sure: float
    script: str  # "Latin", "Han", ...; "" when it cannot tell
    script_sure: float


def _wait_for_begun(futures: list[Future]) -> None:
    """Cancel the `futures` not yet begun and wait for those begun, even when a time
    bound's alarm interrupts the wait again and again (it repeats until the work stops):
    tesseract closed under a thread still reading with it aborts the whole process. The
    interruption is raised once they are done. (Not by joining the threads: a join that a
    signal interrupts takes its thread for stopped, and the next join returns at once.)"""
    for future in futures:
        future.cancel()
    interrupted = None
    while True:
        try:
            wait(futures)
            break
        except BaseException as exc:  # the bound's TimedOut, or Ctrl-C
            interrupted = interrupted or exc
    if interrupted is not None:
        raise interrupted


@functools.cache
def tessdata() -> str:
    """Give the folder of tesseract's language data, as the installed `tesseract` reports it."""
    command = shutil.which("tesseract")
    if command is None:
        raise OcrMissing("the tesseract command is not installed (Debian: tesseract-ocr)")
    listing = subprocess.run([command, "--list-langs"], capture_output=True, text=True, timeout=30)
    match = re.search(r'"([^"]+)"', listing.stdout + listing.stderr)
    if match is None or "eng" not in listing.stdout.split():
        raise OcrMissing("tesseract has no English language data (Debian: tesseract-ocr-eng)")
    return match[1].rstrip("/") + "/"


@functools.cache
def version() -> str:
    """Give the version of the tesseract library that reads the scans."""
    import tesserocr

    return tesserocr.tesseract_version().split()[1]


def available() -> bool:
    """Say whether scans can be read here: tesserocr imports and English data is installed."""
    try:
        import tesserocr  # noqa: F401

        tessdata()
    except (ImportError, OcrMissing, OSError, subprocess.SubprocessError):
        return False
    return True


class Reader:
    """One tesseract instance, reading one image at a time."""

    def __init__(self) -> None:
        try:
            import tesserocr
        except ImportError as exc:
            raise OcrMissing("tesserocr is not installed") from exc
        self._tess = tesserocr
        self._api = tesserocr.PyTessBaseAPI(path=tessdata(), lang="eng", oem=tesserocr.OEM.LSTM_ONLY)
        self._api.SetVariable("preserve_interword_spaces", "0")
        self._osd = None
        self._twins: list[Reader] = []  # more instances, to read cells side by side

    def close(self) -> None:
        for twin in self._twins:
            twin.close()
        self._api.End()
        if self._osd is not None:
            self._osd.End()

    def map(self, read, items: list) -> list:
        """Give `read(reader, item)` for each of `items`, in order, spread over as many
        tesseract instances as the machine has cores (at most `THREADS`): tesseract lets go of
        Python's lock while it reads."""
        threads = min(THREADS, os.cpu_count() or 1, len(items))
        if threads <= 1:
            return [read(self, item) for item in items]
        while len(self._twins) < threads - 1:
            self._twins.append(Reader())
        free: queue.SimpleQueue = queue.SimpleQueue()
        for reader in (self, *self._twins[: threads - 1]):
            free.put(reader)

        def one(item):
            reader = free.get()
            try:
                return read(reader, item)
            finally:
                free.put(reader)

        pool = ThreadPoolExecutor(threads)
        futures = [pool.submit(one, item) for item in items]
        try:
            return [future.result() for future in futures]
        finally:
            # A time bound that fires while waiting stops the cells not yet begun.
            _wait_for_begun(futures)
            pool.shutdown(wait=False)

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def words(self, grey: np.ndarray, dpi: float, layout: str = "block", allowed: str = "") -> list[OcrWord]:
        """Give the words in the grey image of one cell, `grey`, read as a `layout`: a block
        of lines, one line, or one raw line (no word or dictionary model: a lone letter);
        `allowed` keeps the engine to those characters."""
        psm = self._tess.PSM
        modes = {"block": psm.SINGLE_BLOCK, "line": psm.SINGLE_LINE, "raw": psm.RAW_LINE}
        return self._recognise(grey, dpi, modes[layout], allowed)

    def page_words(self, grey: np.ndarray, dpi: float) -> list[OcrWord]:
        """Give the words anywhere on a page image, laid out as tesseract finds them."""
        return self._recognise(grey, dpi, self._tess.PSM.AUTO, "")

    def _recognise(self, grey: np.ndarray, dpi: float, psm, allowed: str) -> list[OcrWord]:
        from PIL import Image

        tess, api = self._tess, self._api
        api.SetPageSegMode(psm)
        api.SetVariable("tessedit_char_whitelist", allowed)
        api.SetImage(Image.fromarray(grey))
        api.SetSourceResolution(int(dpi))
        api.Recognize()
        out = []
        level, line_level = tess.RIL.WORD, tess.RIL.TEXTLINE
        iterator = api.GetIterator()
        if iterator is None:  # nothing found in the image
            return out
        line = None
        for word in tess.iterate_level(iterator, level):
            if line is None or word.IsAtBeginningOf(line_level):
                line = word.BoundingBox(line_level)
            try:
                text = word.GetUTF8Text(level)
            except RuntimeError:  # tesserocr's way of saying an empty word
                continue
            box = word.BoundingBox(level)
            if text and box:
                # The line's height, not the glyphs': a hyphen or a comma stays on its line.
                top, bottom = (line[1], line[3]) if line else (box[1], box[3])
                known = bool(word.WordIsFromDictionary() or word.WordIsNumeric())
                out.append(OcrWord(text, box[0], top, box[2], bottom, float(word.Confidence(level)), known))
        return out

    def orientation(self, grey: np.ndarray, dpi: float) -> Orientation:
        """Give how the page's text lies and what script it is in, as tesseract's orientation
        and script detection finds them."""
        from PIL import Image

        tess = self._tess
        if self._osd is None:
            self._osd = tess.PyTessBaseAPI(path=tessdata(), lang="osd", psm=tess.PSM.OSD_ONLY)
        self._osd.SetImage(Image.fromarray(grey))
        self._osd.SetSourceResolution(int(dpi))
        found = self._osd.DetectOrientationScript()
        if not found:
            return Orientation(0, 0.0, "", 0.0)
        # tesseract gives the page's rotation clockwise in degrees.
        return Orientation((found["orient_deg"] // 90) % 4, float(found["orient_conf"]),
                           found["script_name"], float(found["script_conf"]))
