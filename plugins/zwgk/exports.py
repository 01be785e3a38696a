"""Downloads (下载): catalogues as XLSX laid out like the official table, CSV (UTF-8 with BOM) and JSON.

Every format carries the same rows; reading a download back gives the items again (tests prove it).
List cells are joined with 、 (要素, 主体, 渠道, 层级) or ；(依据), the way the official tables write them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass

from . import derive, vocab, xlsx
from . import model as m

# (header, key) in the official column order; 序号 first, the stable id last
COLUMNS: tuple[tuple[str, str], ...] = (
    ("序号", "seq"),
    ("一级事项", "category"),
    ("二级事项", "subcategory"),
    ("公开内容（要素）", "elements"),
    ("公开依据", "basis"),
    ("公开时限", "time_limit"),
    ("公开主体", "subjects"),
    ("公开渠道和载体", "channels"),
    ("公开对象", "audience"),
    ("公开方式", "method"),
    ("公开层级", "levels"),
    ("事项编号", "id"),
)
JOIN = {"elements": "、", "basis": "；", "subjects": "、", "channels": "、", "levels": "、"}


@dataclass(frozen=True)
class Sheet:
    """One table to export: a title and its items (a domain of a catalogue)."""

    name: str  # sheet name, e.g. 社会救助
    title: str  # e.g. 社会救助领域基层政务公开标准目录
    items: list[m.Item]
    meta: dict[str, object] | None = None  # domain, source, status, updated: lets an import restore the file

    def import_meta(self) -> dict[str, object]:
        """What the official table has no column for, kept in the workbook for ``zwgk import-xlsx``."""
        extra = {it.id: {k: v for k, v in (("source", it.source), ("status", it.status)) if v}
                 for it in self.items if it.source or it.status}
        return {**(self.meta or {}), "title": self.title, "items": extra}


def item_record(seq: int, it: m.Item) -> dict[str, object]:
    """An item as plain data (JSON), with its derived 序号."""
    channels = [c for c in it.channels if c != vocab.OTHER_CHANNEL]
    if vocab.OTHER_CHANNEL in it.channels:
        channels.append(f"{vocab.OTHER_CHANNEL}：{it.channel_other}" if it.channel_other else vocab.OTHER_CHANNEL)
    return {"seq": seq, "id": it.id, "category": it.category, "subcategory": it.subcategory,
            "elements": it.elements, "basis": it.basis, "time_limit": it.time_limit,
            "subjects": it.subjects, "channels": channels, "audience": it.audience,
            "method": it.method, "levels": it.levels}


def _flat(record: dict[str, object]) -> list[str]:
    out = []
    for _, key in COLUMNS:
        v = record[key]
        out.append(JOIN.get(key, "、").join(v) if isinstance(v, list) else str(v))
    return out


def to_json(sheets: Iterable[Sheet], meta: dict[str, object]) -> bytes:
    data = {**meta, "domains": [
        {"name": s.name, "title": s.title,
         "items": [item_record(i, it) for i, it in enumerate(s.items, 1)]} for s in sheets]}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: str) -> str:
    """A cell Excel and WPS will show as text: one beginning like a formula (= + - @, a tab or CR,
    or their full-width forms) gets a leading apostrophe (OWASP, CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(sheets: Iterable[Sheet]) -> bytes:
    """CSV with a BOM so Excel on Windows opens the Chinese correctly; a 领域 column leads."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["领域", *(h for h, _ in COLUMNS)])
    for s in sheets:
        for i, it in enumerate(s.items, 1):
            w.writerow([csv_cell(v) for v in (s.name, *_flat(item_record(i, it)))])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


_WIDTHS = [6.0, 12, 14, 36, 26, 16, 18, 40, 8, 8, 8, 8, 8, 8, 12]
_TICK_COLS = range(9, 15)


def to_xlsx(sheets: list[Sheet], when: dt.date | None = None) -> bytes:
    """A workbook, one sheet per domain, laid out like the official table.

    Row 1 is the title; rows 2–3 the two-row header with merged cells (公开事项 over 一级/二级事项,
    √ columns under 公开对象/公开方式/公开层级); 一级事项 cells are merged over their group.
    The sheets' metadata (domain, source, status, updated) rides in the document description, so
    that ``zwgk import-xlsx`` can restore the source file exactly.
    """
    meta = json.dumps({"zwgk": 1, "sheets": {s.name[:31]: s.import_meta() for s in sheets}}, ensure_ascii=False)
    return xlsx.workbook([_sheet(s) for s in sheets], when or dt.date(2020, 1, 1), meta)


def _sheet(s: Sheet) -> xlsx.Worksheet:
    ncols = 15
    ws = xlsx.Worksheet(s.name[:31], widths=list(_WIDTHS), freeze_row=4, print_title_rows=(2, 3))
    ws.rows.append([(s.title, xlsx.TITLE), *[(None, 0)] * (ncols - 1)])
    ws.merges.append((1, 1, 1, ncols))
    top = ["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
           "公开对象", None, "公开方式", None, "公开层级", None, "事项编号"]
    second = [None, "一级事项", "二级事项", None, None, None, None, None,
              *vocab.AUDIENCES, *vocab.METHODS, *vocab.LEVELS, None]
    ws.rows.append([(v, xlsx.HEADER) for v in top])
    ws.rows.append([(v, xlsx.HEADER) for v in second])
    ws.merges += [(2, c, 3, c) for c in (1, 4, 5, 6, 7, 8, 15)] + [(2, c, 2, c + 1) for c in (2, 9, 11, 13)]
    r = 4
    for row in derive.table_rows(s.items):
        it = row.item
        channels = "\n".join(("■" if ch.chosen else "□") + ch.name +
                             (f"：{it.channel_other}" if ch.name == vocab.OTHER_CHANNEL and ch.chosen
                              and it.channel_other else "")
                             for ch in row.channels)
        values: list[xlsx.Cell] = [
            row.seq, it.category if row.category_rowspan else None, it.subcategory, "、".join(it.elements),
            "；".join(it.basis), it.time_limit, "、".join(it.subjects), channels,
            *("√" if it.audience == v else None for v in vocab.AUDIENCES),
            *("√" if it.method == v else None for v in vocab.METHODS),
            *("√" if v in it.levels else None for v in vocab.LEVELS),
            it.id]
        ws.rows.append([(v, xlsx.CENTER if c == 1 or c in _TICK_COLS else xlsx.WRAP)
                        for c, v in enumerate(values, 1)])
        if row.category_rowspan > 1:
            ws.merges.append((r, 2, r + row.category_rowspan - 1, 2))
        r += 1
    return ws
