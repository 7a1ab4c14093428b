"""Feed byte-mutated copies of the fixture PDFs to the extractor: each must give a valid dataset
or one clear line, within the command's bounds, and never a traceback.

Mutations (one to three per copy, chosen by the seed): flip bytes, insert random bytes, truncate,
duplicate a chunk, delete a chunk. Usage:

    .venv/bin/python scripts/fuzz.py [--runs N] [--seed S] [--keep DIR]

A failing mutant is kept (with --keep) so that it can be rerun with `python -m extract`.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from corpus_report import Outcome, kind_of, run_corpus

FIXTURES = ROOT / "fixtures"


def _flip(data: bytearray, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 16)):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return "flip"


def _insert(data: bytearray, rng: random.Random) -> str:
    at = rng.randrange(len(data) + 1)
    data[at:at] = rng.randbytes(rng.randint(1, 64))
    return "insert"


def _truncate(data: bytearray, rng: random.Random) -> str:
    del data[rng.randint(1, len(data) - 1):]
    return "truncate"


def _duplicate(data: bytearray, rng: random.Random) -> str:
    start = rng.randrange(len(data))
    chunk = data[start:start + rng.randint(1, 4096)]
    at = rng.randrange(len(data) + 1)
    data[at:at] = chunk
    return "duplicate"


def _delete(data: bytearray, rng: random.Random) -> str:
    start = rng.randrange(len(data))
    del data[start:start + rng.randint(1, 512)]
    return "delete"


MUTATIONS = (_flip, _insert, _truncate, _duplicate, _delete)


def mutants(seed: int, runs: int, sources: list[Path]) -> list[tuple[str, bytes]]:
    """Give `runs` (name, bytes) mutants of `sources`, the same for the same `seed`."""
    rng = random.Random(seed)
    originals = [(p.stem, p.read_bytes()) for p in sources]
    out = []
    for run in range(runs):
        stem, original = rng.choice(originals)
        data = bytearray(original)
        done = [rng.choice(MUTATIONS)(data, rng) for _ in range(rng.randint(1, 3)) if len(data) > 1]
        out.append((f"{run:05d}-{stem}-{'-'.join(done)}.pdf", bytes(data)))
    return out


def fuzz(seed: int, runs: int, work: Path, sources: list[Path] | None = None,
         max_seconds: float = 30, workers: int = 2) -> list[Outcome]:
    """Write the mutants into `work` and run the extractor on each; give the outcomes."""
    sources = sources or sorted(FIXTURES.glob("*.pdf"))
    inputs = work / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    files = []
    for name, data in mutants(seed, runs, sources):
        (inputs / name).write_bytes(data)
        files.append(inputs / name)
    return run_corpus(files, work / "runs", ["--max-seconds", f"{max_seconds:g}", "--page-seconds", "15"],
                      workers, timeout=max_seconds + 60, corpus=inputs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=None, help="copy failing mutants here")
    args = parser.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="boardpack-fuzz-") as work:
        outcomes = fuzz(args.seed, args.runs, Path(work), workers=args.workers)
        bad = [o for o in outcomes if o.problem]
        if args.keep and bad:
            args.keep.mkdir(parents=True, exist_ok=True)
            for o in bad:
                shutil.copyfile(Path(work) / "inputs" / o.file, args.keep / o.file)
    counts = Counter(kind_of(o) for o in outcomes)
    print(f"seed {args.seed}: {len(outcomes)} mutants in {time.monotonic() - started:.0f} s: "
          + ", ".join(f"{k} {n}" for k, n in counts.most_common()))
    for o in bad:
        print(f"PROBLEM {o.file}: {o.problem}: {o.stderr.strip()[-300:]}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
