"""Rules over registries and catalogues (目录): ids, units, numbering, channels, basis, coverage."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import replace
from pathlib import PurePosixPath

from .. import diagnostics as dg
from .. import model as m
from .. import sources, vocab
from ..diagnostics import Diagnostic
from ..loading import Source
from .text import fold

_TITLE = re.compile(r"《([^《》]+)》")
_TOP_LEVEL_BRACKETS = re.compile(r"（[^（）]*）|\([^()]*\)|《[^《》]*》")


def check_registry(reg: m.Registry) -> Iterator[Diagnostic]:
    """Registries must be internally consistent: unique ids and names, guidelines registered."""
    dom_src, unit_src, basis_src = (reg.sources.get(k) for k in ("domains", "units", "basis"))
    if dom_src is not None:
        yield from _unique(dom_src, "domains", ("id", "name"), "领域")
        if basis_src is not None:
            for i, d in enumerate(reg.domains):
                if d.guideline and d.guideline.strip("《》") not in reg.basis_by_title:
                    yield dom_src.diag(dg.REGISTRY, ("domains", i, "guideline"),
                                       f"领域「{d.name}」的标准指引《{d.guideline.strip('《》')}》"
                                       "不在 catalogues/basis.yaml 中：请先登记该文件")
    if unit_src is not None:
        seen: dict[str, int] = {}
        for i, u in enumerate(reg.units):
            for j, name in enumerate(u.names):
                path: tuple[str | int, ...] = ("units", i, "name") if j == 0 else ("units", i, "aliases", j - 1)
                if name in seen and seen[name] != i:
                    other = reg.units[seen[name]]
                    yield unit_src.diag(dg.REGISTRY, path,
                                        f"名称「{name}」已用于单位「{other.name}」：同一名称只能指一个单位")
                seen.setdefault(name, i)
        yield from _unique(unit_src, "units", ("id",), "单位")
    if basis_src is not None:
        yield from _unique(basis_src, "documents", ("title",), "依据文件")


def _unique(src: Source, key: str, fields: Iterable[str], what: str) -> Iterator[Diagnostic]:
    entries = src.data.get(key)
    if not isinstance(entries, list):
        return
    for f in fields:
        first: dict[str, int] = {}
        for i, e in enumerate(entries):
            v = e.get(f) if isinstance(e, dict) else None
            if not isinstance(v, str):
                continue
            if v in first:
                line = src.at((key, first[v], f))[0]
                yield src.diag(dg.REGISTRY, (key, i, f), f"{what}的「{f}」值「{v}」重复（第 {line} 行已有）")
            else:
                first[v] = i


def check_catalogue(cat: m.Catalogue, src: Source, reg: m.Registry,
                    what: str = "目录") -> Iterator[Diagnostic]:
    """Rules over one catalogue file of items (the county's, or the town template's)."""
    stem = PurePosixPath(cat.file).stem
    if cat.domain_id and "domains" in reg.sources:  # an unreadable registry is its own finding
        if cat.domain is None:
            close = difflib.get_close_matches(cat.domain_id, list(reg.domain_by_id), 1, 0.6)
            hint = f"（是否应为「{close[0]}」？）" if close else ""
            yield src.diag(dg.UNKNOWN_DOMAIN, ("domain",),
                           f"领域「{cat.domain_id}」不在 catalogues/domains.yaml 中{hint}")
        elif cat.domain_id != stem:
            yield src.diag(dg.UNKNOWN_DOMAIN, ("domain",),
                           f"领域编号「{cat.domain_id}」与文件名「{stem}」不符：请把文件改名为 {cat.domain_id}.yaml")
    if cat.status == "draft":
        yield src.diag(dg.DRAFT, ("status",),
                       f"「{cat.domain.name if cat.domain else cat.domain_id}」{what}是草稿：{cat.source}")
    yield from recorded_findings(cat, src)
    yield from check_items(cat.items, src, reg)
    yield from check_sources(cat, src)


def check_sources(cat: m.Catalogue, src: Source) -> Iterator[Diagnostic]:
    """A draft item names the page(s) it follows, in its own ``source`` or its file's (ZW215, info)."""
    for it in cat.items:
        if sources.is_drafted(it, cat) and not sources.item_pages(it, cat):
            # 「出处同上」 names no page of its own: moving or deleting the item above would lose it
            hint = ("「同上」不算写明：请把所指网页的网址写进本事项的 source"
                    if it.source and "同上" in it.source else
                    "请在本事项的 source 中写明它依照的已公开目录的网址（http:// 或 https://）、单位和日期；"
                    "找不到公开依据的行不要凭记忆起草")
            yield src.diag(dg.UNSOURCED, it.path,
                           f"事项「{it.id}」（{it.category}／{it.subcategory}）是草稿，没有写明所据的网页：{hint}")


def recorded_findings(cat: m.Catalogue, src: Source) -> Iterator[Diagnostic]:
    """What ``zwgk import-dept`` found in a department's workbook, kept in the domain file: reported
    at its entry, with the workbook cell, until a corrected workbook is imported."""
    for f in cat.findings:
        try:
            rule = dg.rule_of(f.code)
        except KeyError:
            rule = dg.BADLY_FILLED
        where = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (cat.workbook or "")
        d = src.diag(rule, f.path, f"{f.message}（报送表格 {where}）" if where else f.message)
        yield replace(d, sheet=f.sheet, cell=f.cell)


def check_items(items: list[m.Item], src: Source, reg: m.Registry,
                own_town: m.Unit | None = None) -> Iterator[Diagnostic]:
    """Rules shared by every catalogue of items (county, template, towns); ``own_town`` is the town
    whose own catalogue this is (suggestions never name another town there)."""
    first_id: dict[str, m.Item] = {}
    for it in items:
        if it.id:
            if it.id in first_id:
                yield src.diag(dg.DUPLICATE_ID, (*it.path, "id"),
                               f"事项编号「{it.id}」重复（第 {first_id[it.id].loc.line} 行已有）："
                               "编号在本文件内必须唯一，请改用新编号")
            else:
                first_id[it.id] = it
        for k, subject in enumerate(it.subjects):
            if subject not in reg.unit_by_name and "units" in reg.sources:
                yield src.diag(dg.UNKNOWN_UNIT, (*it.path, "subjects", k),
                               f"公开主体{unknown_unit(subject, reg, own_town)}")
        has_other = vocab.OTHER_CHANNEL in it.channels
        if has_other and not it.channel_other:
            yield src.diag(dg.OTHER_CHANNEL, (*it.path, "channels"),
                           "选了公开渠道「其他」，但没有填写「其他渠道说明」（channel_other）")
        elif it.channel_other and not has_other:
            yield src.diag(dg.OTHER_CHANNEL, (*it.path, "channel_other"),
                           "填写了「其他渠道说明」，但公开渠道中没有选「其他」")
        for k, b in enumerate(it.basis if "basis" in reg.sources else ()):
            yield from _check_basis(b, src, (*it.path, "basis", k), reg)
        for key, values in (("elements", it.elements), ("subjects", it.subjects)):
            for k, v in enumerate(values):
                if "、" in _TOP_LEVEL_BRACKETS.sub("", v):
                    yield src.diag(dg.LIST_IN_CELL, (*it.path, key, k),
                                   f"「{v}」含有「、」：请把它分成几项分别写，表格导出再导入时才不会拆错")
    yield from _check_sequence(items, src)


_TOWNISH = re.compile(r"镇|乡|街道|办事处")
_TOWN_SUFFIX = re.compile(r"(人民政府|政府|街道办事处|办事处|街道|镇|乡)+$")


def unknown_unit(name: str, reg: m.Registry, own_town: m.Unit | None = None) -> str:
    """「name」不在单位登记表中 and what to write instead: the same name written with look-alike or
    full-width characters, the closest registered unit, or, for a town's name in a town's own file,
    that town (never another town); the caller puts what the name is (公开主体, 单位) before it."""
    folded = fold(name)
    same = next((n for n in reg.unit_by_name if fold(n) == folded), None)
    if same is not None:
        return (f"「{name}」看起来是「{same}」，但用了全角字符、形近的外文字母或看不见的字符："
                f"请改为规范写法「{same}」")
    close = suggest_unit(name, reg, own_town)
    if close is not None and own_town is not None and close == own_town.name:
        hint = f"本文件是{own_town.short_name}的目录，是否应为「{close}」？"
    elif close is not None:
        hint = f"是否应为「{close}」？"
    else:
        hint = "请使用登记表中的单位全称或简称，"
    return f"「{name}」不在单位登记表中：{hint}新单位请先加入 catalogues/units.yaml"


def suggest_unit(name: str, reg: m.Registry, own_town: m.Unit | None = None) -> str | None:
    """The registered name an unknown unit name most likely means, or None.

    A town's or street's name is suggested only when the name written names that town: in a town's
    own file a town-like name means the town itself (「XX镇人民政府」 in 坪上镇's file is 坪上镇人民政府,
    not the 道口镇人民政府 it happens to resemble); elsewhere a town-like name that names no town
    means the generic role (乡镇人民政府（街道办事处）)."""
    townish = _TOWNISH.search(name) is not None
    if own_town is not None and townish:
        return own_town.name
    for candidate in difflib.get_close_matches(name, list(reg.unit_by_name), 5, 0.5):
        unit = reg.unit_by_name[candidate]
        if unit.kind in ("town", "street") and not _names_town(name, unit):
            continue
        return candidate
    if townish:
        return next((u.name for u in reg.units if u.placeholder), None)
    return None


def _names_town(name: str, town: m.Unit) -> bool:
    """Whether ``name`` carries the distinctive part of the town's name (大店 of 大店镇人民政府)."""
    cores = {_TOWN_SUFFIX.sub("", n) for n in town.names}
    return any(core and core in name for core in cores)


def _check_basis(text: str, src: Source, path: tuple[str | int, ...], reg: m.Registry) -> Iterator[Diagnostic]:
    titles = _TITLE.findall(text)
    if not titles:
        yield src.diag(dg.UNKNOWN_BASIS, path,
                       f"公开依据「{text[:30]}」没有用书名号写明文件标题：请写成《文件标题》")
    for t in titles:
        if t not in reg.basis_by_title:
            yield src.diag(dg.UNKNOWN_BASIS, path,
                           f"公开依据《{t}》不在 catalogues/basis.yaml 中：请核对标题；"
                           "确为现行文件的，请先登记标题、文号和发布机关")


def _check_sequence(items: list[m.Item], src: Source) -> Iterator[Diagnostic]:
    """序号 is kept only from imported spreadsheets; when present it must run 1, 2, 3 … without gaps."""
    numbered = [it for it in items if it.seq is not None]
    if not numbered:
        return
    expected = 1
    for it in items:
        if it.seq is None:
            yield src.diag(dg.SEQ_GAP, it.path, f"目录序号缺项：此事项没有序号，应为 {expected}")
            expected += 1
            continue
        if it.seq > expected:
            missing = f"{expected}" if it.seq == expected + 1 else f"{expected}–{it.seq - 1}"
            yield src.diag(dg.SEQ_GAP, (*it.path, "seq"),
                           f"目录序号缺项：序号从 {expected - 1} 跳到 {it.seq}，缺少 {missing}："
                           "请核对是否漏了事项，或重新编号")
        elif it.seq < expected:
            yield src.diag(dg.SEQ_DUPLICATE, (*it.path, "seq"),
                           f"目录序号 {it.seq} 重复或顺序错乱（此处应为 {expected}）：请重新编号")
            continue
        expected = it.seq + 1


def check_coverage(reg: m.Registry, catalogues: list[m.Catalogue],
                   present: Collection[str] = ()) -> Iterator[Diagnostic]:
    """Every registered domain has its county catalogue file; ``present`` names the files that exist
    (loaded or not), which are never reported as missing."""
    have = {c.domain_id for c in catalogues} | set(present)
    src = reg.sources.get("domains")
    if src is None:
        return
    for i, d in enumerate(reg.domains):
        if d.id and d.id not in have:
            yield src.diag(dg.MISSING_DOMAIN, ("domains", i, "id"),
                           f"领域「{d.name}」没有县级目录文件 catalogues/county/{d.id}.yaml：请补充，"
                           "或从登记表中删除该领域")
