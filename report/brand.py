"""The brand as data: organisation, wording, colours by role, fonts and logo, read from TOML."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from report.contrast import failing_pairs
from report.errors import BadBrand

DEFAULT_BRAND = Path(__file__).resolve().parent.parent / "assets" / "brand.toml"

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
SPC_KINDS = ("improving", "concerning", "neither", "common")
# A brand from before variation icons: these colours stand in (see assets/brand.toml).
SPC_DEFAULTS = {
    "chart.mean": "#3E4C59",
    "chart.limit": "#5B6770",
    "spc.improving": "#005EB8",
    "spc.concerning": "#A34700",
    "spc.neither": "#6B2C91",
    "spc.common": "#5F6368",
}
FONT_ROLES = ("regular", "bold", "italic", "bold_italic")
COLOUR_ROLES = (
    "ink",
    "muted",
    "heading",
    "heading_ink",
    "accent",
    "accent_light",
    "panel",
    "rule",
    "marking",
    "chart.figure",
    "chart.target",
    "chart.national",
    "chart.comparator",
    "chart.grid",
    "chart.mean",
    "chart.limit",
    "rag.red",
    "rag.amber",
    "rag.green",
    "rag.none",
    "rag_ink.red",
    "rag_ink.amber",
    "rag_ink.green",
    "rag_ink.none",
    "rag_edge.red",
    "rag_edge.amber",
    "rag_edge.green",
    "rag_edge.none",
    *(f"spc.{kind}" for kind in SPC_KINDS),
)
WORDING = ("organisation", "directorate", "title", "subtitle", "audience", "author", "marking")
LOGO_KINDS = ("polygon", "circle", "rect")
BENCHMARK_KEYS = ("national", "comparator", "period", "note")
# Which rating drives the pack's summaries: the RAG as the scorecard prints it, or the one its
# figure earns against target, polarity and tolerance.
RAG_SOURCES = ("printed", "target")


@dataclass(frozen=True)
class Shape:
    """One filled shape of a vector logo, in a 100 x 100 box, coloured by a brand role."""

    kind: str  # "polygon", "circle" or "rect"
    numbers: tuple[float, ...]  # polygon: x, y pairs; circle: cx, cy, r; rect: x, y, w, h
    fill: str  # a colour role


@dataclass(frozen=True)
class Brand:
    """Everything that makes the pack look like the organisation's own."""

    organisation: str
    directorate: str
    title: str
    subtitle: str
    audience: str
    author: str
    marking: str
    language: str
    page_size: str
    margin_mm: float
    colours: dict[str, str]  # role ("heading", "rag.red") -> "#RRGGBB"
    fonts: dict[str, Path]  # role ("regular", "bold" ...) -> TTF file
    logo_shapes: tuple[Shape, ...] = ()  # a vector logo, or
    logo_image: Path | None = None  # a PNG or JPEG logo
    # Who the national and comparator benchmarks describe and which period they are for:
    # "national", "comparator", "period", and "note" (the comparator group in full, for the key).
    benchmarks: dict[str, str] = field(default_factory=dict)
    rag_source: str = "printed"  # one of RAG_SOURCES
    purpose: str = ""  # what the pack is for, on the chair's summary
    asks: str = ""  # "The committee is asked to …", on the chair's summary
    keywords: tuple[str, ...] = ()  # what the pack is about, for the PDF's metadata

    def colour(self, role: str) -> str:
        """Give the colour of `role`."""
        return self.colours[role]


def load_brand(path: Path | None = None) -> Brand:
    """Read and check the brand TOML at `path` (the default brand when None)."""
    path = Path(path) if path else DEFAULT_BRAND
    data = _read_toml(path)
    missing = [key for key in WORDING if not isinstance(data.get(key), str)]
    if missing:
        raise BadBrand(f"{path} lacks {', '.join(missing)}")
    colours = _flatten(data.get("colours", {}))
    # A brand from before badges had their own edge colour: the edge is the badge's colour.
    for rag in ("red", "amber", "green", "none"):
        colours.setdefault(f"rag_edge.{rag}", colours.get(f"rag.{rag}", ""))
    for role, default in SPC_DEFAULTS.items():
        colours.setdefault(role, default)
    for role in COLOUR_ROLES:
        if not _HEX.match(str(colours.get(role, ""))):
            raise BadBrand(f"{path}: colour {role} must be #RRGGBB")
    too_faint = failing_pairs(colours)
    if too_faint:
        raise BadBrand(f"{path}: colour contrast too low: {'; '.join(too_faint)}")
    fonts = {role: path.parent / str(data.get("fonts", {}).get(role, "")) for role in FONT_ROLES}
    for role, font in fonts.items():
        if not font.is_file() or font.suffix.lower() != ".ttf":
            raise BadBrand(f"{path}: font {role} must name a TTF file ({font} is not one)")
    shapes, image = _logo(path, data.get("logo", ""), colours)
    try:
        margin = float(data.get("margin_mm", 16))
    except (TypeError, ValueError):
        raise BadBrand(f"{path}: margin_mm must be a number") from None
    benchmarks = data.get("benchmarks", {})
    if not isinstance(benchmarks, dict) or not all(
        key in BENCHMARK_KEYS and isinstance(value, str) for key, value in benchmarks.items()
    ):
        raise BadBrand(f"{path}: [benchmarks] takes words for {', '.join(BENCHMARK_KEYS)}")
    if data.get("page_size", "A4") not in ("A4", "letter"):
        raise BadBrand(f"{path}: page_size must be A4 or letter")
    rag_source = data.get("rag_source", "printed")
    if rag_source not in RAG_SOURCES:
        raise BadBrand(f"{path}: rag_source must be one of {', '.join(RAG_SOURCES)}")
    chair = data.get("chair", {})
    if not isinstance(chair, dict) or not all(
        isinstance(chair.get(key, ""), str) for key in ("purpose", "asks")
    ):
        raise BadBrand(f"{path}: [chair] purpose and asks must be text")
    keywords = data.get("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise BadBrand(f"{path}: keywords must be a list of words")
    return Brand(
        **{key: data[key] for key in WORDING},
        rag_source=rag_source,
        purpose=chair.get("purpose", ""),
        asks=chair.get("asks", ""),
        language=str(data.get("language", "en-GB")),
        page_size=str(data.get("page_size", "A4")),
        margin_mm=margin,
        colours=colours,
        fonts=fonts,
        logo_shapes=shapes,
        logo_image=image,
        benchmarks=dict(benchmarks),
        keywords=tuple(keywords),
    )


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BadBrand(f"cannot read {path}: {exc}") from None


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    flat = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = str(value)
    return flat


def _logo(brand_path: Path, name: str, colours: dict) -> tuple[tuple[Shape, ...], Path | None]:
    if not name:
        return (), None
    logo = brand_path.parent / name
    if logo.suffix.lower() in (".png", ".jpg", ".jpeg"):
        if not logo.is_file():
            raise BadBrand(f"{brand_path}: logo {logo} is missing")
        return (), logo
    if logo.suffix.lower() != ".toml":
        raise BadBrand(f"{brand_path}: logo must be a .toml drawing, PNG or JPEG")
    shapes = tuple(_shape(raw, logo, colours) for raw in _read_toml(logo).get("shape", []))
    if not shapes:
        raise BadBrand(f"{logo} holds no [[shape]]")
    return shapes, None


def _shape(raw: dict, logo: Path, colours: dict) -> Shape:
    kind = raw.get("kind")
    numbers = {
        "polygon": raw.get("points"),
        "circle": [*raw.get("centre", []), raw.get("radius")],
        "rect": [*raw.get("origin", []), *raw.get("size", [])],
    }.get(kind)
    wanted = {"circle": 3, "rect": 4}.get(kind)
    if (
        numbers is None
        or not all(isinstance(n, int | float) for n in numbers)
        or (wanted and len(numbers) != wanted)
        or (kind == "polygon" and (len(numbers) < 6 or len(numbers) % 2))
    ):
        raise BadBrand(
            f"{logo}: a {kind!r} shape needs kind {'/'.join(LOGO_KINDS)} and its numbers"
        )
    if raw.get("fill") not in colours:
        raise BadBrand(f"{logo}: fill {raw.get('fill')!r} is not a brand colour role")
    return Shape(kind=kind, numbers=tuple(float(n) for n in numbers), fill=raw["fill"])
