"""The monthly routine behind `make report`: inbox → history → pack, nothing lost on the way.

Every file waiting in `inbox/` is read, then loaded into the history store oldest
reporting period first, one transaction each. The pack is built for the latest period
in the history. A file moves to `archive/YYYY-MM/` only once its figures are committed
and the run's outputs are written; a file that fails stays in the inbox with a note
beside it saying why and what to do, and the run goes on with the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from dataset import write_dataset
from dataset.catalogue import CatalogueError
from dataset.history import (
    HISTORY_FILE,
    Gaps,
    History,
    LoadResult,
    Revision,
    Source,
    coverage_to_gaps,
)
from dataset.infer import Inference, Rename, find_renames, proposal_toml
from dataset.periods import frequency_of, step_of
from dataset.schema import TREND_MONTHS
from dataset.xlsx import write_xlsx
from monthly.background import Background, BackgroundFailed
from monthly.errors import BadCatalogue
from monthly.inbox import (
    archive_file,
    clear_error_note,
    file_sha256,
    inbox_files,
    write_error_note,
)
from monthly.lock import run_lock
from monthly.outputs import (
    PackPaths,
    history_to_pack_data,
    pack_data_to_tables,
    staged_outputs,
)
from monthly.plan import (
    Action,
    PackChoice,
    Waiting,
    choose_pack,
    load_order,
    may_archive,
    plan_intake,
)
from monthly.pool import Failure, Read, read_all, usable_cores
from monthly.progress import Progress
from monthly.stages import Stages, default_stages
from monthly.summary import (
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    SummaryLine,
    count,
    exit_code,
    summary_lines,
)

ASSETS = Path(__file__).resolve().parent.parent / "assets"
LOCK_FILE = ".lock"
PROPOSAL_FILE = "kpis.proposed.toml"

__all__ = ["EXIT_OK", "EXIT_REFUSED", "EXIT_USAGE", "RunResult", "Settings", "run_monthly"]


@dataclass(frozen=True)
class Settings:
    """Where a run reads and writes, which period's pack it builds (None: the latest), and
    how many scorecards it reads at once (None: one per usable core)."""

    inbox: Path = Path("inbox")
    out: Path = Path("out")
    archive: Path = Path("archive")
    data: Path = Path("data")
    period: str | None = None
    wait: bool = False
    sample: Path = ASSETS / "sample-scorecard.pdf"
    brand: Path | None = None
    catalogue: Path | None = ASSETS / "kpis.toml"
    jobs: int | None = None


@dataclass(frozen=True)
class Refused:
    """A file left in the inbox, with the note written beside it."""

    path: Path
    note: Path
    why: str


@dataclass(frozen=True)
class Pack:
    """The pack a run wrote."""

    period: str
    pdf: Path
    xlsx: Path
    data: Path
    pages: int | None
    indicators: int | None
    warnings: tuple[str, ...]
    months: int
    editions: tuple[Path, ...] = ()  # the HTML and tagged PDF editions written beside it
    frequency: str = "monthly"  # "quarterly": `period` and `months` are quarters
    editions_missing: tuple[str, ...] = ()  # why an edition was not written
    unread: str = ""  # what of the scorecard could not be read, as the pack says it, or ""


@dataclass(frozen=True)
class HistoryState:
    """What the history holds after a run: its months, how many series, and their gaps."""

    months: tuple[str, ...]
    series: int
    gaps: Gaps
    frequency: str = "monthly"  # "quarterly": `months` are quarters, each keyed by its last month


@dataclass
class RunResult:
    """What a run did (files loaded, archived and refused, the pack), its summary lines and,
    from them, its exit code."""

    pack: Pack | None = None
    pack_kept: Path | None = None
    used_sample: bool = False
    usage_error: bool = False
    loaded: list[Path] = field(default_factory=list)
    duplicates: list[Path] = field(default_factory=list)
    archived: list[Path] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    history: HistoryState | None = None
    doubtful: list[tuple[str, str, int]] = field(default_factory=list)  # scan, period, cells to check
    # Indicators the catalogue lacks, as the pack inferred them, and where they are proposed.
    inferred: tuple[Inference, ...] = ()
    proposal: Path | None = None
    renamed: list[tuple[str, Rename]] = field(default_factory=list)  # (file, rename) kept as one series
    summary: tuple[SummaryLine, ...] = ()

    @property
    def exit_code(self) -> int:
        """0 when all is good, 1 when a file was refused or the pack not built, 2 on usage."""
        return exit_code(self.summary, self.usage_error)


def run_monthly(
    settings: Settings = Settings(),
    stages: Stages | None = None,
    echo=None,
) -> RunResult:
    """Run the monthly routine on `settings`' folders, printing one line per step through
    `echo` (stdout, with a progress bar on a terminal, when None).

    Raises `monthly.errors.LockHeld` when another run holds `data/.lock` (unless `wait`), and
    `monthly.errors.BadCatalogue` when the KPI catalogue cannot be read (naming the entry).

    >>> run_monthly(Settings(inbox=Path("inbox"), out=Path("out")))  # doctest: +SKIP
    """
    progress = Progress(echo)
    lock = settings.data / LOCK_FILE
    with run_lock(lock, settings.wait, on_wait=lambda text: progress.line("lock", text)):
        try:
            stages = stages or default_stages(settings.brand, settings.catalogue)
        except CatalogueError as exc:
            raise BadCatalogue(str(exc)) from None
        with History(settings.data / HISTORY_FILE) as history:
            result = _Run(settings, stages, history, progress).run()
    return result


class _Run:
    def __init__(self, settings: Settings, stages: Stages, history: History, progress: Progress):
        self.settings = settings
        self.stages = stages
        self.history = history
        self.progress = progress
        self.result = RunResult()
        # (file, period, sha256) that may move to the archive once the outputs are written.
        self.to_archive: list[tuple[Path, str, str]] = []
        self.crops: dict[str, dict[str, bytes]] = {}  # period → a scan's doubtful cells, as scanned

    def run(self) -> RunResult:
        started = self.progress.start()
        files = inbox_files(self.settings.inbox)
        waiting = f"{count(len(files), 'file')} waiting" if files else "nothing new"
        self.progress.line("inbox", f"{waiting} in {self.settings.inbox}/", started)
        intake = plan_intake([item for item in map(self._waiting, files) if item is not None])
        for item in intake.duplicates:
            self._duplicate(item.path, item.sha256, item.known, self.progress.start())
        extracted = self._read(list(intake.to_read))
        periods = {path: item[1].period for path, item in extracted.items()}
        mtimes = {path: path.stat().st_mtime for path in extracted}
        for path in load_order(periods, mtimes):
            sha256, extraction = extracted[path]
            self._load(path, sha256, extraction)
        if self.result.loaded:
            self.result.history = self._history_state()
        choice = self._choose(inbox_was_empty=not files)
        pack_written = self._pack(choice)
        if may_archive(pack_written, self.result.pack_kept is not None):
            self._archive()
        else:
            for path, _, _ in self.to_archive:
                self.progress.line(
                    "archive",
                    f"{path.name} stays in {self.settings.inbox}/ until a pack is built"
                    " (its figures are saved; the next run moves it)",
                )
        self.result.summary = summary_lines(self.result)
        self.progress.summary(self.result.summary)
        return self.result

    # -- per file ---------------------------------------------------------------------

    def _waiting(self, path: Path) -> Waiting | None:
        started = self.progress.start()
        try:
            sha256 = file_sha256(path)
        except OSError as exc:
            why = f"it cannot be opened ({exc.strerror or exc})"
            self._refuse(path, "inbox", _advice_read(Failure.FILE, why), started)
            return None
        return Waiting(path, sha256, self.history.find_source(sha256))

    def _read(self, items: list[Waiting]) -> dict[Path, tuple[str, object]]:
        """Read `items` in parallel; give each file read → (sha256, extraction)."""
        sha = {item.path: item.sha256 for item in items}
        total = len(items)
        jobs = self.settings.jobs or usable_cores()
        got: dict[Path, tuple[str, object]] = {}
        done = 0
        with self.progress.counting("extract", total, "scorecard") as tick:

            def on_read(read: Read) -> None:
                nonlocal done
                done += 1
                tick()
                if read.extraction is None:
                    self._refuse_read(read)
                    return
                where = f"{done}/{total} " if total > 1 else ""
                self.progress.line(
                    "extract",
                    f"{where}{read.path.name} → {read.extraction.period},"
                    f" {len(read.extraction.indicators)} indicators",
                    self.progress.start() - read.seconds,
                )
                got[read.path] = (sha[read.path], read.extraction)

            read_all([item.path for item in items], self.stages, jobs, on_read, self.stages.warm)
        return got

    def _load(self, path: Path, sha256: str, extraction) -> None:
        started = self.progress.start()
        meta = dict(extraction.meta)
        meta.setdefault("period", extraction.period)
        try:
            renames = self._renames(extraction)
            loaded = self.history.load(
                file_name=path.name,
                sha256=sha256,
                meta=meta,
                indicators=extraction.indicators,
                figures=extraction.figures,
                series_key=self._series_key(renames),
            )
        except Exception as exc:  # noqa: BLE001 - the transaction is rolled back; go on
            self._refuse(path, "history", _advice_history(str(exc) or type(exc).__name__), started)
            return
        if loaded.duplicate:
            # The same bytes twice in one inbox: the first copy was loaded just now.
            self._duplicate(path, sha256, loaded.source, started)
            return
        self.result.loaded.append(path)
        self.result.revisions.extend(loaded.revisions)
        self.result.renamed.extend((path.name, rename) for rename in renames)
        doubtful = (extraction.meta.get("scan") or {}).get("doubtful", 0)
        if doubtful:
            self.result.doubtful.append((path.name, loaded.source.period, doubtful))
            self.crops[loaded.source.period] = getattr(extraction, "crops", {})
        self.to_archive.append((path, loaded.source.period, sha256))
        self.progress.line("history", f"{path.name}: {_load_text(loaded)}", started)

    def _renames(self, extraction) -> tuple[Rename, ...]:
        """Give the indicators of `extraction` that continue a series of the latest scorecard
        held under a reworded name (dataset.infer.find_renames); the catalogue's matches and
        keys the history already holds are not renames."""
        previous = self.history.latest_source()
        if previous is None:
            return ()
        held = self.history.indicators(previous)
        held_keys = {row["key"] for row in held}
        catalogue = self.stages.catalogue
        series_key = self.stages.series_key or (lambda key, name: key)
        known = {
            row["key"] for row in extraction.indicators
            if series_key(row["key"], row["name"]) != row["key"] or row["key"] in held_keys
            or (catalogue is not None and catalogue.match(row["key"], row["name"]) is not None)
        }
        held_figures = self.history.figures(held_keys, end=previous.period)
        return find_renames(extraction.indicators, extraction.figures, held, held_figures, known)

    def _series_key(self, renames: tuple[Rename, ...]):
        """Give the series key of a printed indicator: the catalogue's, else a rename's."""
        renamed = {rename.key: rename.series for rename in renames}
        base = self.stages.series_key
        if not renamed:
            return base

        def series_key(key: str, name: str) -> str:
            matched = base(key, name) if base else key
            return matched if matched != key else renamed.get(key, key)

        return series_key

    def _duplicate(self, path: Path, sha256: str, known: Source, started: float) -> None:
        self.result.duplicates.append(path)
        self.to_archive.append((path, known.period, sha256))
        self.progress.line(
            "history",
            f"{path.name} is already in the history (loaded {known.loaded_at[:10]}"
            f" as {known.file_name}); not loaded again",
            started,
        )

    def _refuse_read(self, read: Read) -> None:
        advice = _advice_read(read.failure, read.message)
        self._refuse(read.path, "extract", advice, self.progress.start() - read.seconds)

    def _refuse(self, path: Path, stage: str, advice: tuple[str, str], started: float) -> None:
        why, what_to_do = advice
        note = write_error_note(path, why, what_to_do)
        self.result.refused.append(Refused(path, note, why))
        self.progress.line(stage, f"{path.name} refused: {why} → see {note}", started)

    def _history_state(self) -> HistoryState:
        coverage = self.history.coverage()
        months = sorted({period for periods in coverage.values() for period in periods})
        frequency = self.history.frequency() or "monthly"
        return HistoryState(tuple(months), len(coverage), coverage_to_gaps(coverage, step_of(frequency)),
                            frequency)

    # -- the pack ---------------------------------------------------------------------

    def _choose(self, inbox_was_empty: bool) -> PackChoice:
        wanted = self.settings.period
        source = self.history.latest_source(wanted)
        return choose_pack(
            wanted=wanted,
            source=source,
            held_periods=[s.period for s in self.history.sources()] if source is None else (),
            inbox_was_empty=inbox_was_empty,
            loaded_any=bool(self.result.loaded),
            refused_any=bool(self.result.refused),
            pack_exists=source is not None
            and PackPaths(self.settings.out, source.period).pdf.exists(),
        )

    def _pack(self, choice: PackChoice) -> bool:
        """Carry out `choice`; give whether a pack was written."""
        if choice.action is Action.SAMPLE:
            return self._pack_from_sample()
        if choice.action is Action.NONE:
            # Every file was refused, and each refusal is in the summary already.
            self.progress.line("pack", choice.why)
            return False
        if choice.action is Action.UNKNOWN_PERIOD:
            self.progress.line("pack", choice.why)
            self.result.problems.append(f"no scorecard for {self.settings.period} in the history")
            self.result.usage_error = True
            return False
        paths = PackPaths(self.settings.out, choice.source.period)
        if choice.action is Action.KEEP:
            self.progress.line("pack", f"{choice.why}: {paths.pdf} is left as it was")
            self.result.pack_kept = paths.pdf
            return False
        return self._build(self.history, choice.source, paths)

    def _pack_from_sample(self) -> bool:
        sample = self.settings.sample
        self.progress.line(
            "sample",
            f"{self.settings.inbox}/ and the history are empty: building the pack from the"
            f" bundled sample scorecard {sample}",
        )
        self.result.used_sample = True
        started = self.progress.start()
        # A scratch history, so that the sample's figures never mix with the team's.
        with History(":memory:") as scratch:
            try:
                extraction = self.stages.extract(sample)
                meta = {**extraction.meta, "period": extraction.period}
                scratch.load(
                    file_name=sample.name,
                    sha256=file_sha256(sample),
                    meta=meta,
                    indicators=extraction.indicators,
                    figures=extraction.figures,
                    series_key=self.stages.series_key,
                )
            except Exception as exc:  # noqa: BLE001 - reported as the run's failure
                self._pack_failed(
                    "sample", f"cannot read the bundled sample {sample}: {exc}", started
                )
                return False
            self.progress.line(
                "extract",
                f"{sample.name} → {extraction.period}, {len(extraction.indicators)} indicators",
                started,
            )
            source = scratch.latest_source()
            return self._build(scratch, source, PackPaths(self.settings.out, source.period))

    def _build(self, history: History, source: Source, paths: PackPaths) -> bool:
        started = self.progress.start()
        try:
            data = history_to_pack_data(history, source, catalogue=self.stages.catalogue)
            with staged_outputs(paths) as staged:
                write_dataset(staged.data, data.indicators, data.figures, data.meta,
                              self.crops.get(source.period))
                self.progress.line(
                    "data",
                    f"{paths.data.name}/: {len(data.indicators)} indicators,"
                    f" {len(data.figures)} figures, {len(data.revisions)} revisions",
                    started,
                )
                # The editions are drawn in a second process while this one draws the print
                # pack and the workbook: the slowest step of a run no longer waits for them.
                editions_started = self.progress.start()
                editions = self._start_editions(staged)
                try:
                    pack = self._print_pack(staged, paths, source, data)
                    started = self.progress.start()
                    write_xlsx(staged.xlsx, pack_data_to_tables(data))
                    self.progress.line("xlsx", f"{paths.xlsx.name}: one sheet per table", started)
                    pack = self._editions(editions, staged, paths, pack, editions_started)
                    started = self.progress.start()
                finally:
                    # Never left writing into a staging folder that is being removed.
                    if editions is not None:
                        editions.cancel()
        except Exception as exc:  # noqa: BLE001 - whatever broke, the previous pack stays
            self._pack_failed("pack", str(exc) or type(exc).__name__, started)
            return False
        self.progress.line(
            "publish", f"{paths.pdf}, {paths.xlsx.name}, {paths.data.name}/ in place", started
        )
        self.result.pack = pack
        if history is self.history:
            self._propose(data.inferences, source)
        return True

    def _print_pack(self, staged: PackPaths, paths: PackPaths, source: Source, data) -> Pack:
        """Draw the print pack of `data` into `staged`; give what it holds."""
        started = self.progress.start()
        info = self.stages.build_pack(staged.data, staged.pdf)
        if not staged.pdf.is_file():
            raise RuntimeError(f"the report stage wrote no {staged.pdf.name}")
        pack = Pack(
            period=source.period,
            pdf=paths.pdf,
            xlsx=paths.xlsx,
            data=paths.data,
            pages=getattr(info, "pages", None),
            indicators=getattr(info, "indicators", len(data.indicators)),
            warnings=tuple(_warning_text(w) for w in getattr(info, "warnings", ()) or ()),
            months=min(len(data.meta["periods"]), TREND_MONTHS),
            unread=str(getattr(info, "unread", "") or ""),
            frequency=frequency_of(data.meta),
        )
        noun = "quarters" if pack.frequency == "quarterly" else "months"
        self.progress.line(
            "pack",
            f"{paths.pdf.name}: {count(pack.pages, 'page')},"
            f" {count(pack.indicators, 'indicator')}, {pack.months} {noun} of trend",
            started,
        )
        return pack

    def _propose(self, inferences: tuple[Inference, ...], source: Source) -> None:
        """Write the catalogue entries proposed for the indicators the catalogue lacks."""
        self.result.inferred = inferences
        target = self.settings.out / PROPOSAL_FILE
        if not inferences:
            # The catalogue now knows every indicator: an old proposal would say otherwise.
            target.unlink(missing_ok=True)
            return
        started = self.progress.start()
        held = len(self.history.sources())
        text = proposal_toml(
            inferences,
            self.stages.catalogue,
            f"From {held} scorecard(s) in the history, for the pack of {source.period}.",
        )
        staging = target.with_name(f".{target.name}.tmp")
        try:
            staging.write_text(text, encoding="utf-8")
            staging.replace(target)
        except OSError as exc:
            self.progress.line("catalogue", f"{target} could not be written: {exc}", started)
            self.result.problems.append(f"{target} could not be written: {exc}")
            return
        self.result.proposal = target
        self.progress.line(
            "catalogue", f"{target.name}: {len(inferences)} indicators proposed", started
        )

    def _start_editions(self, staged: PackPaths) -> Background | None:
        """Start drawing the HTML and accessible editions into `staged`, in a second process."""
        build = self.stages.build_editions
        if build is None:
            return None
        return Background(lambda: build(staged.data, staged.html, staged.accessible))

    def _editions(
        self,
        editions: Background | None,
        staged: PackPaths,
        paths: PackPaths,
        pack: Pack,
        started: float,
    ) -> Pack:
        """Wait for the editions started beside `pack`; an edition that could not be built is
        said in the summary and never stops the print pack."""
        if editions is None:
            return pack
        try:
            missing = editions.result()
        except BackgroundFailed as exc:  # the print pack still goes out
            missing = (f"the accessible edition was not built: {exc}",)
        built = tuple(
            published
            for edition, published in (("html", paths.html), ("accessible", paths.accessible))
            if getattr(staged, edition).is_file()
        )
        words = ", ".join(p.name for p in built) or "none"
        self.progress.line("editions", words + "".join(f"; {m}" for m in missing), started)
        return replace(pack, editions=built, editions_missing=missing)

    def _pack_failed(self, step: str, why: str, started: float) -> None:
        self.progress.line(
            step, f"failed: {why}; nothing in {self.settings.out}/ was changed", started
        )
        self.result.problems.append(f"the pack was not built: {why}")

    # -- the end ----------------------------------------------------------------------

    def _archive(self) -> None:
        for path, period, sha256 in self.to_archive:
            started = self.progress.start()
            try:
                target = archive_file(path, self.settings.archive, period, sha256)
            except OSError as exc:
                self.progress.line("archive", f"{path.name} stays in the inbox: {exc}", started)
                self.result.problems.append(f"{path.name} could not be archived: {exc}")
                continue
            clear_error_note(path)
            self.result.archived.append(target)
            self.progress.line("archive", f"{path.name} → {target}", started)


def _advice_history(message: str) -> tuple[str, str]:
    """Give (why, what to do) for a file whose figures the history store refused."""
    return (
        f"the history store did not accept its figures ({message})",
        (
            "Nothing from this file was saved: the history is exactly as it was before."
            " Run `make report` again; if it fails the same way, keep the file here and send"
            " it with this note to whoever looks after boardpack."
        ),
    )


def _advice_read(failure: Failure | None, message: str) -> tuple[str, str]:
    """Give (why, what to do) for a file that could not be read, by its `failure`."""
    if failure is Failure.FAULT:
        return (
            f"boardpack failed while reading it ({message})",
            (
                "This looks like a fault in boardpack rather than in the file. Keep the file here"
                " and send it with this note to whoever looks after boardpack."
            ),
        )
    if failure is Failure.NO_PERIOD:
        # The extractor's own advice names a command-line option; the team uses file names.
        return (
            message.split(";")[0],
            (
                "Rename the file so that its name carries the scorecard's latest month, for"
                " example `scorecard 2022-04.pdf`, and leave it in the inbox."
            ),
        )
    return (
        message,
        (
            "Replace the file in the inbox with a good PDF of the scorecard (the reason above"
            " says what is wrong with this one). If it was dropped here by mistake, move it out"
            " of the inbox and delete this note."
        ),
    )


def _load_text(loaded: LoadResult) -> str:
    revised = len(loaded.revisions)
    return (
        f"{loaded.source.period}, {loaded.added} figures new or changed,"
        f" {loaded.unchanged} already held, {revised} revised"
    )


def _warning_text(warning: object) -> str:
    if isinstance(warning, dict):
        return str(warning.get("message") or warning)
    return str(warning)
