"""From rows to the dataset: indicators, figures per month and measure, warnings."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from dataset.catalogue import slug
from dataset.csvio import format_number
from dataset.judge import POLARITY_WORDS, headline
from extract.colourkey import ColourKey, colour_distance, key_for, rate_colour
from extract.grid import Drawn, Word, lines_of
from extract.provenance import DIRECTION, FOOTNOTE, Source, Use
from extract.rows import RawRow, merge_into, split_ref
from extract.text import join_lines, join_words, url_vocabulary
from extract.values import colour_hex, figure_text, parse_benchmark, parse_figure, parse_rag


@dataclass
class Assembled:
    """The dataset rows and what was noticed while making them."""

    indicators: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    cells: list[dict] = field(default_factory=list)
    uses: list[Use] = field(default_factory=list)  # what the table's words and marks became
    # (key, key above): an indicator without a narrative under one with a narrative in a column
    # that no rule or shading parts from it, as in the rest of the table: a cell merged down
    # across both cannot be told from the first's narrative alone (the audit names it).
    unparted: list[tuple[str, str]] = field(default_factory=list)
    hue_reads: list[tuple] = field(default_factory=list)  # (key, period, colour, rag, where) rated by hue alone


# How far (points) a narrative's lines may reach past a row's edge and still be that row's alone.
_MERGE_SLACK = 0.5
# Colours further apart than this (RGB, 0-1 a channel) are two colours, not one printed twice.
_APART = 0.3


def _number(value: float | None) -> str:
    return "" if value is None else format_number(value)


def _warn(out: Assembled, code: str, message: str, **where) -> None:
    out.warnings.append({"code": code, "message": message, **{k: v for k, v in where.items() if v}})


def merge_continuations(rows: list[RawRow]) -> list[RawRow]:
    """Give `rows` with every continuation (a row broken across a page) joined to the
    row it continues."""
    out: list[RawRow] = []
    for row in rows:
        if row.kind == "continuation" and out and out[-1].kind == "data":
            merge_into(out[-1], row)
            continue
        out.append(row)
    return out


def rows_to_dataset(rows: list[RawRow], periods: dict[tuple, str],
                    drawn: dict[int, Drawn] | None = None,
                    colour_keys: list[ColourKey] = ()) -> Assembled:
    """Give the dataset of KPI `rows`, with `periods` mapping each month slot
    (month, year-or-None) to its YYYY-MM, `drawn` the rules and shading of each page
    where they are known, and RAG colours rated through the `colour_keys` printed in the
    document (by their hue without one)."""
    colour_keys = list(colour_keys)
    out = Assembled()
    section = ""
    above: dict[str, str] = {}  # key -> the key right above it in its table, no section between
    last: tuple[str, tuple] | None = None  # the last indicator's key and table
    keys: dict[str, int] = {}
    ordered = sorted(set(periods.values()))
    merged = merge_continuations(rows)
    vocabulary = url_vocabulary([text for row in merged for text in row.texts.values()])
    scanned: set[str] = set()  # indicators read from a scan's ruled grid, each cell within its rules
    last_data = max((i for i, row in enumerate(merged) if row.kind == "data"), default=-1)
    for position, row in enumerate(merged):
        out.uses.extend(Use("header", "header", source) for source in row.headers)
        if row.kind == "section":
            section = join_lines(row.texts.get("name", ""))
            last = None
            # A row across the table below the last indicator heads nothing: a note under it.
            role, name = ("section", "section") if position < last_data else ("set-aside", FOOTNOTE)
            out.uses.extend(Use(role, name, source) for source in row.sources.get("name", ()))
            continue
        # A continuation with no row to join, or a row without a name, is read into nothing:
        # the coverage audit names its words.
        if row.kind == "continuation":
            continue
        # A narrow Ref column wraps "1.1" at its dot, or a character a line: a reference has
        # no space there.
        ref = re.sub(r"(?<=\d)\s*\.\s*(?=\d)", ".", join_lines(row.texts.get("ref", "")))
        name = join_lines(row.texts.get("name", ""))
        if not ref:
            ref, name = split_ref(name)
        if not name:
            continue
        base = slug(name) or "indicator"
        keys[base] = keys.get(base, 0) + 1
        key = base if keys[base] == 1 else f"{base}-{keys[base]}"
        indicator = {"key": key, "ref": ref, "name": name, "section": section,
                     "polarity": join_words(row.texts.get("polarity", ""), POLARITY_WORDS),
                     "narrative": join_lines(row.texts.get("narrative", ""), vocabulary),
                     "pages": ";".join(str(p) for p in sorted(row.pages))}
        plain = join_lines(row.texts.get("narrative", "")).split()
        for joined in (w for w in indicator["narrative"].split() if w not in plain):
            _warn(out, "url-joined", f"a URL broken at a line end was read as {joined!r}, its next line's first "
                  "word being one the document prints nowhere else; check the link", key=key)
        for role in ("target", "national", "comparator"):
            printed = figure_text(join_lines(row.texts.get(role, "")))
            indicator[role] = _number(parse_benchmark(printed))
            indicator[f"{role}_text"] = printed
        for slot in ("ref", "name", "target", "national", "comparator", "narrative"):
            if row.cells.get(slot):
                page, bbox = row.cells[slot]
                out.cells.append({"key": key, "field": slot, "page": page,
                                  "bbox": [round(v, 2) for v in bbox]})
        for slot in ("ref", "name", "target", "national", "comparator", "narrative", "polarity", "dot"):
            role, field_name = ("set-aside", DIRECTION) if slot == "dot" else ("field", slot)
            out.uses.extend(Use(role, field_name, Source(s.page, s.words), key)
                            for s in row.sources.get(slot, ()))
        figures, unit = _figures(out, key, row, periods, ordered, colour_keys)
        indicator["unit"] = unit
        if last is not None and last[1] == row.table:
            above[key] = last[0]
        last = (key, row.table)
        out.indicators.append(indicator)
        if row.engine.startswith("ocr-"):
            scanned.add(key)
        out.figures.extend(figures)
    _join_split_narratives(out.indicators, scanned)
    _share_merged_narratives(out)
    _share_by_rules(out, above, drawn or {})
    _untell_shared_hues(out)
    return out


def _untell_shared_hues(out: Assembled) -> None:
    """Unrate, with a warning each, the months rated by hue alone when the document colours
    that rating in two colours far apart (a vermilion and a yellow both amber by their hue):
    one of them stands for something else, and no colour key says which."""
    by_rating: dict[str, list] = {}
    for _, _, colour, rag, _ in out.hue_reads:
        seen = by_rating.setdefault(rag, [])
        if all(colour_distance(colour, other) > _APART for other in seen):
            seen.append(colour)
    shared = {rag: colours for rag, colours in by_rating.items() if len(colours) > 1}
    if not shared:
        return
    untold = set()
    for key, period, colour, rag, where in out.hue_reads:
        if rag in shared and (key, period) not in untold:
            untold.add((key, period))
            named = " and ".join(colour_hex(c) for c in shared[rag])
            _warn(out, "rag-not-read", f"a RAG mark ({colour_hex(colour)}) was not read as a rating: "
                  f"{named} are all {_HUE_NAMES[rag]} by their hue, and no colour key says which is which",
                  key=key, period=period, **where)
    for row in out.figures:
        if (row["key"], row["period"]) in untold:
            row["rag"] = row["rag_source"] = ""


def _join_split_narratives(indicators: list[dict], scanned: set[str]) -> None:
    """Give two indicators whose narrative is one text split between their rows (a cell
    merged down across both, read line by line) that text each: the first stops mid-sentence
    and the second carries on in lower case. Not two read from a scan's ruled grid: each
    narrative there is the text inside one cell's rules (a merged cell is one cell, the same
    text for both), and a first letter that OCR read in lower case ("ns" for "This") joined
    a cell to the row above's."""
    for first, second in itertools.pairwise(indicators):
        one, two = first["narrative"], second["narrative"]
        if first["key"] in scanned and second["key"] in scanned:
            continue
        if one and two[:1].islower() and not _ends_sentence(one):
            first["narrative"] = second["narrative"] = join_lines(f"{one}\n{two}")


def _ends_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?:)\]]$", text))


def _field_words(uses: list[Use]) -> dict[tuple[str, str], list[tuple[int, Word]]]:
    """Give the (page, word)s of each (indicator key, field) that `uses` read, in order."""
    out: dict[tuple[str, str], list[tuple[int, Word]]] = {}
    for use in uses:
        if use.role == "field":
            out.setdefault((use.key, use.name), []).extend((use.source.page, w) for w in use.source.words)
    return out


def _extent(words: dict, key: str, field_name: str) -> tuple[int, list[Word]]:
    """Give the page and the words of `key`'s `field_name` on the first page it is read on."""
    found = words.get((key, field_name), [])
    if not found:
        return 0, []
    page = found[0][0]
    return page, [w for p, w in found if p == page]


def _line_gap(words: list[Word]) -> float | None:
    """Give the widest space between two lines of `words`, None when they make one line."""
    lines = lines_of(words)
    gaps = [min(w.top for w in b) - max(w.bottom for w in a) for a, b in itertools.pairwise(lines)]
    return max(gaps) if gaps else None


def _share_merged_narratives(out: Assembled) -> None:
    """Give two indicators one narrative when its text block is one cell merged down across
    both rows, with no rule to show the merge: the first indicator's narrative runs down into
    the second's name band and the second has none (the text fitted), or the second's
    narrative starts above its own name and carries on the first's lines at their spacing
    (the text was cut where the second row starts), or carries them on at their spacing after
    the first stopped mid-sentence."""
    words = _field_words(out.uses)
    for first, second in zip(out.indicators, out.indicators[1:]):
        one, two = first["narrative"], second["narrative"]
        if not one or one == two:
            continue
        page, told = _extent(words, first["key"], "narrative")
        name_page, name = _extent(words, second["key"], "name")
        if not told or not name or name_page != page:
            continue
        name_top = min(w.top for w in name)
        if not two:
            if max(w.bottom for w in told) > name_top + _MERGE_SLACK:
                second["narrative"] = one
                _cell_too(out, first["key"], second["key"])
            continue
        rest_page, rest = _extent(words, second["key"], "narrative")
        gaps = [g for g in (_line_gap(told), _line_gap(rest)) if g is not None]
        if rest_page != page or not rest or not gaps:
            continue
        rest_top = min(w.top for w in rest)
        runs_on = rest_top - max(w.bottom for w in told) <= max(gaps) + _MERGE_SLACK
        if runs_on and (rest_top < name_top - _MERGE_SLACK or not _ends_sentence(one)):
            first["narrative"] = second["narrative"] = join_lines(f"{one}\n{two}")


def _share_by_rules(out: Assembled, above: dict[str, str], drawn: dict[int, Drawn]) -> None:
    """Give an indicator and the one `above` it one narrative when what is `drawn` between
    their rows parts the name column but not the narrative column: one cell merged down
    across both (its text beside the first alone, or cut where the second row starts).
    Where nothing drawn parts either column and the second has no narrative, the page cannot
    tell a merged cell from a narrative of the first alone: the pair is noted in
    `out.unparted`."""
    words = _field_words(out.uses)
    by_key = {row["key"]: row for row in out.indicators}
    for key, first_key in above.items():
        first, second = by_key[first_key], by_key[key]
        one, two = first["narrative"], second["narrative"]
        if not one or one == two:
            continue
        page, name = _extent(words, key, "name")
        # The first's narrative may be the one above it (a cell merged down to it): that cell.
        owner = first_key
        if not words.get((first_key, "narrative")) and first_key in above \
                and by_key[above[first_key]]["narrative"] == one:
            owner = above[first_key]
        told = [w for p, w in words.get((owner, "narrative"), []) if p == page]
        beside = [w for p, w in words.get((owner, "name"), []) if p == page]
        own = [w for p, w in words.get((first_key, "name"), []) if p == page]
        if page not in drawn or not told or not own or min(w.top for w in told) > max(w.bottom for w in beside):
            continue  # no narrative beside the first's name on the second's page (a row below)
        # Between the rows, whatever the narrative: its text may run past the first's row.
        top = max(w.bottom for (k, f), found in words.items() if k == first_key and f != "narrative"
                  for p, w in found if p == page)
        bottom = min(w.top for (k, f), found in words.items() if k == key and f != "narrative"
                     for p, w in found if p == page)
        if top >= bottom:
            continue
        merged = _merged(drawn[page], (own, name), told, top, bottom)
        if merged and two:  # the text was cut where the second row starts: one narrative, read in two
            first["narrative"] = second["narrative"] = join_lines(f"{one}\n{two}")
        elif merged:
            second["narrative"] = one
            _cell_too(out, first_key, key)
        elif merged is None and not two:
            out.unparted.append((key, first_key))


def _merged(drawn: Drawn, names: tuple[list[Word], list[Word]], told: list[Word],
            top: float, bottom: float) -> bool | None:
    """Say whether the narrative cell beside the first of two rows (its words `told`) is
    merged down over the second, from what is `drawn` between `top` and `bottom`: a rule
    that parts the rows' `names` stops short of the narrative column, or the narrative
    column keeps the first row's shading where the second row's differs. False when the
    narrative column is parted (a rule, or shading that changes), None when nothing drawn
    parts the rows in either column."""
    x0, x1 = min(w.x0 for w in told), max(w.x1 for w in told)
    n0, n1 = min(w.x0 for w in names[1]), max(w.x1 for w in names[1])
    y1, y2 = (_middle(words) for words in names)
    here, there = drawn.shade((x0 + x1) / 2, y1), drawn.shade((x0 + x1) / 2, y2)
    if drawn.ruled(x0, x1, top, bottom) or here != there:
        return False
    rows = drawn.shade((n0 + n1) / 2, y1), drawn.shade((n0 + n1) / 2, y2)
    if drawn.ruled(n0, n1, top, bottom) or (rows[0] != rows[1] and here == rows[0]):
        return True
    return None if rows[0] == rows[1] else False


def _middle(words: list[Word]) -> float:
    """Give the height at the middle of the first line of `words`."""
    first = lines_of(words)[0]
    return (min(w.top for w in first) + max(w.bottom for w in first)) / 2


def _cell_too(out: Assembled, key: str, other: str) -> None:
    """Record `key`'s narrative cell as `other`'s too."""
    out.cells.extend({**cell, "key": other} for cell in list(out.cells)
                     if cell["key"] == key and cell["field"] == "narrative")


def _figures(out: Assembled, key: str, row: RawRow, periods: dict, ordered: list[str],
             keys: list[ColourKey]):
    by_period: dict[str, dict] = {}
    for slot, period in periods.items():
        month, year = slot
        entry = by_period.setdefault(period, {"figure": "", "rag": "", "fig_slot": None, "rag_slot": None})
        fig_slot, rag_slot = ("figure", month, year), ("rag", month, year)
        if fig_slot in row.texts or fig_slot in row.fills or fig_slot in row.marks:
            entry["figure"] = join_lines(row.texts.get(fig_slot, ""))
            entry["fig_slot"] = fig_slot
        if rag_slot in row.texts or rag_slot in row.fills or rag_slot in row.marks:
            entry["rag"] = row.texts.get(rag_slot, "")
            entry["rag_slot"] = rag_slot
        entry.setdefault("has_rag_column", False)
    parsed = {p: parse_figure(by_period[p]["figure"]) if p in by_period else () for p in ordered}
    # A month with no number gets one row, in the measure and unit of the indicator's headline.
    measure0, unit0 = headline(
        {"measure": m.measure, "value": format_number(m.value), "unit": m.unit}
        for p in ordered for m in parsed[p] or ()
    )
    rows = []
    for period in ordered:
        entry = by_period.get(period, {"figure": "", "rag": "", "fig_slot": None, "rag_slot": None})
        printed = figure_text(entry["figure"])
        measures = parsed[period]
        if measures is None:
            _warn(out, "figure-not-understood", f"figure {printed!r} is not a number this tool reads; "
                  "kept as text", key=key, period=period)
            measures = ()
        rag, rag_text, source, coloured = _rag(out, key, period, row, entry, keys)
        for slot, name in ((entry["fig_slot"], "figure"), (entry["rag_slot"], "rag")):
            for s in row.sources.get(slot, ()) if slot else ():
                # A cell's colour is read when it gave the RAG or was compared with the letter.
                out.uses.append(Use("field", name, Source(s.page, s.words, s.marks if slot == coloured else ()),
                                    key, period))
        for name, slot, text in (("figure", entry["fig_slot"], printed), ("rag", entry["rag_slot"], rag_text)):
            if slot and row.cells.get(slot):
                page, bbox = row.cells[slot]
                out.cells.append({"key": key, "field": name, "period": period, "page": page,
                                  "bbox": [round(v, 2) for v in bbox], "text": text})
        common = {"key": key, "period": period, "figure_text": printed, "rag": rag,
                  "rag_text": rag_text, "rag_source": source}
        if not measures:
            rows.append({**common, "measure": measure0, "value": "", "unit": unit0})
        for m in measures:
            rows.append({**common, "measure": m.measure, "value": format_number(m.value), "unit": m.unit})
    return rows, unit0


_HUE_NAMES = {"R": "red", "A": "amber", "G": "green"}


def _colour_of(row: RawRow, entry: dict, keys: list[ColourKey]) -> tuple[object, str, str, str, object]:
    """Give (the slot, the RAG, its source, why not, the colour if its hue alone rated it) of
    the first colour that rates the month:
    its RAG cell's shading, a shape drawn in that cell, a glyph printed there in colour (a red
    "●"), the figure cell's shading, a shape beside the figure; each rated through the colour
    key in force on its page, or by its hue without one. When none rates it: the slot of the
    first colour that could not be told and why, or (None, "", "", "", None) when none is coloured."""
    rag_slot, fig_slot = entry["rag_slot"], entry["fig_slot"]
    glyphs = [w.colour for s in row.sources.get(rag_slot, ()) for w in s.words
              if not any(ch.isalnum() for ch in w.text)] if rag_slot else []
    untold = (None, "", "", "", None)
    for slot, colour, source in (
        (rag_slot, row.fills.get(rag_slot), "fill"),
        (rag_slot, row.marks.get(rag_slot), "mark"),
        (rag_slot, glyphs[0] if glyphs else None, "mark"),
        (fig_slot, row.fills.get(fig_slot), "fill"),
        (fig_slot, row.marks.get(fig_slot), "mark"),
    ):
        if not slot or colour is None:
            continue
        page = row.cells[slot][0] if row.cells.get(slot) else min(row.pages, default=0)
        rated = rate_colour(colour, key_for(keys, page))
        if rated.rag:
            return slot, rated.rag, source, "", colour if rated.by == "hue" else None
        if rated.why and untold[0] is None and not (source == "fill" and _shades_more(row, slot, colour)):
            untold = (slot, "", source, rated.why, None)
    return untold


def _shades_more(row: RawRow, slot, colour: object) -> bool:
    """Say whether the fill of `colour` behind `slot` shades more than its cell (a band across
    the row, a column picked out down the table): shading, not a rating of one month."""
    if not row.cells.get(slot):
        return False
    x0, top, x1, bottom = row.cells[slot][1]
    fills = [m.bbox for s in row.sources.get(slot, ()) for m in s.marks if m.colour == colour]
    return any(b[2] - b[0] > 1.5 * (x1 - x0) or b[3] - b[1] > 1.5 * (bottom - top) for b in fills)


def _where(row: RawRow, slot) -> dict:
    """Give the page and box of `slot`'s cell in `row`, for a warning about it."""
    if not row.cells.get(slot):
        return {}
    page, bbox = row.cells[slot]
    return {"page": page, "bbox": [round(v, 2) for v in bbox]}


def _rag(out: Assembled, key: str, period: str, row: RawRow, entry: dict,
         keys: list[ColourKey]) -> tuple[str, str, str, object]:
    """Give (rag, rag_text, rag_source, the slot whose colour was read or None)."""
    printed = parse_rag(entry["rag"])
    # The RAG may be only a colour: of its own cell, a mark in it, or the figure's cell.
    read, by_colour, source, why, hue = _colour_of(row, entry, keys)
    glyph = printed.text and not printed.valid and not any(ch.isalnum() for ch in printed.text)
    if by_colour and hue is not None and (glyph or not printed.text):
        out.hue_reads.append((key, period, hue, by_colour, _where(row, read)))
    if glyph and by_colour:
        return by_colour, printed.text, source, read  # a coloured dot or square printed as a glyph
    if why and (glyph or not printed.text):
        # A coloured mark is the RAG, but its colour cannot be told: said, never guessed.
        _warn(out, "rag-not-read", f"a RAG mark was not read as a rating: {why}", key=key, period=period,
              **_where(row, read))
        return "", printed.text, "", read
    if printed.text:
        if not printed.valid:
            _warn(out, "invalid-rag", f"RAG {printed.text!r} is not R, A or G; left unrated",
                  key=key, period=period)
            return "", printed.text, "text", read
        if by_colour and by_colour != printed.rag:
            _warn(out, "rag-colour-disagrees",
                  f"RAG printed {printed.text!r} but the cell is coloured {by_colour}; kept the letter",
                  key=key, period=period)
        return printed.rag, printed.text, "text", read
    if by_colour:
        return by_colour, "", source, read
    return "", "", "", None
