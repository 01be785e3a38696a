"""Derived figures (派生数据): table rows with merged cells, unit indexes, counts.

Templates receive these finished values and compute nothing themselves.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from . import freshness, table, vocab
from . import model as m


@dataclass(frozen=True)
class Channel:
    name: str
    chosen: bool


@dataclass(frozen=True)
class ChannelRun:
    """Consecutive checklist entries with the same mark, rendered as one span (fewer tags per row)."""

    chosen: bool
    text: str


def channel_runs(channels: list[Channel], other: str | None) -> list[ChannelRun]:
    runs: list[ChannelRun] = []
    for ch in channels:
        label = ("■" if ch.chosen else "□") + ch.name + (f"：{other}" if ch.chosen and other and
                                                          ch.name == vocab.OTHER_CHANNEL else "")
        if runs and runs[-1].chosen == ch.chosen:
            runs[-1] = ChannelRun(ch.chosen, f"{runs[-1].text} {label}")
        else:
            runs.append(ChannelRun(ch.chosen, label))
    return runs


@dataclass
class Row:
    """One row of the official table (序号 derived from order)."""

    seq: int
    item: m.Item
    category_rowspan: int  # 0: merged into the row above
    channels: list[Channel]
    channel_other: str | None
    subject_links: list[tuple[str, m.Unit | None]] = field(default_factory=list)  # each 公开主体 and its unit

    @property
    def elements(self) -> str:
        return "、".join(self.item.elements)

    @property
    def channel_runs(self) -> list[ChannelRun]:
        return channel_runs(self.channels, self.channel_other)

    @property
    def subjects(self) -> str:
        return "、".join(self.item.subjects)

    def text(self, column: table.Column) -> str:
        """The cell's text for ``column`` (see table.cell_text)."""
        return table.cell_text(self.item, column, self.seq)

    @property
    def filters(self) -> dict[str, str]:
        """Values the table's filters read (data-audience, data-levels, data-subjects …), by field key.
        A 公开主体 is filtered by its unit's short name, whatever name or role the row wrote, so the
        filter, the unit page and its counts agree (县级政府民政部门 and 县民政局 are one unit)."""
        out = {}
        for key, place in m.item_places():
            if place.show == "ticks":
                v = getattr(self.item, key)
                out[key] = "|".join(v) if isinstance(v, list) else str(v)
            elif place.show == "units":
                names = [unit.short_name if unit else name for name, unit in self.subject_links]
                out[key] = "|".join(dict.fromkeys(names))
        return out


# every mark there can be, made once: a table row holds its checklist until the page is written
_MARKS = {(c, chosen): Channel(c, chosen) for c in (*vocab.CHANNELS, *vocab.EXTRA_CHANNELS) for chosen in (True, False)}


def channel_checklist(item: m.Item) -> list[Channel]:
    """The official checklist with ■ for chosen channels; domain-specific extras only where used."""
    chosen = set(item.channels)
    base = [_MARKS[c, c in chosen] for c in vocab.CHANNELS]
    extras = [_MARKS[c, True] for c in vocab.EXTRA_CHANNELS if c in chosen]
    return base[:-1] + extras + base[-1:]  # 其他 stays last, as on the printed form


def table_rows(items: list[m.Item], registry: m.Registry | None = None) -> list[Row]:
    """Rows of a catalogue table; consecutive items of one 一级事项 share a merged cell."""
    rows: list[Row] = []
    for i, (it, span) in enumerate(zip(items, category_spans(items), strict=True)):
        links = [(s, registry.unit_by_name.get(s) if registry else None) for s in it.subjects]
        rows.append(Row(seq=i + 1, item=it, category_rowspan=span, channels=channel_checklist(it),
                        channel_other=it.channel_other, subject_links=links))
    return rows


def category_spans(items: list[m.Item]) -> list[int]:
    """For each row, how many rows its merged 一级事项 cell spans (0: merged into the row above)."""
    spans = [0] * len(items)
    start = 0
    for i in range(1, len(items) + 1):
        if i == len(items) or items[i].category != items[start].category:
            spans[start] = i - start
            start = i
    return spans


@dataclass
class UnitDuty:
    """The items one unit must publish in one domain."""

    domain: m.Domain
    catalogue: m.Catalogue
    items: list[m.Item] = field(default_factory=list)


def unit_duties(registry: m.Registry, catalogues: list[m.Catalogue]) -> dict[str, list[UnitDuty]]:
    """For each unit id, the items naming it as 公开主体, grouped by domain in catalogue order."""
    out: dict[str, list[UnitDuty]] = defaultdict(list)
    for cat in catalogues:
        if cat.domain is None:
            continue
        per_unit: dict[str, UnitDuty] = {}
        for it in cat.items:
            for u in {u.id: u for u in it.subject_units}.values():  # named twice counts once
                duty = per_unit.get(u.id)
                if duty is None:
                    duty = per_unit[u.id] = UnitDuty(cat.domain, cat)
                    out[u.id].append(duty)
                duty.items.append(it)
    return dict(out)


@dataclass(frozen=True)
class Overview:
    """Counts for the column's home page."""

    domains: int
    items: int
    units: int
    towns: int
    town_domains: int
    draft_domains: int
    updated: dt.date | None


def overview(registry: m.Registry, catalogues: list[m.Catalogue],
             duties: dict[str, list[UnitDuty]]) -> Overview:
    dates = [c.updated for c in catalogues if c.updated]
    return Overview(
        domains=len(catalogues),
        items=sum(len(c.items) for c in catalogues),
        units=sum(1 for u in registry.units if u.id in duties),
        towns=sum(1 for u in registry.units if u.kind in ("town", "street")),
        town_domains=sum(1 for d in registry.domains if d.town),
        draft_domains=sum(1 for c in catalogues if c.is_draft),
        updated=max(dates) if dates else None,
    )


# --- town catalogues (镇街目录) ----------------------------------------------------------------

@dataclass(frozen=True)
class FieldChange:
    label: str
    template: str
    town: str


@dataclass
class TownDomainView:
    """One domain of one town, resolved against the template: the rows a citizen reads and the counts."""

    domain: m.Domain
    template: m.Catalogue | None
    declared: m.TownDomain | None  # None: the town file has no entry for this domain
    items: list[m.Item] = field(default_factory=list)
    adopted: int = 0
    changed: int = 0
    omitted: int = 0
    local: int = 0
    untouched: list[m.Item] = field(default_factory=list)  # template items neither adopted nor omitted
    changes: list[tuple[m.Item, str | None, list[FieldChange]]] = field(default_factory=list)
    omissions: list[tuple[m.Item, str]] = field(default_factory=list)
    locals: list[m.Item] = field(default_factory=list)

    @property
    def not_applicable(self) -> str | None:
        return self.declared.not_applicable if self.declared else None

    @property
    def state(self) -> str:
        """listed / not_applicable / missing."""
        if self.declared is None:
            return "missing"
        return "not_applicable" if self.declared.not_applicable else "listed"


def _show(value: object) -> str:
    if isinstance(value, list):
        return "、".join(map(str, value))
    return "" if value is None else str(value)


def resolve_town(town: m.TownCatalogue, template: list[m.Catalogue], registry: m.Registry,
                 labels: dict[str, str]) -> list[TownDomainView]:
    """Every town domain (in registry order) resolved against the template.

    Adopted items take the template's row with the placeholder subject replaced by the town's name;
    changed items take the town's values for the columns it rewrote; omitted items are left out.
    """
    by_domain = {c.domain_id: c for c in template}
    town_name = town.unit.name if town.unit else town.town_id
    views: list[TownDomainView] = []
    for domain in registry.domains:
        if not domain.town:
            continue
        tmpl = by_domain.get(domain.id)
        declared = town.domain(domain.id)
        view = TownDomainView(domain=domain, template=tmpl, declared=declared)
        views.append(view)
        tmpl_items = {it.id: it for it in tmpl.items} if tmpl else {}
        seen: set[str] = set()
        for entry in declared.entries if declared else []:
            if entry.local is not None:
                view.local += 1
                view.locals.append(entry.local)
                view.items.append(entry.local)
                continue
            base = tmpl_items.get(entry.template_id or "")
            if base is None:
                continue
            seen.add(base.id)
            if entry.omit is not None:
                view.omitted += 1
                view.omissions.append((base, entry.omit))
                continue
            subjects = [town_name if (u := registry.unit_by_name.get(s)) and u.placeholder else s
                        for s in base.subjects]
            item = base.rewritten(entry, subjects=subjects, **entry.overrides)
            if entry.overrides:
                view.changed += 1
                view.changes.append((item, entry.reason, [  # in the official column order
                    FieldChange(label, _show(getattr(base, k)), _show(entry.overrides[k]))
                    for k, label in labels.items()
                    if k in entry.overrides and getattr(base, k) != entry.overrides[k]]))
            else:
                view.adopted += 1
            item.subject_units = [u for s in item.subjects if (u := registry.unit_by_name.get(s))]
            view.items.append(item)
        if declared is not None and not declared.not_applicable:
            view.untouched = [it for it in tmpl.items if it.id not in seen] if tmpl else []
    return views


# --- bulletins (季度通报) ------------------------------------------------------------------------

@dataclass
class AnnexView:
    """An annex ready to print: rows grouped by unit, with per-unit totals."""

    annex: m.Annex
    groups: list[tuple[str, list[m.AnnexRow]]]

    @property
    def total(self) -> int:
        return sum(len(rows) for _, rows in self.groups)


def annex_view(annex: m.Annex, rows: list[m.AnnexRow]) -> AnnexView:
    groups: dict[str, list[m.AnnexRow]] = {}
    for r in rows:
        groups.setdefault(r.unit, []).append(r)
    return AnnexView(annex, list(groups.items()))


def annex_rows(b: m.Bulletin, annex: m.Annex, registry: m.Registry, t: m.Thresholds) -> list[m.AnnexRow]:
    """The annex's rows: typed from the bulletin's text, computed from its inspection records, or
    both (typed rows for what the records lack), in registry order of their units."""
    if annex.computed and b.inspection is not None:
        rows = [*freshness.computed_rows(annex, b.inspection, b.quarter_start, registry, t), *annex.rows]
        if not annex.rows:
            return rows
        order = {u.id: i for i, u in enumerate(registry.units)}
        return sorted(rows, key=lambda r: order.get(u.id, len(order)) if (u := registry.unit_by_name.get(r.unit))
                      else len(order))
    return annex.rows


def figure_series(bulletins: list[m.Bulletin]) -> list[tuple[str, str, str, list[tuple[str, int]]]]:
    """Each figure id across quarters (oldest first): (id, label, unit, [(quarter label, value)])."""
    series: dict[str, tuple[str, str, list[tuple[str, int]]]] = {}
    for b in sorted(bulletins, key=lambda b: (b.year, b.quarter)):
        for f in b.figures:
            series.setdefault(f.id, (f.label, f.unit, []))[2].append((b.label, f.value))
    return [(k, label, unit, points) for k, (label, unit, points) in series.items()]


@dataclass(frozen=True)
class Finding:
    """A bulletin annex row about one unit, for that unit's page."""

    bulletin: m.Bulletin
    annex: m.Annex
    row: m.AnnexRow


def unit_findings(bulletins: list[m.Bulletin], registry: m.Registry,
                  t: m.Thresholds) -> dict[str, list[Finding]]:
    """For each unit id, the annex rows naming it, newest bulletin first."""
    out: dict[str, list[Finding]] = {}
    for b in bulletins:
        for a in b.annexes:
            for r in annex_rows(b, a, registry, t):
                u = registry.unit_by_name.get(r.unit)
                if u is not None:
                    out.setdefault(u.id, []).append(Finding(b, a, r))
    return out


# --- experience zones (政务公开体验区) ---------------------------------------------------------

@dataclass(frozen=True)
class AreaScore:
    """One zone against one area of the standard: how many requirements are met, not met, unknown."""

    area: m.Area
    met: int
    not_met: int
    unknown: int

    @property
    def total(self) -> int:
        return len(self.area.requirements)


@dataclass
class ZoneView:
    zone: m.Zone
    name: str
    services: list[str]
    scores: list[AreaScore]
    tel: str | None  # digits for a tel: link


def zone_view(zone: m.Zone, std: m.ZoneStandard | None) -> ZoneView:
    services: list[str] = []
    scores: list[AreaScore] = []
    for area in std.areas if std else []:
        counts = {"met": 0, "not_met": 0, "unknown": 0}
        for r in area.requirements:
            a = zone.answers.get(r.id)
            counts[a.state if a and a.state in counts else "unknown"] += 1
            if a and a.state == "met" and r.service:
                services.append(r.service)
        scores.append(AreaScore(area, counts["met"], counts["not_met"], counts["unknown"]))
    name = zone.unit.short_name if zone.unit else zone.town_id
    tel = "".join(ch for ch in zone.phone if ch.isdigit()) if zone.phone else None
    return ZoneView(zone, name, services, scores, tel)


def search_terms(registry: m.Registry, catalogues: list[m.Catalogue]) -> list[str]:
    """Words the Chinese segmenter should keep whole (domain names, colloquial keywords, unit names,
    item headings), so that a search for 最低生活保障 or 县民政局 matches them as written."""
    words: set[str] = set()
    for d in registry.domains:
        words.update([d.name, *d.former_names, *d.keywords])
    for u in registry.units:
        # short names only: a full name such as 莒南县民政局 kept whole would hide 民政局 inside it
        words.update(u.aliases)
    for c in catalogues:
        for it in c.items:
            words.update([it.category, it.subcategory])
    return sorted(w for w in words if 2 <= len(w) <= 16)


# --- contact (联系方式) ------------------------------------------------------------------------

HOTLINE = "12345"
"""The public 12345 政务服务便民热线: whom a citizen asks when a unit's contact is not known."""


@dataclass(frozen=True)
class ContactLine:
    """One fact of a unit's contact: its label (read off ``Contact``), its text (None: not known)
    and, for a phone, e-mail or web page, the link that calls, writes or opens it."""

    key: str
    label: str
    text: str | None
    href: str | None = None


@dataclass(frozen=True)
class ContactView:
    """What a page says about how to reach a unit: the facts known and unknown, and their source."""

    lines: list[ContactLine]
    source: str | None

    @property
    def known(self) -> bool:
        return any(line.text for line in self.lines)

    @property
    def unknown(self) -> list[str]:
        return [line.label for line in self.lines if not line.text]


# always said, known or not; the others are shown only when known
_CONTACT_ALWAYS = ("address", "phone", "hours")


def tel_href(phone: str) -> str:
    """``tel:`` with the number's digits (0539-7317366 → tel:05397317366)."""
    return "tel:" + "".join(ch for ch in phone if ch.isdigit())


def contact_view(contact: m.Contact | None) -> ContactView:
    """The contact facts of a unit, in the declaration's order; unknown ones say so."""
    lines: list[ContactLine] = []
    for key, f in m.Contact.model_fields.items():
        if key == "source":
            continue
        value = getattr(contact, key) if contact is not None else None
        if value is None and key not in _CONTACT_ALWAYS:
            continue
        href = None
        if value and key == "phone":
            href = tel_href(value)
        elif value and key == "email":
            href = f"mailto:{value}"
        elif value and key == "disclosure_url":
            href = str(value)
        lines.append(ContactLine(key, f.title or key, str(value) if value else None, href))
    return ContactView(lines, contact.source if contact else None)


def town_domain_updated(town: m.TownCatalogue, view: TownDomainView) -> dt.date | None:
    """A town's domain page is made of two files, the town's catalogue and the template's domain
    file: its 更新日期 is the later of their dates."""
    dates = [d for d in (town.updated, view.template.updated if view.template else None) if d]
    return max(dates) if dates else None
