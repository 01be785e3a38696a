"""Strict YAML loading (读取): UTF-8 only, no duplicate keys, every value keeps its position.

PyYAML's own loaders silently keep the last of two equal keys and forget where a value came from.
Here libyaml (``CSafeLoader``) composes the node graph and a small walker builds plain Python
values, recording the 1-based line and column of every value and every mapping key, keyed by the
value's path (``("items", 3, "basis", 0)``).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import diagnostics as dg
from .diagnostics import Diagnostic

try:  # libyaml is much faster; the pure-Python loader is the fallback on odd platforms
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

PathKey = tuple[str | int, ...]
Mark = tuple[int, int]
# A position as kept for each of the half million values of a city's sources: line and column packed
# in one int (a third of the memory of a tuple of two ints); ``Source.at`` gives it back as a Mark.
_LINE = 32
_COL = (1 << _LINE) - 1


def pack(line: int, col: int) -> int:
    """A 1-based position as ``Source.marks`` keeps it."""
    return (line << _LINE) | col

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64

_STR = "tag:yaml.org,2002:str"
_ScalarNode = yaml.ScalarNode
_IMPLICIT = _Loader.yaml_implicit_resolvers
# PyYAML's resolver looks up the implicit tags by a plain scalar's first character; a value whose
# first character starts none of them (every Chinese cell) is text, and so is every quoted value.
# Said here without the general resolver's work for each of a city's half million scalars, as long
# as no resolver applies to every character and no path resolvers are registered (both hold for
# the safe loader; checked once).
_QUICK_TEXT = None not in _IMPLICIT and not _Loader.yaml_path_resolvers


_RESOLVED: dict[str, str] = {}  # other plain scalars (field names, dates, numbers): their tag, by text


class _ComposeLoader(_Loader):
    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is _ScalarNode and _QUICK_TEXT:
            if not implicit[0] or (value and value[0] not in _IMPLICIT):
                return self.DEFAULT_SCALAR_TAG
            tag = _RESOLVED.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
                if len(_RESOLVED) < 20_000:
                    _RESOLVED[value] = tag
            return tag
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]


_constructor = yaml.constructor.SafeConstructor()


@dataclass
class Source:
    """One loaded YAML file: its data and where each value and key stands in the file."""

    path: str
    data: Any
    marks: dict[PathKey, int] = field(default_factory=dict)  # packed positions, see pack()
    text: str = ""  # the decoded file, for findings inside multi-line values
    # every string value, in file order: two lists rather than a list of pairs (a city's sources
    # hold 160 000 strings; see ``strings``)
    string_paths: list[PathKey] = field(default_factory=list)
    string_values: list[str] = field(default_factory=list)
    key_marks: dict[PathKey, int] = field(default_factory=dict)

    @property
    def strings(self) -> Iterator[tuple[PathKey, str]]:
        """Every string value with its path, in file order."""
        return zip(self.string_paths, self.string_values, strict=True)

    def add_string(self, path: PathKey, value: str) -> None:
        self.string_paths.append(path)
        self.string_values.append(value)

    def at(self, path: PathKey) -> Mark:
        """Position of the value at ``path``, or of its nearest enclosing value."""
        while path:
            m = self.marks.get(path)
            if m is not None:
                return m >> _LINE, m & _COL
            path = path[:-1]
        m = self.marks.get(())
        return (1, 1) if m is None else (m >> _LINE, m & _COL)

    def find(self, needle: str, path: PathKey) -> Mark:
        """Where ``needle`` is written in the file, searching the lines of the value at ``path``;
        inside a block or quoted value this is the exact line, which the value's own mark is not."""
        line, col = self.at(path)
        lines = self._lines()
        value = self.get(path)
        # the value's own lines (and one more for a block scalar's indicator line): never the whole
        # rest of the file, so many findings in one file stay linear
        span = (value.count("\n") + 2) if isinstance(value, str) else 1
        for i in range(line - 1, min(len(lines), line - 1 + span)):
            k = lines[i].find(needle)
            if k != -1:
                return i + 1, k + 1
        return line, col

    def _lines(self) -> list[str]:
        lines = self.__dict__.get("_lines_cache")
        if lines is None:
            lines = self.__dict__["_lines_cache"] = self.text.splitlines()
        return lines

    def get(self, path: PathKey) -> Any:
        """The value at ``path``, or ``None`` when the path does not exist."""
        value = self.data
        for p in path:
            try:
                value = value[p]
            except (KeyError, IndexError, TypeError):
                return None
        return value

    def key_at(self, path: PathKey) -> Mark:
        """Position of the key whose value is at ``path`` (falls back to the value)."""
        m = self.key_marks.get(path)
        return self.at(path) if m is None else (m >> _LINE, m & _COL)

    def diag(self, r: dg.Rule, path: PathKey, message: str, *, key: bool = False,
             severity: dg.Severity | None = None) -> Diagnostic:
        """A diagnostic of rule ``r`` at the value (or key) at ``path``."""
        line, col = self.key_at(path) if key else self.at(path)
        return dg.make(r, self.path, line, col, message, severity)


class LoadError(Exception):
    """A source that cannot be read at all; carries the rule, position and Chinese message."""

    def __init__(self, rule: dg.Rule, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.rule, self.line, self.col, self.message = rule, line, col, message


def decode(raw: bytes) -> str:
    """Decode UTF-8 (with or without BOM) or raise ``LoadError`` saying which encoding it looks like."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(dg.NOT_UTF8, 1, 1,
                       "文件是 UTF-16 编码（Excel「Unicode 文本」常见）：请用记事本打开，"
                       "「另存为」时编码选择「UTF-8」")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            what = "文件不是有效的 UTF-8 编码"
        else:
            what = "文件是 GBK/GB18030 编码，不是 UTF-8"
        raise LoadError(dg.NOT_UTF8, line, col,
                       f"{what}（第 {line} 行起无法按 UTF-8 读取）：请用记事本或 VS Code 打开，"
                       "「另存为」时编码选择「UTF-8」后再提交") from None


# What an editor typing with a Chinese input method puts where YAML needs ASCII (and the one ASCII
# slip as common: a list dash without its space). Each pattern's group 1 is the offending character;
# they are looked for next to a syntax error, where they are the cause far more often than what the
# parser names.
_FW_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_FULL_WIDTH: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"^ *(\u3000)[ \u3000]*(?:[-－][ \u3000]|{_FW_KEY}[ \u3000]*[:：])"),
     "第 {line} 行第 {col} 列的缩进用了全角空格：YAML 只认英文（半角）空格，请删掉它，改用英文空格缩进"),
    (re.compile(rf"^[ \u3000]*(?:[-－][ \u3000]+)?{_FW_KEY}[ \u3000]*(：)"),
     "第 {line} 行第 {col} 列的「：」是全角冒号：请改成英文冒号「:」后加一个空格"),
    (re.compile(rf"^[ \u3000]*(?:-[ \u3000]+)?{_FW_KEY}:(\u3000)"),
     "第 {line} 行第 {col} 列冒号后是全角空格：请改成英文（半角）空格"),
    # 【 is left out here: 「【重要】……」 is ordinary text (the list 【甲，乙】 is ZW010's)
    (re.compile(r"(?:^[ ]*-[ \u3000]+|:[ \u3000]+)(［)"),
     "第 {line} 行第 {col} 列的「{char}」是全角方括号：列表请用英文方括号「[ ]」，各项之间用英文逗号「,」加空格分隔"),
    (re.compile(r"(?:^[ ]*-[ \u3000]+|:[ \u3000]+)(｛)"),
     "第 {line} 行第 {col} 列的「{char}」是全角花括号：请改成英文花括号「{{ }}」，各项之间用英文逗号「,」加空格分隔"),
    (re.compile(r"\[[^\]]*?([］】])"), "第 {line} 行第 {col} 列的「{char}」是全角方括号：请改成英文方括号「]」"),
    (re.compile(r"\{[^}]*?(｝)"), "第 {line} 行第 {col} 列的「{char}」是全角花括号：请改成英文花括号「}}」"),
    (re.compile(r"[\[{](?:[^\]}《]|《[^》]*》)*?(，)"),  # a comma inside 《title》 is the title's
     "第 {line} 行第 {col} 列的「，」是中文逗号：方括号或花括号内的各项请用英文逗号「,」加空格分隔"),
    (re.compile(rf"^ *(-)(?:{_FW_KEY}:|[\u4e00-\u9fff])"),
     "第 {line} 行第 {col} 列的「-」后面缺少空格：列表的每一项写成「- 内容」（短横线后加一个英文空格）"),
)


def _slip(text: str, line: int, start_line: int) -> tuple[int, int, str] | None:
    """A full-width stand-in for YAML punctuation (or a dash without its space) next to a syntax
    error: on the line where the broken construct began, else on the error's line or the two
    written lines before it (blank lines and comments skipped), nearest first."""
    lines = text.splitlines()
    order: list[int] = []
    n = min(line, len(lines))
    while n >= 1 and len(order) < 3:
        written = lines[n - 1].strip()
        if written and not written.startswith("#"):
            order.append(n)
        n -= 1
    if start_line in range(n + 1, min(line, len(lines)) + 1):
        order.insert(0, start_line)
    for n in order:
        hits = [(m.start(1), msg, m.group(1)) for pattern, msg in _FULL_WIDTH
                if (m := pattern.search(lines[n - 1])) is not None]
        if hits:
            i, msg, char = min(hits, key=lambda h: h[0])
            return n, i + 1, msg.format(line=n, col=i + 1, char=char)
    return None


# Every problem libyaml reports, in Chinese: (the problem's words, rule, what to do, whether the place
# to show is where the construct began (the context mark) rather than where the parser gave up).
# {start} is the line where the construct began.
_TAB = "此处有制表符（Tab）：YAML 只能用空格缩进，请把 Tab 换成空格"
_ESCAPE = "双引号内的反斜杠「\\」构成了无效转义：请改用单引号，或去掉反斜杠"
_DIRECTIVE = "以「%」开头的行是 YAML 指令，本项目不使用：请删除这一行；文字以 % 开头时请给整段文字加英文引号"
_TAG = "以「!」开头的标记（YAML 标签）本项目不支持：请去掉「!」；文字以 ! 开头时请给整段文字加英文引号"
_BLOCK_HEADER = "「|」或「>」后面只能写「-」「+」或一位缩进数字，内容请从下一行开始并缩进"
_PROBLEMS: tuple[tuple[str, dg.Rule, str, bool], ...] = (
    ("could not find expected ':'", dg.YAML_SYNTAX,
     "缺少「: 」：字段名后应有英文冒号「:」和一个空格（多行文字请用「|」）", True),
    ("mapping values are not allowed", dg.YAML_SYNTAX,
     "此处不能出现「: 」：若文字本身含冒号，请给整段文字加英文引号；否则请检查本行和上一行的缩进", False),
    ("mapping keys are not allowed", dg.YAML_SYNTAX,
     "此处不能出现「? 」：文字以问号开头时请给整段文字加英文引号", False),
    ("block sequence entries are not allowed", dg.YAML_SYNTAX,
     "此处不能开始「- 」列表：列表应从字段名的下一行开始并缩进；文字以「-」开头时请加英文引号", False),
    ("did not find expected key", dg.YAML_SYNTAX, "缩进不一致：同一层级的字段应左对齐（与第 {start} 行对齐）", False),
    ("did not find expected '-' indicator", dg.YAML_SYNTAX, "缩进不一致：列表各项的「- 」应左对齐（与第 {start} 行对齐）", False),
    ("did not find expected node content", dg.YAML_SYNTAX,
     "此处缺少内容，或有多余的符号：请检查「- 」「: 」「,」后面是否写了内容", False),
    ("did not find expected ',' or ']'", dg.YAML_SYNTAX,
     "第 {start} 行的方括号列表没有正确结束：请检查是否缺少「]」；某一项含英文逗号或冒号时请给这一项加英文引号", False),
    ("did not find expected ',' or '}'", dg.YAML_SYNTAX,
     "第 {start} 行的花括号没有正确结束：请检查是否缺少「}}」；某一项含英文逗号或冒号时请给这一项加英文引号", False),
    ("found unexpected ':'", dg.YAML_SYNTAX,
     "方括号或花括号内不能直接写「:」：含冒号的一项请加英文引号", False),
    ("did not find expected <document start>", dg.YAML_SYNTAX,
     "文件在此处已经结束，后面的内容无法读取：请检查是否有多余的「...」或「---」，或本行的缩进", False),
    ("found unexpected document indicator", dg.YAML_SYNTAX,
     "第 {start} 行开始的引号没有闭合：请补上结束的引号", True),
    ("found unexpected end of stream", dg.YAML_SYNTAX,
     "第 {start} 行开始的引号没有闭合，一直读到了文件末尾：请补上结束的引号", True),
    ("found character that cannot start any token", dg.YAML_SYNTAX,
     "此处的字符（如「@」「`」）不能作为文字的开头：请给整段文字加英文引号", False),
    ("tab character", dg.YAML_SYNTAX, _TAB, False),
    ("found unknown escape character", dg.YAML_SYNTAX, _ESCAPE, False),
    ("did not find expected hexdecimal number", dg.YAML_SYNTAX, _ESCAPE, False),
    ("found invalid Unicode character escape code", dg.YAML_SYNTAX, _ESCAPE, False),
    ("did not find expected alphabetic or numeric character", dg.ALIAS,
     "「&」或「*」后面缺少名称：本项目不支持 YAML 锚点和别名；文字以 & 或 * 开头时请给整段文字加英文引号", False),
    ("found undefined alias", dg.ALIAS, "使用了未定义的别名（*）：本项目不支持 YAML 锚点和别名；"
                                        "文字以 * 开头时请给整段文字加英文引号", False),
    ("found duplicate anchor", dg.ALIAS, "使用了 YAML 锚点（&）：本项目不支持锚点和别名", False),
    ("found an indentation indicator equal to 0", dg.YAML_SYNTAX, _BLOCK_HEADER, False),
    ("found unknown directive name", dg.YAML_SYNTAX, _DIRECTIVE, True),
    ("could not find expected directive name", dg.YAML_SYNTAX, _DIRECTIVE, True),
    ("found unexpected non-alphabetical character", dg.YAML_SYNTAX, _DIRECTIVE, True),
    ("did not find expected digit or '.' character", dg.YAML_SYNTAX, _DIRECTIVE, True),
    ("found extremely long version number", dg.YAML_SYNTAX, _DIRECTIVE, True),
    ("did not find expected version number", dg.YAML_SYNTAX, _DIRECTIVE, True),
    ("found duplicate %YAML directive", dg.YAML_SYNTAX, _DIRECTIVE, True),
    ("found duplicate %TAG directive", dg.YAML_SYNTAX, _DIRECTIVE, True),
    ("found incompatible YAML document", dg.YAML_SYNTAX, _DIRECTIVE, True),
    ("did not find the expected '>'", dg.YAML_SYNTAX, _TAG, True),
    ("did not find expected '!'", dg.YAML_SYNTAX, _TAG, True),
    ("did not find expected tag URI", dg.YAML_SYNTAX, _TAG, True),
    ("did not find URI escaped octet", dg.YAML_SYNTAX, _TAG, True),
    ("found an incorrect leading UTF-8 octet", dg.YAML_SYNTAX, _TAG, True),
    ("found an incorrect trailing UTF-8 octet", dg.YAML_SYNTAX, _TAG, True),
    ("found undefined tag handle", dg.YAML_SYNTAX, _TAG, True),
    ("control characters are not allowed", dg.CONTROL_CHAR, "文件含有不可见的控制字符：请删除后重新保存", False),
    ("special characters are not allowed", dg.CONTROL_CHAR, "文件含有不可见的控制字符：请删除后重新保存", False),
    ("invalid Unicode character", dg.CONTROL_CHAR, "文件含有无效的字符：请删除后重新保存", False),
    ("UTF-8", dg.NOT_UTF8, "文件不是有效的 UTF-8 编码：请用记事本打开，「另存为」时编码选择「UTF-8」", False),
    ("UTF-16", dg.NOT_UTF8, "文件不是有效的 UTF-8 编码：请用记事本打开，「另存为」时编码选择「UTF-8」", False),
    ("input is too long", dg.TOO_LARGE, "文件过大，无法读取：请把内容拆分到多个文件", False),
)
_COMMENT_OR_BREAK = ("did not find expected comment or line break", "did not find expected whitespace")


def _yaml_error(e: yaml.YAMLError, text: str) -> LoadError:
    """A parser error as an editor can act on it: where the mistake is, in Chinese, never the
    parser's English. Full-width punctuation near the error is named first: it is the usual cause."""
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    context = getattr(e, "context_mark", None)
    problem = str(getattr(e, "problem", None) or "")
    if isinstance(e, yaml.reader.ReaderError):  # a byte offset into the UTF-8 text, not a mark
        problem = str(e.reason)
        i = len(text.encode("utf-8")[: e.position].decode("utf-8", "ignore"))
        line, col = text.count("\n", 0, i) + 1, i - (text.rfind("\n", 0, i) + 1) + 1
    else:
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    start_line, start_col = (context.line + 1, context.column + 1) if context is not None else (line, col)
    slip = _slip(text, line, start_line)
    if slip is not None:
        return LoadError(dg.YAML_SYNTAX, *slip)
    hint, rule, at_start = None, dg.YAML_SYNTAX, False
    for needle, r, h, s in _PROBLEMS:
        if needle in problem:
            hint, rule, at_start = h, r, s
            break
    if "cannot start any token" in problem:
        char = _char_at(text, line, col)
        hint = _TAB if char == "\t" else (f"此处的「{char}」不能作为文字的开头：请给整段文字加英文引号"
                                          if char.strip() else hint)
    elif "did not find expected key" in problem and context is not None and start_line == line:
        hint = "本行多出了内容：用引号括起的文字后面不能再接别的文字，请把整段文字都放进引号里，或去掉引号"
    if hint is None and any(p in problem for p in _COMMENT_OR_BREAK):
        what = str(getattr(e, "context", None) or "")
        if "block scalar" in what:
            hint = _BLOCK_HEADER
        elif "tag" in what:
            hint = _TAG
        elif "directive" in what:
            hint, at_start = _DIRECTIVE, True
        else:
            hint = "此处应换行：同一行里多写了内容，请检查引号和括号"
    if hint is None:
        hint = "无法识别的写法：请检查本行的缩进、冒号和引号"
    if at_start:
        line, col = start_line, start_col
    if "{start}" in hint:
        hint = hint.format(start=start_line)
    elif context is not None and start_line != line:
        hint += f"（与第 {start_line} 行有关）"
    return LoadError(rule, line, col, f"YAML 语法错误：{hint}" if rule is dg.YAML_SYNTAX else hint)


def _char_at(text: str, line: int, col: int) -> str:
    lines = text.splitlines()
    return lines[line - 1][col - 1] if 0 < line <= len(lines) and 0 < col <= len(lines[line - 1]) else ""


def _alias_mark(text: str) -> tuple[int, int]:
    """Where the first alias (``*name``) stands; composed nodes only remember their anchor."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                return event.start_mark.line + 1, event.start_mark.column + 1
    except yaml.YAMLError:  # pragma: no cover - the text composed fine a moment ago
        pass
    return 1, 1


_FULL_WIDTH_OPEN = {"［": "］", "【": "】", "｛": "｝"}
_FULL_WIDTH_STARTS = tuple(_FULL_WIDTH_OPEN)
_BRACKETS = {"《": "》", "（": "）", "(": ")", "「": "」", "“": "”", "『": "』", "〔": "〕", "［": "］"}


def _top_level_split(value: str, sep: str) -> list[str]:
    """``value`` split at ``sep`` outside 《》（）「」 and the like, the parts stripped."""
    parts: list[str] = []
    current: list[str] = []
    depth, closing = 0, ""
    for ch in value:
        if depth == 0 and ch in _BRACKETS:
            depth, closing = 1, _BRACKETS[ch]
        elif depth and ch == closing:
            depth = 0
        if ch == sep and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def _find_in_node(text: str, node: yaml.Node, needle: str, skip_brackets: bool = False) -> Mark:
    """Line and column of the first ``needle`` written inside ``node`` (outside brackets if asked)."""
    lines = text.splitlines()
    start, end = node.start_mark, node.end_mark
    depth, closing = 0, ""
    for n in range(start.line, min(end.line, len(lines) - 1) + 1):
        line = lines[n]
        lo = start.column if n == start.line else 0
        hi = end.column if n == end.line else len(line)
        for i in range(lo, min(hi, len(line))):
            ch = line[i]
            if skip_brackets and depth == 0 and ch in _BRACKETS:
                depth, closing = 1, _BRACKETS[ch]
            elif depth and ch == closing:
                depth = 0
            elif ch == needle and depth == 0:
                return n + 1, i + 1
    return start.line + 1, start.column + 1


# Equal texts read while loading one project are one string object: a city's catalogues repeat the
# template's cells and the same field names hundreds of thousands of times (see shared_strings).
_shared: dict[str, str] | None = None


@contextlib.contextmanager
def shared_strings() -> Iterator[dict[str, str]]:
    """Within it, every source loaded (and every record built from one, see ``Record.share``) uses
    one string object per distinct text; outside it, sharing is per file."""
    global _shared
    outer = _shared
    _shared = {} if outer is None else outer
    try:
        yield _shared
    finally:
        _shared = outer


def current_shared() -> dict[str, str]:
    """The strings shared in the current ``shared_strings`` block (a fresh dict outside one)."""
    return _shared if _shared is not None else {}


class _Walker:
    """Builds plain values from the node graph, recording positions and every string on the way."""

    def __init__(self, src: Source, may_alias: bool, tolerant_tags: bool = False) -> None:
        self.src = src
        self.tolerant_tags = tolerant_tags
        self.marks = src.marks
        self.key_marks = src.key_marks
        self.add_path, self.add_value = src.string_paths.append, src.string_values.append
        # anchors and aliases need "&" or "*" in the text; without them no node is reached twice
        self.seen: set[int] | None = set() if may_alias else None
        self.findings: list[Diagnostic] = []  # what loads but is probably not what the editor meant
        self.shared = _shared if _shared is not None else {}

    def value(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        mark = node.start_mark
        if depth > MAX_DEPTH:
            raise LoadError(dg.TOO_LARGE, mark.line + 1, mark.column + 1, f"嵌套超过 {MAX_DEPTH} 层：请检查缩进")
        if self.seen is not None:
            if id(node) in self.seen:  # the same node reached twice: only anchors/aliases do that
                raise LoadError(dg.ALIAS, mark.line + 1, mark.column + 1,
                                "使用了 YAML 锚点/别名（& 和 *）：请把内容直接写出来")
            self.seen.add(id(node))
        self.marks[path] = ((mark.line + 1) << _LINE) | (mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                text = self.shared.setdefault(node.value, node.value)
                self.add_path(path)
                self.add_value(text)
                if not node.style and text[:1] in _FULL_WIDTH_OPEN:
                    self.full_width_brackets(node)
                return text
            if self.tolerant_tags and node.tag not in _constructor.yaml_constructors:
                return node.value  # mkdocs.yml: !!python/name:… and !ENV are MkDocs' business
            return self.scalar(node)
        # a plain string inside a list or mapping (most of a catalogue) is read in the loop itself:
        # the same marks and strings as through value(), without a call per cell
        fast = self.seen is None and depth < MAX_DEPTH
        marks, add_path, add_value, shared = self.marks, self.add_path, self.add_value, self.shared
        if isinstance(node, yaml.SequenceNode):
            if node.flow_style:
                for n in node.value:
                    if isinstance(n, yaml.ScalarNode) and not n.style and "，" in n.value:
                        self.chinese_comma(n)
            items: list[Any] = []
            for i, n in enumerate(node.value):
                ipath = (*path, i)
                # a plain string is read here, not by a call per cell (the same few lines stand again
                # for a mapping's values below: at 160 towns this loop runs 160,000 times)
                if fast and n.__class__ is _ScalarNode and n.tag == _STR:
                    m = n.start_mark
                    marks[ipath] = ((m.line + 1) << _LINE) | (m.column + 1)
                    v = shared.setdefault(n.value, n.value)
                    add_path(ipath)
                    add_value(v)
                    if not n.style and v.startswith(_FULL_WIDTH_STARTS):
                        self.full_width_brackets(n)
                    items.append(v)
                else:
                    items.append(self.value(n, ipath, depth + 1))
            return items
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            key_marks = self.key_marks
            for knode, vnode in node.value:
                if not isinstance(knode, yaml.ScalarNode) or knode.value == "<<":
                    raise LoadError(dg.ALIAS if knode.value == "<<" else dg.YAML_SYNTAX,
                                    knode.start_mark.line + 1, knode.start_mark.column + 1,
                                    "字段名必须是简单文字：不支持复杂键和「<<」合并")
                key = shared.setdefault(knode.value, knode.value)
                kpath = (*path, key)
                km = knode.start_mark
                if key in out:
                    raise LoadError(dg.DUPLICATE_KEY, km.line + 1, km.column + 1,
                                    f"字段「{key}」重复（第 {key_marks[kpath] >> _LINE} 行已有）：后一个会覆盖前一个，"
                                    "请合并或删除其中一个")
                key_marks[kpath] = ((km.line + 1) << _LINE) | (km.column + 1)
                if fast and vnode.__class__ is _ScalarNode and vnode.tag == _STR:
                    m = vnode.start_mark
                    marks[kpath] = ((m.line + 1) << _LINE) | (m.column + 1)
                    v = shared.setdefault(vnode.value, vnode.value)
                    add_path(kpath)
                    add_value(v)
                    if not vnode.style and v.startswith(_FULL_WIDTH_STARTS):
                        self.full_width_brackets(vnode)
                    out[key] = v
                else:
                    out[key] = self.value(vnode, kpath, depth + 1)
            return out
        raise LoadError(dg.YAML_SYNTAX, 1, 1, "无法识别的 YAML 节点")  # pragma: no cover

    def chinese_comma(self, node: yaml.ScalarNode) -> None:
        """``[社会救助服务热线，受理时间]``: YAML reads one element where the editor meant two."""
        parts = _top_level_split(node.value, "，")
        if len(parts) < 2:
            return  # the commas are inside 《》 or （）: one title, one element
        line, col = _find_in_node(self.src.text, node, "，", skip_brackets=True)
        self.findings.append(dg.make(
            dg.FLOW_COMMA, self.src.path, line, col,
            f"第 {line} 行第 {col} 列的「，」是中文逗号：方括号列表中的「{node.value}」会被读成一项；"
            f"如果是 {len(parts)} 项（{'、'.join(f'「{p}」' for p in parts)}），请把「，」改成英文逗号加空格「, 」；"
            "如果本来就是一项，请给它加上英文引号"))

    def full_width_brackets(self, node: yaml.ScalarNode) -> None:
        """``elements: ［甲, 乙］``: full-width brackets make one piece of text, not a list."""
        value, open_ = node.value, node.value[0]
        close = _FULL_WIDTH_OPEN[open_]
        inner = value[1:-1]
        if not value.endswith(close) or (open_ == "【" and not re.search("[，,、]", inner)):
            return  # 【通知】 and the like are ordinary text
        what = "花括号" if open_ == "｛" else "方括号"
        ascii_ = "{ }" if open_ == "｛" else "[ ]"
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        self.findings.append(dg.make(
            dg.FLOW_COMMA, self.src.path, line, col,
            f"第 {line} 行第 {col} 列的「{open_}」是全角{what}：「{value}」会被读成一段文字，而不是列表；"
            f"请改成英文{what}「{ascii_}」，各项之间用英文逗号加空格「, 」分隔"))

    @staticmethod
    def scalar(node: yaml.ScalarNode) -> Any:
        if node.tag == _STR:
            return node.value
        ctor = _constructor.yaml_constructors.get(node.tag)
        if ctor is None:
            raise LoadError(dg.YAML_SYNTAX, node.start_mark.line + 1, node.start_mark.column + 1,
                           f"不支持的 YAML 标签「{node.tag}」：请去掉以「!」开头的这个标记")
        try:
            value = ctor(_constructor, node)
        except (ValueError, yaml.YAMLError):
            what = "日期：请写成 2024-05-01 这样的格式，且须是实际存在的日期" if node.tag.endswith("timestamp") \
                else "数值：请检查是否写错，不是数值的文字请加英文引号"
            raise LoadError(dg.BAD_FORMAT, node.start_mark.line + 1, node.start_mark.column + 1,
                           f"「{node.value}」不是有效的{what}") from None
        return value


_LINE_IN_MESSAGE = re.compile(r"第 (\d+) 行")


def load_text(text: str, path: str, *, tolerant_tags: bool = False,
              line_offset: int = 0) -> tuple[Source | None, list[Diagnostic]]:
    """Load YAML text already decoded; returns the source or the diagnostics that stop it.

    ``tolerant_tags`` keeps values with tags we do not construct as plain text (mkdocs.yml);
    ``line_offset`` shifts every position (front matter below a ``---`` line).
    """
    src, diags = _load_text(text, path, tolerant_tags)
    if line_offset:
        def shifted(message: str) -> str:  # "第 3 行" inside a message counts from the same place
            return _LINE_IN_MESSAGE.sub(lambda m: f"第 {int(m.group(1)) + line_offset} 行", message)
        diags = [dg.make(dg.rule_of(d.code), d.file, d.line + line_offset, d.column, shifted(d.message),
                         d.severity) for d in diags]
        if src is not None:
            shift = line_offset << _LINE
            src.marks = {k: v + shift for k, v in src.marks.items()}
            src.key_marks = {k: v + shift for k, v in src.key_marks.items()}
    return src, diags


def _load_text(text: str, path: str, tolerant_tags: bool) -> tuple[Source | None, list[Diagnostic]]:
    src = Source(path, None, text=text)
    try:
        nodes = list(yaml.compose_all(text, Loader=_ComposeLoader))
        if len(nodes) > 1:
            n = nodes[1]
            raise LoadError(dg.YAML_SYNTAX, n.start_mark.line + 1 if n else 1, 1,
                           "一个文件只能有一个 YAML 文档：请删除多余的「---」分隔线")
        node = nodes[0] if nodes else None
        if node is None:
            raise LoadError(dg.EMPTY_FILE, 1, 1, "文件为空：请按模板填写，或删除此文件")
        walker = _Walker(src, "&" in text or "*" in text, tolerant_tags)
        src.data = walker.value(node, (), 0)
    except LoadError as e:
        if e.rule is dg.ALIAS and "锚点" in e.message:
            e.line, e.col = _alias_mark(text)
        return None, [dg.make(e.rule, path, e.line, e.col, e.message)]
    except yaml.YAMLError as e:
        inv = _yaml_error(e, text)
        return None, [dg.make(inv.rule, path, inv.line, inv.col, inv.message)]
    except RecursionError:
        return None, [dg.make(dg.TOO_LARGE, path, 1, 1, "嵌套过深，无法读取：请检查缩进和括号")]
    if not isinstance(src.data, dict):
        return None, [dg.make(dg.EMPTY_FILE, path, *src.at(()),
                              "文件顶层应是「字段: 值」的结构，而不是列表或单个值")]
    # mkdocs.yml is MkDocs' file, not a data source: the warnings about lists are for data files
    return src, [] if tolerant_tags else walker.findings


def read_source(file: Path, root: Path, *, max_bytes: int = MAX_BYTES) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of one source file, or the finding that stops it: a symbolic link (the repository's
    sources are its own files), a file over ``max_bytes``, a file that cannot be read."""
    rel = relpath(file, root)
    try:
        if file.is_symlink():
            return None, [dg.make(dg.SYMLINK, rel, 1, 1,
                                  f"「{file.name}」是符号链接，不会被读取：数据文件必须是仓库中的普通文件，"
                                  "请删除链接，把文件本身放到这里")]
        size = file.stat().st_size
        if size > max_bytes:
            return None, [dg.make(dg.TOO_LARGE, rel, 1, 1,
                                  f"文件有 {size / 1048576:.1f} MB，超过上限 {max_bytes / 1048576:.0f} MB："
                                  "请检查是否误存了其他内容，或把内容拆分到多个文件")]
        with file.open("rb") as f:
            raw = f.read(max_bytes + 1)  # the size may change between stat and read
        if len(raw) > max_bytes:
            return None, [dg.make(dg.TOO_LARGE, rel, 1, 1, f"文件超过上限 {max_bytes / 1048576:.0f} MB")]
    except OSError as e:
        return None, [dg.make(dg.EMPTY_FILE, rel, 1, 1, f"无法读取文件：{e.strerror or e}")]
    return raw, []


def load_file(file: Path, root: Path, *, max_bytes: int = MAX_BYTES,
              tolerant_tags: bool = False) -> tuple[Source | None, list[Diagnostic]]:
    """Read and load one source file; ``root`` makes the reported path relative."""
    rel = relpath(file, root)
    raw, diags = read_source(file, root, max_bytes=max_bytes)
    if raw is None:
        return None, diags
    try:
        text = decode(raw)
    except LoadError as e:
        return None, [dg.make(e.rule, rel, e.line, e.col, e.message)]
    bad = _first_control_char(text)
    if bad is not None:
        line, col, ch = bad
        return None, [dg.make(dg.CONTROL_CHAR, rel, line, col,
                              f"第 {line} 行有不可见的控制字符 U+{ord(ch):04X}：请删除后重新保存")]
    return load_text(text, rel, tolerant_tags=tolerant_tags)


# MkDocs reads a page's settings from YAML between "---" lines at its top or, failing that, from
# MultiMarkdown "Key: value" lines before the first blank line; both are read the same way here.
_FRONT_YAML = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
_MMD_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_MMD_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)$")


def load_front_matter(text: str, path: str) -> tuple[Source | None, list[Diagnostic]]:
    """The settings at the top of a Markdown page as MkDocs will read them, with positions."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    m = _FRONT_YAML.match(text)
    if m:
        src, diags = load_text(m.group(1), path, line_offset=1)
        diags = [d for d in diags if d.code != dg.FLOW_COMMA.code]  # for data files, not page settings
        if src is None and not diags:
            return None, []
        if src is not None:
            src.text = text
        return src, diags
    data: dict[str, Any] = {}
    src = Source(path, data, text=text)
    key = None
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            break
        if (m1 := _MMD_LINE.match(line)) is not None:
            key = m1.group("key").lower().strip()
            value = m1.group("value").strip()
            data[key] = f"{data[key]} {value}" if key in data else value
            src.marks[(key,)] = pack(n, m1.start("value") + 1)
            src.key_marks[(key,)] = pack(n, m1.start("key") + 1)
        elif key is not None and (m2 := _MMD_MORE.match(line)) is not None:
            data[key] += " " + m2.group("value").strip()
        else:
            break
    for k, v in data.items():
        src.add_string((k,), v)
    return (src if data else None), []


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]|(?<=.)\ufeff", re.S)


def _first_control_char(text: str) -> tuple[int, int, str] | None:
    # libyaml rejects these too, but with a message no editor understands
    m = _CONTROL.search(text)
    if m is None:
        return None
    i = m.start()
    line = text.count("\n", 0, i) + 1
    return line, i - (text.rfind("\n", 0, i) + 1) + 1, m.group()


def relpath(file: Path, root: Path) -> str:
    """Path of ``file`` relative to ``root`` with forward slashes (also on Windows)."""
    try:
        return file.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        try:
            return file.resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            return file.as_posix()


def find_line(text: str, needle: str) -> int:
    """1-based line of the first ``needle`` in ``text`` (1 when absent)."""
    i = text.find(needle)
    return text.count("\n", 0, i) + 1 if i >= 0 else 1
