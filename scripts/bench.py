"""Time extraction, the pack and the whole monthly run as separate processes; print the table.

Every step runs as its own `python` process, as a user runs it, so import time counts for
every contender alike: wall time around the process, CPU time (user + system) and peak
resident memory from `os.wait4` on that one process. Each case runs one warm-up round and
then `--runs` rounds; the steps take turns within a round, so that a noisy neighbour slows
the steps compared with each other alike. Medians are printed. Usage:

    .venv/bin/python scripts/bench.py [--quick] [--runs N] [--only CASE ...]
                                      [--write docs/benchmarks.md] [--profile DIR]

Cases are every PDF in `fixtures/`, by stem, `scan-4-pages` (a committed 200-dpi scan read by
OCR), and the generated scorecards `card-30`,
`card-150` and `card-300` (that many indicators on 4, 21 and 41 pages, each with 13 months
of history in the store; written once through LibreOffice into `build/bench/`). The
results, the method and the profile are in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from functools import partial
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

PY = sys.executable
from dataset.schema import HISTORY_MONTHS, TREND_MONTHS

BUILD = ROOT / "build" / "bench"
FIXTURES = ROOT / "fixtures"
CARDS = {"card-30": 1, "card-150": 5, "card-300": 10}  # case: areas of 30 indicators
STEPS = ("extract", "pack", "report", "camelot", "pdfplumber")
STEP_TITLES = {
    "extract": "extraction alone (`-m extract`)",
    "pack": "pack alone from a dataset (`-m report`)",
    "report": "whole `make report` path (`-m monthly`)",
    "camelot": "camelot `read_pdf(pages='all', flavor='lattice')`",
    "pdfplumber": "pdfplumber `extract_tables()` on every page",
}
CAMELOT = "import sys, camelot; camelot.read_pdf(sys.argv[1], pages='all', flavor='lattice')"
PDFPLUMBER = (
    "import sys, pdfplumber\n"
    "with pdfplumber.open(sys.argv[1]) as pdf:\n"
    "    for page in pdf.pages:\n"
    "        page.extract_tables()\n"
)
# `python -m monthly` takes no --catalogue; the generated scorecards need their own, so their
# run calls the same `run_monthly` the command line calls, with the catalogue set.
MONTHLY_WITH_CATALOGUE = (
    "import sys\n"
    "from pathlib import Path\n"
    "from monthly.run import Settings, run_monthly\n"
    "inbox, out, archive, data, catalogue = map(Path, sys.argv[1:])\n"
    "sys.exit(run_monthly(Settings(inbox=inbox, out=out, archive=archive, data=data,"
    " catalogue=catalogue)).exit_code)\n"
)
TARGETS_MIB = 150
MARK_START, MARK_END = "<!-- bench:start -->", "<!-- bench:end -->"


@dataclass(frozen=True)
class Sample:
    """One process: wall and CPU seconds, peak RSS in MiB, exit code and the end of stderr."""

    wall: float
    cpu: float
    mib: float
    code: int
    error: str = ""


@dataclass
class Case:
    """One PDF to time: its `pdf`, the `dataset` the pack alone is built from, and what the
    monthly run starts from (an empty history, or a copy of `store`)."""

    name: str
    pdf: Path
    pages: int
    indicators: int = 0
    dataset: Path | None = None
    period: str | None = None  # --period for a PDF that does not say its year
    catalogue: Path | None = None
    store: Path | None = None  # history store with the months before this PDF's
    months: int = 0  # months of trend the pack shows
    samples: dict[str, list[Sample]] = field(default_factory=dict)


# -- measuring ---------------------------------------------------------------------------


# Linux carries a process's peak RSS across fork and exec, so a child forked straight from this
# (large) process would report at least this process's size. A small launcher forks the
# measured command instead; it is the floor of every figure (`launcher_floor()`), well below
# any Python process.
LAUNCHER = r"""
import json, os, sys, time
err, argv = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    # Both streams to one file: `python -m monthly` says why a run failed on stdout.
    out = os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(out, 1)
    os.dup2(out, 2)
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
print(json.dumps([wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss,
                  os.waitstatus_to_exitcode(status)]))
"""


def run_process(argv: list[str], cwd: Path = ROOT) -> Sample:
    """Run `argv` to completion; give its wall time, CPU time and peak RSS."""
    with tempfile.NamedTemporaryFile(prefix="boardpack-bench-", suffix=".err") as err:
        launched = subprocess.run([PY, "-I", "-S", "-c", LAUNCHER, err.name, *argv], cwd=cwd,
                                  stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                  check=True)
        wall, cpu, kib, code = json.loads(launched.stdout)
        said = Path(err.name).read_text("utf-8", "replace").strip().splitlines()
    tail = said[-3:] if code else []
    # Linux gives ru_maxrss in KiB.
    return Sample(wall, cpu, kib / 1024, code, " / ".join(tail))


def launcher_floor() -> float:
    """Give the peak RSS in MiB that a trivial command reports through the launcher."""
    return run_process(["/bin/true"]).mib


def step_argv(case: Case, step: str, work: Path) -> list[str]:
    """Give the command line of `step` on `case`, preparing its folders under `work`."""
    pdf = str(case.pdf)
    if step == "extract":
        argv = [PY, "-m", "extract", pdf, "--out", str(work / "dataset")]
        return argv + (["--period", case.period] if case.period else [])
    if step == "pack":
        argv = [PY, "-m", "report", str(case.dataset), "--out", str(work / "pack.pdf")]
        return argv + (["--catalogue", str(case.catalogue)] if case.catalogue else [])
    if step == "camelot":
        return [PY, "-c", CAMELOT, pdf]
    if step == "pdfplumber":
        return [PY, "-c", PDFPLUMBER, pdf]
    inbox, data = work / "inbox", work / "data"
    inbox.mkdir()
    data.mkdir()
    # The team names a file by its month when the scorecard does not print its year (README).
    name = f"{case.pdf.stem} {case.period}.pdf" if case.period else case.pdf.name
    shutil.copyfile(case.pdf, inbox / name)
    if case.store:
        shutil.copyfile(case.store, data / "history.sqlite")
    dirs = [str(inbox), str(work / "out"), str(work / "archive"), str(data)]
    if case.catalogue:
        return [PY, "-c", MONTHLY_WITH_CATALOGUE, *dirs, str(case.catalogue)]
    return [PY, "-m", "monthly", "--inbox", dirs[0], "--out", dirs[1], "--archive", dirs[2],
            "--data", dirs[3]]


def time_case(case: Case, runs: int, warmup: int, steps: tuple[str, ...]) -> None:
    """Fill `case.samples`: `warmup` rounds thrown away, then `runs` rounds of every step."""
    for round_ in range(warmup + runs):
        for step in steps:
            with tempfile.TemporaryDirectory(prefix="boardpack-bench-") as tmp:
                sample = run_process(step_argv(case, step, Path(tmp)))
            if sample.code != 0:
                print(f"  {case.name} {step}: exit {sample.code}: {sample.error}", file=sys.stderr)
            if round_ >= warmup:
                case.samples.setdefault(step, []).append(sample)
        print(f"  {case.name}: round {round_ + 1}/{warmup + runs}"
              f"{' (warm-up)' if round_ < warmup else ''}", file=sys.stderr, flush=True)


# -- the cases ---------------------------------------------------------------------------


def page_count(pdf: Path) -> int:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        return len(document.pages)


def fixture_cases(names: set[str] | None) -> list[Case]:
    cases = []
    for pdf in sorted(FIXTURES.glob("*.pdf")):
        if names is not None and pdf.stem not in names:
            continue
        meta = json.loads((FIXTURES / f"{pdf.stem}.expected" / "meta.json").read_text("utf-8"))
        argv = meta.get("argv", [])
        period = argv[argv.index("--period") + 1] if "--period" in argv else None
        cases.append(Case(pdf.stem, pdf, page_count(pdf), period=period))
    return cases


# A 4-page scan (200 dpi, skewed, JPEG, with tesseract's text layer): read by OCR, not its layer.
SCAN = FIXTURES / "scans" / "reference-april-2022-200dpi-skew+0_8-jpeg35-ocr-layer.pdf"
SCAN_CASE = "scan-4-pages"


def scan_cases(names: set[str] | None) -> list[Case]:
    if (names is not None and SCAN_CASE not in names) or not SCAN.is_file():
        return []
    return [Case(SCAN_CASE, SCAN, page_count(SCAN))]


def card_cases(names: set[str] | None) -> list[Case]:
    wanted = [name for name in CARDS if names is None or name in names]
    if not wanted:
        return []
    from fixturegen import benchcard

    digest = benchcard.sources_digest()
    cache = BUILD / digest
    if BUILD.is_dir():
        for old in BUILD.iterdir():
            if old.is_dir() and old.name != digest and old.name != "work":
                shutil.rmtree(old, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    cases = []
    for name in wanted:
        areas = CARDS[name]
        pdf, catalogue, store = (cache / f"{name}.pdf", cache / f"{name}-kpis.toml",
                                 cache / f"{name}-history.sqlite")
        if not catalogue.is_file():
            benchcard.write_catalogue(areas, catalogue)
        if not store.is_file():
            print(f"  {name}: loading 12 earlier months into the history store", file=sys.stderr)
            loading = store.with_suffix(".part")
            loading.unlink(missing_ok=True)
            benchcard.preload_history(areas, loading, catalogue)
            loading.replace(store)
        if not pdf.is_file() and shutil.which("soffice") is None:
            print(f"  {name}: skipped: LibreOffice (soffice) is needed to write it once"
                  " (apt-get install libreoffice-writer-nogui)", file=sys.stderr)
            continue
        if not pdf.is_file():
            print(f"  {name}: writing the scorecard through LibreOffice", file=sys.stderr)
            _with_libreoffice(partial(benchcard.build_pdf, areas, out=pdf))
        cases.append(Case(name, pdf, page_count(pdf), catalogue=catalogue, store=store))
    return cases


def _with_libreoffice(build) -> None:
    from fixturegen.pdfcheck import lo_profile

    try:
        with tempfile.TemporaryDirectory(prefix="boardpack-benchgen-") as tmp:
            build(Path(tmp))
    finally:
        shutil.rmtree(lo_profile(), ignore_errors=True)


def prepare_dataset(case: Case, work: Path) -> None:
    """Give `case` the dataset its pack is timed on: the extraction for a fixture; the
    monthly run's dataset (13 months from the history) for a generated scorecard."""
    here = work / case.name
    here.mkdir(parents=True)
    sample = run_process(step_argv(case, "report" if case.store else "extract", here))
    if sample.code != 0:
        raise SystemExit(f"bench: {case.name}: the dataset could not be made: {sample.error}")
    found = sorted((here / "out").glob("*-data")) if case.store else [here / "dataset"]
    case.dataset = found[-1]
    case.indicators = _count_rows(case.dataset / "indicators.csv")
    case.months = len(json.loads((case.dataset / "extraction.json").read_text("utf-8"))["periods"])


def _count_rows(path: Path) -> int:
    import csv

    with open(path, encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


# -- the back-fill -----------------------------------------------------------------------

BACKFILL = "backfill-24"
BACKFILL_FILES = 24
BACKFILL_RATIO = 14  # the whole back-fill within this many times one file's extraction
BACKFILL_MIB = 500


@dataclass
class Backfill:
    """The back-fill case: 24 monthly scorecards through one `python -m monthly`, beside
    `python -m extract` on one of them; what the run left, checked against the model."""

    pdfs: list[Path]
    expected: dict
    extract: list[Sample] = field(default_factory=list)
    run: list[Sample] = field(default_factory=list)  # mib: peak PSS of the whole process tree
    outcome: str = ""


def backfill_case(names: set[str] | None) -> Backfill | None:
    if names is not None and BACKFILL not in names:
        return None
    from fixturegen import backfill, benchcard

    folder = BUILD / benchcard.sources_digest() / BACKFILL
    missing = [end for end in backfill.ends(BACKFILL_FILES)
               if not (folder / backfill.file_name(end)).is_file()]
    if missing and shutil.which("soffice") is None:
        print(f"  {BACKFILL}: skipped: LibreOffice (soffice) is needed to write its scorecards"
              " once (apt-get install libreoffice-writer-nogui)", file=sys.stderr)
        return None
    if missing:
        print(f"  {BACKFILL}: writing {len(missing)} scorecards through LibreOffice",
              file=sys.stderr)
    pdfs = []
    _with_libreoffice(lambda work: pdfs.extend(backfill.write_set(BACKFILL_FILES, folder, work)))
    expected = json.loads((folder / "expected.json").read_text("utf-8"))
    return Backfill(pdfs, expected)


def run_tree(argv: list[str], cwd: Path = ROOT, every: float = 0.05) -> Sample:
    """Run `argv`; give its wall and CPU time and the peak, sampled every `every` seconds, of
    the proportional set size (PSS) of it and all its children together: a process pool's
    workers count, and pages they share with their parent count once."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as said:
        process = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=said,
                                   stderr=subprocess.STDOUT)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_pss_kib(process.pid))
            time.sleep(every)
        wall = time.perf_counter() - started
        said.seek(0)
        tail = said.read().decode("utf-8", "replace").strip().splitlines()[-3:]
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    code = process.returncode
    return Sample(wall, usage.ru_utime + usage.ru_stime, peak / 1024, code,
                  " / ".join(tail) if code else "")


def _tree_pss_kib(pid: int) -> int:
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += int(re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE).group(1))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError, ValueError):
            continue  # it ended between the two reads
    return total


def time_backfill(case: Backfill, runs: int, warmup: int) -> None:
    """Fill `case`: one file's extraction and the whole back-fill, in turns, `runs` times
    after `warmup`; check what the last run left against the model."""
    for round_ in range(warmup + runs):
        with tempfile.TemporaryDirectory(prefix="boardpack-bench-") as tmp:
            extract = run_process([PY, "-m", "extract", str(case.pdfs[-1]), "--out",
                                   str(Path(tmp) / "dataset")])
        with tempfile.TemporaryDirectory(prefix="boardpack-bench-") as tmp:
            work = Path(tmp)
            (work / "inbox").mkdir()
            for pdf in case.pdfs:
                shutil.copyfile(pdf, work / "inbox" / pdf.name)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            run = run_tree([PY, "-m", "monthly", "--inbox", str(work / "inbox"), "--out",
                            str(work / "out"), "--archive", str(work / "archive"), "--data",
                            str(work / "data")])
            run = Sample(run.wall, run.cpu - before.ru_utime - before.ru_stime, run.mib,
                         run.code, run.error)
            case.outcome = backfill_outcome(case, work)
        for sample, what in ((extract, "extract"), (run, "back-fill")):
            if sample.code:
                print(f"  {BACKFILL} {what}: exit {sample.code}: {sample.error}", file=sys.stderr)
        if round_ >= warmup:
            case.extract.append(extract)
            case.run.append(run)
        print(f"  {BACKFILL}: round {round_ + 1}/{warmup + runs}"
              f"{' (warm-up)' if round_ < warmup else ''}", file=sys.stderr, flush=True)


def backfill_outcome(case: Backfill, work: Path) -> str:
    """Give what the back-fill left, or "MISMATCH: ..." where it differs from the model."""
    import sqlite3

    with sqlite3.connect(work / "data" / "history.sqlite") as db:
        months = [p for (p,) in db.execute(
            "SELECT DISTINCT period FROM figures WHERE superseded_by IS NULL ORDER BY period")]
        revised = db.execute(
            "SELECT COUNT(*) FROM figures AS old JOIN figures AS new"
            " ON new.id = old.superseded_by WHERE old.value IS NOT new.value").fetchone()[0]
        files = db.execute("SELECT COUNT(*) FROM sources").fetchone()[0]
    packs = sorted((work / "out").glob("*-data"))
    # The pack's dataset holds up to HISTORY_MONTHS for its XmR charts; it shows TREND_MONTHS.
    held = len(json.loads((packs[-1] / "extraction.json").read_text("utf-8"))["periods"]) \
        if packs else 0
    trend = min(held, TREND_MONTHS)
    said = (f"{files} files loaded, history of {len(months)} months ({months[0] if months else '?'}"
            f" to {months[-1] if months else '?'}), {revised} revision(s),"
            f" {len(packs)} pack(s) with {trend} months of trend ({held} held for its charts)")
    wanted = (len(case.pdfs), case.expected["months"], len(case.expected["revisions"]), 1, 13,
              min(len(case.expected["months"]), HISTORY_MONTHS))
    if (files, months, revised, len(packs), trend, held) != wanted:
        return f"MISMATCH: {said}"
    return said


def backfill_lines(case: Backfill | None) -> list[str]:
    if case is None or not case.run:
        return []
    one = statistics.median(s.wall for s in case.extract)
    run = statistics.median(s.wall for s in case.run)
    mib = max(s.mib for s in case.run)
    failed = any(s.code for s in case.extract + case.run)
    title = (f"**Back-fill** ({len(case.pdfs)} four-page scorecards of consecutive months, each"
             " printing three, one figure restated, through one `python -m monthly`; peak memory"
             " is the PSS of the run and its reading processes together, sampled every 0.05 s):")
    extract_row = (f"| extract one | {one:.2f} |"
                   f" {statistics.median(s.cpu for s in case.extract):.2f} |"
                   f" {statistics.median(s.mib for s in case.extract):.0f} |")
    run_row = (f"| back-fill of {len(case.pdfs)} | {run:.2f} |"
               f" {statistics.median(s.cpu for s in case.run):.2f} | {mib:.0f} |")
    return [
        title,
        "",
        "| step | wall s | CPU s | peak MiB |",
        "|---|---|---|---|",
        extract_row,
        run_row,
        "",
        f"Outcome: {case.outcome}.",
        "",
        _verdict(f"back-fill of {len(case.pdfs)} ≤ {BACKFILL_RATIO}× one extraction (wall)",
                 not failed and run <= BACKFILL_RATIO * one, f"{run / one:.1f}×"),
        _verdict(f"back-fill peak memory < {BACKFILL_MIB} MiB", not failed and mib < BACKFILL_MIB,
                 f"{mib:.0f} MiB"),
        _verdict("back-fill result as the model says (26 months, 1 revision, 13 months of trend)",
                 not case.outcome.startswith("MISMATCH"), case.outcome.split(":")[0]),
    ]


# -- reporting ---------------------------------------------------------------------------


def median(case: Case, step: str, what: str) -> float | None:
    samples = case.samples.get(step) or []
    if not samples or any(s.code != 0 for s in samples):
        return None
    return statistics.median(getattr(s, what) for s in samples)


def _fmt(value: float | None, spec: str = ".2f") -> str:
    return "failed" if value is None else format(value, spec)


def _ratio(a: float | None, b: float | None) -> str:
    return "–" if a is None or b is None or b == 0 else f"{a / b:.2f}×"


def results_table(cases: list[Case]) -> str:
    head = ["case", "pages", "indicators", "months", "step", "wall s", "CPU s", "peak MiB"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for case in cases:
        for step in STEPS:
            if step not in case.samples:
                continue
            lines.append(
                f"| {case.name} | {case.pages} | {case.indicators} | {case.months} | {step} | "
                f"{_fmt(median(case, step, 'wall'))} | {_fmt(median(case, step, 'cpu'))} | "
                f"{_fmt(median(case, step, 'mib'), '.0f')} |"
            )
    return "\n".join(lines)


def ratios_table(cases: list[Case]) -> str:
    head = ["case", "report ÷ camelot (wall)", "report ÷ camelot (CPU)",
            "extract ÷ pdfplumber (wall)", "extract ÷ pdfplumber (CPU)", "report peak MiB"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for case in cases:
        m = partial(median, case)
        lines.append(
            f"| {case.name} | {_ratio(m('report', 'wall'), m('camelot', 'wall'))} | "
            f"{_ratio(m('report', 'cpu'), m('camelot', 'cpu'))} | "
            f"{_ratio(m('extract', 'wall'), m('pdfplumber', 'wall'))} | "
            f"{_ratio(m('extract', 'cpu'), m('pdfplumber', 'cpu'))} | "
            f"{_fmt(m('report', 'mib'), '.0f') if 'report' in case.samples else '–'} |"
        )
    return "\n".join(lines)


def growth_table(cases: list[Case]) -> str:
    """Give the seconds each added page costs, between the smallest and the middle card and
    between the middle and the largest: equal when cost is linear in pages."""
    cards = sorted((c for c in cases if c.name in CARDS), key=lambda c: c.pages)
    if len(cards) < 3:
        return "(needs card-30, card-150 and card-300)"
    small, middle, large = cards[:3]
    head = ["step", *(f"{c.name} ({c.pages} p) wall s" for c in cards[:3]),
            f"s/page {small.pages}→{middle.pages}", f"s/page {middle.pages}→{large.pages}",
            "second ÷ first", "peak MiB " + " / ".join(str(c.pages) for c in cards[:3])]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for step in STEPS:
        walls = [median(c, step, "wall") for c in (small, middle, large)]
        mibs = [median(c, step, "mib") for c in (small, middle, large)]
        if None in walls:
            continue
        first = (walls[1] - walls[0]) / (middle.pages - small.pages)
        second = (walls[2] - walls[1]) / (large.pages - middle.pages)
        lines.append(
            f"| {step} | " + " | ".join(f"{w:.2f}" for w in walls)
            + f" | {first:.3f} | {second:.3f} | {_ratio(second, first)} | "
            + " / ".join(f"{v:.0f}" for v in mibs) + " |"
        )
    return "\n".join(lines)


def targets(cases: list[Case]) -> list[str]:
    by_name = {c.name: c for c in cases}
    out = []
    sample = by_name.get("reference-april-2022")
    if sample:
        report, camelot = median(sample, "report", "wall"), median(sample, "camelot", "wall")
        mib = median(sample, "report", "mib")
        out.append(_verdict("whole path, 4-page sample ≤ 1.0× camelot lattice (wall)",
                            report is not None and camelot is not None and report <= camelot,
                            _ratio(report, camelot)))
        out.append(_verdict(f"whole path, 4-page sample peak ≤ {TARGETS_MIB} MiB",
                            mib is not None and mib <= TARGETS_MIB, f"{_fmt(mib, '.0f')} MiB"))
    worst = None
    # Not the scan: pdfplumber reads its OCR text layer, which extraction ignores for the image.
    for case in (c for c in cases if c.name != SCAN_CASE):
        e, p = median(case, "extract", "wall"), median(case, "pdfplumber", "wall")
        if e is not None and p and (worst is None or e / p > worst[0]):
            worst = (e / p, case.name)
    if worst:
        out.append(_verdict("extraction ≤ 1.3× pdfplumber extract_tables() (wall, every born-digital case)",
                            worst[0] <= 1.3, f"worst {worst[0]:.2f}× ({worst[1]})"))
    scan = by_name.get(SCAN_CASE)
    if scan:
        wall, mib = median(scan, "extract", "wall"), median(scan, "extract", "mib")
        out.append(_verdict(f"{scan.pages}-page scan: extraction ≤ 20 s (wall)",
                            wall is not None and wall <= 20, f"{_fmt(wall)} s"))
        out.append(_verdict(f"{scan.pages}-page scan: extraction peak < 1024 MiB",
                            mib is not None and mib < 1024, f"{_fmt(mib, '.0f')} MiB"))
    large = by_name.get("card-300")
    if large:
        pack = median(large, "pack", "wall")
        out.append(_verdict(f"card-300 ({large.pages} pages, {large.months} months): pack < 10 s",
                            pack is not None and pack < 10, f"{_fmt(pack)} s"))
    return out or ["- none: the cases and steps that the targets name were not run"]


def _verdict(what: str, met: bool, value: str) -> str:
    if "failed" in value or "–" in value:
        return f"- not measured (a step failed or was not run): {what}"
    return f"- {'met' if met else 'MISSED'}: {what} — {value}"


def machine() -> list[str]:
    def read(path: str, pattern: str) -> str:
        try:
            found = re.search(pattern, Path(path).read_text(), re.MULTILINE)
        except OSError:
            return "?"
        return found.group(1).strip() if found else "?"

    mem_kib = read("/proc/meminfo", r"^MemTotal:\s+(\d+)")
    ram = f"{int(mem_kib) / 1024 ** 2:.1f} GiB" if mem_kib.isdigit() else "?"
    versions = []
    for dist in ("pdfplumber", "pdfminer.six", "camelot-py", "pypdfium2", "opencv-python-headless",
                 "reportlab", "matplotlib", "numpy", "pandas", "openpyxl"):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            pass
    try:
        office = subprocess.run(["soffice", "--version"], capture_output=True, text=True,
                                timeout=60, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        office = "not found"
    commit = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                            capture_output=True, text=True, check=False).stdout.strip() or "?"
    cpu = read("/proc/cpuinfo", r"^model name\s*:\s*(.+)$")
    return [
        (f"- CPU: {cpu}, {len(os.sched_getaffinity(0))} usable of {os.cpu_count()} logical"
         f" CPUs (nproc); RAM {ram}"),
        f"- OS: {platform.platform()}; Python {platform.python_version()}",
        f"- {', '.join(versions)}",
        f"- LibreOffice (generates the cards only): {office}",
        f"- source: git {commit}",
        (f"- peak RSS is of the measured process alone, through a launcher whose own floor"
         f" reads {launcher_floor():.0f} MiB (a bare `python -c pass` reads about 10)"),
    ]


def render(cases: list[Case], args, load: tuple[float, float], seconds: float) -> str:
    command = " ".join(["scripts/bench.py", *args.argv]).strip()
    return "\n".join([
        (f"Command: `.venv/bin/python {command}` (`make bench` runs it with no options);"
         f" median of {args.runs} runs after {args.warmup} warm-up; load average"
         f" {load[0]:.2f} before, {load[1]:.2f} after; {seconds / 60:.1f} min in all."),
        "",
        *machine(),
        "",
        "**Targets**",
        "",
        *targets(cases),
        "",
        "**Each step, a separate process** (wall and CPU seconds, peak resident MiB):",
        "",
        results_table(cases),
        "",
        "**Side by side** (the same PDF, the same run):",
        "",
        ratios_table(cases),
        "",
        "**Growth with pages** (generated cards, 13 months of history):",
        "",
        growth_table(cases),
    ])


def write_results(path: Path, text: str) -> None:
    """Replace the block between the bench markers in `path` with `text`."""
    block = f"{MARK_START}\n{text}\n{MARK_END}"
    empty = f"# Benchmarks\n\n{MARK_START}\n{MARK_END}\n"
    old = path.read_text("utf-8") if path.is_file() else empty
    if MARK_START not in old:
        old += f"\n{MARK_START}\n{MARK_END}\n"
    before, rest = old.split(MARK_START, 1)
    after = rest.split(MARK_END, 1)[1] if MARK_END in rest else ""
    path.write_text(before + block + after, "utf-8")


# -- profiling ---------------------------------------------------------------------------


def profile(cases: list[Case], out: Path) -> None:
    """Profile each case's whole run and pack with cProfile into `out`; print the top."""
    import pstats

    out.mkdir(parents=True, exist_ok=True)
    for case in cases:
        for step in ("report", "pack", "extract"):
            with tempfile.TemporaryDirectory(prefix="boardpack-bench-") as tmp:
                argv = step_argv(case, step, Path(tmp))
                target = out / f"{case.name}-{step}.prof"
                run_process([argv[0], "-m", "cProfile", "-o", str(target), *argv[1:]])
            print(f"\n== {case.name} {step}: {target}")
            stats = pstats.Stats(str(target))
            stats.sort_stats("cumulative").print_stats(30)
            stats.sort_stats("tottime").print_stats(15)


# -- the command line --------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each step (default 5)")
    parser.add_argument("--quick", action="store_true", help="2 runs, no warm-up: a smoke test")
    parser.add_argument("--only", nargs="+", metavar="CASE",
                        help="fixture stems and/or scan-4-pages, card-30, card-150, card-300, backfill-24")
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS))
    parser.add_argument("--write", type=Path, metavar="MD",
                        help="also write the results into this Markdown file, between its"
                             " bench markers")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="instead of timing, write cProfile output for each case into DIR")
    args = parser.parse_args(argv)
    args.argv = argv if argv is not None else sys.argv[1:]
    args.warmup = 0 if args.quick else 1
    if args.quick:
        args.runs = 2
    names = set(args.only) if args.only else None
    started, load_before = time.perf_counter(), os.getloadavg()[0]
    cases = fixture_cases(names) + scan_cases(names) + card_cases(names)
    backfilled = backfill_case(names)
    if not cases and backfilled is None:
        parser.error("no such case")
    with tempfile.TemporaryDirectory(prefix="boardpack-bench-data-") as tmp:
        for case in cases:
            prepare_dataset(case, Path(tmp))
        if args.profile:
            profile(cases, args.profile)
            return 0
        for case in cases:
            time_case(case, args.runs, args.warmup, tuple(args.steps))
    if backfilled is not None:
        time_backfill(backfilled, args.runs, args.warmup)
    text = render(cases, args, (load_before, os.getloadavg()[0]), time.perf_counter() - started)
    if backfilled is not None:
        text += "\n\n" + "\n".join(backfill_lines(backfilled))
    print(text)
    if args.write:
        write_results(args.write, text)
        print(f"\nwritten to {args.write}", file=sys.stderr)
    failed = any(s.code for c in cases for ss in c.samples.values() for s in ss) or (
        backfilled is not None
        and (any(s.code for s in backfilled.run + backfilled.extract)
             or backfilled.outcome.startswith("MISMATCH")))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
