"""Personal numbers (个人信息号码): resident ID numbers, mainland mobiles and bank cards.

Both the source checks (ZW601–603) and the publish gate read text through the same
normalisation, so a number disguised in a source is reported at its file and line before the gate
ever sees it: NFKC (full-width digits), invisible and bidi characters removed, HTML comments and
tags dropped, entities decoded, and digit groups joined across one space, hyphen or dot
(``371327 19900101 0027``, ``138-1234-5678``, ``+86 139 1234 5678``).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"

# zero-width, soft hyphen, word joiners, BOM, Mongolian vowel separator, bidi embeddings/isolates
INVISIBLE = frozenset("\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064"
                      "\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_DROP = {ord(c): None for c in INVISIBLE}
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
# tags that separate text (a new cell, paragraph or line); inline tags join what surrounds them
_BLOCK = frozenset(["address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "option", "select", "textarea", "title", "caption"])
_DIGIT = re.compile(r"\d")
_GROUPS = re.compile(r"(?<![0-9A-Za-z])\+?\d+(?:[ \-.\u00a0]\d+)*(?:[ \-.]?[Xx](?![A-Za-z]))?")
_SEP = re.compile(r"[ \-.\u00a0]")


def _tag(m: re.Match[str]) -> str:
    return " " if m.group(1).lower() in _BLOCK else ""


def normalise(text: str, every_tag_separates: bool = False) -> str:
    """Text as a reader sees it, for finding numbers: no markup, no entities, no invisible characters,
    full-width forms folded (NFKC). Inline tags join what surrounds them unless ``every_tag_separates``
    (spreadsheet XML, where each element is a cell)."""
    if "<" in text:
        text = _COMMENT.sub("", text)
        text = _TAG.sub(" " if every_tag_separates else _tag, text)
    if "&" in text:
        text = html.unescape(text)
    return unicodedata.normalize("NFKC", text).translate(_DROP)


# Characters that can read as a digit after NFKC (full-width, circled, super- and subscript …), and
# what may stand between the digits of one number (separators, invisible characters, markup).
_DIGITLIKE = r"\d\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089\u2460-\u249b\u24ea-\u24ff\u2776-\u2793"
_JOINER = r"\s\-.\u00a0\u3000\uff0d\uff0e\ufe58\u2010-\u2015\u2212+" + "".join(sorted(INVISIBLE))
_WINDOW = re.compile(
    "(?:[" + _DIGITLIKE + "]|&#[xX]?[0-9a-fA-F]{1,7};?)"
    "(?:[" + _DIGITLIKE + _JOINER + "Xx]|&#?[A-Za-z0-9]{1,10};?){10,}")
# markup standing between digit-like characters (the only markup that can hide a number)
_D = "[" + _DIGITLIKE + _JOINER.replace("\\s", "") + "]"
_MARKUP_BETWEEN = re.compile(  # starts with a literal "<" so the engine skips straight to tags
    "<(?:(?<=" + _D + "<)|(?<=" + _D + "\\s<))(?:!--.*?-->|/?[A-Za-z][^<>]*>)"
    "(?:\\s?(?:<!--.*?-->|</?[A-Za-z][^<>]*>))*(?=\\s?[" + _DIGITLIKE + "&])", re.S)


def _markup_between(m: re.Match[str]) -> str:
    return " " if any(t.lower() in _BLOCK for t in _TAG_NAME.findall(m.group())) else ""


_TAG_NAME = re.compile(r"<(?!!--)/?([A-Za-z][A-Za-z0-9-]*)")


def candidate_windows(text: str, markup: bool = True) -> Iterator[str]:
    """Stretches of ``text`` that may hold a personal number once normalised; the rest of a long page
    never needs normalising. With ``markup``, tags and comments between digits are first dropped
    (inline) or read as a space (block) as a browser shows them."""
    if markup and "<" in text:
        text = _MARKUP_BETWEEN.sub(_markup_between, text)
    for m in _WINDOW.finditer(text):
        w = m.group()
        if len(_DIGITLIKE_RX.findall(w)) + w.count("&#") >= 11:
            a = max(0, m.start() - 1)
            yield text[a:m.end() + 1]


_DIGITLIKE_RX = re.compile("[" + _DIGITLIKE + "]")


def _exotic_pattern() -> re.Pattern[str]:
    """Every non-ASCII character that can read as a digit or stand inside a number (searched in the
    decoded text: a class of characters is several times faster there than its UTF-8 alternatives).
    Any character beyond the BMP counts (mathematical and other digits live there; NFKC reads them
    as 0–9): such pages are rare and are read whole."""
    chars = {ch for ch in map(chr, range(0x80, 0x10000)) if re.fullmatch("[" + _DIGITLIKE + _JOINER + "]", ch)}
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(chars)) + "\U00010000-\U0010ffff]")


_EXOTIC = _exotic_pattern()
# bytes → a skeleton of the same length: digits read 0, separators a space, markup and entity
# characters kept, everything else ~ (one pass in C)
_SKELETON = bytes((ord("0") if chr(c).isdigit() else ord(" ") if chr(c) in " \t\r\n-.+" else
                   c if chr(c) in "Xx&#;<>/!abcdefABCDEF" else ord("~")) if c < 128 else ord("~")
                  for c in range(256))
# a literal start lets the engine jump from digit to digit; an entity's digits start a window too
_WINDOW_SKELETON = re.compile(rb"0(?:[0 Xx;]|&#?[0-9a-zA-Z]{1,10};?|<[^<>]{0,200}>){10,}")


def candidate_windows_bytes(data: bytes) -> Iterator[bytes]:
    """Stretches of UTF-8 ``data`` that may hold a personal number, fast: a page with no non-ASCII
    digit or separator (most pages) is searched through a one-byte skeleton, any other page is
    returned whole. Read each with ``candidate_windows(window.decode())``."""
    if _EXOTIC.search(data.decode("utf-8", "replace")):
        yield data
        return
    sk = data.translate(_SKELETON)
    for m in _WINDOW_SKELETON.finditer(sk):
        a, b = m.span()
        if sk.count(b"0", a, b) >= 11:
            yield data[max(0, a - 12):b + 1]  # from before an entity the window may start inside


def may_hold_number(text: str) -> bool:
    """Cheap test: every number looked for has at least 11 digits (or is written with entities)."""
    return len(_DIGIT.findall(text)) >= 11 or "&#" in text


def id18_valid(number: str) -> bool:
    """GB 11643-1999: weighted sum of the first 17 digits mod 11 picks the check character; the
    birth date must exist."""
    if not re.fullmatch(r"\d{17}[\dXx]", number):
        return False
    s = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    return _CHECK[s % 11] == number[17].upper() and _date_ok(number[6:14])


def id15_valid(number: str) -> bool:
    """Old 15-digit numbers: area code, YYMMDD birth date (19xx), 3-digit sequence; no check digit."""
    return bool(re.fullmatch(r"\d{15}", number)) and number[0] != "0" and _date_ok("19" + number[6:12])


def _date_ok(yyyymmdd: str) -> bool:
    try:
        d = dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return dt.date(1850, 1, 1) <= d <= dt.date.today()


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def mask(number: str) -> str:
    """Keep the first and last few characters: 3713**********002X, 138****5678."""
    if len(number) == 11:
        return number[:3] + "*" * 4 + number[-4:]
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


# How personal numbers are written in groups (digits per group, an X check character counted):
# mobiles 138 1234 5678 / 138 12345678 / 1381234 5678, with +86 in front; IDs 371327 19900101 0027,
# 371327 19900101 002 X, 3713 2719 9001 0100 27, 371327 1990 0101 0027; old IDs 371327 900101 002;
# cards 6222 0202 0011 2233 (446).
LAYOUTS = frozenset({(3, 4, 4), (3, 8), (7, 4), (2, 3, 4, 4), (2, 11), (2, 3, 8), (6, 8, 4), (6, 8, 3, 1),
                     (4, 4, 4, 4, 2), (6, 4, 4, 4), (6, 6, 3), (4, 4, 4, 4), (4, 4, 4, 4, 1), (4, 4, 4, 4, 3),
                     (6, 10), (6, 13)})

ID, MOBILE, CARD = "id", "mobile", "card"
KIND_LABELS = {ID: "居民身份证号码", MOBILE: "手机号码", CARD: "银行卡号"}


@dataclass(frozen=True)
class Number:
    """A personal number found in normalised text: its kind, its digits, where it stands."""

    kind: str  # id / mobile / card
    digits: str
    start: int
    end: int
    label: str

    @property
    def masked(self) -> str:
        return mask(self.digits)


def _classify(digits: str, plus: bool) -> tuple[str, str, str] | None:
    """(kind, the number, label) when ``digits`` is a personal number as a whole."""
    n = len(digits)
    if n < 11:
        return None
    if n == 18 and id18_valid(digits):
        return ID, digits.upper(), "居民身份证号码"
    if n == 15 and digits.isdigit() and id15_valid(digits):
        return ID, digits, "旧版（15 位）居民身份证号码"
    if not digits.isdigit():
        return None
    if n == 13 and digits.startswith("86") and re.fullmatch(r"1[3-9]\d{9}", digits[2:]):
        return MOBILE, digits[2:], "手机号码"
    if n == 11 and not plus and re.fullmatch(r"1[3-9]\d{9}", digits):
        return MOBILE, digits, "手机号码"
    if 16 <= n <= 19 and not plus and digits[0] in "3456" and luhn_valid(digits):
        return CARD, digits, "银行卡号"
    return None


def find_numbers(text: str, allowed: frozenset[str] = frozenset()) -> list[Number]:
    """Personal numbers in already normalised ``text``; allow-listed numbers are not reported.

    Digit groups joined by one separator are read together only when they are laid out as one of
    these numbers is written (``LAYOUTS``), so lists of figures, dates and table cells never join.
    """
    found: list[Number] = []
    for m in _GROUPS.finditer(text):
        run = m.group()
        plus = run.startswith("+")
        parts = _SEP.split(run.lstrip("+"))
        # an X check character written apart belongs to the group before it
        if len(parts) > 1 and parts[-1] in ("X", "x"):
            parts[-2] += parts.pop()
        offsets = []
        pos = m.start() + (1 if plus else 0)
        for p in parts:
            offsets.append(pos)
            pos += len(p) + 1
        lens = [len(p) for p in parts]
        i = 0
        while i < len(parts):
            hit = None
            # the longest run of groups from i laid out as these numbers are written (a single
            # group, or one of LAYOUTS): lists of figures never join into a number
            for j in range(min(len(parts), i + 6), i, -1):
                if j - i > 1 and tuple(lens[i:j]) not in LAYOUTS:
                    continue
                kind = _classify("".join(parts[i:j]), plus and i == 0)
                if kind is not None:
                    hit = (j, kind)
                    break
            if hit is None:
                i += 1
                continue
            j, (k, digits, label) = hit
            if digits not in allowed and digits.upper() not in allowed:
                end = offsets[j - 1] + lens[j - 1]
                found.append(Number(k, digits, offsets[i] - (1 if plus and i == 0 else 0), end, label))
            i = j
    return found


_INVISIBLE_RX = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")


def find_invisible(text: str) -> tuple[int, str] | None:
    """The first invisible or bidi-control character of ``text`` (offset, character)."""
    m = _INVISIBLE_RX.search(text)
    return (m.start(), m.group()) if m else None
