"""The one module that imports OpenCV: a scanned page's skew, ink, ruled grid and colours."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

PxBox = tuple[int, int, int, int]  # x0, top, x1, bottom in pixels of the straightened page


@dataclass(frozen=True)
class Table:
    """A ruled table found on the page image: its cells (merged ones joined) in pixels."""

    bbox: PxBox
    cells: tuple[PxBox, ...]


def grey(rgb: np.ndarray) -> np.ndarray:
    """Give the lightness of `rgb` as one channel."""
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)


def ink(grey_page: np.ndarray) -> np.ndarray:
    """Give a mask of the page's ink: dark against the paper around it, so a shaded cell's
    background is not ink but its text and rules are."""
    return cv2.adaptiveThreshold(grey_page, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 18)


def faint_ink(grey_page: np.ndarray) -> np.ndarray:
    """Give the marks in dark shading only a little darker than it: a black rule between two
    cells that a grey photocopy made nearly black (a header's column rules, the rule between
    two red RAG cells) is too faint there to be ink."""
    dark = cv2.blur(grey_page, (15, 15)) < 110
    faint = cv2.adaptiveThreshold(grey_page, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 10)
    return np.where(dark, faint, 0).astype(np.uint8)


def ink_share(mask: np.ndarray) -> float:
    """Give the share of `mask` that is ink."""
    return float(np.count_nonzero(mask)) / max(mask.size, 1)


def _rotate(image: np.ndarray, degrees: float, border) -> np.ndarray:
    rows, cols = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((cols / 2, rows / 2), degrees, 1.0)
    return cv2.warpAffine(image, matrix, (cols, rows), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=border)


def _profile_score(mask: np.ndarray, degrees: float) -> float:
    # Straight lines of text and rules make a row-sum profile with sharp peaks.
    turned = _rotate(mask, degrees, 0)
    return float(np.var(turned.sum(axis=1, dtype=np.float64)))


def skew(mask: np.ndarray, limit: float = 3.0) -> float:
    """Give the angle in degrees (counter-clockwise) that the ink in `mask` is turned by,
    within ±`limit`: the turn that makes its rows of ink sharpest."""
    small = cv2.resize(mask, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    best = max(np.arange(-limit, limit + 1e-9, 0.5), key=lambda a: _profile_score(small, a))
    best = max(np.arange(best - 0.4, best + 0.4 + 1e-9, 0.1), key=lambda a: _profile_score(small, a))
    half = cv2.resize(mask, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    best = max(np.arange(best - 0.08, best + 0.08 + 1e-9, 0.02), key=lambda a: _profile_score(half, a))
    return -float(best)


def colourless(rgb: np.ndarray) -> bool:
    """Say whether `rgb` shows no colour at all (a grey photocopy, or a page printed in black
    alone): its channels nowhere far apart, a JPEG's colour fringes aside."""
    small = rgb[::4, ::4].astype(np.int16)
    spread = small.max(axis=2) - small.min(axis=2)
    return float(np.percentile(spread, 99.9)) < 24


def straighten(rgb: np.ndarray, degrees: float) -> np.ndarray:
    """Give `rgb` turned back by `degrees`, the corners filled with white paper."""
    if abs(degrees) < 0.02:
        return rgb
    return _rotate(rgb, -degrees, (255, 255, 255))


def turn(rgb: np.ndarray, quarter_turns: int) -> np.ndarray:
    """Give `rgb` turned counter-clockwise by `quarter_turns` right angles."""
    return np.ascontiguousarray(np.rot90(rgb, quarter_turns % 4))


@dataclass(frozen=True)
class Rules:
    """The ruled lines of a page: horizontal ones, horizontal runs too short to be sure of
    alone (a faint rule across a shaded cell breaks up where the scanner blurred it), and
    vertical ones."""

    horizontal: np.ndarray
    weak: np.ndarray
    vertical: np.ndarray

    def painted_out(self) -> np.ndarray:
        """Give the mask of every rule, a little wider, to be painted out before reading text."""
        both = cv2.bitwise_or(self.horizontal, self.vertical)
        return cv2.dilate(both, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))


def _opened(mask: np.ndarray, width: int, height: int) -> np.ndarray:
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (width, height)))


def _along(found: np.ndarray, rules: np.ndarray, axis: int, least: int) -> np.ndarray:
    """Give what of `found` lies on the line of one of `rules` (columns for `axis` 0, rows
    for 1) that runs at least `least` pixels somewhere, give or take two pixels."""
    on = (rules > 0).sum(axis=axis) >= least
    on = np.convolve(on, np.ones(5), mode="same") > 0
    return np.where(on[None, :] if axis == 0 else on[:, None], found, 0).astype(np.uint8)


def find_rules(mask: np.ndarray, dpi: float, faint: np.ndarray | None = None) -> Rules:
    """Give the ruled lines in the ink `mask` of a straightened page, carried on through
    dark shading by the `faint` marks (`faint_ink`) that lie along them."""
    weak_length, long, tall = max(int(dpi * 0.12), 12), max(int(dpi * 0.4), 20), max(int(dpi * 0.14), 12)
    weak = _opened(mask, weak_length, 1)
    horizontal = _opened(weak, long, 1)
    vertical = _opened(mask, 1, tall)  # a one-line row's rule, longer than a stem
    if faint is not None:
        # Only along a rule found in ink: white letters on navy leave dark stripes between
        # them that are no rule.
        faint_weak = _opened(faint, weak_length, 1)
        weak = cv2.bitwise_or(weak, _along(faint_weak, horizontal, 1, long))
        horizontal = cv2.bitwise_or(horizontal, _along(_opened(faint_weak, long, 1), horizontal, 1, long))
        vertical = cv2.bitwise_or(vertical, _along(_opened(faint, 1, tall), vertical, 0, tall))
    # A vertical stroke counts as a rule only where it meets a horizontal one (a big title's
    # letters are as tall as a short row).
    reach = cv2.dilate(horizontal, cv2.getStructuringElement(cv2.MORPH_RECT, (5, max(int(dpi * 0.03), 3))))
    count, labels = cv2.connectedComponents(vertical, connectivity=8)
    keep = np.zeros(count, dtype=bool)
    keep[np.unique(labels[(reach > 0) & (vertical > 0)])] = True
    keep[0] = False
    vertical = np.where(keep[labels], 255, 0).astype(np.uint8)
    return Rules(horizontal, weak, vertical)


def _positions(profile: np.ndarray, threshold: float, gap: int) -> list[int]:
    """Give the peak of each run where `profile` reaches `threshold` (a shaded cell's edge
    beside a rule widens the run, the rule itself is its peak); runs a few pixels apart are
    one rule."""
    above = profile >= threshold
    out, start = [], None
    for i, on in enumerate(np.append(above, False)):
        if on and start is None:
            start = i
        elif not on and start is not None:
            peak = start + int(np.argmax(profile[start:i]))
            if out and peak - out[-1] <= gap:
                if profile[peak] > profile[out[-1]]:
                    out[-1] = peak
            else:
                out.append(peak)
            start = None
    return out


def _covered(strip: np.ndarray) -> bool:
    """Say whether a rule runs along most of `strip` (a thin band along a cell boundary)."""
    if strip.size == 0:
        return False
    along = strip.max(axis=0 if strip.shape[0] < strip.shape[1] else 1)
    return float(np.count_nonzero(along)) >= 0.6 * along.size


def tables(found: Rules, dpi: float, lightness: np.ndarray | None = None) -> list[Table]:
    """Give the ruled tables that the rules `found` on a straightened page draw; two cells
    whose shading differs in the page's `lightness` are never joined, whatever the rules."""
    horizontal, weak, vertical = found.horizontal, found.weak, found.vertical
    frame = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((5, 5), np.uint8))
    contours, _ = cv2.findContours(frame, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    rows, cols = horizontal.shape
    out = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if w < 0.2 * cols or h < 0.05 * rows:
            continue
        shading = None if lightness is None else lightness[y:y + h, x:x + w]
        found = _table_in(horizontal[y:y + h, x:x + w], weak[y:y + h, x:x + w], vertical[y:y + h, x:x + w], dpi,
                          shading)
        if found is not None:
            cells = tuple((a + x, b + y, c + x, d + y) for a, b, c, d in found)
            out.append(Table((x, y, x + w, y + h), cells))
    return sorted(out, key=lambda t: (t.bbox[1], t.bbox[0]))


# Cells whose middle lightness (0..255) differs by more than this are shaded differently:
# two cells, not one merged, even where the rule between them was lost (the ink mask takes the
# dark side of a dark cell's edge for the rule, off the rule's line, and a grey photocopy
# makes the rule itself no darker than the red beside it).
SHADING_STEP = 40


def _shade(lightness: np.ndarray | None, box: PxBox, inset: int) -> float | None:
    if lightness is None:
        return None
    x0, top, x1, bottom = box
    patch = lightness[top + inset:bottom - inset:2, x0 + inset:x1 - inset:2]
    return float(np.median(patch)) if patch.size else None


# A line along a cell boundary this much darker (0..255) than the cells either side of it is
# their rule, though too faint against dark shading for the ink mask to find along most of it.
RULE_DIP = 8


def _differ(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) > SHADING_STEP


def _dark_line(band: np.ndarray | None, shade: float | None) -> bool:
    """Say whether the `band` of lightness across a boundary between two cells (rows of
    pixels, each the boundary's length) holds a thin line darker than the cells' `shade`
    along nearly all of the boundary, the shade either side of it: a rule, not a line of
    bold text filling a narrow cell (dark in the gaps between its letters' strokes only)."""
    if band is None or shade is None or len(band) < 3:
        return False
    middles = np.median(band, axis=1)
    darkest = int(np.argmin(middles))
    line = band[max(darkest - 1, 0):darkest + 2].min(axis=0)  # a pixel's slant either way
    return (float(middles[darkest]) < shade - RULE_DIP
            and float(min(middles[0], middles[-1])) >= shade - RULE_DIP / 2
            and float(np.mean(line < shade - RULE_DIP)) >= 0.9)


def _near(lightness: np.ndarray | None, along: slice, at: int, band: int) -> np.ndarray | None:
    """Give the rows of `lightness` `band` * 3 either side of row `at`, each cut to `along`."""
    return None if lightness is None else lightness[max(at - 3 * band, 0):at + 3 * band + 1, along]


def _table_in(horizontal: np.ndarray, weak: np.ndarray, vertical: np.ndarray, dpi: float,
              lightness: np.ndarray | None = None) -> list[PxBox] | None:
    cols = horizontal.shape[1]
    # A rule a tenth as long as the table is a boundary somewhere in it (a merged header's).
    gap = max(int(dpi * 0.04), 4)
    ys = _positions((horizontal > 0).sum(axis=1), max(0.1 * cols, dpi * 0.4), gap)
    # A column rule runs down a good part of the table; white letters on a dark header leave
    # short dark stripes between them that are no rule ("Eng|land").
    xs = _positions((vertical > 0).sum(axis=0), max(int(dpi * 0.12), 10, 0.25 * horizontal.shape[0]), gap)
    if len(ys) < 2 or len(xs) < 3:
        return None
    band = max(int(dpi * 0.01), 2)
    parent = {(r, c): (r, c) for r in range(len(ys) - 1) for c in range(len(xs) - 1)}

    def find(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    inset = max(int(dpi * 0.03), 3)
    shades = {(r, c): _shade(lightness, (xs[c], ys[r], xs[c + 1], ys[r + 1]), inset)
              for r in range(len(ys) - 1) for c in range(len(xs) - 1)}
    for r in range(len(ys) - 1):
        for c in range(len(xs) - 1):
            top, bottom, left, right = ys[r], ys[r + 1], xs[c], xs[c + 1]
            inner_y = slice(top + band * 2, bottom - band * 2)
            inner_x = slice(left + band * 2, right - band * 2)
            if (c + 2 < len(xs) and not _covered(vertical[inner_y, right - band:right + band + 1])
                    and not _differ(shades[(r, c)], shades[(r, c + 1)])):
                parent[find((r, c + 1))] = find((r, c))
            # Only along rows: down a column, a letter's stem can darken most of a one-line cell.
            if (r + 2 < len(ys) and not _covered(weak[bottom - band:bottom + band + 1, inner_x])
                    and not _differ(shades[(r, c)], shades[(r + 1, c)])
                    and not _dark_line(_near(lightness, inner_x, bottom, band), shades[(r, c)])):
                parent[find((r + 1, c))] = find((r, c))
    boxes: dict = {}
    for (r, c) in parent:
        root = find((r, c))
        box = (xs[c], ys[r], xs[c + 1], ys[r + 1])
        if root in boxes:
            b = boxes[root]
            boxes[root] = (min(b[0], box[0]), min(b[1], box[1]), max(b[2], box[2]), max(b[3], box[3]))
        else:
            boxes[root] = box
    return list(boxes.values())


def colour_of(rgb: np.ndarray, box: PxBox, dpi: float) -> tuple[float, float, float] | None:
    """Give the colour (0..1 RGB) a cell is shaded with, or of a solid mark (a dot) in it,
    or None when it shows no colour."""
    x0, top, x1, bottom = box
    margin = max(int(dpi * 0.02), 2)
    patch = rgb[top + margin:bottom - margin, x0 + margin:x1 - margin]
    if patch.size == 0:
        return None
    hsv = cv2.cvtColor(patch, cv2.COLOR_RGB2HSV)
    coloured = (hsv[:, :, 1] > 90) & (hsv[:, :, 2] > 60)
    share = float(np.count_nonzero(coloured)) / coloured.size
    if share >= 0.25:
        return _median_colour(patch[coloured])
    least = (dpi * 0.06) ** 2
    if np.count_nonzero(coloured) < least:
        return None
    count, labels, stats, _ = cv2.connectedComponentsWithStats(coloured.astype(np.uint8), connectivity=8)
    for label in range(1, count):
        _, _, w, h, area = stats[label]
        if area >= least and area >= 0.6 * w * h and 0.5 <= w / max(h, 1) <= 2:
            return _median_colour(patch[labels == label])  # a dot or a square mark
    return None


def shade(rgb: np.ndarray, ink_mask: np.ndarray, box: PxBox, dpi: float) -> tuple[float, float] | None:
    """Give the lightness (0..255) a cell at `box` is shaded with and how much it varies
    (its texture: the spread of its pixels'), from the pixels inside it that are not ink in
    `ink_mask`; None when too few are."""
    x0, top, x1, bottom = box
    inset = max(int(dpi * 0.02), 2)
    patch = rgb[top + inset:bottom - inset, x0 + inset:x1 - inset]
    paper = ink_mask[top + inset:bottom - inset, x0 + inset:x1 - inset] == 0
    if patch.size == 0 or np.count_nonzero(paper) < 0.2 * paper.size:
        return None
    light = patch[paper].astype(np.float32) @ _LIGHTNESS
    return float(np.median(light)), float(np.std(light))


def _median_colour(pixels: np.ndarray) -> tuple[float, float, float]:
    median = np.median(pixels.reshape(-1, 3), axis=0) / 255.0
    return float(median[0]), float(median[1]), float(median[2])


def for_reading(rgb: np.ndarray, box: PxBox, painted_out: np.ndarray, pad: int,
                dpi: float) -> tuple[np.ndarray, tuple[int, int]] | None:
    """Give the cell at `box` as dark text on white for OCR: each pixel as dark as it is far
    in colour from the cell's background (so black on red, white on navy and dark green on
    green all read alike), rules painted out, cut to its text with a white margin of `pad`
    pixels; and where the text starts in the cell. None when the cell holds no text."""
    # The rules are painted out below; an inset any wider would clip the descenders of a
    # last line set close to the cell's bottom rule (g read as q, y as v).
    inset = max(2, int(dpi * 0.008))
    x0, top, x1, bottom = box[0] + inset, box[1] + inset, box[2] - inset, box[3] - inset
    if x1 - x0 < 4 or bottom - top < 4:
        return None
    patch = rgb[top:bottom, x0:x1].astype(np.float32)
    lines = painted_out[top:bottom, x0:x1] > 0
    background = np.median(patch[~lines], axis=0) if np.any(~lines) else np.full(3, 255.0)
    lines = _rules_only(patch, lines, background)
    # JPEG keeps lightness at full resolution and colour at half: read by lightness when it
    # tells the text from the background, by colour only when it does not.
    weights = np.array([0.299, 0.587, 0.114], np.float32)
    distance = np.abs((patch - background) @ weights)
    if float(np.percentile(distance, 99.5)) < 50:
        distance = np.sqrt(((patch - background) ** 2).sum(axis=2))
    distance[lines] = 0
    strongest = float(np.percentile(distance, 99.5))
    # Scanner noise and JPEG blocks stray a little from the background; text strays far.
    floor = min(35.0, 0.3 * strongest)
    scale = 255.0 / max(strongest - floor, 40.0)
    out = (255 - np.clip((distance - floor) * scale, 0, 255)).astype(np.uint8)
    found = _text_only(out, dpi)
    if found is None:
        return None
    out, (dx, dy) = found
    return cv2.copyMakeBorder(out, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255), (dx + inset, dy + inset)


_LIGHTNESS = np.array([0.299, 0.587, 0.114], np.float32)
RULE_SHOULDER = 3  # pixels either side of a rule's line that its blur darkens


def _rules_only(patch: np.ndarray, lines: np.ndarray, background: np.ndarray) -> np.ndarray:
    """Give the painted-out `lines` of a cell's `patch` without the rows and columns across it
    that look like its `background`: the ink mask takes the dark side of a shading's edge for
    a thick rule, and painting it out cut the tops off a word set close under it ("Red" on a
    red that a grey photocopy made nearly black read "neo"). A rule darkens most of its row;
    a word's letters leave the row's middle the background's."""
    plain, ruled = np.zeros_like(lines), np.zeros_like(lines)
    for axis in (1, 0):  # rows across the cell, then columns down it
        across = lines.mean(axis=axis) > 0.5
        middle = np.median(patch, axis=axis)  # each row's (or column's) middle colour
        # As light as the background, and near its colour (JPEG blurs colour more than
        # lightness): not the blend of a neighbour's shading and this cell's.
        like = (np.abs((middle - background) @ _LIGHTNESS) < 12) \
            & (np.sqrt(((middle - background) ** 2).sum(axis=1)) < 30)
        rule = across & ~like
        # A rule's blurred shoulders beside it are as light as the background in the middle
        # of the row, yet dark where the rule wavers: they stay painted out.
        near = np.convolve(rule, np.ones(2 * RULE_SHOULDER + 1), mode="same") > 0
        for found, which in ((plain, across & like & ~near), (ruled, near & across)):
            if axis == 1:
                found[which, :] = True
            else:
                found[:, which] = True
    # Where a plain row crosses a ruled column (or the other way), the rule stays painted out.
    return lines & ~(plain & ~ruled)


def _text_only(patch: np.ndarray, dpi: float) -> tuple[np.ndarray, tuple[int, int]] | None:
    """Give `patch` cut to the box round its marks bigger than specks (a lone letter in a
    tall cell reads far better alone) and where the box starts, or None when it holds only
    specks: scanner noise, JPEG blocks."""
    dark = (patch < 140).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    # Not specks, and not the edge of a rule or of a neighbour's shading left at the border.
    speck = (dpi * 0.014) ** 2  # a printed "-" alone in a cell is not much bigger
    boxes = [stats[i] for i in range(1, count)
             if stats[i][4] >= speck and min(stats[i][2], stats[i][3]) > 0.1 * max(stats[i][2], stats[i][3])]
    if not boxes:
        return None
    # Round the marks with a margin: a comma or a full stop ending the longest line is a
    # speck by size, and must not be cut off.
    margin = int(dpi * 0.04)
    x0 = max(min(b[0] for b in boxes) - margin, 0)
    top = max(min(b[1] for b in boxes) - margin, 0)
    x1 = max(b[0] + b[2] for b in boxes) + margin
    bottom = max(b[1] + b[3] for b in boxes) + margin
    return patch[top:bottom, x0:x1], (int(x0), int(top))


def line_count(patch: np.ndarray) -> int:
    """Give how many lines of text the grey `patch` holds: runs of rows with dark pixels."""
    rows = (patch < 140).any(axis=1)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], rows.astype(np.int8), [0]))))
    runs = [(a, b) for a, b in zip(edges[::2], edges[1::2]) if b - a >= 4]
    return len(runs)


def has_text(mask: np.ndarray, box: PxBox, painted_out: np.ndarray, dpi: float) -> bool:
    """Say whether the cell at `box` holds any ink besides its rules."""
    x0, top, x1, bottom = box
    inside = (mask[top:bottom, x0:x1] > 0) & (painted_out[top:bottom, x0:x1] == 0)
    # A lone "-" printed small and scanned clean is about 35 pixels at 300 dpi.
    return int(np.count_nonzero(inside)) >= (dpi * 0.016) ** 2


def png(image: np.ndarray) -> bytes:
    """Give `image` (grey or RGB) encoded as PNG."""
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_RGB2BGR)
    ok, data = cv2.imencode(".png", image)
    return data.tobytes() if ok else b""


def enlarge(image: np.ndarray, factor: float) -> np.ndarray:
    """Give `image` scaled up by `factor`, smoothly."""
    return cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)


def darken(image: np.ndarray) -> np.ndarray:
    """Give grey `image` (dark text on white) with its faint marks made darker, its paper
    kept white: a decimal point that a grey photocopy's blur left pale grey reads as one."""
    return (255.0 * (image / 255.0) ** 3).astype(np.uint8)


def sharpen(image: np.ndarray, sigma: float = 2.5, amount: float = 1.5) -> np.ndarray:
    """Give grey `image` with its edges made steeper (an unsharp mask of `sigma` pixels): a
    grey photocopy's blur joins an i's dot to its stem ("is" read "ts") and a t to the i
    beside it ("time" read "ume")."""
    blurred = cv2.GaussianBlur(image, (0, 0), sigma)
    return cv2.addWeighted(image, 1 + amount, blurred, -amount, 0)


def binarise(image: np.ndarray) -> np.ndarray:
    """Give grey `image` made black and white at Otsu's threshold."""
    _, out = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return out
