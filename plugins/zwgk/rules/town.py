"""Rules over the town template and the towns' catalogues (镇街目录).

They catch the mistakes the 2020-Q4 bulletin lists in section 二(三): late or missing submissions,
the unmodified template sent back, items and elements deleted wholesale, a whole domain deleted.
For a submitted or approved catalogue they are errors; for a pending one (not yet screened) the
same findings are info, so that an honest "not done yet" builds while a bad submission does not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path, PurePosixPath

from .. import diagnostics as dg
from .. import model as m
from ..diagnostics import Diagnostic
from ..loading import Source
from . import catalogue


def check_template(project_template: list[m.Catalogue], sources: dict[str, Source],
                   reg: m.Registry, present: Collection[str] = ()) -> Iterator[Diagnostic]:
    """The template: one file per town domain, items at 乡级, plus every county-catalogue rule.
    ``present`` names the template files that exist, loaded or not (never reported as missing)."""
    have = {c.domain_id for c in project_template} | set(present)
    for cat in project_template:
        src = sources[cat.file]
        yield from catalogue.check_catalogue(cat, src, reg, what="镇街级目录模板")
        if cat.domain is not None and not cat.domain.town:
            yield src.diag(dg.TEMPLATE_COVERAGE, ("domain",),
                           f"「{cat.domain.name}」不是镇街级领域（domains.yaml 中 town: false）："
                           "请删除此模板文件，或在领域登记表中把该领域设为 town: true")
        for it in cat.items:
            if it.levels and "乡级" not in it.levels:
                yield src.diag(dg.TEMPLATE_LEVEL, (*it.path, "levels"),
                               f"模板事项「{it.subcategory}」的公开层级不含乡级：镇街目录的事项应为乡级")
    dom_src = reg.sources.get("domains")
    if dom_src is not None:
        for i, d in enumerate(reg.domains):
            if d.town and d.id not in have:
                yield dom_src.diag(dg.TEMPLATE_COVERAGE, ("domains", i, "town"),
                                   f"镇街级领域「{d.name}」没有模板文件 catalogues/town-template/{d.id}.yaml")


def check_towns(towns: list[m.TownCatalogue], template: list[m.Catalogue], sources: dict[str, Source],
                reg: m.Registry, settings: m.Settings, present: Collection[str] = ()) -> Iterator[Diagnostic]:
    """Every town's catalogue, and a finding for each town without one; ``present`` names the town
    files that exist, loaded or not (a file that cannot be read is not a missing submission)."""
    have = {t.town_id for t in towns} | set(present)
    unit_src = reg.sources.get("units")
    if unit_src is not None:
        for i, u in enumerate(reg.units):
            if u.kind in ("town", "street") and u.id not in have:
                yield unit_src.diag(dg.MISSING_TOWN, ("units", i, "id"),
                                    f"{u.name}没有目录文件 catalogues/towns/{u.id}.yaml：镇街未报送目录，"
                                    "或请先建立待筛选（pending）的目录文件")
    by_domain = {c.domain_id: c for c in template}
    for town in towns:
        yield from check_town(town, by_domain, sources[town.file], reg, settings)


def check_town(town: m.TownCatalogue, template: dict[str, m.Catalogue], src: Source,
               reg: m.Registry, settings: m.Settings) -> Iterator[Diagnostic]:
    """All rules over one town's catalogue."""
    sev = dg.Severity.ERROR if town.binding else dg.Severity.INFO
    name = town.unit.name if town.unit else town.town_id
    stem = PurePosixPath(town.file).stem
    if town.town_id and "units" in reg.sources:  # an unreadable registry is its own finding
        if town.unit is None or town.unit.kind not in ("town", "street"):
            yield src.diag(dg.UNKNOWN_TOWN, ("town",),
                           f"「{town.town_id}」不是单位登记表中的镇街编号：请核对 catalogues/units.yaml")
        elif town.town_id != stem:
            yield src.diag(dg.UNKNOWN_TOWN, ("town",),
                           f"镇街编号「{town.town_id}」与文件名「{stem}」不符：请把文件改名为 {town.town_id}.yaml")
    yield from _workflow(town, src, settings)

    seen_domains: dict[str, m.TownDomain] = {}
    screened = bool(town.screening_note)
    for td in town.domains:
        domain = reg.domain_by_id.get(td.domain_id)
        if domain is None and "domains" not in reg.sources:
            continue  # the domain registry could not be read: its own finding says so
        if domain is None or not domain.town:
            what = "不在领域登记表中" if domain is None else "不是镇街级领域"
            yield src.diag(dg.NOT_TOWN_DOMAIN, (*td.path, "domain"), f"领域「{td.domain_id}」{what}")
            continue
        if td.domain_id in seen_domains:
            yield src.diag(dg.NOT_TOWN_DOMAIN, (*td.path, "domain"),
                           f"领域「{domain.name}」写了两次（第 {seen_domains[td.domain_id].loc.line} 行已有）：请合并")
            continue
        seen_domains[td.domain_id] = td
        if td.not_applicable:
            screened = True
            if td.entries:
                yield src.diag(dg.NA_WITH_ITEMS, (*td.path, "not_applicable"),
                               f"「{domain.name}」写了未涉及说明，又列了 {len(td.entries)} 个事项：请二选一")
            continue
        tmpl = template.get(td.domain_id)
        own_town = town.unit if town.unit is not None and town.unit.kind in ("town", "street") else None
        yield from _check_entries(td, domain, tmpl, src, reg, sev, own_town)
        yield from _sequence(td, src, sev)
        if any(e.kind != "adopted" for e in td.entries):
            screened = True
        yield from _check_domain_totals(td, domain, tmpl, src, sev, settings)

    for d in reg.domains:
        if d.town and d.id not in seen_domains:
            yield src.diag(dg.DOMAIN_DROPPED, ("domains",), key=True, message=
                           f"{name}的目录中没有「{d.name}」领域：整个领域被删除。如本镇街不涉及，请写明未涉及说明"
                           "（报送表格中该领域每一行选「删除」并写同一理由；目录文件中写 not_applicable）", severity=sev)
    if town.binding and not screened and "domains" in reg.sources:
        yield src.diag(dg.UNMODIFIED, ("status",),
                       f"{name}报送的目录与模板完全相同，公开主体等均未修改：请结合本镇街实际逐项筛选；"
                       "确已筛选且全部采用的，请在 screening_note 中说明")
    if town.status == "pending":
        yield src.diag(dg.PENDING, ("status",), f"{name}的目录尚未筛选（待筛选），页面按模板显示并标注")


def _workflow(town: m.TownCatalogue, src: Source, settings: m.Settings) -> Iterator[Diagnostic]:
    if town.binding and town.submitted_on is None:
        yield src.diag(dg.WORKFLOW, ("status",),
                       "状态为已报送/已审定，但没有报送日期：请填写 submitted_on")
    if town.status == "approved" and town.approved_on is None:
        yield src.diag(dg.WORKFLOW, ("status",), "状态为已审定，但没有审定日期：请填写 approved_on")
    if town.status == "pending" and (town.submitted_on or town.approved_on):
        yield src.diag(dg.WORKFLOW, ("status",),
                       "已填写报送或审定日期，状态却仍是 pending：请把状态改为 submitted 或 approved")
    if town.submitted_on and town.approved_on and town.approved_on < town.submitted_on:
        yield src.diag(dg.WORKFLOW, ("approved_on",), "审定日期早于报送日期：请核对")
    due = settings.town_due
    if due and town.status == "pending" and dt.date.today() > due:
        yield src.diag(dg.MISSING_TOWN, ("status",),
                       f"截止日期 {due.isoformat()} 已过，{town.unit.name if town.unit else town.town_id}仍未报送目录："
                       "请督促报送；收到表格后用 zwgk import-town 导入")
    if due and town.submitted_on and town.submitted_on > due:
        days = (town.submitted_on - due).days
        # a fact once the office has approved the catalogue: kept on the 报送情况 page, no longer
        # something to fix (an error there would stop every build for good)
        approved = town.status == "approved"
        yield src.diag(dg.LATE, ("submitted_on",),
                       f"报送不及时：{town.submitted_on.isoformat()} 报送，晚于截止日期 {due.isoformat()}（{days} 天）"
                       + ("；目录已审定，逾期记录在报送情况中" if approved else "：审定后不再作为错误"),
                       severity=dg.Severity.INFO if approved else None)


def _check_entries(td: m.TownDomain, domain: m.Domain, tmpl: m.Catalogue | None, src: Source,
                   reg: m.Registry, sev: dg.Severity, own_town: m.Unit | None) -> Iterator[Diagnostic]:
    town_id = own_town.id if own_town else ""
    tmpl_items = {it.id: it for it in tmpl.items} if tmpl else {}
    first_ref: dict[str, m.TownEntry] = {}
    own: list[m.Item] = []
    for e in td.entries:
        if (e.template_id is None) == (e.local is None):
            yield src.diag(dg.BAD_ENTRY, e.path,
                           "每个条目须写 template（采用或改写模板事项）或 local（本镇街新增事项），二者只能选一个")
            continue
        if e.local is not None:
            if e.local.id in tmpl_items:
                yield src.diag(dg.DUPLICATE_ID, (*e.path, "local", "id"),
                               f"新增事项编号「{e.local.id}」与模板事项重复：请换一个编号")
            own.append(e.local)
            yield from _placeholder_subjects(e.local.subjects, (*e.path, "local", "subjects"), src, reg, sev)
            yield from _other_towns(e.local.subjects, (*e.path, "local", "subjects"), town_id, src, reg, sev)
            continue
        tid = e.template_id or ""
        base = tmpl_items.get(tid)
        if base is None and tmpl is None:
            continue  # the template file is missing or unreadable: ZW318 or its own finding says so
        if base is None:
            yield src.diag(dg.UNKNOWN_TEMPLATE_ITEM, (*e.path, "template"),
                           f"「{domain.name}」模板中没有事项「{tid}」：请核对编号"
                           f"（见 catalogues/town-template/{domain.id}.yaml）")
            continue
        if tid in first_ref:
            yield src.diag(dg.DUPLICATE_REF, (*e.path, "template"),
                           f"模板事项「{tid}」已在第 {first_ref[tid].loc.line} 行列出：请删除重复的一项")
            continue
        first_ref[tid] = e
        overrides = e.overrides  # built from the entry's fields on each read: once here
        if e.omit is not None:
            if overrides:
                yield src.diag(dg.BAD_ENTRY, e.path, "删除的模板事项不能同时改写其内容：请去掉 omit 或去掉改写的字段")
            if not e.omit:
                missing = "表格中没有这一行（被删除）" if e.row is None and td.sheet else "删除了"
                yield src.diag(dg.OMIT_NO_REASON, (*e.path, "omit"),
                               f"{missing}模板事项「{base.category}/{base.subcategory}」，但没有写明理由："
                               "请恢复该事项，或写明删除理由（表格的「理由（说明）」列，目录文件的 omit）",
                               severity=sev)
            continue
        if "subjects" in overrides:
            yield from _placeholder_subjects(overrides["subjects"], (*e.path, "subjects"), src, reg, sev)
            yield from _other_towns(overrides["subjects"], (*e.path, "subjects"), town_id, src, reg, sev)
        changed = [k for k in overrides if k != "elements" and _differs(getattr(base, k), overrides[k])]
        if changed and not e.reason:
            titles = "、".join(m.Item.model_fields[k].title or k for k in changed)
            yield src.diag(dg.CHANGED_NO_REASON, (*e.path, changed[0]),
                           f"改动了模板事项「{base.category}/{base.subcategory}」的{titles}，但没有写明理由："
                           "请在理由（reason）中说明，或恢复模板的写法", severity=sev)
        if "elements" in overrides:
            trimmed = [x for x in base.elements if x not in overrides["elements"]]
            if trimmed and not e.reason:
                yield src.diag(dg.ELEMENTS_TRIMMED, (*e.path, "elements"),
                               f"删减了模板的公开要素「{'、'.join(trimmed)}」，但没有写明理由：请填写 reason，"
                               "或恢复这些要素", severity=sev)
        if overrides:
            own.append(base.rewritten(e, **overrides))
    if own:
        yield from catalogue.check_items(own, src, reg, own_town)


def _differs(template_value: object, town_value: object) -> bool:
    """A rewritten column that says something else (a checklist in another order says the same)."""
    if isinstance(template_value, list) and isinstance(town_value, list):
        return sorted(map(str, template_value)) != sorted(map(str, town_value))
    return template_value != town_value


def _other_towns(subjects: list[str], path: tuple[str | int, ...], town_id: str, src: Source,
                 reg: m.Registry, sev: dg.Severity) -> Iterator[Diagnostic]:
    """A town's own catalogue naming another town as 公开主体 (a copied neighbour's table)."""
    for k, s in enumerate(subjects):
        u = reg.unit_by_name.get(s)
        if u is not None and u.kind in ("town", "street") and u.id != town_id:
            own = reg.unit_by_id.get(town_id)
            yield src.diag(dg.OTHER_TOWN, (*path, k),
                           f"公开主体「{s}」是另一个镇街：本镇街的目录应写「{own.name if own else town_id}」", severity=sev)


def _sequence(td: m.TownDomain, src: Source, sev: dg.Severity) -> Iterator[Diagnostic]:
    """序号 as the town wrote it in its workbook (kept on each entry) must run 1, 2, 3 … in the sheet."""
    numbered = [e for e in td.entries if e.seq is not None]
    if not numbered:
        return
    expected = 1
    for e in sorted(numbered, key=lambda e: e.row or 0):
        assert e.seq is not None
        if e.seq > expected:
            missing = f"{expected}" if e.seq == expected + 1 else f"{expected}–{e.seq - 1}"
            yield src.diag(dg.SEQ_GAP, (*e.path, "seq"),
                           f"目录序号缺项：序号从 {expected - 1} 跳到 {e.seq}，缺少 {missing}", severity=sev)
        elif e.seq < expected:
            yield src.diag(dg.SEQ_DUPLICATE, (*e.path, "seq"), f"目录序号 {e.seq} 重复或顺序错乱（此处应为 {expected}）",
                           severity=sev)
            continue
        expected = e.seq + 1


def _placeholder_subjects(subjects: list[str], path: tuple[str | int, ...], src: Source,
                          reg: m.Registry, sev: dg.Severity) -> Iterator[Diagnostic]:
    for k, s in enumerate(subjects):
        u = reg.unit_by_name.get(s)
        if u is not None and u.placeholder:
            yield src.diag(dg.PLACEHOLDER_SUBJECT, (*path, k),
                           f"公开主体「{s}」是模板占位主体：请改为本镇街名称", severity=sev)


def _check_domain_totals(td: m.TownDomain, domain: m.Domain, tmpl: m.Catalogue | None, src: Source,
                         sev: dg.Severity, settings: m.Settings) -> Iterator[Diagnostic]:
    if tmpl is None:
        return
    listed = {e.template_id for e in td.entries if e.template_id}
    for it in tmpl.items:
        if it.id not in listed:
            yield src.diag(dg.UNTOUCHED, td.path,
                           f"「{domain.name}」模板事项「{it.id} {it.category}/{it.subcategory}」既未采用也未删除："
                           f"请加上「- template: {it.id}」，不采用的写明 omit 理由", severity=sev)
    tmpl_ids = {i.id for i in tmpl.items}
    omitted = sum(1 for e in td.entries if e.omit is not None and e.template_id in tmpl_ids)
    total = len(tmpl.items)
    local = sum(1 for e in td.entries if e.local is not None)
    if total and omitted == total and local == 0:
        yield src.diag(dg.DOMAIN_DROPPED, td.path,
                       f"「{domain.name}」的模板事项全部被删除：整个领域不涉及的，请改写 not_applicable（未涉及说明）",
                       severity=sev)
    elif total and omitted / total > settings.max_omitted_share:
        yield src.diag(dg.TOO_MANY_OMITTED, td.path,
                       f"「{domain.name}」删除了 {omitted}/{total} 个模板事项，超过 {settings.max_omitted_share:.0%}："
                       "公开事项删减过多，请复核", severity=sev)
    if not td.has_items_key and not td.not_applicable:
        yield src.diag(dg.DOMAIN_DROPPED, td.path,
                       f"「{domain.name}」既没有事项也没有未涉及说明：请列出事项，或填写 not_applicable", severity=sev)


def check_workbooks(records: Iterable[m.TownCatalogue | m.Catalogue], sources: dict[str, Source],
                    root: Path) -> Iterator[Diagnostic]:
    """A catalogue imported from a workbook (a town's, or a department's county domain) keeps the
    workbook, unchanged, under catalogues/submissions/: it is there and its SHA-256 is the one
    recorded at import."""
    import hashlib

    for rec in records:
        if not rec.workbook or rec.file not in sources:
            continue
        src = sources[rec.file]
        parts = PurePosixPath(rec.workbook).parts
        path = root / rec.workbook
        if parts[:2] != ("catalogues", "submissions") or ".." in parts or "\\" in rec.workbook:
            yield src.diag(dg.WORKBOOK_RECORD, ("workbook",),
                           f"报送表格的位置「{rec.workbook}」不在 catalogues/submissions/ 下：请重新导入")
        elif not path.is_file() or path.is_symlink():
            yield src.diag(dg.WORKBOOK_RECORD, ("workbook",),
                           f"报送表格 {rec.workbook} 不在仓库中：请把收到的原表格放回该位置（不要改动），或重新导入")
        elif rec.workbook_sha256 and hashlib.sha256(path.read_bytes()).hexdigest() != rec.workbook_sha256:
            yield src.diag(dg.WORKBOOK_RECORD, ("workbook_sha256",),
                           f"报送表格 {rec.workbook} 与导入时的校验值不符：表格被改动过。请放回收到的原件，或重新导入")
