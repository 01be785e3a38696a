"""Submission forms (报送表): the workbooks the office sends to towns and departments.

Each is the official table pre-filled — a town's from the template with the town's own name where
the template has the generic role, a department's from its current county domain — plus three
columns: 事项编号 (locked), 处理 (采用 / 修改 / 删除 / 新增, a dropdown) and 理由（说明）; √ columns
have dropdowns; a first sheet 填表说明 says in plain words how to fill it in. Written with
XlsxWriter (data validation, protection, no macros); ``zwgk import-town`` / ``import-dept`` read
what comes back.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import xlsxwriter

from . import derive, table
from . import model as m
from .importer import ACTIONS

EXTRA_ROWS = 10  # blank rows at the end of each sheet for new items (新增)


def _item_values(item: m.Item, town: m.Unit | None, registry: m.Registry) -> m.Item:
    """The item as the sender sees it: the generic role replaced by the town's own name."""
    if town is None:
        return item
    subjects = [town.name if (u := registry.unit_by_name.get(s)) and u.placeholder else s for s in item.subjects]
    return item.model_copy(update={"subjects": subjects})


def _instructions(who: str, due: dt.date | None, kind: str) -> list[str]:
    lines = [
        f"{who}基层政务公开标准目录报送表　填表说明",
        "",
        "1. 每个工作表是一个领域，表中已按" + ("县级目录模板" if kind == "town" else "现行县级目录") + "预先填好各事项。请逐项核对本单位实际，"
        "在「处理」列选择：采用（照表公开）、修改（改写了某些列）、删除（本单位不公开该事项）或新增（本单位另有的事项）。",
        "2. 修改或删除的，必须在「理由（说明）」列写明理由，例如「本镇无此项业务，由县民政局统一公开」。"
        "删减「公开内容（要素）」中的任何一项，也要写明理由。",
        "3. 整个领域都不涉及的，请在该表每一行的「处理」选「删除」，并在「理由（说明）」写同一个理由（如「本镇不涉及该领域」）。"
        "不要删除工作表，也不要删除行：删掉的行按「删除且未写理由」处理。",
        "4. 新增事项写在表格末尾的空行，「处理」选「新增」，各列按表头填写；「事项编号」留空。",
        "5.「事项编号」列已锁定，请勿改动；它用于把您的修改对应到模板事项。",
        "6.「公开对象」「公开方式」「公开层级」各列在适用的格内选「√」；「公开渠道和载体」中把采用的渠道前的「□」改成「■」。",
        "7.「公开主体」已写为本单位名称，如由其他单位公开，请改为该单位名称并写明理由。",
        "8. 请直接保存为 .xlsx 格式报送，不要另存为 .xls，也不要改动表头。",
    ]
    if due is not None:
        lines.append(f"9. 报送截止日期：{due.year}年{due.month}月{due.day}日。逾期报送将在季度通报中通报。")
    return lines


def write_form(path: Path, who: str, kind: str, sheets: list[tuple[str, str, list[m.Item]]],
               due: dt.date | None) -> None:
    """One form: 填表说明, then a sheet per domain (sheet name, title, pre-filled items)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties({"title": f"{who}基层政务公开标准目录报送表", "author": "莒南县人民政府办公室政务公开办",
                       "company": "莒南县人民政府办公室"})
    title_fmt = wb.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
    head = wb.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True,
                          "bg_color": "#F2F2F2", "locked": True})
    cell = wb.add_format({"border": 1, "valign": "vcenter", "text_wrap": True, "locked": False})
    center = wb.add_format({"border": 1, "align": "center", "valign": "vcenter", "locked": False})
    locked = wb.add_format({"border": 1, "valign": "vcenter", "locked": True, "bg_color": "#F2F2F2"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})

    notes = wb.add_worksheet("填表说明")
    notes.set_column(0, 0, 110, wrap)
    for r, line in enumerate(_instructions(who, due, kind)):
        notes.write(r, 0, line, title_fmt if r == 0 else wrap)

    columns = list(table.download_columns())
    extra = ["处理", "理由（说明）"]
    ncols = len(columns) + len(extra)
    top, second = table.header_rows(columns)
    index = {c: i for i, c in enumerate(columns)}
    for name, title, items in sheets:
        ws = wb.add_worksheet(name[:31])
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(1, 2)
        ws.merge_range(0, 0, 0, ncols - 1, title, title_fmt)
        for h in top:
            first = index[h.columns[0]]
            if h.rowspan == 2:
                ws.merge_range(1, first, 2, first, h.text, head)
            elif h.colspan > 1:
                ws.merge_range(1, first, 1, first + h.colspan - 1, h.text, head)
            else:
                ws.write(1, first, h.text, head)
        for h in second:
            ws.write(2, index[h.columns[0]], h.text, head)
        for k, text in enumerate(extra):
            ws.merge_range(1, len(columns) + k, 2, len(columns) + k, text, head)
        for i, c in enumerate(columns):
            ws.set_column(i, i, c.place.width)
        ws.set_column(len(columns), len(columns), 8)
        ws.set_column(len(columns) + 1, len(columns) + 1, 30)
        rows = derive.table_rows(items)
        for r, row in enumerate(rows, 3):
            for c in columns:
                value = row.seq if c.key == "seq" else table.cell_text(row.item, c, row.seq)
                fmt = locked if c.key == "id" else center if c.option or c.key == "seq" else cell
                ws.write(r, index[c], value, fmt)
            ws.write_blank(r, len(columns), None, center)
            ws.write_blank(r, len(columns) + 1, None, cell)
        last = 3 + len(rows) + EXTRA_ROWS - 1
        for r in range(3 + len(rows), last + 1):
            for c in columns:
                ws.write_blank(r, index[c], None, locked if c.key == "id" else cell)
            ws.write_blank(r, len(columns), None, center)
            ws.write_blank(r, len(columns) + 1, None, cell)
        ws.data_validation(3, len(columns), last, len(columns), {
            "validate": "list", "source": list(ACTIONS), "input_title": "处理",
            "input_message": "采用、修改、删除或新增；修改、删除须写理由", "error_title": "请从列表中选择",
            "error_message": "只能选：采用、修改、删除、新增"})
        for c in columns:
            if c.option:
                ws.data_validation(3, index[c], last, index[c], {
                    "validate": "list", "source": ["√"], "ignore_blank": True,
                    "error_message": "适用的填「√」，不适用的留空"})
        ws.freeze_panes(3, 0)
        ws.protect("", {"format_cells": True, "format_columns": True, "format_rows": True,
                        "insert_rows": True, "delete_rows": True, "sort": True, "autofilter": True})
    wb.close()


def town_form(out: Path, town: m.Unit, template: list[m.Catalogue], registry: m.Registry,
              due: dt.date | None) -> Path:
    """DIR/towns/<town>.xlsx: a sheet per town domain, pre-filled from the template."""
    sheets = []
    for cat in template:
        if cat.domain is None or not cat.domain.town:
            continue
        title = f"{town.name}{cat.domain.name}领域基层政务公开标准目录（报送表）"
        sheets.append((cat.domain.name, title, [_item_values(it, town, registry) for it in cat.items]))
    path = out / "towns" / f"{town.id}.xlsx"
    write_form(path, town.name, "town", sheets, due)
    return path


def department_form(out: Path, cat: m.Catalogue, registry: m.Registry, due: dt.date | None) -> Path:
    """DIR/county/<domain>.xlsx: the current county domain, for its responsible department."""
    assert cat.domain is not None
    counts: dict[str, int] = {}
    for it in cat.items:
        for u in it.subject_units:
            if u.kind in ("department", "institution"):
                counts[u.name] = counts.get(u.name, 0) + 1
    who = max(counts, key=lambda k: counts[k]) if counts else "县直有关部门"
    title = f"{cat.domain.name}领域基层政务公开标准目录（报送表，{who}）"
    path = out / "county" / f"{cat.domain_id}.xlsx"
    write_form(path, who, "county", [(cat.domain.name, title, list(cat.items))], due)
    return path


def write_all(out: Path, project: Any) -> list[Path]:
    """Every town's and every county domain's form."""
    reg = project.registry
    due = project.settings.town_due
    paths = [town_form(out, u, project.template, reg, due) for u in reg.units if u.kind in ("town", "street")]
    paths += [department_form(out, c, reg, due) for c in project.county if c.domain is not None]
    return paths
