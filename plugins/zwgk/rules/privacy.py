"""Personal information and wording (个人信息与用语): checks over every published text.

A resident ID number (GB 11643-1999, with a valid check character and birth date), an old 15-digit
ID number, a mobile number or a bank-card number (Luhn) must never be published; numbers that must
be public (office lines) are listed in catalogues/public-numbers.yaml. Findings show the masked form.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .. import diagnostics as dg
from ..diagnostics import Diagnostic
from ..loading import PathKey, Source
from ..model import Wording

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ID18 = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z])(\d{15})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z])(1[3-9]\d{9})(?![0-9A-Za-z])")
_CARD = re.compile(r"(?<![0-9A-Za-z])((?:\d[ -]?){15,18}\d)(?![0-9A-Za-z])")


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


@dataclass(frozen=True)
class Hit:
    rule: dg.Rule
    kind: str
    masked: str
    offset: int


def find_personal_numbers(text: str, allowed: frozenset[str] = frozenset()) -> list[Hit]:
    """ID numbers, mobile numbers and bank-card numbers in ``text`` (allow-listed numbers excepted)."""
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for m in _ID18.finditer(text):
        if id18_valid(m.group(1)) and m.group(1).upper() not in allowed:
            hits.append(Hit(dg.ID_NUMBER, "居民身份证号码", mask(m.group(1).upper()), m.start()))
            taken.append(m.span())
    for m in _ID15.finditer(text):
        if free(*m.span()) and id15_valid(m.group(1)) and m.group(1) not in allowed:
            hits.append(Hit(dg.ID_NUMBER, "旧版（15 位）居民身份证号码", mask(m.group(1)), m.start()))
            taken.append(m.span())
    for m in _CARD.finditer(text):
        digits = re.sub(r"[ -]", "", m.group(1))
        if (free(*m.span()) and 16 <= len(digits) <= 19 and digits[0] in "3456"
                and luhn_valid(digits) and digits not in allowed):
            hits.append(Hit(dg.BANK_CARD, "银行卡号", mask(digits), m.start()))
            taken.append(m.span())
    for m in _MOBILE.finditer(text):
        if free(*m.span()) and m.group(1) not in allowed:
            hits.append(Hit(dg.MOBILE, "手机号码", mask(m.group(1)), m.start()))
    return sorted(hits, key=lambda h: h.offset)


def find_wording(text: str, wordings: list[Wording]) -> Iterator[tuple[int, Wording]]:
    for w in wordings:
        start = text.find(w.wrong)
        while start != -1:
            yield start, w
            start = text.find(w.wrong, start + 1)


def line_col(text: str, offset: int, line: int, col: int) -> tuple[int, int]:
    """Position of ``offset`` inside a value that starts at (line, col) in its file."""
    before = text[:offset]
    nl = before.count("\n")
    if nl == 0:
        return line, col + offset
    return line + nl, offset - before.rfind("\n")


def personal_diagnostic(file: str, line: int, col: int, hit: Hit) -> Diagnostic:
    return dg.make(hit.rule, file, line, col,
                   f"含有{hit.kind} {hit.masked}：公开的信息中不得出现个人信息，请删除或做去标识化处理；"
                   "确需公开的单位电话请登记在 catalogues/public-numbers.yaml")


def wording_diagnostic(file: str, line: int, col: int, w: Wording) -> Diagnostic:
    note = f"（{w.note}）" if w.note else ""
    return dg.make(dg.WORDING, file, line, col, f"「{w.wrong}」应为「{w.right}」{note}", w.severity)


_ANY_LONG_NUMBER = re.compile(r"\d{11}|\d(?:[ -]?\d){14}")


def check_value(src: Source, path: PathKey, value: str, allowed: frozenset[str],
                wordings: tuple[Wording, ...]) -> Iterator[Diagnostic]:
    """Privacy and wording findings for one string of a source."""
    for hit in _personal(value, allowed):
        line, col = src.find(_raw(value, hit), path)
        yield personal_diagnostic(src.path, line, col, hit)
    for w in _wordings(value, wordings):
        line, col = src.find(w.wrong, path)  # first place in this value
        yield wording_diagnostic(src.path, line, col, w)


@functools.lru_cache(maxsize=65536)
def _personal(text: str, allowed: frozenset[str]) -> tuple[Hit, ...]:
    if not _ANY_LONG_NUMBER.search(text):  # every number we look for has 11 digits or more
        return ()
    return tuple(find_personal_numbers(text, allowed))


@functools.lru_cache(maxsize=65536)
def _wordings(text: str, wordings: tuple[Wording, ...]) -> tuple[Wording, ...]:
    return tuple({w.wrong: w for _, w in find_wording(text, list(wordings))}.values())


def check_page(file: str, text: str, allowed: frozenset[str], wordings: list[Wording]) -> Iterator[Diagnostic]:
    """Privacy and wording findings over a hand-written Markdown page."""
    for hit in find_personal_numbers(text, allowed):
        line, col = line_col(text, hit.offset, 1, 1)
        yield personal_diagnostic(file, line, col, hit)
    for offset, w in find_wording(text, wordings):
        line, col = line_col(text, offset, 1, 1)
        yield wording_diagnostic(file, line, col, w)


def _raw(value: str, hit: Hit) -> str:
    """The characters of the number as written in the value (what to look for in the file)."""
    m = re.match(r"[\dXx -]+", value[hit.offset:])
    return (m.group(0) if m else value[hit.offset:hit.offset + 11]).rstrip(" -")
