"""Rules over quarterly bulletins (季度通报) and their inspection records.

Catalogue rules such as numbering gaps do not apply to bulletin prose: a bulletin is reproduced as
published, with its own numbering (the 2020-Q4 bulletin has two (三) and no (二)).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from .. import diagnostics as dg
from .. import model as m
from ..diagnostics import Diagnostic
from ..loading import Source
from .catalogue import unknown_unit


def check_bulletin(b: m.Bulletin, sources: dict[str, Source], reg: m.Registry,
                   t: m.Thresholds, unreadable: Collection[str] = ()) -> Iterator[Diagnostic]:
    """Rules over one bulletin and its inspection records; ``unreadable`` names the files that exist
    but could not be loaded (an unreadable inspections.yaml is not a missing one)."""
    src = sources[b.file]
    if b.is_draft:
        yield src.diag(dg.BULLETIN_DRAFT, ("status",),
                       f"{b.label}通报是草稿（status: draft），不会发布到正式网站，只在预览中显示；"
                       "印发后把 status 改为 official")
    expected_slug = f"{b.year}-q{b.quarter}"
    if b.year and b.slug != expected_slug:
        yield src.diag(dg.BULLETIN_FOLDER, ("quarter",),
                       f"通报写的是 {b.year} 年第 {b.quarter} 季度，但文件夹名是「{b.slug}」：应为 {expected_slug}")
    if b.date and b.year and b.date < b.quarter_start:
        yield src.diag(dg.DATE_OUTSIDE, ("date",),
                       f"成文日期 {b.date.isoformat()} 早于本季度开始（{b.quarter_start.isoformat()}）：请核对日期或季度")
    yield from _figures(b, src, reg)
    yield from _annexes(b, src, reg, f"bulletins/{b.slug}/inspections.yaml" in unreadable)
    if b.inspection is not None:
        yield from check_inspection(b, b.inspection, sources[b.inspection.file], reg, t)


_NUMBER = r"(?<![\d.]){}(?![\d.])"


def _figures(b: m.Bulletin, src: Source, reg: m.Registry) -> Iterator[Diagnostic]:
    text = "\n".join([b.opening or "", *(s.body for s in b.sections)])
    text = re.sub(r"(?<=\d) (?=\d)", "", text)
    seen: dict[str, m.Figure] = {}
    for f in b.figures:
        if f.id in seen:
            yield src.diag(dg.DUPLICATE_FIGURE, (*f.path, "id"), f"数据编号「{f.id}」重复：趋势图按编号汇总，请改用新编号")
        seen.setdefault(f.id, f)
        counted = [p.value for p in f.parts if p.value is not None]
        if f.parts and len(counted) == len(f.parts):  # parts that only name a unit are not added up
            total = sum(counted)
            if total > f.value:
                yield src.diag(dg.FIGURES_DONT_ADD_UP, (*f.path, "value"),
                               f"「{f.label}」的分项之和 {total} 超过总数 {f.value}：请核对")
            elif total != f.value and not f.partial:
                yield src.diag(dg.FIGURES_DONT_ADD_UP, (*f.path, "value"),
                               f"「{f.label}」的分项之和 {total} 不等于总数 {f.value}："
                               "请核对；原文只列了部分分项的，请加 partial: true")
        for k, p in enumerate(f.parts):
            if p.unit and _unknown(p.unit, reg):
                yield src.diag(dg.BULLETIN_UNKNOWN_UNIT, (*f.path, "parts", k, "unit"),
                               f"单位{unknown_unit(p.unit, reg)}")
        if text and not re.search(_NUMBER.format(f.value), text):
            yield src.diag(dg.FIGURE_NOT_IN_TEXT, (*f.path, "value"),
                           f"「{f.label}」的数值 {f.value} 在正文中找不到：请与正文核对")


def _annexes(b: m.Bulletin, src: Source, reg: m.Registry, inspection_unreadable: bool) -> Iterator[Diagnostic]:
    for i, a in enumerate(b.annexes, start=1):
        if a.number != i:
            yield src.diag(dg.ANNEX_NUMBERING, (*a.path, "number"),
                           f"附件序号应为 {i}，现为 {a.number}：附件须按 1、2、3……连续编号")
        if a.as_of and b.year and a.as_of < b.quarter_start:
            yield src.diag(dg.DATE_OUTSIDE, (*a.path, "as_of"),
                           f"截至日期 {a.as_of.isoformat()} 早于本季度开始（{b.quarter_start.isoformat()}）")
        if a.computed and a.rows:
            yield src.diag(dg.ANNEX_SOURCE, (*a.path, "rows"),
                           "附件写了 computed: true（由检查记录计算），又手填了 rows：请二选一")
        if a.computed and b.inspection is None and not inspection_unreadable:
            yield src.diag(dg.ANNEX_SOURCE, (*a.path, "computed"),
                           f"附件要求由检查记录计算，但 bulletins/{b.slug}/ 中没有 inspections.yaml")
        for r in a.rows:
            if _unknown(r.unit, reg):
                yield src.diag(dg.BULLETIN_UNKNOWN_UNIT, (*r.path, "unit"),
                               f"附件中的单位{unknown_unit(r.unit, reg)}")


def _unknown(unit: str, reg: m.Registry) -> bool:
    """Not a registered unit name (when the unit registry could be read: else that is the finding)."""
    return unit not in reg.unit_by_name and "units" in reg.sources


def check_inspection(b: m.Bulletin, insp: m.Inspection, src: Source, reg: m.Registry,
                     t: m.Thresholds) -> Iterator[Diagnostic]:
    """Inspection records: known units, dates within the inspected period (quarter start to check date)."""
    start = b.quarter_start
    end = insp.checked_on
    if end is not None and b.year and end < start:
        yield src.diag(dg.DATE_OUTSIDE, ("checked_on",),
                       f"检查日期 {end.isoformat()} 早于本季度开始（{start.isoformat()}）")
    records: list[tuple[m.ColumnRecord | m.AccountRecord, str]] = [
        *((c, "published") for c in insp.columns), *((a, "updates") for a in insp.accounts)]
    for rec, key in records:
        if _unknown(rec.unit, reg):
            yield src.diag(dg.BULLETIN_UNKNOWN_UNIT, (*rec.path, "unit"), f"单位{unknown_unit(rec.unit, reg)}")
        listed = src.get((*rec.path, key))  # as written, so each finding points at its own date
        for k, d in enumerate(listed if isinstance(listed, list) else []):
            if not hasattr(d, "isoformat"):
                continue
            if d < start or (end is not None and d > end):
                yield src.diag(dg.DATE_OUTSIDE, (*rec.path, key, k),
                               f"日期 {d.isoformat()} 不在检查期间 {start.isoformat()} 至 "
                               f"{end.isoformat() if end else '检查日'} 内：更早的最后一次更新请写在 last_before")
        if rec.last_before is not None and rec.last_before >= start:
            yield src.diag(dg.DATE_OUTSIDE, (*rec.path, "last_before"),
                           f"last_before 是本季度之前的最后一次更新，应早于 {start.isoformat()}：本季度的日期请写进列表")
    for c in insp.columns:
        if c.cycle and c.cycle not in t.cycle_days and c.cycle not in t.default_cycles:
            yield src.diag(dg.UNKNOWN_CYCLE, (*c.path, "cycle"),
                           f"更新周期「{c.cycle}」不在 settings.yaml 的 cycle_days 中：按栏目类别的默认期限计算；"
                           "如需按此周期检查，请在设定中补充天数")
