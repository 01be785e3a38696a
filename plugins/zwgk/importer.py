"""Spreadsheet import (导入 Excel 目录): the official two-row table and the variants seen in the wild.

Handled: a title row above the header; 一级事项 cells merged over their group (or left blank under
the first); 特定群众 for 特定群体, 依申请公开 for 依申请, 镇级/村级 for 乡级; ■/□ checklists or plain
channel lists; √, ✓, ■ or 是 as ticks. What cannot be mapped is reported with its sheet and cell,
never dropped silently.
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from . import model as m
from . import table, vocab

TICKS = {"√", "✓", "✔", "■", "☑", "是", "v", "V", "●"}
ALL_CHANNELS = (*vocab.CHANNELS, *vocab.EXTRA_CHANNELS)
META_KEY = "zwgk"


@dataclass(frozen=True)
class Issue:
    """Something the import could not map: where (sheet and cell) and what."""

    sheet: str
    cell: str
    message: str
    seq: bool = False  # a 序号 gap or repeat: the catalogue rules report these once the rows are kept

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}: {self.message}"


@dataclass
class ImportedRow:
    """One item row of a sheet: where it stands, its 序号, its columns as an item mapping, and, in
    a submission form, what the sender did with it (处理) and why (理由)."""

    row: int
    item: dict[str, Any]
    seq: int | None = None
    action: str | None = None  # 采用 / 修改 / 删除 / 新增
    reason: str | None = None


@dataclass
class SheetImport:
    sheet: str
    domain: str | None
    items: list[dict[str, Any]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    rows: list[ImportedRow] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)  # item field (or 序号, 处理, 理由) → column letter
    found_table: bool = False


def _text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return re.sub(r"[ \t\u3000]+", " ", str(v)).strip()


def _key(v: object) -> str:
    return re.sub(r"\s+", "", _text(v))


def _ticked(v: object) -> bool:
    t = _key(v)
    return bool(t) and any(ch in TICKS for ch in t)


def _split(text: str, seps: str) -> list[str]:
    """Split a list cell on its separators, but not inside brackets: 审批（核准、备案）部门 stays whole."""
    parts: list[str] = []
    depth = 0
    cur = ""
    for ch in text:
        if ch in "（(《":
            depth += 1
        elif ch in "）)》" and depth:
            depth -= 1
        if (ch in seps or ch == "\n") and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def workbook_meta(wb: Workbook) -> dict[str, Any]:
    """The per-sheet metadata zwgk writes into its own exports (domain, source, status, updated)."""
    try:
        data = json.loads(wb.properties.description or "{}")
    except ValueError:
        return {}
    return data.get("sheets", {}) if isinstance(data, dict) and data.get(META_KEY) else {}


class _Sheet:
    def __init__(self, ws: Worksheet, name: str) -> None:
        self.ws = ws
        self.name = name
        self.merged_top: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    self.merged_top[(r, c)] = (rng.min_row, rng.min_col)

    def value(self, r: int, c: int) -> object:
        top = self.merged_top.get((r, c))
        if top is not None:
            return self.ws.cell(*top).value
        return self.ws.cell(r, c).value


def import_sheet(ws: Worksheet, name: str, registry: m.Registry, meta: dict[str, Any] | None = None,
                 id_prefix: str | None = None, progress: Callable[[int, int], None] | None = None) -> SheetImport:
    """Read one worksheet laid out like the official table (or a town's own variant of it) into rows."""
    sh = _Sheet(ws, name)
    meta = meta or {}
    max_row, max_col = ws.max_row, ws.max_column
    h1 = next((r for r in range(1, min(max_row, 15) + 1)
               if any("公开内容" in _key(sh.value(r, c)) or "公开要素" in _key(sh.value(r, c))
                      for c in range(1, max_col + 1))), None)
    title = " ".join(_text(sh.value(r, c)) for r in range(1, (h1 or 1)) for c in range(1, max_col + 1))
    domain = meta.get("domain") or sheet_domain(name, title, registry)
    out = SheetImport(sheet=name, domain=domain, meta=meta)
    if h1 is None:
        out.issues.append(Issue(name, "A1", "前 15 行中找不到含「公开内容」的表头行：请确认这是标准目录表格"))
        return out
    out.found_table = True
    sub_row = h1 + 1
    has_sub = any(_key(ws.cell(sub_row, c).value) in SUB_HEADINGS for c in range(1, max_col + 1))
    columns: dict[int, tuple[str, str | None]] = {}  # col -> (field, option)
    last_top = ""
    for c in range(1, max_col + 1):
        top = _key(sh.value(h1, c))
        sub = _key(ws.cell(sub_row, c).value) if has_sub else ""
        if not top and sub:  # a group heading written once, not merged over its columns
            top = last_top
        last_top = top or last_top
        target = map_header(top, sub)
        if target is not None:
            columns[c] = target
            out.letters.setdefault(target[0], get_column_letter(c))
        elif top or sub:
            out.issues.append(Issue(name, f"{get_column_letter(c)}{sub_row if sub else h1}",
                                    f"表头「{sub or top}」无法识别，该列已忽略"))
    first = sub_row + 1 if has_sub else h1 + 1
    category = ""
    seqs: list[tuple[int, int]] = []
    total = max_row - first + 1
    for n, r in enumerate(range(first, max_row + 1), 1):
        if progress and n % 200 == 0:
            progress(n, total)
        cells = {c: sh.value(r, c) for c in columns}
        if not any(_text(v) for c, v in cells.items() if columns[c][0] not in ("category", "seq")):
            continue
        if _is_note_row(sh, r, max_col, columns):
            continue
        item, issues, cat, seq = _row(name, r, cells, columns, category)
        category = cat
        out.issues.extend(issues)
        if seq is not None:
            seqs.append((r, seq))
        action, reason = item.pop("_action", None), item.pop("_reason", None)
        if not item.get("id") and id_prefix != "":
            item["id"] = f"{id_prefix or (domain or 'item')}-{len(out.items) + 1:02d}"
        out.items.append(item)
        out.rows.append(ImportedRow(r, item, seq, action, reason))
    out.issues.extend(_sequence_issues(name, seqs))
    return out


_NOTE_START = ("填表说明", "填报说明", "说明", "备注", "注：", "注:", "注 ", "附注", "注意")


def _is_note_row(sh: _Sheet, r: int, max_col: int, columns: dict[int, tuple[str, str | None]]) -> bool:
    """A note under or above the table (填表说明, 备注：…), not an item: text in one cell (or one
    merged stretch) that starts like a note, or a cell merged across most of the table."""
    filled = [(c, _text(sh.value(r, c))) for c in range(1, max_col + 1) if _text(sh.value(r, c))]
    values = {v for _, v in filled}
    if len(values) != 1:
        return False
    text = next(iter(values))
    top = sh.merged_top.get((r, filled[0][0]))
    wide = top is not None and sum(1 for c in range(1, max_col + 1) if sh.merged_top.get((r, c)) == top) > len(columns) // 2
    return wide or text.startswith(_NOTE_START)


def sheet_domain(sheet: str, title: str, registry: m.Registry) -> str | None:
    """The domain a sheet is about: its name, or a domain name (or former name) in its name or
    title rows (大店镇社会救助领域基层政务公开标准目录)."""
    for d in registry.domains:
        if sheet.strip() in (d.name, d.id, *d.former_names):
            return d.id
    for text in (sheet, title):
        hits = [d for d in registry.domains if any(n and n in text for n in (d.name, *d.former_names))]
        if len(hits) == 1:
            return hits[0].id
    return None


def _canonical(text: str) -> str:
    return vocab.VARIANTS.get(text, vocab.HEADER_VARIANTS.get(text, text))


# every second-row heading of the official layout (一级事项, 全社会 …) and its variants
SUB_HEADINGS = frozenset(
    {c.label for c in table.download_columns() if c.place.sub or c.option}
    | {v for v, canon in vocab.VARIANTS.items() if any(c.option == canon for c in table.download_columns())})


# the submission form's own columns (zwgk forms): what the sender did with a row, and why
FORM_COLUMNS = {"处理": "_action", "处理方式": "_action", "理由（说明）": "_reason", "理由(说明)": "_reason",
                "理由": "_reason", "修改或删除理由": "_reason", "删除理由": "_reason", "说明": "_reason"}
ACTIONS = ("采用", "修改", "删除", "新增")


def map_header(top: str, sub: str) -> tuple[str, str | None] | None:
    """The item field (and, for a √ column, its option) of a spreadsheet column headed ``top``
    over ``sub``, read off the declaration: official headings and their variants in vocab."""
    if (top or sub) in FORM_COLUMNS:
        return (FORM_COLUMNS[top or sub], None)
    top_c, sub_c = _canonical(top), _canonical(sub)
    for c in table.download_columns():
        if c.option is not None:
            if top_c.startswith(c.place.header) and sub_c == c.option:
                return (c.key, sub if sub in vocab.APPROXIMATE else c.option)
        elif c.place.sub is not None:
            if c.place.sub in (sub_c, top_c):
                return (c.key, None)
        elif top_c.startswith(_stem(c.place.header)):
            return (c.key, None)
    return None


def _stem(header: str) -> str:
    """公开内容（要素） → 公开内容: a heading matches with or without its bracketed part."""
    return header.split("（")[0]


def _splitters(place: m.Place) -> str:
    """Where a list cell may be split: its own separator and the ones editors use instead."""
    extra = "；;" if place.sep == "、" else ";"
    return place.sep + extra + ("，," if place.show == "units" else "")


def _row(sheet: str, r: int, cells: dict[int, object], columns: dict[int, tuple[str, str | None]],
         category: str) -> tuple[dict[str, Any], list[Issue], str, int | None]:
    """One spreadsheet row as an item mapping, each cell read as the declaration says it is shown."""
    places = dict(m.item_places())
    item: dict[str, Any] = {}
    issues: list[Issue] = []
    ticked: dict[str, list[str]] = {}
    seq: int | None = None
    for c, (key, option) in columns.items():
        ref = f"{get_column_letter(c)}{r}"
        v = cells[c]
        text = _text(v)
        place = places.get(key)
        if key in ("_action", "_reason"):
            if text:
                item[key] = text
        elif key == "seq":
            if text:
                try:
                    seq = int(float(text))
                except ValueError:
                    issues.append(Issue(sheet, ref, f"序号「{text}」不是数字"))
        elif place is None:
            continue
        elif place.merge:
            category = text or category  # a merged cell reads blank below its first row
        elif place.show == "checklist":
            chosen, other, unknown = parse_channels(str(v or ""))
            item[key] = chosen
            if other:
                item["channel_other"] = other
            for u in unknown:
                issues.append(Issue(sheet, ref, f"公开渠道「{u}」不在清单中，已忽略：请改为清单中的名称或写在「其他」后"))
        elif place.show == "ticks":
            if _ticked(v):
                value = _canonical(option or "")
                if option in vocab.APPROXIMATE:
                    issues.append(Issue(sheet, ref, vocab.APPROXIMATE[option]))
                if value not in ticked.setdefault(key, []):
                    ticked[key].append(value)
            else:
                ticked.setdefault(key, [])
        elif place.show in ("list", "units"):
            item[key] = _split(text, _splitters(place))
        elif text:
            item[key] = text
    item = {"category": category, **item}
    ref = f"A{r}"
    for key, picked in ticked.items():
        title = m.Item.model_fields[key].title or key
        if not picked:
            issues.append(Issue(sheet, ref, f"{title}没有勾选"))
        elif _is_list(key):
            item[key] = [o for o in table.options(key) if o in picked]
        else:
            item[key] = picked[0]
            if len(picked) > 1:
                issues.append(Issue(sheet, ref, f"{title}勾选了多项（{'、'.join(picked)}），按「{picked[0]}」导入"))
    return item, issues, category, seq


def _is_list(key: str) -> bool:
    """Whether an item field holds several values (公开层级) or one (公开对象)."""
    annotation = m.Item.model_fields[key].annotation
    return typing.get_origin(annotation) is list


def parse_channels(cell: str) -> tuple[list[str], str | None, list[str]]:
    """A 公开渠道和载体 cell: ■/□ checklist, √ marks, or a plain list. Returns (chosen, 其他 text, unknown)."""
    marked = any(ch in cell for ch in "■□☑☐√✓")
    chosen: list[str] = []
    other: str | None = None
    unknown: list[str] = []
    tokens = re.split(r"\n|(?=[■□☑☐√✓])", cell) if marked else re.split(r"[、，,；;\n]", cell)
    for token in (t.strip() for t in tokens):
        if not token:
            continue
        picked = not marked or token[0] in "■☑√✓"
        name = token.lstrip("■□☑☐√✓ ").strip()
        if not name:
            continue
        if name.startswith(vocab.OTHER_CHANNEL) and len(name) > 2 and name[2] in "：:（(":
            name, other_text = vocab.OTHER_CHANNEL, name[3:].rstrip("）)").strip()
            if picked:
                other = other_text or None
        if name not in ALL_CHANNELS:
            if picked:
                unknown.append(name)
            continue
        if picked and name not in chosen:
            chosen.append(name)
    order = {c: i for i, c in enumerate(ALL_CHANNELS)}
    chosen.sort(key=lambda c: (c == vocab.OTHER_CHANNEL, order[c]))
    return chosen, other, unknown


def _sequence_issues(sheet: str, seqs: list[tuple[int, int]]) -> list[Issue]:
    issues: list[Issue] = []
    expected = 1
    for r, s in seqs:
        if s > expected:
            issues.append(Issue(sheet, f"A{r}", f"目录序号缺项：序号从 {expected - 1} 跳到 {s}", seq=True))
        elif s < expected:
            issues.append(Issue(sheet, f"A{r}", f"目录序号 {s} 重复或顺序错乱", seq=True))
        expected = max(expected, s + 1)
    return issues


def import_workbook(path: Path, registry: m.Registry, sheet: str | None = None, id_prefix: str | None = None,
                    progress: Callable[[int, int], None] | None = None) -> list[SheetImport]:
    """Every sheet (or one named sheet) of a workbook."""
    wb = load_workbook(path)
    meta = workbook_meta(wb)
    names = [sheet] if sheet else wb.sheetnames
    return [import_sheet(wb[n], n, registry, meta.get(n), id_prefix, progress) for n in names]
