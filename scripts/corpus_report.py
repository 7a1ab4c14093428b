"""Run the extractor over the real-world PDF corpus and write what it refuses, and why.

Each PDF runs through `extract.cli.main` in a fresh forked process (two at a time), within the
command's own time and memory bounds and an outer timeout as a safety net. The outcome table goes
to docs/refusals.md. Usage:

    .venv/bin/python scripts/corpus_report.py [--max-seconds S] [--workers N] [--out FILE]
"""

from __future__ import annotations

import argparse
import io
import logging
import multiprocessing
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dataset import DatasetError, validate_dataset
from extract import errors, limits
from extract.api import Settings
from extract.cli import main as extract_main

CORPUS = ROOT.parent / "shared" / "realworld-pdfs"


@dataclass(frozen=True)
class Outcome:
    """What one run of the extractor on one PDF gave."""

    file: str  # relative to the corpus
    code: int | None  # exit code; None when the outer timeout killed it
    stderr: str
    seconds: float
    indicators: int | None = None  # when it gave a dataset that validates
    problem: str = ""  # why the outcome breaks the contract, "" when it keeps it

    @property
    def message(self) -> str:
        """Give the refusal line without the `extract: NAME: ` prefix."""
        line = self.stderr.strip()
        prefix = f"extract: {Path(self.file).name}: "
        return line.removeprefix(prefix)


def corpus_files(corpus: Path = CORPUS) -> list[Path]:
    """Give the corpus PDFs in a stable order."""
    return sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")


def _run_in_child(pdf: str, out: str, flags: list[str], result_path: str) -> None:
    """Run the command on `pdf` with stdout and stderr (the file descriptors) sent to a file."""
    # The parent may be pytest, whose capture handlers came with the fork.
    logging.root.handlers.clear()
    with open(result_path, "wb") as sink:
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
    # Left open on purpose: the child ends with os._exit once they are flushed.
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False, buffering=1)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False, buffering=1)  # noqa: SIM115
    try:
        code = extract_main([pdf, "--out", out, *flags])
    except BaseException:  # noqa: BLE001 - a traceback here is what the corpus run exists to find
        import traceback

        traceback.print_exc()
        code = 99
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _check(file: str, code: int | None, text: str, out: Path, seconds: float) -> Outcome:
    """Give the outcome of one run, with the problem when it breaks the contract."""
    stdout_lines = [line for line in text.splitlines() if line.startswith(Path(file).name + ": ")]
    stderr = "".join(line + "\n" for line in text.splitlines() if line not in stdout_lines)
    if code is None:
        return Outcome(file, None, stderr, seconds, problem="no answer within the outer timeout")
    if "Traceback" in text:
        return Outcome(file, code, stderr, seconds, problem="traceback")
    if code == 0:
        try:
            indicators, _, _ = validate_dataset(out)
        except DatasetError as exc:
            return Outcome(file, code, stderr, seconds, problem=f"invalid dataset: {exc}")
        return Outcome(file, code, stderr, seconds, indicators=len(indicators))
    if code != 2:
        return Outcome(file, code, stderr, seconds, problem=f"exit code {code}")
    if stderr.count("\n") != 1 or not stderr.startswith("extract: "):
        return Outcome(file, code, stderr, seconds, problem="refusal is not one line")
    return Outcome(file, code, stderr, seconds)


def run_corpus(files: list[Path], work: Path, flags: list[str] = (), workers: int = 2,
               timeout: float = 180.0, corpus: Path = CORPUS) -> list[Outcome]:
    """Run the extractor on each of `files` (`workers` at a time), each in a forked process
    killed after `timeout` seconds; give the outcomes in the order of `files`."""
    # Import the heavy engines once, before forking, so that no child pays for them.
    import camelot  # noqa: F401

    context = multiprocessing.get_context("fork")
    pending = list(enumerate(files))
    running: dict[int, tuple[multiprocessing.Process, float, Path, Path]] = {}
    results: dict[int, Outcome] = {}
    while pending or running:
        while pending and len(running) < workers:
            index, pdf = pending.pop(0)
            out = work / f"{index:03d}" / "out"
            log = work / f"{index:03d}" / "log"
            out.parent.mkdir(parents=True)
            child = context.Process(target=_run_in_child, args=(str(pdf), str(out), list(flags), str(log)))
            child.start()
            running[index] = (child, time.monotonic(), out, log)
        time.sleep(0.05)
        for index, (child, started, out, log) in list(running.items()):
            seconds = time.monotonic() - started
            if child.exitcode is None and seconds < timeout:
                continue
            if child.exitcode is None:
                child.kill()
            child.join()
            code = None if seconds >= timeout and child.exitcode < 0 else child.exitcode
            text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
            results[index] = _check(str(files[index].relative_to(corpus)), code, text, out, seconds)
            del running[index]
    return [results[i] for i in range(len(files))]


_KINDS = sorted(
    (cls for cls in vars(errors).values()
     if isinstance(cls, type) and issubclass(cls, errors.ExtractError) and cls is not errors.ExtractError),
    key=lambda cls: -len((cls.__doc__ or "").strip()),
)


def kind_of(outcome: Outcome) -> str:
    """Give the name of the refusal in `outcome` (`NoKpiTable`), "dataset", or "problem"."""
    if outcome.problem:
        return "problem"
    if outcome.code == 0:
        return "dataset"
    for cls in _KINDS:
        if outcome.message.startswith((cls.__doc__ or "").strip()):
            return cls.__name__
    return "other"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def report(outcomes: list[Outcome], flags: list[str]) -> str:
    """Give docs/refusals.md for `outcomes`."""
    counts = Counter(kind_of(o) for o in outcomes)
    out = io.StringIO()
    out.write("# What `extract` refuses, and why\n\n")
    out.write(
        "`python -m extract` either writes a dataset (exit 0) or refuses the PDF with one line on\n"
        "stderr (exit 2). It never prints a traceback: a failure inside a PDF parser is reported as\n"
        "a damaged file or as `This PDF could not be read (internal error: TYPE)`, with the\n"
        "traceback only under `--debug`. Each line below is the message a user sees.\n\n"
    )
    out.write("| refusal | why |\n| --- | --- |\n")
    settings, bounds = Settings(), limits.Bounds()
    reasons = {
        "NotAPdf": "the file does not start with `%PDF-` (empty, text, an image, a Word file)",
        "BrokenPdf": "the parser cannot read the file's structure (truncated, corrupted, nested too deeply)",
        "EncryptedPdf": "it needs a password to open (a PDF with an empty user password is read as usual)",
        "CopyProtected": "its permissions forbid extracting text",
        "UnreadableScan": ("a scanned page is coarser than 120 dpi, every page is blank, or no word can be read "
                           "in any orientation; the line says which and what to ask for"),
        "ScanWithoutOcr": "a scan, on a machine without tesseract or its English data",
        "NoTextLayer": "no page has any text and none is a scan (pictures that do not cover a page)",
        "NoKpiTable": "no table has an indicator column and month figure columns",
        "NoPeriod": "the months carry no year and nothing in the document or its name gives one",
        "MixedPeriods": ("figure columns headed by months beside columns headed by quarters; the line "
                         "names one of each"),
        "AmbiguousQuarter": ("a heading such as `Q4 2024` (calendar or financial year?), `Q3 2024/26`, or "
                             "three months that are not a quarter (`Nov-Jan`); the line names it and "
                             "says how to print it"),
        "BadPeriod": "`--period` is not `YYYY-MM`",
        "TooLarge": (
            f"over {settings.max_pages} pages, over {settings.max_bytes // limits.MIB} MiB, or reading it "
            f"needed more memory than the bound ({bounds.memory_bytes // limits.MIB} MiB by default, "
            "`--max-memory`)"),
        "TimedOut": (
            f"one page took more than {bounds.page_seconds:g} s (`--page-seconds`) or the document more "
            f"than {bounds.document_seconds:g} s (`--max-seconds`); the line names the page it stopped at"),
        "InternalError": "the parser failed in a way not foreseen; rerun with `--debug` for the traceback and report it",
    }
    for cls in sorted(_KINDS, key=lambda c: list(reasons).index(c.__name__) if c.__name__ in reasons else 99):
        out.write(f"| {_cell((cls.__doc__ or '').strip())} | {reasons.get(cls.__name__, '')} |\n")
    out.write(
        "\n## The real-world corpus\n\n"
        f"{len(outcomes)} public test PDFs of pdfplumber and camelot (`../shared/realworld-pdfs/`),\n"
        "none of them a scorecard, run by `scripts/corpus_report.py`"
        + (f" with `{' '.join(flags)}`" if flags else "") + ".\n\n"
    )
    out.write("| outcome | files |\n| --- | --- |\n")
    for kind, number in counts.most_common():
        out.write(f"| {kind} | {number} |\n")
    # No timings here: the file is committed, and should change only when an outcome does.
    out.write("\n| file | exit | outcome |\n| --- | --- | --- |\n")
    for o in outcomes:
        if o.problem:
            what = f"**{o.problem}**: {_cell(o.stderr)[:200]}"
        elif o.code == 0:
            what = f"dataset of {o.indicators} indicators"
        else:
            what = _cell(o.message)
        out.write(f"| {o.file} | {o.code} | {what} |\n")
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-seconds", type=float, default=None, help="passed on to extract")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "refusals.md")
    args = parser.parse_args(argv)
    flags = ["--max-seconds", f"{args.max_seconds:g}"] if args.max_seconds else []
    with tempfile.TemporaryDirectory(prefix="boardpack-corpus-") as work:
        started = time.monotonic()
        outcomes = run_corpus(corpus_files(), Path(work), flags, args.workers)
    args.out.write_text(report(outcomes, flags), encoding="utf-8")
    bad = [o for o in outcomes if o.problem]
    counts = Counter(kind_of(o) for o in outcomes)
    print(f"{len(outcomes)} PDFs in {time.monotonic() - started:.0f} s: "
          + ", ".join(f"{k} {n}" for k, n in counts.most_common()) + f" → {args.out}")
    for o in bad:
        print(f"PROBLEM {o.file}: {o.problem}: {o.stderr.strip()[:300]}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
