"""Rules over the experience-zone standard and the towns' zones (政务公开体验区)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from pathlib import PurePosixPath

from .. import diagnostics as dg
from .. import model as m
from ..diagnostics import Diagnostic
from ..loading import Source

# landline with area code (0539-7212345, 0539-7212345-801), mobile, or the 12345 hotline
PHONE = re.compile(r"^(0\d{2,3}-?\d{7,8}(-\d{1,6})?|1[3-9]\d{9}|12345)$")
# the time range at the end, found without backtracking over the days part (linear in the length)
HOURS = re.compile(r"(?<=\s)(?P<a>\d{1,2}):(?P<am>\d{2})\s*[-–~至]\s*(?P<b>\d{1,2}):(?P<bm>\d{2})$")


def check_standard(std: m.ZoneStandard, src: Source) -> Iterator[Diagnostic]:
    first: dict[str, m.Requirement] = {}
    for area in std.areas:
        for r in area.requirements:
            if r.id in first:
                yield src.diag(dg.DUPLICATE_REQUIREMENT, (*r.path, "id"),
                               f"要求编号「{r.id}」重复（第 {src.at((*first[r.id].path, 'id'))[0]} 行已有）")
            first.setdefault(r.id, r)
    if std.status == "draft":
        yield src.diag(dg.DRAFT, ("status",), f"「{std.title}」是草稿：{std.source}")


def check_zones(zones: list[m.Zone], std: m.ZoneStandard | None, sources: dict[str, Source],
                reg: m.Registry, present: Collection[str] = ()) -> Iterator[Diagnostic]:
    """Every town's zone, and a finding for each town without one; ``present`` names the zone files
    that exist, loaded or not (never reported as missing)."""
    have = {z.town_id for z in zones} | set(present)
    unit_src = reg.sources.get("units")
    if unit_src is not None and std is not None:
        for i, u in enumerate(reg.units):
            if u.kind in ("town", "street") and u.id not in have:
                yield unit_src.diag(dg.ZONE_MISSING, ("units", i, "id"),
                                    f"{u.name}没有体验区记录 catalogues/zones/{u.id}.yaml：请补充（情况不明的写 unknown）")
    for z in zones:
        yield from check_zone(z, std, sources[z.file], units_known=unit_src is not None)


def check_zone(z: m.Zone, std: m.ZoneStandard | None, src: Source,
               units_known: bool = True) -> Iterator[Diagnostic]:
    stem = PurePosixPath(z.file).stem
    if z.town_id and units_known and (z.unit is None or z.unit.kind not in ("town", "street")):
        yield src.diag(dg.ZONE_TOWN, ("town",), f"「{z.town_id}」不是单位登记表中的镇街编号")
    elif z.town_id and z.town_id != stem:
        yield src.diag(dg.ZONE_TOWN, ("town",), f"镇街编号「{z.town_id}」与文件名「{stem}」不符")
    if z.phone and not PHONE.match(z.phone.replace(" ", "")):
        yield src.diag(dg.BAD_PHONE, ("phone",),
                       f"电话「{z.phone}」格式不对：固定电话写成 0539-7212345，手机写 11 位数字")
    for k, h in enumerate(z.hours):
        msg = _hours_problem(h)
        if msg:
            yield src.diag(dg.BAD_HOURS, ("hours", k), f"开放时间「{h}」{msg}")
    if std is None:
        return
    for rid, a in z.answers.items():
        if std.requirement(rid) is None:
            yield src.diag(dg.UNKNOWN_REQUIREMENT, a.path,
                           f"标准中没有要求「{rid}」：请核对编号（见 catalogues/zones/standard.yaml）", key=True)
    for area in std.areas:
        for r in area.requirements:
            if r.required and r.id not in z.answers:
                yield src.diag(dg.UNANSWERED, ("answers",),
                               f"必备要求「{r.id} {r.text}」没有作答：请写 met、not_met，情况不明的写 unknown")
    unknown = [rid for rid, a in z.answers.items() if a.state == "unknown"]
    missing = [k for k, v in (("地址", z.address), ("开放时间", z.hours), ("电话", z.phone)) if not v]
    if unknown or missing:
        what = "、".join(missing) + ("；" if missing and unknown else "") + (
            f"{len(unknown)} 项要求的达标情况" if unknown else "")
        yield src.diag(dg.ZONE_UNKNOWN, ("town",), f"体验区未掌握：{what}，页面标注为「暂未掌握」")


def _hours_problem(text: str) -> str | None:
    text = text.strip()
    m_ = HOURS.search(text)
    if m_ is None or not text[:m_.start()].strip():
        return "格式不对：应写成「周一至周五 09:00-12:00」"
    a, am, b, bm = (int(m_.group(k)) for k in ("a", "am", "b", "bm"))
    if a > 23 or b > 24 or am > 59 or bm > 59:
        return "中的时刻不存在"
    if (b, bm) <= (a, am):
        return "的结束时间不晚于开始时间"
    return None
