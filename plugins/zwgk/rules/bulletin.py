"""Rules over quarterly bulletins (季度通报) and their inspection records.

Catalogue rules such as numbering gaps do not apply to bulletin prose: a bulletin is reproduced as
published, with its own numbering (the 2020-Q4 bulletin has two (三) and no (二)).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence

from .. import bulletin_lists, derive
from .. import diagnostics as dg
from .. import model as m
from ..diagnostics import Diagnostic
from ..loading import Source
from .catalogue import unknown_unit


def check_bulletin(b: m.Bulletin, sources: dict[str, Source], reg: m.Registry,
                   t: m.Thresholds, unreadable: Collection[str] = (),
                   bulletins: Sequence[m.Bulletin] = ()) -> Iterator[Diagnostic]:
    """Rules over one bulletin, its inspection records and its quarter's records; ``unreadable``
    names the files that exist but could not be loaded (an unreadable inspections.yaml is not a
    missing one); ``bulletins`` are all the bulletins (this year's highlights records)."""
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
    yield from _annexes_in_text(b, src, reg, t)
    yield from check_quarter_records(b, sources, reg, unreadable, bulletins or [b])


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


def _annexes_in_text(b: m.Bulletin, src: Source, reg: m.Registry, t: m.Thresholds) -> Iterator[Diagnostic]:
    """Section 二 and the annexes agree: every unit an annex lists (typed or computed) is named in the
    bulletin's text, by its name or one of its short names."""
    text = "\n".join([b.opening or "", *(f"{s.heading}\n{s.body}" for s in b.sections)])
    said: set[str] = set()
    for a in b.annexes:
        for r in derive.annex_rows(b, a, reg, t):
            u = reg.unit_by_name.get(r.unit)
            if u is None or u.id in said or any(n in text for n in u.names):
                continue
            said.add(u.id)
            where = r.path if not r.is_computed else (*a.path, "number")
            yield src.diag(dg.ANNEX_NOT_IN_TEXT, where,
                           f"附件{a.number}列出了「{u.short_name}」，但通报正文没有提到它：请在第二部分写明"
                           "该单位的问题，或核对附件（由检查记录计算的附件请核对检查记录）")


def check_quarter_records(b: m.Bulletin, sources: dict[str, Source], reg: m.Registry,
                          unreadable: Collection[str], bulletins: Sequence[m.Bulletin]) -> Iterator[Diagnostic]:
    """The quarter's materials and highlights records, and the section lists drawn from them."""
    src = sources[b.file]
    folder = f"bulletins/{b.slug}"
    materials, highlights = b.records.materials, b.records.highlights
    if materials is not None:
        yield from _materials(materials, sources[materials.file], reg)
    if highlights is not None:
        yield from _highlights(b, highlights, sources[highlights.file], reg)
    if b.records.compilation is not None:
        yield from _compilation(b.records.compilation, sources[b.records.compilation.file], reg)
    year = bulletin_lists.year_highlights(b, bulletins)
    for i, s in enumerate(b.sections):
        for k, lst in enumerate(s.lists):
            at = ("sections", i, "lists", k, "of")
            if lst.of.startswith("materials-") and materials is None and f"{folder}/materials.yaml" not in unreadable:
                yield src.diag(dg.QUARTER_RECORDS, at,
                               f"名单「{lst.of}」由材料报送记录生成，但 {folder}/ 中没有 materials.yaml：请补充记录")
            if lst.of.startswith("highlights-") and highlights is None \
                    and f"{folder}/highlights.yaml" not in unreadable:
                yield src.diag(dg.QUARTER_RECORDS, at,
                               f"名单「{lst.of}」由亮点信息记录生成，但 {folder}/ 中没有 highlights.yaml：请补充记录")
            elif lst.of == "highlights-none" and highlights is not None:
                missing = bulletin_lists.uncovered_months(b, year)
                if missing:
                    yield src.diag(dg.QUARTER_RECORDS, at,
                                   f"「今年以来未报送」要从 1 月算起，但 {b.year} 年 {_months(missing)} 没有亮点信息记录："
                                   "请补上前几个季度的 highlights.yaml，或在本季度的记录中写 from_month: 1 并补录",
                                   severity=dg.Severity.WARNING)
            if lst.paragraph is not None and lst.paragraph > len(s.paragraphs):
                yield src.diag(dg.QUARTER_RECORDS, ("sections", i, "lists", k, "paragraph"),
                               f"本节正文只有 {len(s.paragraphs)} 段，名单接不到第 {lst.paragraph} 段之后：请核对段落数")
            if lst.rules and lst.of != "compilation-problems":
                yield src.diag(dg.QUARTER_RECORDS, ("sections", i, "lists", k, "rules"),
                               f"rules 只用于 compilation-problems（镇街目录的问题），名单「{lst.of}」不用写")


def _months(months: list[int]) -> str:
    return "、".join(f"{mo} 月" for mo in months)


def _record_unit(unit: str, src: Source, path: tuple[str | int, ...], reg: m.Registry) -> Iterator[Diagnostic]:
    if _unknown(unit, reg):
        yield src.diag(dg.RECORD_UNKNOWN_UNIT, path, f"单位{unknown_unit(unit, reg)}")


def _materials(mf: m.MaterialsFile, src: Source, reg: m.Registry) -> Iterator[Diagnostic]:
    for req in mf.requests:
        if req.issued is not None and req.due < req.issued:
            yield src.diag(dg.QUARTER_RECORDS, (*req.path, "due"),
                           f"报送截止日期 {req.due.isoformat()} 早于通知下发日期 {req.issued.isoformat()}：请核对")
        seen: set[str] = set()
        for s in req.units:
            yield from _record_unit(s.unit, src, (*s.path, "unit"), reg)
            u = reg.unit_by_name.get(s.unit)
            key = u.id if u else s.unit
            if key in seen:
                yield src.diag(dg.QUARTER_RECORDS, (*s.path, "unit"),
                               f"「{s.unit}」在「{req.notice}」中写了两次：每个单位只写一项")
            seen.add(key)
            if s.submitted is not None and req.issued is not None and s.submitted < req.issued:
                yield src.diag(dg.QUARTER_RECORDS, (*s.path, "submitted"),
                               f"报送日期 {s.submitted.isoformat()} 早于通知下发日期 {req.issued.isoformat()}：请核对")


def _highlights(b: m.Bulletin, hf: m.HighlightsFile, src: Source, reg: m.Registry) -> Iterator[Diagnostic]:
    first = hf.from_month or b.quarter_start.month
    last = b.quarter_end.month
    if first > last:
        yield src.diag(dg.QUARTER_RECORDS, ("from_month",),
                       f"记录起始月份 {first} 月晚于本季度最后一个月（{last} 月）：请核对")
    seen: set[tuple[str, int]] = set()
    for r in hf.records:
        yield from _record_unit(r.unit, src, (*r.path, "unit"), reg)
        if not first <= r.month <= last:
            hint = "" if hf.from_month else "；补录前几个季度的，请在文件开头写 from_month"
            yield src.diag(dg.QUARTER_RECORDS, (*r.path, "month"),
                           f"月份 {r.month} 不在本文件的记录期间（{first} 月至 {last} 月）内{hint}")
        u = reg.unit_by_name.get(r.unit)
        key = (u.id if u else r.unit, r.month)
        if key in seen:
            yield src.diag(dg.QUARTER_RECORDS, (*r.path, "unit"),
                           f"「{r.unit}」{r.month} 月写了两次：同一单位每月只写一项")
        seen.add(key)
        adopted = sum(a.count for a in r.adopted)
        if adopted > r.submitted:
            yield src.diag(dg.QUARTER_RECORDS, (*r.path, "adopted"),
                           f"被采用 {adopted} 篇，多于报送的 {r.submitted} 篇：请核对")


def _compilation(cf: m.CompilationFile, src: Source, reg: m.Registry) -> Iterator[Diagnostic]:
    codes = {r.code for r in dg.all_rules()}
    seen: set[str] = set()
    for e in cf.entries:
        yield from _record_unit(e.unit, src, (*e.path, "unit"), reg)
        u = reg.unit_by_name.get(e.unit)
        if u is not None and u.kind not in ("town", "street"):
            yield src.diag(dg.QUARTER_RECORDS, (*e.path, "unit"), f"「{e.unit}」不是镇街：这里只记镇街目录的报送情况")
        key = u.id if u else e.unit
        if key in seen:
            yield src.diag(dg.QUARTER_RECORDS, (*e.path, "unit"), f"「{e.unit}」写了两次：每个镇街只写一项")
        seen.add(key)
        if (e.state in ("submitted", "approved")) != (e.submitted_on is not None):
            yield src.diag(dg.QUARTER_RECORDS, (*e.path, "state"),
                           "已报送、已审定的须写报送日期（submitted_on），未报送的不写")
        if e.late and e.state in ("missing", "overdue"):
            yield src.diag(dg.QUARTER_RECORDS, (*e.path, "late"), "late（逾期报送）只用于已报送的镇街；逾期未报送请写 state: overdue")
        for k, code in enumerate(e.problems):
            if code not in codes:
                yield src.diag(dg.QUARTER_RECORDS, (*e.path, "problems", k), f"没有规则代码 {code}：请对照检查规则代码一览")
