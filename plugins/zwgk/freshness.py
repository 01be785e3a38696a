"""Column and account freshness (栏目与政务新媒体更新情况), computed from inspection records.

The rules are the national check indicators (国办秘函〔2019〕19号) and the county's weekly rule for
new media; every threshold comes from ``Thresholds`` (catalogues/settings.yaml), none is a constant
here. Day counts are calendar days between the last update and the check date.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from . import model as m

COLUMN_STATES = {
    "on_time": "按时更新",
    "overdue": "超期未更新",
    "long_overdue": "超半年未更新",
    "blank": "空白栏目",
}
BULK = "一次性增补大量信息"
ACCOUNT_STATES = {
    "normal": "正常",
    "not_weekly": "未按要求每周更新",
    "veto": "超过两周未更新（单项否决）",
    "zombie": "僵尸账号",
}


@dataclass(frozen=True)
class ColumnState:
    state: str  # a key of COLUMN_STATES
    last_update: dt.date | None
    gap_days: int | None  # days from the last update to the check date
    allowed_days: int
    bulk: bool  # 一次性增补大量信息

    @property
    def problems(self) -> list[str]:
        out = [] if self.state == "on_time" else [COLUMN_STATES[self.state]]
        return [*out, BULK] if self.bulk else out


@dataclass(frozen=True)
class AccountState:
    state: str  # a key of ACCOUNT_STATES
    last_update: dt.date | None
    gap_days: int | None
    longest_gap_days: int | None

    @property
    def problems(self) -> list[str]:
        return [] if self.state == "normal" else [ACCOUNT_STATES[self.state]]


def allowed_days(rec: m.ColumnRecord, t: m.Thresholds) -> int:
    """The column's update period: its 更新周期 if known, else the national default for its kind."""
    if rec.cycle in t.cycle_days:
        return t.cycle_days[rec.cycle]
    return t.news_days if rec.kind == "news" else t.notice_days


def column_state(rec: m.ColumnRecord, checked_on: dt.date, period_start: dt.date,
                 t: m.Thresholds) -> ColumnState:
    """State of one website column on the check date."""
    dates = sorted(d for d in rec.published if d <= checked_on)
    last = dates[-1] if dates else rec.last_before
    allowed = allowed_days(rec, t)
    if last is None:
        return ColumnState("blank", None, None, allowed, False)
    gap = (checked_on - last).days
    if gap > t.long_overdue_days:
        state = "long_overdue"
    elif gap > allowed:
        state = "overdue"
    else:
        state = "on_time"
    return ColumnState(state, last, gap, allowed, _bulk(dates, rec.last_before or period_start, t))


def _bulk(dates: list[dt.date], before: dt.date, t: m.Thresholds) -> bool:
    """Many items dated within a few days after a long gap (一次性增补大量信息)."""
    previous = before
    for i, start in enumerate(dates):
        if (start - previous).days >= t.bulk_gap_days:
            window_end = start + dt.timedelta(days=t.bulk_window_days - 1)
            if sum(1 for d in dates[i:] if d <= window_end) >= t.bulk_items:
                return True
        previous = start
    return False


def account_state(rec: m.AccountRecord, checked_on: dt.date, period_start: dt.date,
                  t: m.Thresholds) -> AccountState:
    """State of one new-media account on the check date."""
    dates = sorted(d for d in rec.updates if d <= checked_on)
    last = dates[-1] if dates else rec.last_before
    if last is None:
        return AccountState("zombie", None, None, None)
    gap = (checked_on - last).days
    points = [rec.last_before or period_start, *dates, checked_on]
    longest = max((b - a).days for a, b in itertools.pairwise(points))
    if gap > t.account_zombie_days:
        state = "zombie"
    elif gap > t.account_veto_days:
        state = "veto"
    elif longest > t.account_week_days:
        state = "not_weekly"
    else:
        state = "normal"
    return AccountState(state, last, gap, longest)


def computed_rows(annex: m.Annex, inspection: m.Inspection, period_start: dt.date,
                  registry: m.Registry, t: m.Thresholds) -> list[m.AnnexRow]:
    """The rows of a computed annex: every column or account with a problem, grouped by unit."""
    checked_on = annex.as_of or inspection.checked_on
    if checked_on is None:
        return []
    rows: list[m.AnnexRow] = []
    if annex.kind == "new-media":
        for a in inspection.accounts:
            st = account_state(a, checked_on, period_start, t)
            if st.problems:
                rows.append(m.AnnexRow(unit=a.unit, problems=st.problems, path=a.path, account=a.name,
                                       platform=a.platform, state=st.state, last_update=st.last_update))
    else:
        towns = annex.kind == "towns"
        for c in inspection.columns:
            unit = registry.unit_by_name.get(c.unit)
            is_town = unit is not None and unit.kind in ("town", "street")
            if is_town != towns:
                continue
            cs = column_state(c, checked_on, period_start, t)
            if cs.problems:
                rows.append(m.AnnexRow(unit=c.unit, problems=cs.problems, path=c.path, column=c.column,
                                       state=cs.state, last_update=cs.last_update, cycle=c.cycle))
    order = {u.id: i for i, u in enumerate(registry.units)}

    def unit_order(row: m.AnnexRow) -> int:
        u = registry.unit_by_name.get(row.unit)
        return order.get(u.id, 10_000) if u else 10_000

    return sorted(rows, key=unit_order)  # stable: within a unit, the records' own order
