"""The monthly routine behind `make report`: inbox → history → pack, nothing lost on the way.

Every file waiting in `inbox/` is read, then loaded into the history store oldest
reporting period first, one transaction each. The pack is built for the latest period
in the history. A file moves to `archive/YYYY-MM/` only once its figures are committed
and the run's outputs are written; a file that fails stays in the inbox with a note
beside it saying why and what to do, and the run goes on with the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dataset import write_dataset
from dataset.history import HISTORY_FILE, History, LoadResult, Revision, Source
from dataset.xlsx import write_xlsx
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
from monthly.progress import Progress
from monthly.stages import ExtractionLike, Stages, default_stages

ASSETS = Path(__file__).resolve().parent.parent / "assets"
LOCK_FILE = ".lock"

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2

# How many revisions and warnings the summary spells out before "and N more".
_SUMMARY_ITEMS = 5


@dataclass(frozen=True)
class Settings:
    """Where a run reads and writes, and which period's pack it builds (None: the latest)."""

    inbox: Path = Path("inbox")
    out: Path = Path("out")
    archive: Path = Path("archive")
    data: Path = Path("data")
    period: str | None = None
    wait: bool = False
    sample: Path = ASSETS / "sample-scorecard.pdf"
    brand: Path | None = None
    catalogue: Path | None = ASSETS / "kpis.toml"


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


@dataclass
class RunResult:
    """What a run did: files loaded, archived and refused, the pack, and the exit code."""

    exit_code: int = EXIT_OK
    pack: Pack | None = None
    pack_kept: Path | None = None
    used_sample: bool = False
    loaded: list[Path] = field(default_factory=list)
    duplicates: list[Path] = field(default_factory=list)
    archived: list[Path] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Extracted:
    path: Path
    sha256: str
    extraction: ExtractionLike
    mtime: float


def run_monthly(
    settings: Settings = Settings(),
    stages: Stages | None = None,
    echo=None,
) -> RunResult:
    """Run the monthly routine on `settings`' folders, printing one line per step through `echo`.

    Raises `monthly.errors.LockHeld` when another run holds `data/.lock` (unless `wait`).

    >>> run_monthly(Settings(inbox=Path("inbox"), out=Path("out")))  # doctest: +SKIP
    """
    progress = Progress(echo)
    lock = settings.data / LOCK_FILE
    with run_lock(lock, settings.wait, on_wait=lambda text: progress.line("lock", text)):
        stages = stages or default_stages(settings.brand, settings.catalogue)
        with History(settings.data / HISTORY_FILE) as history:
            return _Run(settings, stages, history, progress).run()


class _Run:
    def __init__(self, settings: Settings, stages: Stages, history: History, progress: Progress):
        self.settings = settings
        self.stages = stages
        self.history = history
        self.progress = progress
        self.result = RunResult()
        # (file, period, sha256) that may move to the archive once the outputs are written.
        self.to_archive: list[tuple[Path, str, str]] = []

    def run(self) -> RunResult:
        started = self.progress.start()
        files = inbox_files(self.settings.inbox)
        waiting = f"{_count(len(files), 'file')} waiting" if files else "nothing new"
        self.progress.line("inbox", f"{waiting} in {self.settings.inbox}/", started)
        extracted = [item for item in map(self._extract, files) if item is not None]
        # Oldest reporting period first, so that a later month's figures land last.
        for item in sorted(extracted, key=lambda i: (i.extraction.period, i.mtime, i.path.name)):
            self._load(item)
        pack_written = self._pack(inbox_was_empty=not files)
        if pack_written or self.result.pack_kept is not None:
            self._archive()
        elif self.to_archive:
            for path, _, _ in self.to_archive:
                self.progress.line(
                    "archive",
                    f"{path.name} stays in {self.settings.inbox}/ until a pack is built"
                    " (its figures are saved; the next run moves it)",
                )
        self._summary()
        return self.result

    # -- per file ---------------------------------------------------------------------

    def _extract(self, path: Path) -> _Extracted | None:
        started = self.progress.start()
        try:
            sha256 = file_sha256(path)
            known = self.history.find_source(sha256)
            if known is not None:
                self._duplicate(path, sha256, known, started)
                return None
            extraction = self.stages.extract(path)
        except self.stages.file_errors as exc:
            self._refuse(path, "extract", exc, started, fault=False)
            return None
        except Exception as exc:  # noqa: BLE001 - a fault in one file must not stop the rest
            self._refuse(path, "extract", exc, started, fault=True)
            return None
        self.progress.line(
            "extract",
            f"{path.name} → {extraction.period}, {len(extraction.indicators)} indicators",
            started,
        )
        return _Extracted(path, sha256, extraction, path.stat().st_mtime)

    def _load(self, item: _Extracted) -> None:
        started = self.progress.start()
        meta = dict(item.extraction.meta)
        meta.setdefault("period", item.extraction.period)
        try:
            loaded = self.history.load(
                file_name=item.path.name,
                sha256=item.sha256,
                meta=meta,
                indicators=item.extraction.indicators,
                figures=item.extraction.figures,
                series_key=self.stages.series_key,
            )
        except Exception as exc:  # noqa: BLE001 - the transaction is rolled back; go on
            self._refuse(item.path, "history", exc, started, fault=True)
            return
        if loaded.duplicate:
            # The same bytes twice in one inbox: the first copy was loaded just now.
            self._duplicate(item.path, item.sha256, loaded.source, started)
            return
        self.result.loaded.append(item.path)
        self.result.revisions.extend(loaded.revisions)
        self.to_archive.append((item.path, loaded.source.period, item.sha256))
        self.progress.line("history", f"{item.path.name}: {_load_text(loaded)}", started)

    def _duplicate(self, path: Path, sha256: str, known: Source, started: float) -> None:
        self.result.duplicates.append(path)
        self.to_archive.append((path, known.period, sha256))
        self.progress.line(
            "history",
            f"{path.name} is already in the history (loaded {known.loaded_at[:10]}"
            f" as {known.file_name}); not loaded again",
            started,
        )

    def _refuse(
        self, path: Path, stage: str, exc: BaseException, started: float, fault: bool
    ) -> None:
        why, what_to_do = _advice(stage, exc, fault, isinstance(exc, self.stages.no_period_errors))
        note = write_error_note(path, why, what_to_do)
        self.result.refused.append(Refused(path, note, why))
        self.progress.line(stage, f"{path.name} refused: {why} → see {note}", started)

    # -- the pack ---------------------------------------------------------------------

    def _pack(self, inbox_was_empty: bool) -> bool:
        """Build the pack for the period asked for, or the latest; give whether it was written."""
        wanted = self.settings.period
        source = self.history.latest_source(wanted)
        if source is None and wanted is None:
            if inbox_was_empty:
                return self._pack_from_sample()
            self.progress.line("pack", "nothing to build: no scorecard has been loaded yet")
            self.result.exit_code = max(self.result.exit_code, EXIT_REFUSED)
            return False
        if source is None:
            periods = sorted({s.period for s in self.history.sources()})
            have = f"the history holds {', '.join(periods)}" if periods else "the history is empty"
            self.progress.line("pack", f"no scorecard for {wanted}: {have}")
            self.result.problems.append(f"no scorecard for {wanted} in the history")
            self.result.exit_code = EXIT_USAGE
            return False
        paths = PackPaths(self.settings.out, source.period)
        if self.result.refused and not self.result.loaded and paths.pdf.exists():
            # A bad file must never cost the team last month's good pack: with nothing new
            # loaded there is nothing to rebuild it for.
            self.progress.line(
                "pack",
                f"not rebuilt (nothing new loaded, a file refused): {paths.pdf} is left as it was",
            )
            self.result.pack_kept = paths.pdf
            return False
        return self._build(self.history, source, paths)

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
                write_dataset(staged.data, data.indicators, data.figures, data.meta)
                self.progress.line(
                    "data",
                    f"{paths.data.name}/: {len(data.indicators)} indicators,"
                    f" {len(data.figures)} figures, {len(data.revisions)} revisions",
                    started,
                )
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
                    months=len(data.meta["periods"]),
                )
                self.progress.line(
                    "pack",
                    f"{paths.pdf.name}: {_count(pack.pages, 'page')},"
                    f" {_count(pack.indicators, 'indicator')}, {pack.months} months of trend",
                    started,
                )
                started = self.progress.start()
                write_xlsx(staged.xlsx, pack_data_to_tables(data))
                self.progress.line("xlsx", f"{paths.xlsx.name}: one sheet per table", started)
                started = self.progress.start()
        except Exception as exc:  # noqa: BLE001 - whatever broke, the previous pack stays
            self._pack_failed("pack", str(exc) or type(exc).__name__, started)
            return False
        self.progress.line(
            "publish", f"{paths.pdf}, {paths.xlsx.name}, {paths.data.name}/ in place", started
        )
        self.result.pack = pack
        return True

    def _pack_failed(self, step: str, why: str, started: float) -> None:
        self.progress.line(
            step, f"failed: {why}; nothing in {self.settings.out}/ was changed", started
        )
        self.result.problems.append(f"the pack was not built: {why}")
        self.result.exit_code = max(self.result.exit_code, EXIT_REFUSED)

    # -- the end ----------------------------------------------------------------------

    def _archive(self) -> None:
        for path, period, sha256 in self.to_archive:
            started = self.progress.start()
            try:
                target = archive_file(path, self.settings.archive, period, sha256)
            except OSError as exc:
                self.progress.line("archive", f"{path.name} stays in the inbox: {exc}", started)
                self.result.problems.append(f"{path.name} could not be archived: {exc}")
                self.result.exit_code = max(self.result.exit_code, EXIT_REFUSED)
                continue
            clear_error_note(path)
            self.result.archived.append(target)
            self.progress.line("archive", f"{path.name} → {target}", started)

    def _summary(self) -> None:
        result, say = self.result, self.progress.say
        if result.refused:
            result.exit_code = max(result.exit_code, EXIT_REFUSED)
        say("")
        if result.pack:
            pack = result.pack
            sample = " (from the bundled sample)" if result.used_sample else ""
            say(f"Pack:      {pack.pdf}{sample}")
            say(
                f"           {_count(pack.pages, 'page')}, {_count(pack.indicators, 'indicator')},"
                f" period {pack.period}, {pack.months} months of trend"
            )
            say(f"Data:      {pack.xlsx}, {pack.data}/")
        elif result.pack_kept:
            say(f"Pack:      {result.pack_kept} (not rebuilt: left as it was)")
        else:
            say("Pack:      none built")
        loaded = ", ".join(p.name for p in result.loaded) or "none"
        say(
            f"Loaded:    {loaded}"
            + (f"; {len(result.duplicates)} already in the history" if result.duplicates else "")
        )
        if result.revisions:
            say(
                f"Revisions: {len(result.revisions)} figure(s) revised by this run (listed in the pack's annex)"
            )
            for revision in result.revisions[:_SUMMARY_ITEMS]:
                say(
                    f"           {revision.key} {revision.period} {revision.measure}:"
                    f" {revision.old_value or 'blank'} → {revision.new_value or 'blank'}"
                    f" ({revision.new_source})"
                )
            _more(say, result.revisions)
        warnings = result.pack.warnings if result.pack else ()
        if warnings:
            say(f"Warnings:  {len(warnings)} in the pack's data-quality annex, first:")
            for warning in warnings[:_SUMMARY_ITEMS]:
                say(f"           {warning}")
            _more(say, warnings)
        for refused in result.refused:
            say(f"Refused:   {refused.path.name}: {refused.why}")
            say(f"           see {refused.note}")
        for problem in result.problems:
            say(f"Problem:   {problem}")
        status = "done" if result.exit_code == EXIT_OK else "finished with problems (see above)"
        say(f"Run {status}.")


def _advice(stage: str, exc: BaseException, fault: bool, no_period: bool) -> tuple[str, str]:
    """Give (why, what to do) for a file refused at `stage` with `exc`."""
    message = str(exc) or type(exc).__name__
    if stage == "history":
        return (
            f"the history store did not accept its figures ({message})",
            (
                "Nothing from this file was saved: the history is exactly as it was before."
                " Run `make report` again; if it fails the same way, keep the file here and send"
                " it with this note to whoever looks after boardpack."
            ),
        )
    if fault:
        return (
            f"boardpack failed while reading it ({type(exc).__name__}: {message})",
            (
                "This looks like a fault in boardpack rather than in the file. Keep the file here"
                " and send it with this note to whoever looks after boardpack."
            ),
        )
    if no_period:
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


def _count(n: int | None, noun: str) -> str:
    if n is None:
        return f"? {noun}s"
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _more(say, items) -> None:
    if len(items) > _SUMMARY_ITEMS:
        say(f"           … and {len(items) - _SUMMARY_ITEMS} more")
