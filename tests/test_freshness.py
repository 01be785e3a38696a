"""Column and account states from inspection records: table-driven, with the edge day of each threshold."""

from __future__ import annotations

import datetime as dt

import pytest

from zwgk import freshness
from zwgk import model as m

CHECK = dt.date(2021, 1, 5)
START = dt.date(2020, 10, 1)
T = m.Thresholds()


def days_before(n: int) -> dt.date:
    return CHECK - dt.timedelta(days=n)


def column(kind: str = "policy", cycle: str = "根据变动及时更新", published: list[dt.date] | None = None,
           last_before: dt.date | None = None) -> m.ColumnRecord:
    return m.ColumnRecord(unit="县审计局", column="部门文件", kind=kind, cycle=cycle,
                          published=published or [], path=(), last_before=last_before)


@pytest.mark.parametrize(
    ("record", "state", "bulk"),
    [
        (column(), "blank", False),  # never had content: 空白栏目
        (column(kind="news", published=[days_before(14)]), "on_time", False),  # news: 14 days is still on time
        (column(kind="news", published=[days_before(15)]), "overdue", False),  # … 15 is overdue
        (column(cycle="每月", published=[days_before(31)]), "on_time", False),  # cycle from the 基本目录
        (column(cycle="每月", published=[days_before(32)]), "overdue", False),
        (column(last_before=days_before(183)), "on_time", False),  # policy: six months is the limit
        (column(last_before=days_before(184)), "long_overdue", False),  # 超半年未更新
        (column(kind="news", last_before=days_before(184)), "long_overdue", False),
        (column(cycle="未知周期", kind="news", published=[days_before(15)]), "overdue", False),
        # 一次性增补大量信息: 5 items within 3 days after 60 quiet days
        (column(published=[dt.date(2020, 12, 28), dt.date(2020, 12, 29), dt.date(2020, 12, 29),
                           dt.date(2020, 12, 30), dt.date(2020, 12, 30)], last_before=dt.date(2020, 9, 1)),
         "on_time", True),
        # 4 items are not "many"
        (column(published=[dt.date(2020, 12, 28), dt.date(2020, 12, 29), dt.date(2020, 12, 30),
                           dt.date(2020, 12, 30)], last_before=dt.date(2020, 9, 1)), "on_time", False),
        # spread over 4 days is not "within a few days"
        (column(published=[dt.date(2020, 12, 27), dt.date(2020, 12, 28), dt.date(2020, 12, 29),
                           dt.date(2020, 12, 30), dt.date(2020, 12, 30)], last_before=dt.date(2020, 9, 1)),
         "on_time", False),
        # the gap before must be long: 59 days is not
        (column(published=[dt.date(2020, 12, 28)] * 5, last_before=dt.date(2020, 10, 30)), "on_time", False),
        (column(published=[dt.date(2020, 12, 28)] * 5, last_before=dt.date(2020, 10, 29)), "on_time", True),
    ],
)
def test_column_state(record: m.ColumnRecord, state: str, bulk: bool) -> None:
    got = freshness.column_state(record, CHECK, START, T)
    assert (got.state, got.bulk) == (state, bulk)


def account(updates: list[dt.date], last_before: dt.date | None = None) -> m.AccountRecord:
    return m.AccountRecord(name="莒南县河长制办公室", platform="微信公众号", unit="县水利局", updates=updates,
                           path=(), last_before=last_before)


def weekly(until_gap: int, step: int = 7) -> list[dt.date]:
    """Updates every `step` days from the period start until `until_gap` days before the check."""
    out, d = [], START
    while d <= days_before(until_gap):
        out.append(d)
        d += dt.timedelta(days=step)
    return out


@pytest.mark.parametrize(
    ("record", "state"),
    [
        (account([]), "zombie"),  # never updated
        (account(weekly(0)), "normal"),
        (account([*weekly(7), days_before(7)]), "normal"),  # 7 days since the last update: still weekly
        (account([*weekly(8, 7), days_before(8)]), "not_weekly"),  # 8 days: not weekly
        (account(weekly(0, 8)), "not_weekly"),  # every 8 days all quarter
        (account([days_before(14)], last_before=days_before(20)), "not_weekly"),  # 14 days: not yet a veto
        (account([days_before(15)], last_before=days_before(20)), "veto"),  # 15 days: more than two weeks
        (account([], last_before=days_before(90)), "veto"),
        (account([], last_before=days_before(91)), "zombie"),
    ],
)
def test_account_state(record: m.AccountRecord, state: str) -> None:
    assert freshness.account_state(record, CHECK, START, T).state == state


def test_thresholds_are_data() -> None:
    strict = m.Thresholds(news_days=7)
    rec = column(kind="news", published=[days_before(8)])
    assert freshness.column_state(rec, CHECK, START, T).state == "on_time"
    assert freshness.column_state(rec, CHECK, START, strict).state == "overdue"
