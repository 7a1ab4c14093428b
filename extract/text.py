"""Text normalisation: whitespace, look-alike letters, wrapped lines."""

from __future__ import annotations

import re

# OCR and some fonts give Cyrillic or Greek capitals that look like Latin ones.
_LOOKALIKES = str.maketrans(
    {
        "\u0410": "A", "\u0430": "a", "\u0391": "A", "\u03b1": "a",
        "\u0412": "B", "\u0415": "E", "\u0435": "e", "\u041d": "H",
        "\u041a": "K", "\u041c": "M", "\u041e": "O", "\u043e": "o",
        "\u0420": "P", "\u0440": "p", "\u0421": "C", "\u0441": "c",
        "\u0422": "T", "\u0425": "X", "\u0445": "x", "\u0392": "B",
        "\u0395": "E", "\u0397": "H", "\u039a": "K", "\u039c": "M",
        "\u039f": "O", "\u03a1": "P", "\u03a4": "T", "\u03a7": "X",
    }
)
_SPACE = re.compile(r"\s+")
# The unfinished URL a line may end with, and a line start that carries a URL on.
_URL_TAIL = re.compile(r"(?:https?:/?/?|www\.)\S*$", re.IGNORECASE)
_URL_OPEN = re.compile(r"(?:https?:/?/?|www\.)\S*[/\-_=&?#:]$", re.IGNORECASE)
# A URL broken inside a word goes on with a path, a domain, a query or a hyphenated part
# ("…/perform" / "ance-scorecard").
_URL_MORE = re.compile(r"^[\w\-~]*[/.?=&#%_\-][\w\-~/.?=&#%_+]*[\w/]")


# A URL with a path whose last part names no file (no dot in it), ending in a letter.
_URL_PATH_OPEN = re.compile(r"(?:https?://|www\.)[^/\s]+/(?:\S*/)?[^/.\s]*[a-z]$", re.IGNORECASE)
_SCHEME = re.compile(r"(https?://|www\.)")
_URL_SCHEME = re.compile(r"(https?://|www\.)\w")
_EXTENSIONS = {"html", "htm", "php", "aspx", "asp", "pdf", "jsp", "xlsx", "docx", "csv"}
_SHORT_WORDS = {"a", "i", "an", "am", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is",
                "it", "me", "my", "no", "of", "ok", "on", "or", "so", "to", "up", "us", "we",
                # abbreviations a sentence goes on with after a URL
                "eg", "ie", "cf", "vs", "pm", "pp", "nb"}


def squash(text: str) -> str:
    """Give `text` with every whitespace run made one space and the ends trimmed."""
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def compact(text: str) -> str:
    """Give `text` without any whitespace, look-alike letters made Latin."""
    return _SPACE.sub("", text).translate(_LOOKALIKES)


def _runs_on(before: str, after: str, vocabulary: frozenset[str] | None = None) -> bool:
    """Say whether the line `after` carries on a word that `before` broke at its end: a
    hyphenated word (`re-` / `evaluate`), a URL (`…/childrens-ser` / `vices/scorecard`) or a
    figure's unit (`34.7` / `%`). With the document's `vocabulary` (url_vocabulary), a URL
    path broken further from a word's end runs on into a word the document has nowhere else."""
    if re.search(r"[A-Za-z0-9]-$", before) and after[:1].isalnum():
        return True
    # A narrow cell wraps a figure before its unit: "34.7" / "%" is "34.7%".
    if re.search(r"\d$", before) and re.match(r"%(\s|$)", after):
        return True
    # ... or inside the number, a cell of it alone: "11." / "4%" is "11.4%", "1,0" / "33" is "1,033".
    if re.fullmatch(r"\d[\d,]*\.|\d{1,3}(,\d{3})*,\d{0,2}", before) and re.match(r"\d", after):
        return True
    # ... or after its minus sign: "-" / "0.3%" is "-0.3%" (a lone "-" beside no number is
    # the no-figure dash, and stays one).
    if re.fullmatch(r"[-\u2212\u2013]", before) and re.fullmatch(r"\d[\d,]*(\.\d+)?%?", after):
        return True
    # A URL that ends in a separator has more to come; one that ends in a word part is
    # carried on only by a line that reads as more URL (a path, a domain, a query).
    if _URL_OPEN.search(before) and re.match(r"[\w/]", after):
        return True
    # A URL broken in its scheme: "htt" / "ps://data.example.org", "http" / "s://…".
    last, first = before.rsplit(" ", 1)[-1], after.split(" ", 1)[0]
    if _URL_SCHEME.match((last + first).lower()) \
            and not _SCHEME.match(last.lower()) and not _SCHEME.match(first.lower()):
        return True
    tail = _URL_TAIL.search(before)
    if tail is None:
        return False
    # A sentence after a URL starts in capitals: "…/index." / "html today" is one URL.
    if tail.group().endswith(".") and re.match(r"[a-z]", after):
        return True
    # A file's extension broken ("…/index.ht" / "ml"), or a word broken a letter or two from
    # its end ("…/performance-scorecar" / "d for the method"): no short English word follows.
    extension = re.search(r"\.([a-z]{1,3})$", tail.group(), re.IGNORECASE)
    first = re.match(r"([a-z]+)\b", after)
    if extension and first and (extension.group(1) + first.group(1)).lower() in _EXTENSIONS:
        return True
    if first and len(first.group(1)) <= 2 and first.group(1) not in _SHORT_WORDS:
        return True
    if _URL_MORE.match(after):
        return True
    # Broken three letters or more from a word's end ("…/performance-s" / "corecard for the
    # method"), the text alone cannot tell a broken word from a URL and a word after it. A
    # path whose last part names no file, carried on by a word the document prints nowhere
    # else, is one URL ("corecard"); a word it prints elsewhere is a word ("for").
    return vocabulary is not None and first is not None and _URL_PATH_OPEN.search(tail.group()) is not None \
        and first.group(1) not in vocabulary


def url_vocabulary(texts: list[str]) -> frozenset[str]:
    """Give the lower-case words `texts` print other than first on a line under a line that
    ends in a URL: the words a document uses, to tell a URL's broken end from a word."""
    out: set[str] = set()
    for text in texts:
        before = ""  # the lines so far, joined: a URL may have begun lines above
        for line in (squash(line) for line in text.splitlines()):
            words = [w.strip(".,;:!?()'\"") for w in line.split()]
            out.update(w for w in words[1 if _URL_TAIL.search(before) else 0:] if w.isalpha() and w.islower())
            before = join_lines(f"{before}\n{line}")
    return frozenset(out)


def join_lines(text: str, vocabulary: frozenset[str] | None = None) -> str:
    """Give the lines of a cell as one line: a line ending inside a hyphenated word or a URL
    runs on without a space, other lines meet with one space. With the document's
    `vocabulary` (url_vocabulary), a URL's path also runs on into a word the document uses
    nowhere else."""
    lines = [squash(line) for line in text.splitlines()]
    out = ""
    for line in lines:
        if not line:
            continue
        if out and _runs_on(out, line, vocabulary):
            out += line
        elif out:
            out += " " + line
        else:
            out = line
    return out


def join_words(text: str, vocabulary: frozenset[str]) -> str:
    """Give the lines of a narrow cell as one line, a word wrapped mid-word rejoined: the end
    of a line and the start of the next run on when together they make a word of
    `vocabulary` (case aside), or its start, that neither is alone ("High" / "er is" is
    "Higher is", "Lo" / "we" / "r" is "Lower")."""
    out = ""
    for line in (squash(line) for line in text.splitlines()):
        if not line:
            continue
        last, first = out.rsplit(" ", 1)[-1].casefold(), line.split(" ", 1)[0].casefold()
        whole = last + first
        # A piece of a word goes on while the pieces make a word, or the start of one ("Lo" /
        # "we" / "r is better"); a whole word ("Higher" / "is") does not.
        begun = whole in vocabulary or any(word.startswith(whole) for word in vocabulary)
        if out and begun and (last not in vocabulary or (whole in vocabulary and first not in vocabulary)):
            out += line
        else:
            out = f"{out} {line}" if out else line
    return out


# Only a page number that says so: a lone number inside a table is a figure.
_PAGE_NUMBER = re.compile(r"^(page\s*\d{1,4}(\s*of\s*\d{1,4})?|\d{1,4}\s+of\s+\d{1,4}|-\s*\d{1,4}\s*-)$", re.IGNORECASE)


def is_page_number(text: str) -> bool:
    """Say whether `text` is a page number as a footer prints it (`Page 2 of 4`, `- 3 -`)."""
    return bool(_PAGE_NUMBER.match(squash(text)))


# A browser's own print footer: the page's address at the left, "2/3" at the right.
_BROWSER_FOOTER = re.compile(r"^(file|https?)://\S+\s+\d{1,4}/\d{1,4}$", re.IGNORECASE)


def is_page_foot(text: str) -> bool:
    """Say whether `text` is a line only a page's foot prints: a page number as a footer
    prints it, or a browser's print footer (`file:///…/card.html 2/3`)."""
    return is_page_number(text) or bool(_BROWSER_FOOTER.match(squash(text)))

