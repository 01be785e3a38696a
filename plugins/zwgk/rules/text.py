"""Rules over any published text: garbled text (表格乱码) and placeholders (占位文字)."""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator

from .. import diagnostics as dg
from ..diagnostics import Diagnostic
from ..loading import PathKey, Source

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_CJK_RUN = re.compile(r"[^\x00-\x7f\s]{2,}")
# Latin-1 / cp1252 read of UTF-8: runs of accented Latin letters and C1/cp1252 punctuation.
_LATIN_RUN = re.compile(r"[\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
                        r"\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
                        r"\u20ac\u2122\u0080-\u009f]{3,}")
_KNOWN = re.compile(r"锟斤拷|烫烫烫|屯屯屯|\ufffd")

_PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])|ＸＸ|××|〇〇|○○|△△|\*{3,}|^\*+$|＊{2,}"
    r"|待填写|待补充|请填写|此处填写|在此填写|填写说明|（略）|\(略\)|TODO|TBD"
)


def _prone_chars() -> frozenset[str]:
    """Characters whose GBK encoding starts with E4–E9 (UTF-8 lead bytes): they begin about a third
    of the characters of UTF-8 read as GBK, and are rare in genuine text."""
    out = set()
    for lead in range(0xE4, 0xEA):
        for trail in range(0x40, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                out.add(bytes([lead, trail]).decode("gbk"))
    return frozenset(out)


_PRONE = _prone_chars()


@functools.lru_cache(maxsize=65536)
def garbled_kind(text: str) -> str | None:
    """Say what kind of garbling ``text`` shows, or ``None`` when it reads as normal text."""
    m = _KNOWN.search(text)
    if m:
        what = "替换字符「�」" if m.group() == "\ufffd" else f"「{m.group()}」"
        return f"含有{what}，原文在转换时已损坏"
    for run in _LATIN_RUN.findall(text):
        for codec in ("cp1252", "latin-1"):
            try:
                fixed = run.encode(codec).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if _CJK.search(fixed):
                return f"「{run[:12]}」是 UTF-8 文字被按 Latin-1 错读的乱码（原文应为「{fixed[:8]}」）"
    if _PRONE.isdisjoint(text):
        return None
    for run in _CJK_RUN.findall(text):
        try:
            raw = run.encode("gbk")
        except UnicodeEncodeError:
            continue
        decoded = raw.decode("utf-8", errors="replace")
        good = len(_CJK.findall(decoded))
        bad = decoded.count("\ufffd")
        # UTF-8 lead bytes E4-E9 are rare GB2312 level-2 leads in genuine text but begin about a
        # third of the characters of mojibake; and mojibake re-read as UTF-8 gives text back.
        leads = sum(1 for ch in run if 0xE4 <= ch.encode("gbk")[0] <= 0xE9)
        if good >= 2 and good >= bad and leads * 4 >= len(run):
            guess = decoded.replace("\ufffd", "")[:8]
            return f"「{run[:12]}」是 UTF-8 文字被按 GBK 错读的乱码（原文可能是「{guess}」）"
    return None


@functools.lru_cache(maxsize=65536)
def placeholder(text: str) -> str | None:
    m = _PLACEHOLDER.search(text)
    return m.group() if m else None


_SKIP_KEYS = {"portal_url", "id", "url", "link"}


def check_value(src: Source, path: PathKey, value: str) -> Iterator[Diagnostic]:
    """Garbled and placeholder findings for one string of a source, at the line they stand on."""
    if path and path[-1] in _SKIP_KEYS:
        return
    kind = garbled_kind(value)
    if kind:
        yield src.diag(dg.GARBLED, path, f"表格乱码：{kind}。请从原始文件重新复制，并以 UTF-8 保存")
    ph = placeholder(value)
    if ph:
        line, col = src.find(ph, path)  # inside a block value the mark is the "|" line
        yield dg.make(dg.PLACEHOLDER, src.path, line, col,
                      f"含有占位文字「{ph}」：请填写实际内容，确实无内容的请删除该项或写明原因")
