"""Render and extract many random layouts; print the exact rate and every failing seed.

Each seed draws a layout from the space in scripts/layoutgen (producer, rules, header, months,
RAG, columns, narrative, sections, pages, fonts), renders it through its real producer and
compares the extraction with the generator's expected dataset. Each rendered PDF is kept under
build/soak/ keyed by the seed, its dimensions and a digest of the generator's sources, so a
rerun after a change to extraction only extracts again (a second or two a seed). Usage:

    .venv/bin/python scripts/soak.py --seeds 500 [--start 0] [--jobs 2] [--json out.json]
                                     [--cache build/soak | --no-cache] [--where colour_key=True]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from layoutgen import build, draw, extract_built
from layoutgen.build import cached_build, layout_digest, source_digest

# What each column of the dataset is about, to say in a word what a failing seed got wrong.
FIELD_KINDS = {
    "key": "rows", "ref": "ref", "name": "rows", "section": "section", "pages": "pages",
    "target": "benchmark", "target_text": "benchmark", "national": "benchmark",
    "national_text": "benchmark", "comparator": "benchmark", "comparator_text": "benchmark",
    "unit": "figure", "polarity": "polarity", "narrative": "narrative", "period": "figure",
    "measure": "figure", "value": "figure", "figure_text": "figure",
    "rag": "rag", "rag_text": "rag", "rag_source": "rag",
}


def reason_of(differences: list[str]) -> str:
    """Give what `differences` are about, in words: `rows`, `figure`, `rag`, `narrative`,
    `benchmark`, `audit`, ... joined by `+`, most specific first."""
    kinds: list[str] = []
    for line in differences:
        if line.startswith("refused"):
            found = ["refused"]
        elif line.startswith("audit"):
            found = ["audit"]
        elif " rows, expected " in line:
            found = ["rows"]
        else:
            found = [FIELD_KINDS.get(m, m) for m in re.findall(r"(?:^|; |: )(\w+) expected", line)]
            # A key that differs means the rows themselves slid or vanished.
            found = ["rows"] if "rows" in found else found
        for kind in found:
            if kind not in kinds:
                kinds.append(kind)
    return "+".join(kinds) or "?"


def run_seed(seed: int, cache: Path | None = None, digest: str | None = None) -> dict:
    """Give the outcome of one seed: exact, different (with the first differences, what they
    are about and whether the audit warned), refused, or not rendered. With a `cache`, the
    rendering is taken from it when kept there (see cached_build)."""
    from fixturegen.pdfcheck import FixtureCheckFailed
    from layoutgen.build import LayoutCheckFailed
    from layoutgen.compare import differences
    from layoutgen.html import RenderFailed

    from extract.audit import CODES
    from extract.errors import ExtractError

    layout = draw(seed)
    started = time.monotonic()
    out = {"seed": seed, "layout": layout.dimensions(), "pid": os.getpid()}
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        try:
            built = cached_build(layout, cache, Path(tmp), digest) if cache else build(layout, Path(tmp))
        except (LayoutCheckFailed, RenderFailed, FixtureCheckFailed) as exc:
            return {**out, "outcome": "not-rendered", "reason": str(exc)[:300],
                    "seconds": round(time.monotonic() - started, 1)}
        try:
            extraction = extract_built(built)
        except ExtractError as exc:
            return {**out, "outcome": "refused", "differences": [f"refused: {exc}"], "reason": "refused",
                    "warned": True, "seconds": round(time.monotonic() - started, 1)}
        diffs = differences(built.expected, extraction)
        warned = sorted({w["code"] for w in extraction.meta["warnings"] if w["code"] in CODES})
    return {**out, "outcome": "exact" if not diffs else "different", "differences": diffs,
            "reason": reason_of(diffs) if diffs else "", "warned": warned,
            "seconds": round(time.monotonic() - started, 1)}


def by_dimension(results: list[dict]) -> dict[str, dict[str, list[int]]]:
    """Give, per dimension and value, [exact, total] over the rendered `results`."""
    table: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for result in results:
        if result["outcome"] == "not-rendered":
            continue
        for name, value in result["layout"].items():
            cell = table[name][str(value)]
            cell[1] += 1
            cell[0] += result["outcome"] == "exact"
    return table


def markdown(results: list[dict]) -> str:
    """Give the exact rate by dimension as a markdown table."""
    lines = ["| dimension | value | exact | rate |", "| --- | --- | --- | --- |"]
    for name, values in by_dimension(results).items():
        for value, (exact, total) in sorted(values.items()):
            lines.append(f"| {name} | {value} | {exact}/{total} | {100 * exact / total:.0f}% |")
    return "\n".join(lines)


def silence(result: dict) -> str:
    """Give whether a failing seed's extraction said something was wrong: `refused`,
    `warned (codes)` or `SILENT` (wrong output and no audit warning)."""
    if result["outcome"] == "refused":
        return "refused"
    if result.get("warned"):
        return "warned (" + ", ".join(result["warned"]) + ")"
    return "SILENT"


def failing_markdown(results: list[dict]) -> str:
    """Give every failing seed with its dimensions, what differs and whether it was said."""
    lines = ["| seed | dimensions | what differs | said? |", "| --- | --- | --- | --- |"]
    for r in results:
        if r["outcome"] in ("different", "refused"):
            layout = " ".join(f"{k}={v}" for k, v in r["layout"].items())
            lines.append(f"| {r['seed']} | {layout} | {r['reason']} | {silence(r)} |")
    return "\n".join(lines)


def reasons(results: list[dict]) -> str:
    """Give how many failing seeds each reason has, and how many of them were silent."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in results:
        if r["outcome"] in ("different", "refused"):
            counts[r["reason"]][0] += 1
            counts[r["reason"]][1] += silence(r) == "SILENT"
    ordered = sorted(counts.items(), key=lambda kv: -kv[1][0])
    return "\n".join(f"{n:4d} {reason} ({silent} silent)" for reason, (n, silent) in ordered)


def is_cached(seed: int, cache: Path | None, digest: str | None) -> bool:
    """Say whether `seed`'s layout is kept rendered (or kept as not renderable) in `cache`."""
    layout = draw(seed)
    return cache is not None and (cache / digest / f"seed-{seed}-{layout_digest(layout)}" / "render.json").is_file()


def write_json(path: Path, results: list[dict]) -> None:
    """Write `results` to `path` in seed order, whole (through a file beside it)."""
    part = path.with_name(path.name + ".part")
    part.write_text(json.dumps(sorted(results, key=lambda r: r["seed"]), indent=1), encoding="utf-8")
    part.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=500)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, default=None, help="write every outcome here")
    parser.add_argument("--markdown", action="store_true", help="print the rate by dimension")
    parser.add_argument("--cache", type=Path, default=ROOT / "build" / "soak",
                        help="keep each rendered layout here (default build/soak)")
    parser.add_argument("--no-cache", dest="cache", action="store_const", const=None,
                        help="render every seed afresh")
    parser.add_argument("--where", action="append", default=[], metavar="DIMENSION=VALUE",
                        help="only the seeds whose drawn layout has this value (colour_key=True)")
    parser.add_argument("--cached-only", action="store_true",
                        help="only the seeds already rendered in the cache (extract them again)")
    parser.add_argument("--quarters", action="store_true",
                        help="only the seeds that draw a quarterly scorecard")
    parser.add_argument("--only", type=int, nargs="+", default=None, metavar="SEED",
                        help="only these seeds of the range")
    args = parser.parse_args(argv)
    digest = source_digest() if args.cache else None
    seeds = range(args.start, args.start + args.seeds)
    where = [item.split("=", 1) for item in args.where]
    chosen = [s for s in seeds if (not args.cached_only or is_cached(s, args.cache, digest))
              and (not args.quarters or draw(s).quarter_label) and (args.only is None or s in args.only)]
    chosen = [s for s in chosen if all(str(getattr(draw(s), name)) == value for name, value in where)]
    results: list[dict] = []
    started = time.monotonic()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run_seed, seed, args.cache, digest) for seed in chosen]
        for future in as_completed(futures):
            result = future.result()
            results.append(result)
            if args.json:  # as it goes, so a long soak stopped early keeps what it read
                write_json(args.json, results)
            if result["outcome"] != "exact":
                layout = " ".join(f"{k}={v}" for k, v in result["layout"].items())
                first = (result.get("differences") or [result.get("reason", "")])[0]
                said = silence(result) if result["outcome"] != "not-rendered" else ""
                print(f"seed {result['seed']} {result['outcome'].upper()} [{result.get('reason', '')}] "
                      f"{said}: {layout}\n    {first[:400]}", flush=True)
    for pid in {r["pid"] for r in results}:
        shutil.rmtree(Path(tempfile.gettempdir()) / f"boardpack-fixtures-lo-{pid}", ignore_errors=True)
    results.sort(key=lambda r: r["seed"])
    rendered = [r for r in results if r["outcome"] != "not-rendered"]
    exact = sum(r["outcome"] == "exact" for r in rendered)
    print(f"\n{exact}/{len(rendered)} layouts exact ({100 * exact / max(1, len(rendered)):.1f}%), "
          f"{sum(r['outcome'] == 'refused' for r in rendered)} refused, "
          f"{sum(r['outcome'] == 'different' for r in rendered)} different, "
          f"{len(results) - len(rendered)} not rendered; seeds {seeds.start}..{seeds.stop - 1}"
          f"{f' ({len(chosen)} of them rendered before)' if args.cached_only else ''}, "
          f"{time.monotonic() - started:.0f} s")
    failing = [r["seed"] for r in rendered if r["outcome"] != "exact"]
    silent = [r["seed"] for r in rendered if r["outcome"] == "different" and silence(r) == "SILENT"]
    print("failing seeds: " + (" ".join(map(str, failing)) or "none"))
    print("wrong with no warning: " + (" ".join(map(str, silent)) or "none"))
    if failing:
        print("\nby reason:\n" + reasons(results))
    if args.markdown:
        print("\n" + markdown(results) + "\n\n" + failing_markdown(results))
    if args.json:
        write_json(args.json, results)
    return 0 if exact == len(rendered) else 1


if __name__ == "__main__":
    sys.exit(main())
