"""Strict YAML loading (读取): UTF-8 only, no duplicate keys, every value keeps its position.

PyYAML's own loaders silently keep the last of two equal keys and forget where a value came from.
Here libyaml (``CSafeLoader``) composes the node graph and a small walker builds plain Python
values, recording the 1-based line and column of every value and every mapping key, keyed by the
value's path (``("items", 3, "basis", 0)``).
"""

from __future__ import annotations

import re
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

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64

_STR = "tag:yaml.org,2002:str"
_constructor = yaml.constructor.SafeConstructor()


@dataclass
class Source:
    """One loaded YAML file: its data and where each value and key stands in the file."""

    path: str
    data: Any
    marks: dict[PathKey, Mark] = field(default_factory=dict)
    text: str = ""  # the decoded file, for findings inside multi-line values
    strings: list[tuple[PathKey, str]] = field(default_factory=list)  # every string value, in file order
    key_marks: dict[PathKey, Mark] = field(default_factory=dict)

    def at(self, path: PathKey) -> Mark:
        """Position of the value at ``path``, or of its nearest enclosing value."""
        while path:
            m = self.marks.get(path)
            if m is not None:
                return m
            path = path[:-1]
        return self.marks.get((), (1, 1))

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
        return self.key_marks.get(path) or self.at(path)

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


_YAML_HINTS = (
    ("cannot start any token", "\t", "此处有制表符（Tab）：YAML 只能用空格缩进，请把 Tab 换成空格"),
    ("tab character", "", "此处有制表符（Tab）：YAML 只能用空格缩进，请把 Tab 换成空格"),
    ("mapping values are not allowed", "", "此处不能出现「: 」：若文字本身含冒号，请给整段文字加英文引号"),
    ("could not find expected ':'", "", "缺少「: 」：字段名后应有英文冒号和一个空格"),
    ("did not find expected key", "", "缩进不一致：同一层级的字段应左对齐"),
    ("did not find expected '-' indicator", "", "缩进不一致：列表各项的「- 」应左对齐"),
    ("expected <block end>", "", "缩进不一致：请检查本行与上一行的缩进"),
    ("unexpected end of stream", "", "文件意外结束：可能有引号或括号没有闭合"),
    ("found unknown escape character", "", "双引号内的反斜杠「\\」构成了无效转义：请改用单引号或去掉反斜杠"),
    ("special characters are not allowed", "", "文件含有不可见的控制字符：请删除后重新保存"),
    ("unacceptable character", "", "文件含有不可见的控制字符：请删除后重新保存"),
    ("found undefined alias", "", "使用了未定义的别名（*）：本项目不支持 YAML 锚点和别名"),
)


def _yaml_error(e: yaml.YAMLError) -> LoadError:
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = str(getattr(e, "problem", None) or e)
    context = getattr(e, "context_mark", None)
    where = ""
    if context is not None and mark is not None and context.line != mark.line:
        where = f"（与第 {context.line + 1} 行「{getattr(e, 'context', '') or ''}」有关）"
        where = where.replace("「」", "")
    for needle, extra, hint in _YAML_HINTS:
        if needle in problem and extra in problem + "\t":
            r = dg.CONTROL_CHAR if "控制字符" in hint else dg.ALIAS if "别名" in hint else dg.YAML_SYNTAX
            return LoadError(r, line, col, f"YAML 语法错误：{hint}{where}")
    return LoadError(dg.YAML_SYNTAX, line, col, f"YAML 语法错误：{problem}{where}")


def _alias_mark(text: str) -> tuple[int, int]:
    """Where the first alias (``*name``) stands; composed nodes only remember their anchor."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                return event.start_mark.line + 1, event.start_mark.column + 1
    except yaml.YAMLError:  # pragma: no cover - the text composed fine a moment ago
        pass
    return 1, 1


class _Walker:
    """Builds plain values from the node graph, recording positions and every string on the way."""

    def __init__(self, src: Source, may_alias: bool, tolerant_tags: bool = False) -> None:
        self.src = src
        self.tolerant_tags = tolerant_tags
        self.marks = src.marks
        self.key_marks = src.key_marks
        self.strings = src.strings
        # anchors and aliases need "&" or "*" in the text; without them no node is reached twice
        self.seen: set[int] | None = set() if may_alias else None

    def value(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        mark = node.start_mark
        if depth > MAX_DEPTH:
            raise LoadError(dg.TOO_LARGE, mark.line + 1, mark.column + 1, f"嵌套超过 {MAX_DEPTH} 层：请检查缩进")
        if self.seen is not None:
            if id(node) in self.seen:  # the same node reached twice: only anchors/aliases do that
                raise LoadError(dg.ALIAS, mark.line + 1, mark.column + 1,
                                "使用了 YAML 锚点/别名（& 和 *）：请把内容直接写出来")
            self.seen.add(id(node))
        self.marks[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                self.strings.append((path, node.value))
                return node.value
            if self.tolerant_tags and node.tag not in _constructor.yaml_constructors:
                return node.value  # mkdocs.yml: !!python/name:… and !ENV are MkDocs' business
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(n, (*path, i), depth + 1) for i, n in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for knode, vnode in node.value:
                if not isinstance(knode, yaml.ScalarNode) or knode.value == "<<":
                    raise LoadError(dg.ALIAS if knode.value == "<<" else dg.YAML_SYNTAX,
                                    knode.start_mark.line + 1, knode.start_mark.column + 1,
                                    "字段名必须是简单文字：不支持复杂键和「<<」合并")
                key = str(knode.value)
                kpath = (*path, key)
                kmark = (knode.start_mark.line + 1, knode.start_mark.column + 1)
                if key in out:
                    first = self.key_marks[kpath]
                    raise LoadError(dg.DUPLICATE_KEY, *kmark,
                                    f"字段「{key}」重复（第 {first[0]} 行已有）：后一个会覆盖前一个，"
                                    "请合并或删除其中一个")
                self.key_marks[kpath] = kmark
                out[key] = self.value(vnode, kpath, depth + 1)
            return out
        raise LoadError(dg.YAML_SYNTAX, 1, 1, "无法识别的 YAML 节点")  # pragma: no cover

    @staticmethod
    def scalar(node: yaml.ScalarNode) -> Any:
        if node.tag == _STR:
            return node.value
        ctor = _constructor.yaml_constructors.get(node.tag)
        if ctor is None:
            raise LoadError(dg.YAML_SYNTAX, node.start_mark.line + 1, node.start_mark.column + 1,
                           f"不支持的 YAML 标签 {node.tag}：请去掉「!」开头的标记")
        try:
            value = ctor(_constructor, node)
        except (ValueError, yaml.YAMLError) as e:
            raise LoadError(dg.BAD_FORMAT, node.start_mark.line + 1, node.start_mark.column + 1,
                           f"「{node.value}」不是有效的值（{e}）：日期请写成 2024-05-01") from None
        return value


def load_text(text: str, path: str, *, tolerant_tags: bool = False,
              line_offset: int = 0) -> tuple[Source | None, list[Diagnostic]]:
    """Load YAML text already decoded; returns the source or the diagnostics that stop it.

    ``tolerant_tags`` keeps values with tags we do not construct as plain text (mkdocs.yml);
    ``line_offset`` shifts every position (front matter below a ``---`` line).
    """
    src, diags = _load_text(text, path, tolerant_tags)
    if line_offset:
        diags = [dg.make(dg.rule_of(d.code), d.file, d.line + line_offset, d.column, d.message, d.severity)
                 for d in diags]
        if src is not None:
            src.marks = {k: (a + line_offset, b) for k, (a, b) in src.marks.items()}
            src.key_marks = {k: (a + line_offset, b) for k, (a, b) in src.key_marks.items()}
    return src, diags


def _load_text(text: str, path: str, tolerant_tags: bool) -> tuple[Source | None, list[Diagnostic]]:
    src = Source(path, None, text=text)
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
        if len(nodes) > 1:
            n = nodes[1]
            raise LoadError(dg.YAML_SYNTAX, n.start_mark.line + 1 if n else 1, 1,
                           "一个文件只能有一个 YAML 文档：请删除多余的「---」分隔线")
        node = nodes[0] if nodes else None
        if node is None:
            raise LoadError(dg.EMPTY_FILE, 1, 1, "文件为空：请按模板填写，或删除此文件")
        src.data = _Walker(src, "&" in text or "*" in text, tolerant_tags).value(node, (), 0)
    except LoadError as e:
        if e.rule is dg.ALIAS and "锚点" in e.message:
            e.line, e.col = _alias_mark(text)
        return None, [dg.make(e.rule, path, e.line, e.col, e.message)]
    except yaml.YAMLError as e:
        inv = _yaml_error(e)
        return None, [dg.make(inv.rule, path, inv.line, inv.col, inv.message)]
    except RecursionError:
        return None, [dg.make(dg.TOO_LARGE, path, 1, 1, "嵌套过深，无法读取：请检查缩进和括号")]
    if not isinstance(src.data, dict):
        return None, [dg.make(dg.EMPTY_FILE, path, *src.at(()),
                              "文件顶层应是「字段: 值」的结构，而不是列表或单个值")]
    return src, []


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
            src.marks[(key,)] = (n, m1.start("value") + 1)
            src.key_marks[(key,)] = (n, m1.start("key") + 1)
        elif key is not None and (m2 := _MMD_MORE.match(line)) is not None:
            data[key] += " " + m2.group("value").strip()
        else:
            break
    for k, v in data.items():
        src.strings.append(((k,), v))
    return (src if data else None), []


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe]|(?<=.)\ufeff", re.S)


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
