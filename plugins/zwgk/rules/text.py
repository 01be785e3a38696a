"""Rules over any published text: garbled text (表格乱码) and placeholders (占位文字)."""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator

from .. import diagnostics as dg
from .. import model as m
from .. import pii
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
        # GBK (Windows Chinese) text read as Latin-1: 社会救助 → Éç»á¾ÈÖú
        try:
            fixed = run.encode("latin-1").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if len(_CJK.findall(fixed)) >= 2 and len(_CJK.findall(fixed)) * 2 >= len(fixed):
            return f"「{run[:12]}」是 GBK 编码的中文被按 Latin-1 错读的乱码（原文应为「{fixed[:8]}」）"
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
            guess = _strict_guess(raw)
            hint = f"（原文可能是「{guess[:8]}」）" if guess else "（原文已无法还原，请从原始文件重新复制）"
            return f"「{run[:12]}」是 UTF-8 文字被按 GBK 错读的乱码{hint}"
    return None


def _strict_guess(raw: bytes) -> str | None:
    """What mojibake bytes said before they were misread, when that can be told for certain: a
    strict decode (dropping at most the bytes of one character cut at either end)."""
    for a in range(0, 3):
        for b in range(len(raw), max(len(raw) - 3, a), -1):
            try:
                text = raw[a:b].decode("utf-8")
            except UnicodeDecodeError:
                continue
            if _CJK.search(text):
                return text
    return None


@functools.lru_cache(maxsize=65536)
def placeholder(text: str) -> str | None:
    m = _PLACEHOLDER.search(text)
    return m.group() if m else None


_SKIP_KEYS = {"portal_url", "id", "url", "link"}
_CHAR_NAMES = {"\u200b": "零宽空格", "\u200c": "零宽非连接符", "\u200d": "零宽连接符", "\u200e": "从左到右标记",
               "\u200f": "从右到左标记", "\u202a": "从左到右嵌入", "\u202b": "从右到左嵌入", "\u202c": "方向格式结束",
               "\u202d": "从左到右强制", "\u202e": "从右到左强制", "\u2066": "从左到右隔离", "\u2067": "从右到左隔离",
               "\u2068": "方向隔离", "\u2069": "方向隔离结束", "\u00ad": "软连字符", "\ufeff": "零宽不换行空格",
               "\u2060": "单词连接符", "\u061c": "阿拉伯字母标记", "\u180e": "蒙古文元音分隔符"}


def is_clean(value: str) -> bool:
    """Whether :func:`check_value` finds nothing in ``value``, wherever it stands (the caller
    remembers the answer per text; the memos keep only what has findings)."""
    return (not garbled_kind.__wrapped__(value) and pii.find_invisible(value) is None
            and placeholder.__wrapped__(value) is None)


def check_value(src: Source, path: PathKey, value: str) -> Iterator[Diagnostic]:
    """Garbled and placeholder findings for one string of a source, at the line they stand on."""
    kind = garbled_kind(value)
    inv = None if kind else pii.find_invisible(value)  # mojibake is full of soft hyphens: one finding
    if inv is not None:
        offset, ch = inv
        line, col = src.at(path)
        yield dg.make(dg.INVISIBLE, src.path, line, col,
                      f"第 {offset + 1} 个字符后有看不见的「{_CHAR_NAMES.get(ch, '控制字符')}」（U+{ord(ch):04X}）："
                      "它会让文字显示得和实际不同（如伪装成另一个单位名称），请删除后重新输入")
    if path and path[-1] in _SKIP_KEYS:
        return
    if kind:
        yield src.diag(dg.GARBLED, path, f"表格乱码：{kind}。请从原始文件重新复制，并以 UTF-8 保存")
    ph = placeholder(value)
    if ph:
        line, col = src.find(ph, path)  # inside a block value the mark is the "|" line
        yield dg.make(dg.PLACEHOLDER, src.path, line, col,
                      f"含有占位文字「{ph}」：请填写实际内容，确实无内容的请删除该项或写明原因")


def check_page(file: str, page: str) -> Iterator[Diagnostic]:
    """Invisible and bidi characters in a hand-written page, at their line."""
    inv = pii.find_invisible(page)
    if inv is not None:
        offset, ch = inv
        line = page.count("\n", 0, offset) + 1
        col = offset - (page.rfind("\n", 0, offset) + 1) + 1
        yield dg.make(dg.INVISIBLE, file, line, col,
                      f"此处有看不见的「{_CHAR_NAMES.get(ch, '控制字符')}」（U+{ord(ch):04X}）：它会让文字显示得和实际不同，请删除")


_MARKUP = re.compile(r"[<>\"`]|&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?(?=\S)")


def markup_problem(value: str) -> str | None:
    """Why ``value`` cannot be a name or title that MkDocs and Material print as it is, or None."""
    if "\n" in value.strip() or "\r" in value:
        return "含有换行：名称和标题只能是一行文字"
    m = _MARKUP.search(value)
    if m:
        return f"含有 HTML 标记字符「{m.group()[:8]}」：名称和标题只能是文字（不能含 < > \" ` 和 &…; 这样的写法）"
    return None


def check_names(project_sources: dict[str, Source], registry: m.Registry,
                named: list[tuple[Source, PathKey, str]]) -> Iterator[Diagnostic]:
    """Names and titles that reach MkDocs (page titles, navigation, descriptions): one line, no
    markup, and no second unit or domain that only looks the same."""
    for src, path, value in named:
        bad = markup_problem(value)
        if bad:
            yield src.diag(dg.MARKUP_IN_NAME, path, f"「{value[:30]}」{bad}")
    yield from _look_alikes(registry)


# Letters of other scripts that look like Latin ones, and forms NFKC leaves alone
_CONFUSABLE = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "α": "a", "ο": "o", "ρ": "p", "Α": "A", "Β": "B", "Ε": "E",
    "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y",
    "Χ": "X", "〇": "零", "０": "0", "—": "-", "－": "-", "‐": "-", "‑": "-", "–": "-",
})


def fold(name: str) -> str:
    """A name as it reads: NFKC (full-width forms, Kangxi radicals, compatibility ideographs),
    look-alike letters of other scripts folded, invisible characters and spaces removed."""
    import unicodedata
    text = unicodedata.normalize("NFKC", name).translate(_CONFUSABLE)
    return "".join(ch for ch in text if ch not in pii.INVISIBLE and not ch.isspace())


def _look_alikes(registry: m.Registry) -> Iterator[Diagnostic]:
    src = registry.sources.get("units")
    if src is None:
        return
    seen: dict[str, tuple[int, str]] = {}
    for i, u in enumerate(registry.units):
        for j, name in enumerate(u.names):
            key = fold(name)
            first = seen.get(key)
            if first is not None and first[1] != name and first[0] != i:
                path: PathKey = ("units", i, "name") if j == 0 else ("units", i, "aliases", j - 1)
                yield src.diag(dg.REGISTRY, path,
                               f"名称「{name}」与「{first[1]}」看起来相同（只是用了全角、部首、其他文字的形近字母或看不见的字符）："
                               "同一个名称只能登记一次，请改用规范写法")
            seen.setdefault(key, (i, name))
