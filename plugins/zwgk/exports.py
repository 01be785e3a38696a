"""Downloads (下载): catalogues as XLSX laid out like the official table, CSV (UTF-8 with BOM) and JSON.

Every format carries the same rows and every column of the item declaration (``table.py``);
reading a download back gives the items again (tests prove it). A draft or pending catalogue says
so inside each file, not only on the page: the XLSX title row, a 状态 column in the CSV, a notice in
the JSON.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass

from . import derive, table, vocab, xlsx
from . import model as m


@dataclass(frozen=True)
class Sheet:
    """One table to export: a title and its items (a domain of a catalogue)."""

    name: str  # sheet name, e.g. 社会救助
    title: str  # e.g. 社会救助领域基层政务公开标准目录
    items: list[m.Item]
    meta: dict[str, object] | None = None  # domain, source, status, updated: lets an import restore the file
    notice: str = ""  # what a reader must know before using it: 草稿，未经审定 / 镇街尚未筛选 …

    def import_meta(self) -> dict[str, object]:
        """What the official table has no column for, kept in the workbook for ``zwgk import-xlsx``."""
        extra = {it.id: {k: v for k, v in (("source", it.source), ("status", it.status)) if v}
                 for it in self.items if it.source or it.status}
        return {**(self.meta or {}), "title": self.title, "items": extra}

    def item_status(self, it: m.Item) -> str:
        """草稿 or 正式 for one row (an item may differ from its file)."""
        status = it.status or str((self.meta or {}).get("status") or "")
        return vocab.STATUS_LABELS.get(status, "草稿" if self.notice else "正式")


class CellTexts:
    """Each item's cells as text, made once: the whole county catalogue repeats the domains' rows,
    the towns' copies repeat the template's, and the CSV and the workbook print the same cells."""

    def __init__(self) -> None:
        self._memo: dict[tuple[int, str | None], tuple[m.Item, list[str]]] = {}

    def __call__(self, item: m.Item, columns: tuple[table.Column, ...], list_sep: str | None = None) -> list[str]:
        """The cells of ``columns`` (序号 left empty: it depends on the row's place)."""
        key = (id(item), list_sep)
        hit = self._memo.get(key)
        if hit is None or hit[0] is not item:
            hit = self._memo[key] = (item, table.row_texts(item, columns, list_sep))
        return hit[1]


def item_record(seq: int, it: m.Item) -> dict[str, object]:
    """An item as plain data (JSON): its derived 序号, then every column of the declaration."""
    out: dict[str, object] = {"seq": seq}
    for c in table.data_columns()[1:]:
        out[c.key] = table.channels_as_list(it) if c.key == "channels" else getattr(it, c.key)
    return out


def to_json(sheets: Iterable[Sheet], meta: dict[str, object]) -> bytes:
    data = {**meta, "domains": [
        {"name": s.name, "title": s.title, **({"notice": s.notice} if s.notice else {}),
         "items": [{**item_record(i, it), "status": it.status or (s.meta or {}).get("status") or None,
                    **({"source": it.source} if it.source else {})}
                   for i, it in enumerate(s.items, 1)]} for s in sheets]}
    # no indent: json's C encoder writes only compact text (the indented form took ten times as long)
    return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: str) -> str:
    """A cell Excel and WPS will show as text: one beginning like a formula (= + - @, a tab or CR,
    or their full-width forms) gets a leading apostrophe (OWASP, CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(sheets: Iterable[Sheet], texts: CellTexts | None = None) -> bytes:
    """CSV with a BOM so Excel on Windows opens the Chinese correctly: 领域 and 状态 lead (a draft
    or pending catalogue says so in every row), then one column per field of the declaration."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    columns = table.data_columns()
    texts = texts or CellTexts()
    w.writerow(["领域", "状态", *(c.title for c in columns)])
    for s in sheets:
        for i, it in enumerate(s.items, 1):
            label = s.item_status(it)
            notice = s.notice.removeprefix(label + "，")  # 草稿（未经审定…）, not 草稿（草稿，未经审定…）
            status = label + (f"（{notice}）" if notice else "")
            cells = texts(it, columns, "、")[1:]
            w.writerow([csv_cell(v) for v in (s.name, status, str(i), *cells)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(sheets: list[Sheet], when: dt.date | None = None, texts: CellTexts | None = None) -> bytes:
    """A workbook, one sheet per domain, laid out like the official table.

    Row 1 is the title (with the draft or pending notice); rows 2–3 the two-row header with merged
    cells (公开事项 over 一级/二级事项, √ columns under 公开对象/公开方式/公开层级); 一级事项 cells are
    merged over their group; then 事项编号, 网站栏目地址 and 备注. The sheets' metadata (domain,
    source, status, updated) rides in the document description, so that ``zwgk import-xlsx`` can
    restore the source file. Pages print on A4 landscape, fitted to the width.
    """
    meta = json.dumps({"zwgk": 1, "sheets": {s.name[:31]: s.import_meta() for s in sheets}}, ensure_ascii=False)
    texts = texts or CellTexts()
    return xlsx.workbook([_sheet(s, texts) for s in sheets], when or dt.date(2020, 1, 1), meta)


INTERNAL_ID = "事项编号（本专栏内部编号）"  # read back as 事项编号 (the heading's stem)


def _sheet(s: Sheet, texts: CellTexts) -> xlsx.Worksheet:
    """The official layout read off the declaration: title row, two header rows, a row per item."""
    columns = table.download_columns()
    ncols = len(columns)
    ws = xlsx.Worksheet(s.name[:31], widths=[c.place.width for c in columns], freeze_row=4,
                        print_title_rows=(2, 3))
    title = f"{s.title}（{s.notice}）" if s.notice else s.title
    ws.rows.append([(title, xlsx.TITLE), *[(None, 0)] * (ncols - 1)])
    ws.merges.append((1, 1, 1, ncols))
    index = {c: i for i, c in enumerate(columns, 1)}
    row2: list[xlsx.Cell] = [None] * ncols
    row3: list[xlsx.Cell] = [None] * ncols
    top, second = table.header_rows(columns)
    for h in top:
        first = index[h.columns[0]]
        # 事项编号 is this column's own key for a row, no number of the official table: say so
        row2[first - 1] = INTERNAL_ID if h.columns[0].key == "id" else h.text
        if h.rowspan == 2:
            ws.merges.append((2, first, 3, first))
        elif h.colspan > 1:
            ws.merges.append((2, first, 2, first + h.colspan - 1))
    for h in second:
        row3[index[h.columns[0]] - 1] = h.text
    ws.rows.append([(v, xlsx.HEADER) for v in row2])
    ws.rows.append([(v, xlsx.HEADER) for v in row3])
    merged = [c for c in columns if c.place.merge]
    r = 4
    styles = [xlsx.CENTER if c.key == "seq" or c.option else xlsx.WRAP for c in columns]
    for seq, (item, span) in enumerate(zip(s.items, derive.category_spans(s.items), strict=True), 1):
        values: list[xlsx.Cell] = [
            seq if c.key == "seq" else None if c.place.merge and not span else text
            for c, text in zip(columns, texts(item, columns), strict=True)]
        ws.rows.append(list(zip(values, styles, strict=True)))
        if span > 1:
            for c in merged:
                ws.merges.append((r, index[c], r + span - 1, index[c]))
        r += 1
    return ws
