"""Column and account freshness (栏目与政务新媒体更新情况), computed from inspection records.

The rules are the national check indicators (国办秘函〔2019〕19号) and the county's weekly rule for
new media; every threshold comes from ``Thresholds`` (catalogues/settings.yaml), none is a constant
here. Upkeep is judged over the whole period, not only on the check date: every interval between
two updates is measured in calendar days — from the last update before the period (or the period
start when there was none) to the first update inside it, between consecutive updates, and from
the last update to the check date — and judged against the column's cycle (更新周期).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from . import model as m

COLUMN_STATES = {
    "on_time": "按时更新",
    "overdue": "超期",  # one interval longer than the cycle
    "repeatedly_overdue": "多次超期",  # two or more (Thresholds.repeated_times)
    "long_overdue": "超半年未更新",  # an interval over Thresholds.long_overdue_days
    "blank": "空白栏目",  # nothing ever published
}
LONG_OVERDUE_SHORT = "长期未更新"  # the label when the long threshold is set below half a year
BULK = "一次性增补大量信息"
ACCOUNT_STATES = {
    "normal": "正常",
    "not_weekly": "未按要求每周更新",
    "repeatedly_not_weekly": "多次未按要求每周更新",
    "veto": "超过两周未更新（单项否决）",  # 监测时间点前2周内无更新
    "zombie": "僵尸账号",
}
_HALF_YEAR = 181  # days: a long threshold at least this long is honestly called 超半年


@dataclass(frozen=True)
class Interval:
    """Days between two updates, or from the last update to the check date (``open``)."""

    start: dt.date
    end: dt.date
    open: bool = False

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def intervals(last_before: dt.date | None, dates: list[dt.date], checked_on: dt.date,
              period_start: dt.date) -> list[Interval]:
    """Every interval of the period: from the last update before it (or its start) to the first
    inside, between consecutive updates, and from the last to the check date."""
    points = sorted([last_before or period_start, *dates])
    out = [Interval(a, b) for a, b in itertools.pairwise(points)]
    return [*out, Interval(points[-1], checked_on, open=True)]


@dataclass(frozen=True)
class ColumnState:
    """How one website column was kept up over the period (栏目保障情况)."""

    states: tuple[str, ...]  # keys of COLUMN_STATES, most serious first; empty when on time
    last_update: dt.date | None
    gap_days: int | None  # days from the last update to the check date
    allowed_days: int
    bulk: bool  # 一次性增补大量信息
    overdue: tuple[Interval, ...] = ()  # intervals longer than the cycle, the long ones included
    long_label: str = COLUMN_STATES["long_overdue"]

    @property
    def state(self) -> str:
        """The most serious state (a key of COLUMN_STATES)."""
        return self.states[0] if self.states else "on_time"

    @property
    def problems(self) -> list[str]:
        labels = [self.long_label if s == "long_overdue" else COLUMN_STATES[s] for s in self.states]
        return [*labels, BULK] if self.bulk else labels


@dataclass(frozen=True)
class AccountState:
    """How one new-media account was kept up over the period (政务新媒体更新情况)."""

    states: tuple[str, ...]  # keys of ACCOUNT_STATES, most serious first; empty when normal
    last_update: dt.date | None
    gap_days: int | None  # days from the last update to the check date
    longest_gap_days: int | None
    missed_weeks: int = 0  # intervals longer than a week (the one a veto or zombie names excluded)

    @property
    def state(self) -> str:
        return self.states[0] if self.states else "normal"

    @property
    def problems(self) -> list[str]:
        return [ACCOUNT_STATES[s] for s in self.states]


def allowed_days(rec: m.ColumnRecord, t: m.Thresholds) -> int:
    """The column's update period: its 更新周期 if known, else the national default for its kind."""
    if rec.cycle in t.cycle_days:
        return t.cycle_days[rec.cycle]
    return t.news_days if rec.kind == "news" else t.notice_days


def long_overdue_label(t: m.Thresholds) -> str:
    """超半年未更新 while the long threshold is half a year or more, else 长期未更新."""
    return COLUMN_STATES["long_overdue"] if t.long_overdue_days >= _HALF_YEAR else LONG_OVERDUE_SHORT


def column_state(rec: m.ColumnRecord, checked_on: dt.date, period_start: dt.date,
                 t: m.Thresholds) -> ColumnState:
    """State of one website column over the period up to the check date."""
    dates = sorted(d for d in rec.published if d <= checked_on)
    last = dates[-1] if dates else rec.last_before
    allowed = allowed_days(rec, t)
    label = long_overdue_label(t)
    if last is None:
        return ColumnState(("blank",), None, None, allowed, False, long_label=label)
    late = tuple(i for i in intervals(rec.last_before, dates, checked_on, period_start)
                 if i.days > allowed)
    # over the long threshold only counts where the cycle is shorter (a yearly column is not late at 200 days)
    long = sum(1 for i in late if i.days > t.long_overdue_days)
    states: list[str] = []
    if long:
        states.append("long_overdue")
    if len(late) - long >= t.repeated_times:
        states.append("repeatedly_overdue")
    elif len(late) - long:
        states.append("overdue")
    return ColumnState(tuple(states), last, (checked_on - last).days, allowed,
                       _bulk(dates, rec.last_before or period_start, t), late, label)


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
    """State of one new-media account: the veto and zombie rules on the check date (监测时间点),
    the weekly rule over every interval of the period."""
    dates = sorted(d for d in rec.updates if d <= checked_on)
    last = dates[-1] if dates else rec.last_before
    if last is None:
        return AccountState(("zombie",), None, None, None)
    gap = (checked_on - last).days
    spans = intervals(rec.last_before, dates, checked_on, period_start)
    states: list[str] = []
    if gap > t.account_zombie_days:
        states.append("zombie")
    elif gap > t.account_veto_days:
        states.append("veto")
    # the silence up to the check date is already named by a veto or zombie state
    missed = sum(1 for i in spans if i.days > t.account_week_days and not (i.open and states))
    if missed >= t.repeated_times:
        states.append("repeatedly_not_weekly")
    elif missed:
        states.append("not_weekly")
    return AccountState(tuple(states), last, gap, max(i.days for i in spans), missed)


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
                rows.append(m.AnnexRow.computed(a.path, st.state, st.last_update, unit=a.unit, problems=st.problems,
                                                account=a.name, platform=a.platform))
    else:
        towns = annex.kind == "towns"
        for c in inspection.columns:
            unit = registry.unit_by_name.get(c.unit)
            is_town = unit is not None and unit.kind in ("town", "street")
            if is_town != towns:
                continue
            cs = column_state(c, checked_on, period_start, t)
            if cs.problems:
                rows.append(m.AnnexRow.computed(c.path, cs.state, cs.last_update, c.cycle, unit=c.unit,
                                                problems=cs.problems, column=c.column))
    order = {u.id: i for i, u in enumerate(registry.units)}

    def unit_order(row: m.AnnexRow) -> int:
        u = registry.unit_by_name.get(row.unit)
        return order.get(u.id, 10_000) if u else 10_000

    return sorted(rows, key=unit_order)  # stable: within a unit, the records' own order
