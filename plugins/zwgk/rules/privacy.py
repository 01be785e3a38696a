"""Personal information and wording (个人信息与用语): checks over every published text.

A resident ID number (GB 11643-1999, with a valid check character and birth date), an old 15-digit
ID number, a mobile number or a bank-card number (Luhn) must never be published; numbers that must
be public (office lines) are listed in catalogues/public-numbers.yaml. Findings show the masked form.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from .. import diagnostics as dg
from .. import pii
from ..diagnostics import Diagnostic
from ..loading import PathKey, Source
from ..model import Wording


@dataclass(frozen=True)
class Hit:
    """A personal number found in a source string: its rule, the masked number, where it starts
    in the string and the characters it was written with there."""

    rule: dg.Rule
    kind: str
    masked: str
    offset: int
    written: str = ""


_RULES = {pii.ID: dg.ID_NUMBER, pii.MOBILE: dg.MOBILE, pii.CARD: dg.BANK_CARD}


def find_personal_numbers(text: str, allowed: frozenset[str] = frozenset()) -> list[Hit]:
    """ID numbers, mobile numbers and bank-card numbers in ``text`` as a reader would see it
    (see ``pii.normalise``), allow-listed numbers excepted; offsets are into ``text`` itself."""
    if not pii.may_hold_number(text):
        return []
    found = pii.find_numbers(pii.normalise(text), allowed)
    if not found:
        return []
    norm, origin = normalise_mapped(text)
    hits = []
    for n in pii.find_numbers(norm, allowed):
        a, b = origin[n.start], origin[n.end - 1] + 1
        hits.append(Hit(_RULES[n.kind], n.label, n.masked, a, text[a:b]))
    return hits


_TOKEN = re.compile(r"<!--.*?(?:-->|\Z)|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"
                    r"|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});", re.S)


def normalise_mapped(text: str) -> tuple[str, list[int]]:
    """``pii.normalise`` that also says, for each character of the result, where it came from."""
    out: list[str] = []
    origin: list[int] = []

    def plain(a: int, b: int) -> None:
        for i in range(a, b):
            for ch in unicodedata.normalize("NFKC", text[i]):
                if ch not in pii.INVISIBLE:
                    out.append(ch)
                    origin.append(i)

    pos = 0
    for m in _TOKEN.finditer(text):
        plain(pos, m.start())
        tok = m.group()
        if tok.startswith("&"):
            for ch in unicodedata.normalize("NFKC", html.unescape(tok)):
                if ch not in pii.INVISIBLE:
                    out.append(ch)
                    origin.append(m.start())
        elif tok.startswith("<") and not tok.startswith("<!--"):
            name = tok.strip("</>").split()[0].lower() if tok.strip("</>") else ""
            if name in _BLOCK_NAMES:
                out.append(" ")
                origin.append(m.start())
        pos = m.end()
    plain(pos, len(text))
    return "".join(out), origin


_BLOCK_NAMES = pii._BLOCK


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
    """The finding for one number; the number itself appears only masked."""
    return dg.make(hit.rule, file, line, col,
                   f"含有{hit.kind} {hit.masked}：公开的信息中不得出现个人信息，请删除或做去标识化处理；"
                   "确需公开的单位电话请登记在 catalogues/public-numbers.yaml")


def wording_diagnostic(file: str, line: int, col: int, w: Wording) -> Diagnostic:
    note = f"（{w.note}）" if w.note else ""
    return dg.make(dg.WORDING, file, line, col, f"「{w.wrong}」应为「{w.right}」{note}", w.severity)


def is_clean(value: str, allowed: frozenset[str], wordings: tuple[Wording, ...]) -> bool:
    """Whether :func:`check_value` finds nothing in ``value``, wherever it stands (the caller
    remembers the answer per text; the memos keep only what has findings)."""
    return not _personal.__wrapped__(value, allowed) and not _wordings.__wrapped__(value, wordings)


def check_value(src: Source, path: PathKey, value: str, allowed: frozenset[str],
                wordings: tuple[Wording, ...]) -> Iterator[Diagnostic]:
    """Privacy and wording findings for one string of a source."""
    for hit in _personal(value, allowed):
        line, col = src.find(_first_line(hit.written), path)
        yield personal_diagnostic(src.path, line, col, hit)
    for w in _wordings(value, wordings):
        line, col = src.find(w.wrong, path)  # first place in this value
        yield wording_diagnostic(src.path, line, col, w)


def _first_line(written: str) -> str:
    """What to look for in the file: the number's first line as written (a value may span lines)."""
    return written.split("\n", 1)[0].strip() or written


@functools.lru_cache(maxsize=65536)
def _personal(text: str, allowed: frozenset[str]) -> tuple[Hit, ...]:
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


def check_file_name(file: str, allowed: frozenset[str]) -> Iterator[Diagnostic]:
    """A published file's name is published text too (it is in every link to it)."""
    for hit in find_personal_numbers(file.replace("/", " / "), allowed):
        yield dg.make(hit.rule, file, 1, 1,
                      f"文件名中有{hit.kind} {hit.masked}：文件名会出现在网址中，请改名")
