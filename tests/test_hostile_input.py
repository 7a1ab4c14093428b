"""Hostile input: the extractor refuses it with one clear line or survives it, within bounds."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import zlib
from importlib.metadata import version
from pathlib import Path

import pytest

from dataset import validate_dataset
from extract import Settings, extract_pdf, limits
from extract import pdf as pdf_engine
from extract.cli import main
from extract.errors import TimedOut
from tests.conftest import FIXTURES, ROOT

REFUSED = FIXTURES / "refused"
HOSTILE = FIXTURES / "hostile-narratives.pdf"


# --- hand-made PDFs ---------------------------------------------------------------------------


def pdf_bytes(objects: list[bytes]) -> bytes:
    """Give a PDF whose numbered objects are `objects` (object 1 the catalogue), with a true xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), extra, data)


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pages_pdf(count: int) -> bytes:
    """Give a PDF of `count` pages that each print one line of text."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        stream(b"BT /F1 12 Tf 72 720 Td (Indicator) Tj ET"),
        FONT,
    ]
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
            b"/Resources << /Font << /F1 4 0 R >> >> >>")
    objects += [page] * count
    return pdf_bytes(objects)


def flate_bomb(gib: int = 1) -> bytes:
    """Give the FlateDecode data of `gib` GiB of spaces, about 1 MB on disk.

    Deflate restarts after a full flush, so every 16 MiB block compresses to the same bytes:
    compress one and repeat it, then close the stream with an empty block and the checksum.
    """
    chunk = b" " * (1 << 24)
    packer = zlib.compressobj(9)
    first = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    blocks = 64 * gib
    checksum = 1
    for _ in range(blocks):
        checksum = zlib.adler32(chunk, checksum)
    return first + again * (blocks - 1) + b"\x03\x00" + checksum.to_bytes(4, "big")


def bomb_pdf() -> bytes:
    """Give a one-page PDF whose content stream inflates to 1 GiB."""
    return pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
         b"/Resources << /Font << /F1 5 0 R >> >> >>"),
        stream(flate_bomb(), b"/Filter /FlateDecode"),
        FONT,
    ])


def nested_pdf(depth: int = 100_000) -> bytes:
    """Give a PDF whose page dictionary holds arrays nested `depth` deep."""
    return pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /X "
        + b"[" * depth + b"]" * depth + b" >>",
        stream(b"BT ET"),
    ])


# --- running the command ----------------------------------------------------------------------


def run_cli(pdf: Path, out: Path, *flags: str, timeout: float = 120) -> tuple[int, str, float]:
    """Run `python -m extract` on `pdf` in its own process; give (exit code, stderr, seconds)."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "extract", str(pdf), "--out", str(out), *flags],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False,
    )
    return result.returncode, result.stderr, time.monotonic() - started


def one_clear_line(err: str) -> str:
    """Assert `err` is one line naming the trouble, with no traceback; give it."""
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err and err.startswith("extract: "), err
    return err.strip()


# --- files that are not what they say ---------------------------------------------------------


@pytest.mark.parametrize(
    "content, words",
    [
        (b"", "not a PDF"),
        (b"Minutes of the board, not a PDF.\n", "not a PDF"),
        (b"\x00\x01\x02" * 100, "not a PDF"),
        (b"%PDF-1.7\n", "damaged"),
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\n", "damaged"),
    ],
    ids=["zero-bytes", "text-named-pdf", "binary-junk", "header-only", "cut-after-one-object"],
)
def test_not_really_a_pdf_is_refused(content, words, tmp_path, capsys):
    pdf = tmp_path / "input.pdf"
    pdf.write_bytes(content)
    assert main([str(pdf), "--out", str(tmp_path / "out")]) == 2
    assert words in one_clear_line(capsys.readouterr().err)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9, 0.99])
def test_truncated_scorecard_is_refused_or_read(fraction, tmp_path, capsys):
    data = (FIXTURES / "reference-april-2022.pdf").read_bytes()
    pdf = tmp_path / "truncated.pdf"
    pdf.write_bytes(data[: int(len(data) * fraction)])
    code = main([str(pdf), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    if code == 0:  # pdfminer rebuilds a lost xref: what it reads must still be a valid dataset
        validate_dataset(tmp_path / "out")
    else:
        assert code == 2 and one_clear_line(err)


def test_encrypted_with_a_password_is_refused(tmp_path, capsys):
    assert main([str(REFUSED / "encrypted.pdf"), "--out", str(tmp_path / "out")]) == 2
    assert "encrypted" in one_clear_line(capsys.readouterr().err)


def test_encrypted_with_an_empty_user_password_reads(tmp_path):
    assert main([str(REFUSED / "encrypted-empty-password.pdf"), "--out", str(tmp_path / "out")]) == 0
    indicators, _, _ = validate_dataset(tmp_path / "out")
    assert len(indicators) == 30


def test_directory_and_missing_file_are_refused(tmp_path, capsys):
    assert main([str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert main([str(tmp_path / "missing.pdf"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "Traceback" not in err


# --- size, time and memory bounds -------------------------------------------------------------


def test_five_hundred_pages_are_refused_quickly(tmp_path, capsys):
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(pages_pdf(500))
    started = time.monotonic()
    assert main([str(pdf), "--out", str(tmp_path / "out")]) == 2
    assert time.monotonic() - started < 10
    assert "500 pages, the limit is 300" in one_clear_line(capsys.readouterr().err)


def test_inflating_stream_stops_within_bounds(tmp_path):
    pdf = tmp_path / "bomb.pdf"
    pdf.write_bytes(bomb_pdf())
    assert pdf.stat().st_size < 2_000_000
    code, err, seconds = run_cli(pdf, tmp_path / "out", "--max-memory", "512", "--max-seconds", "30",
                                 "--page-seconds", "20")
    assert seconds < 90
    if code == 2:
        assert re.search(r"limit|memory|no text layer", one_clear_line(err)), err
    else:  # survived: then it read a page of spaces, which is no scorecard either
        pytest.fail(f"a page of spaces gave a dataset: {err}")


def test_deep_nesting_is_refused(tmp_path, capsys):
    pdf = tmp_path / "nested.pdf"
    pdf.write_bytes(nested_pdf())
    assert main([str(pdf), "--out", str(tmp_path / "out")]) == 2
    assert "Traceback" not in one_clear_line(capsys.readouterr().err)


def _slow_pages(monkeypatch, seconds: float) -> None:
    real = pdf_engine.read_page

    def slow(page, number):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:  # busy, like a parser caught in a loop
            sum(range(1000))
        return real(page, number)

    monkeypatch.setattr(pdf_engine, "read_page", slow)


def test_a_slow_page_is_stopped_and_named(monkeypatch, tmp_path, capsys):
    _slow_pages(monkeypatch, 30)
    started = time.monotonic()
    code = main([str(FIXTURES / "reference-april-2022.pdf"), "--out", str(tmp_path / "out"),
                 "--page-seconds", "1"])
    assert code == 2 and time.monotonic() - started < 5
    line = one_clear_line(capsys.readouterr().err)
    assert "took longer than the time allowed: stopped at page 1 after 1 s" in line
    assert "1 s a page" in line


def test_a_slow_document_is_stopped_and_named(monkeypatch, tmp_path, capsys):
    _slow_pages(monkeypatch, 0.7)
    code = main([str(FIXTURES / "reference-april-2022.pdf"), "--out", str(tmp_path / "out"),
                 "--max-seconds", "1.5", "--page-seconds", "10"])
    assert code == 2
    line = one_clear_line(capsys.readouterr().err)
    # Which page the limit falls on depends on the machine's load; that it is the document's does not.
    assert re.search(r"stopped at page \d after \d+ s \(the limit is 1.5 s a document\)", line), line


def test_the_library_keeps_the_same_one_clock(monkeypatch):
    _slow_pages(monkeypatch, 0.7)
    settings = Settings(bounds=limits.Bounds(document_seconds=1.0, page_seconds=10, memory_bytes=None))
    with pytest.raises(TimedOut, match=r"the limit is 1 s a document"):
        extract_pdf(FIXTURES / "reference-april-2022.pdf", settings=settings)


def test_off_the_main_thread_no_timer_interrupts_the_work():
    import threading

    outcome = []

    def work():
        with limits.bounded(limits.Bounds(document_seconds=0.01, memory_bytes=None)):
            time.sleep(0.1)
        outcome.append("done")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert outcome == ["done"]


def test_off_the_main_thread_the_document_limit_holds_as_each_page_starts():
    import threading

    outcome = []

    def work():
        try:
            with limits.bounded(limits.Bounds(document_seconds=0.05, memory_bytes=None)):
                with limits.page(1):
                    time.sleep(0.1)
                with limits.page(2):
                    outcome.append("read page 2")
        except TimedOut as exc:
            outcome.append(str(exc))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert len(outcome) == 1
    assert re.search(r"stopped at page 2 after \d+ s \(the limit is 0.05 s a document\)$", outcome[0])


def test_time_bound_fires_on_the_main_thread():
    bounds = limits.Bounds(document_seconds=0.2, memory_bytes=None)
    with pytest.raises(TimedOut, match="stopped at opening the file"), limits.bounded(bounds):
        time.sleep(2)


def test_running_out_of_memory_is_refused(monkeypatch, tmp_path, capsys):
    def greedy(page, number):
        return bytearray(8 * limits.GIB)

    monkeypatch.setattr(pdf_engine, "read_page", greedy)
    code = main([str(FIXTURES / "reference-april-2022.pdf"), "--out", str(tmp_path / "out"),
                 "--max-memory", "256"])
    assert code == 2
    assert "more than the 256 MiB of memory allowed" in one_clear_line(capsys.readouterr().err)
    bytearray(512 * limits.MIB)  # the bound is lifted again afterwards


def test_an_internal_error_is_one_line(monkeypatch, tmp_path, capsys):
    def broken(page, number):
        raise KeyError("/Kids")

    monkeypatch.setattr(pdf_engine, "read_page", broken)
    assert main([str(FIXTURES / "reference-april-2022.pdf"), "--out", str(tmp_path / "out")]) == 2
    line = one_clear_line(capsys.readouterr().err)
    assert line.endswith("This PDF could not be read (internal error: KeyError)")


def test_debug_logs_the_traceback_of_an_internal_error(tmp_path):
    script = (
        "import extract.pdf as p, sys\n"
        "def broken(page, number): raise KeyError('/Kids')\n"
        "p.read_page = broken\n"
        "from extract.cli import main\n"
        f"sys.exit(main([{str(FIXTURES / 'reference-april-2022.pdf')!r}, '--out', "
        f"{str(tmp_path / 'out')!r}, '--debug']))"
    )
    code = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )
    assert code.returncode == 2
    assert "Traceback" in code.stderr and "internal error: KeyError" in code.stderr.splitlines()[-1]


# --- text that must stay text -----------------------------------------------------------------

HOSTILE_TEXT = [
    '<img src="/etc/passwd">', '<font color="[[[x]]]">', '<a href="file:///etc/passwd">',
    "<b>", "&amp;", "Cyfradd ŵyr ac wyresau", "Łódź źdźbło", "\u201c", "\u2019", "\u2013", "\u2014",
]


def test_hostile_text_reaches_the_dataset_as_text(tmp_path):
    assert main([str(HOSTILE), "--out", str(tmp_path / "out")]) == 0
    indicators, figures, _ = validate_dataset(tmp_path / "out")
    text = " ".join(v for row in indicators for v in row.values())
    for piece in HOSTILE_TEXT:
        assert piece in text, piece
    starts = {row["name"][:1] for row in indicators} | {row["narrative"][:1] for row in indicators}
    assert {"=", "+", "-", "@"} <= starts
    raw = (tmp_path / "out" / "indicators.csv").read_text(encoding="utf-8")
    for line in raw.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.startswith(("=", "+", "@")), line
    assert any(row["value"].startswith("-") and float(row["value"]) < 0 for row in figures)


# --- the dependency floors of SECURITY.md -----------------------------------------------------

FLOORS = {"pdfplumber": "0.11.9", "pdfminer.six": "20251230", "reportlab": "5.0.1"}


def _release(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


@pytest.mark.parametrize("package", sorted(FLOORS))
def test_installed_version_meets_the_advisory_floor(package):
    assert _release(version(package)) >= _release(FLOORS[package])


@pytest.mark.parametrize("package", sorted(FLOORS))
def test_pyproject_enforces_the_floor(package):
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"{package}>={FLOORS[package]}"' in pyproject


def test_a_timed_out_document_leaves_no_alarm_behind(monkeypatch):
    """The timer repeats after its deadline; once the bound's block has ended nothing is left
    armed, and the handler that was there before is back (SIGALRM's default ends the process)."""
    import signal

    before = signal.getsignal(signal.SIGALRM)
    _slow_pages(monkeypatch, 0.7)
    settings = Settings(bounds=limits.Bounds(document_seconds=0.3, page_seconds=10, memory_bytes=None))
    with pytest.raises(TimedOut):
        extract_pdf(FIXTURES / "reference-april-2022.pdf", settings=settings)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before
    assert limits._current() is None
