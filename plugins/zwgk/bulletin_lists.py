"""Lists of units for a bulletin's section 二 (通报第二部分的名单), derived from the quarter's records:
the requests for materials (materials.yaml), the 亮点信息 submitted (highlights.yaml) against the
monthly quotas in settings.yaml, and the towns' catalogue submissions (submissions.overview).

A section names the list it wants (``lists: [{of: materials-late, lead: …}]``); the sentence printed
is the lead, 「，如：」 and the units in registry order, by their short names as bulletins write them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from . import diagnostics as dg
from . import model as m
from .submissions import Submission

# what an empty list says when the section gives no `none` sentence
NONE_TEXT = {
    "materials-late": "本季度没有材料报送不及时的单位。",
    "materials-reminded": "本季度没有催促多次后才报送材料的单位。",
    "materials-poor": "本季度没有材料未按要求报送的单位。",
    "highlights-below-quota": "本季度没有亮点信息报送少于应报篇数的单位。",
    "highlights-none": "没有今年以来未报送亮点信息的单位。",
    "compilation-late": "没有目录报送不及时的镇街。",
    "compilation-problems": "没有报送的目录有此类问题的镇街。",
}
_CODES = {r.code for r in dg.all_rules()}
LATE_RULE = "ZW303"  # 报送不及时: a list of its own (compilation-late), not a problem of the catalogue


@dataclass(frozen=True)
class HighlightMonths:
    """One quarter's highlights.yaml and the months of the year it records."""

    file: m.HighlightsFile
    months: range


@dataclass(frozen=True)
class ListContext:
    """What the lists of one bulletin are derived from, besides the bulletin itself."""

    registry: m.Registry
    settings: m.BulletinSettings
    highlights: Sequence[HighlightMonths] = ()  # this year's files up to the bulletin's quarter, oldest first
    submissions: Sequence[Submission] = ()  # submissions.overview() as of the bulletin's date


@dataclass(frozen=True)
class GeneratedList:
    """A list as printed: the sentence, and the units it names (registry units, or names as written)."""

    kind: str
    sentence: str
    units: list[str] = field(default_factory=list)


def year_highlights(b: m.Bulletin, bulletins: Iterable[m.Bulletin]) -> list[HighlightMonths]:
    """The highlights records of ``b``'s year up to its quarter, each with the months it covers."""
    out = []
    for x in sorted(bulletins, key=lambda x: x.quarter):
        hf = x.records.highlights
        if x.year == b.year and x.quarter <= b.quarter and hf is not None:
            out.append(HighlightMonths(hf, range(hf.from_month or x.quarter_start.month, x.quarter_end.month + 1)))
    return out


def uncovered_months(b: m.Bulletin, highlights: Sequence[HighlightMonths]) -> list[int]:
    """Months from January to the end of ``b``'s quarter that no highlights file records."""
    covered = {month for h in highlights for month in h.months}
    return [month for month in range(1, b.quarter_end.month + 1) if month not in covered]


def section_list(b: m.Bulletin, lst: m.SectionList, ctx: ListContext) -> GeneratedList:
    """The sentence a section prints for ``lst``."""
    units = _units(b, lst, ctx)
    if not units:
        return GeneratedList(lst.of, lst.none or NONE_TEXT[lst.of])
    names = [_short(u, ctx.registry) for u in units]
    return GeneratedList(lst.of, f"{lst.lead.rstrip('。，；：,;:')}，如：{'、'.join(names)}。", units)


def _units(b: m.Bulletin, lst: m.SectionList, ctx: ListContext) -> list[str]:
    if lst.of.startswith("materials-"):
        return _ordered(materials_units(b.records.materials, lst.of, ctx.settings, ctx.registry), ctx.registry)
    if lst.of == "highlights-none":
        return highlights_none(b, ctx)
    if lst.of == "highlights-below-quota":
        return highlights_below_quota(b, ctx)
    return compilation_units(lst.of, lst.rules, ctx)


def materials_units(materials: m.MaterialsFile | None, kind: str, settings: m.BulletinSettings,
                    registry: m.Registry) -> list[str]:
    """Units of the quarter's requests for materials in one list, first mention first (by their
    registered names; a name not in the registry as written)."""
    out: list[str] = []
    for req in materials.requests if materials else []:
        for s in req.units:
            if kind == "materials-late":
                hit = s.submitted is None or s.submitted > req.due
            elif kind == "materials-reminded":
                hit = s.submitted is not None and s.reminders >= settings.many_reminders
            else:
                hit = s.quality is not None
            u = registry.unit_by_name.get(s.unit)
            name = u.name if u else s.unit
            if hit and name not in out:
                out.append(name)
    return out


def _judged(ctx: ListContext) -> list[m.Unit]:
    """The units that owe 亮点信息: those of a kind with a quota, in registry order."""
    return [u for u in ctx.registry.units
            if ctx.settings.highlight_quota.get(u.kind, 0) > 0 and not u.placeholder and u.id]


def monthly_counts(ctx: ListContext) -> dict[tuple[str, int], int]:
    """Articles submitted by unit id and month; a month recorded by several files is taken from the
    latest (a later quarter's file that re-records earlier months supersedes them)."""
    by_month: dict[int, m.HighlightsFile] = {}
    for h in ctx.highlights:
        for month in h.months:
            by_month[month] = h.file
    counts: dict[tuple[str, int], int] = {}
    for month, hf in by_month.items():
        for r in hf.records:
            u = ctx.registry.unit_by_name.get(r.unit)
            if u is not None and r.month == month:
                counts[(u.id, month)] = counts.get((u.id, month), 0) + r.submitted
    return counts


def highlights_none(b: m.Bulletin, ctx: ListContext) -> list[str]:
    """Units that submitted no 亮点信息 this year (in the months recorded, January to quarter end)."""
    counts = monthly_counts(ctx)
    months = range(1, b.quarter_end.month + 1)
    return [u.name for u in _judged(ctx) if not any(counts.get((u.id, mo), 0) for mo in months)]


def highlights_below_quota(b: m.Bulletin, ctx: ListContext) -> list[str]:
    """Units that, in some month of the quarter, submitted fewer than their kind's monthly quota
    (units with none this year are the other list)."""
    counts = monthly_counts(ctx)
    none = set(highlights_none(b, ctx))
    months = range(b.quarter_start.month, b.quarter_end.month + 1)
    out = []
    for u in _judged(ctx):
        quota = ctx.settings.highlight_quota.get(u.kind, 0)
        if u.name not in none and any(counts.get((u.id, mo), 0) < quota for mo in months):
            out.append(u.name)
    return out


def compilation_units(kind: str, rules: Sequence[str], ctx: ListContext) -> list[str]:
    """Towns whose catalogue submission was late (or is overdue), or has the problems asked for."""
    out = []
    for s in ctx.submissions:
        if s.kind != "town":
            continue
        if kind == "compilation-late":
            hit = s.state == "overdue" or s.late
        else:
            codes = {code for code, _, _ in s.findings if code != LATE_RULE}
            hit = bool(codes & set(rules)) if rules else bool(codes)
        u = next((u for u in ctx.registry.units if u.id == s.owner), None)
        if hit:
            out.append(u.name if u else s.name)
    return out


def recorded_submissions(cf: m.CompilationFile, registry: m.Registry) -> list[Submission]:
    """The towns' submissions as compilation.yaml recorded them, in the shape overview() gives."""
    out = []
    for e in cf.entries:
        u = registry.unit_by_name.get(e.unit)
        findings = tuple((code, dg.rule_of(code).title if code in _CODES else code, 1) for code in e.problems)
        out.append(Submission("town", u.id if u else e.unit, u.name if u else e.unit, e.state, e.submitted_on,
                              None, e.late, None, cf.file, findings))
    return out


def _ordered(names: list[str], registry: m.Registry) -> list[str]:
    """Registry order (as bulletins list units); names not in the registry last, as written."""
    order = {u.id: i for i, u in enumerate(registry.units)}

    def key(name: str) -> int:
        u = registry.unit_by_name.get(name)
        return order.get(u.id, len(order)) if u else len(order)

    return sorted(names, key=key)


def _short(name: str, registry: m.Registry) -> str:
    u = registry.unit_by_name.get(name)
    return u.short_name if u else name


def as_of(b: m.Bulletin) -> dt.date:
    """The date the bulletin's catalogue-submission lists are judged at: its own date."""
    return b.date
