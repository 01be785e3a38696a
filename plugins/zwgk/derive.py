"""Derived figures (派生数据): table rows with merged cells, unit indexes, counts.

Templates receive these finished values and compute nothing themselves.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from . import model as m
from . import vocab


@dataclass(frozen=True)
class Channel:
    name: str
    chosen: bool


@dataclass
class Row:
    """One row of the official table (序号 derived from order)."""

    seq: int
    item: m.Item
    category_rowspan: int  # 0: merged into the row above
    channels: list[Channel]
    channel_other: str | None

    @property
    def elements(self) -> str:
        return "、".join(self.item.elements)

    @property
    def subjects(self) -> str:
        return "、".join(self.item.subjects)


def channel_checklist(item: m.Item) -> list[Channel]:
    """The official checklist with ■ for chosen channels; domain-specific extras only where used."""
    chosen = set(item.channels)
    base = [Channel(c, c in chosen) for c in vocab.CHANNELS]
    extras = [Channel(c, True) for c in vocab.EXTRA_CHANNELS if c in chosen]
    return base[:-1] + extras + base[-1:]  # 其他 stays last, as on the printed form


def table_rows(items: list[m.Item]) -> list[Row]:
    """Rows of a catalogue table; consecutive items of one 一级事项 share a merged cell."""
    rows: list[Row] = []
    for i, it in enumerate(items):
        span = 0
        if i == 0 or items[i - 1].category != it.category:
            span = 1
            while i + span < len(items) and items[i + span].category == it.category:
                span += 1
        rows.append(Row(seq=i + 1, item=it, category_rowspan=span,
                        channels=channel_checklist(it), channel_other=it.channel_other))
    return rows


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
