"""Column and account states from inspection records: table-driven, with the edge day of each threshold.

Every interval of the period is judged — from the last update before it (or the period start) to
the first inside, between updates, and from the last update to the check date.
"""

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


def day(n: int) -> dt.date:
    """The n-th day after the period start (day(0) is 10-01)."""
    return START + dt.timedelta(days=n)


def after(first: dt.date, *gaps: int) -> list[dt.date]:
    """``first``, then one date after each gap in days."""
    out = [first]
    for g in gaps:
        out.append(out[-1] + dt.timedelta(days=g))
    return out


def regular(step: int, until_gap: int) -> list[dt.date]:
    """Updates every ``step`` days from the period start, the last one ``until_gap`` days before the check."""
    last = days_before(until_gap)
    out, d = [], START
    while d < last:
        out.append(d)
        d += dt.timedelta(days=step)
    return [*out, last]


def column(kind: str = "policy", cycle: str = "根据变动及时更新", published: list[dt.date] | None = None,
           last_before: dt.date | None = None) -> m.ColumnRecord:
    return m.ColumnRecord(unit="县审计局", column="部门文件", kind=kind, cycle=cycle,
                          published=published or [], last_before=last_before)


def news(published: list[dt.date], last_before: dt.date | None = None) -> m.ColumnRecord:
    return column(kind="news", cycle="实时", published=published, last_before=last_before)


BURST = [dt.date(2020, 12, 28), dt.date(2020, 12, 29), dt.date(2020, 12, 29), dt.date(2020, 12, 30),
         dt.date(2020, 12, 30)]


@pytest.mark.parametrize(
    ("record", "problems"),
    [
        (column(), ["空白栏目"]),  # never had content
        # the interval up to the check date: 实时 allows 14 days
        (news(regular(14, 14)), []),
        (news(regular(14, 15)), ["超期"]),
        (column(cycle="每月", published=regular(31, 31)), []),  # the cycle from the 基本目录
        (column(cycle="每月", published=regular(31, 32)), ["超期"]),
        (column(cycle="未知周期", kind="news", published=regular(14, 15)), ["超期"]),  # kind's default
        # the long threshold (183): a policy column's own limit is six months too
        (column(last_before=days_before(183)), []),
        (column(last_before=days_before(184)), ["超半年未更新"]),
        (news([], last_before=days_before(183)), ["超期"]),  # late, not yet long
        (news([], last_before=days_before(184)), ["超半年未更新"]),
        # a yearly column is not late at 200 days; over its own cycle and the long threshold it is
        (column(cycle="每年", last_before=days_before(366)), []),
        (column(cycle="每年", last_before=days_before(367)), ["超半年未更新"]),
        # the first interval, from the last update before the period
        (news(after(day(13), 14, 14, 14, 14, 14, 14), last_before=day(-1)), []),
        (news(after(day(14), 14, 14, 14, 14, 14, 14), last_before=day(-1)), ["超期"]),
        # … or from the period start when there was none
        (news(after(day(14), 14, 14, 14, 14, 14, 14)), []),
        (news(after(day(15), 14, 14, 14, 14, 14, 13)), ["超期"]),
        # between updates inside the period: one late interval, then two
        (news(after(day(0), 14, 15, 14, 14, 14, 14, 13)), ["超期"]),
        (news(after(day(0), 14, 15, 14, 15, 14, 14, 12)), ["多次超期"]),
        # 县人社局 工作动态: late four times in the quarter (30/26/25/18 days), on time at the check date
        (news(after(dt.date(2020, 10, 25), 26, 25, 18), last_before=dt.date(2020, 9, 25)), ["多次超期"]),
        # 朱芦镇 本级文件: last updated 08-01, then 6 posts in three days at the end of December
        (column(cycle="每月", published=[*BURST, dt.date(2020, 12, 30)], last_before=dt.date(2020, 8, 1)),
         ["超期", "一次性增补大量信息"]),
        # a long silence and two late intervals after it
        (news([dt.date(2020, 10, 10), dt.date(2020, 11, 1)], last_before=dt.date(2020, 3, 1)),
         ["超半年未更新", "多次超期"]),
        # 一次性增补大量信息: 5 items within 3 days after 60 quiet days (policy column: not late)
        (column(published=BURST, last_before=dt.date(2020, 9, 1)), ["一次性增补大量信息"]),
        (column(published=BURST[1:], last_before=dt.date(2020, 9, 1)), []),  # 4 items are not many
        (column(published=[dt.date(2020, 12, 27), *BURST[1:]], last_before=dt.date(2020, 9, 1)), []),  # 4 days
        (column(published=[dt.date(2020, 12, 28)] * 5, last_before=dt.date(2020, 10, 30)), []),  # 59 quiet days
        (column(published=[dt.date(2020, 12, 28)] * 5, last_before=dt.date(2020, 10, 29)),
         ["一次性增补大量信息"]),  # 60
        (column(published=[dt.date(2020, 11, 30)] * 5), ["一次性增补大量信息"]),  # 60 days from the period start
        (column(published=[dt.date(2020, 11, 29)] * 5), []),
    ],
)
def test_column_problems(record: m.ColumnRecord, problems: list[str]) -> None:
    assert freshness.column_state(record, CHECK, START, T).problems == problems


def test_column_state_details() -> None:
    st = freshness.column_state(news(after(dt.date(2020, 10, 25), 26, 25, 18), last_before=dt.date(2020, 9, 25)),
                                CHECK, START, T)
    assert st.state == "repeatedly_overdue"
    assert [i.days for i in st.overdue] == [30, 26, 25, 18]
    assert (st.last_update, st.gap_days, st.allowed_days) == (dt.date(2021, 1, 2), 3, 14)
    assert freshness.column_state(column(), CHECK, START, T).state == "blank"
    assert freshness.column_state(news(regular(7, 1)), CHECK, START, T).state == "on_time"


def test_dates_after_the_check_date_are_not_counted() -> None:
    rec = news([*regular(14, 15), CHECK + dt.timedelta(days=1)])
    assert freshness.column_state(rec, CHECK, START, T).problems == ["超期"]


def account(updates: list[dt.date], last_before: dt.date | None = None) -> m.AccountRecord:
    return m.AccountRecord(name="莒南县河长制办公室", platform="微信公众号", unit="县水利局", updates=updates,
                           last_before=last_before)


def weekly(until_gap: int, step: int = 7) -> list[dt.date]:
    """Updates every `step` days from the period start until `until_gap` days before the check."""
    out, d = [], START
    while d <= days_before(until_gap):
        out.append(d)
        d += dt.timedelta(days=step)
    return out


@pytest.mark.parametrize(
    ("record", "problems"),
    [
        (account([]), ["僵尸账号"]),  # never updated
        (account(weekly(0)), []),
        (account([*weekly(7), days_before(7)]), []),  # 7 days since the last update: still weekly
        (account([*weekly(8, 7), days_before(8)]), ["未按要求每周更新"]),  # 8 days: not weekly
        (account(weekly(0, 8)), ["多次未按要求每周更新"]),  # every 8 days all quarter
        # the weekly rule inside the quarter, on time at the check date
        (account([*after(day(0), 7, 8), *weekly(0)[3:]]), ["未按要求每周更新"]),
        (account([*after(day(0), 8, 7, 8), *weekly(0)[4:]]), ["多次未按要求每周更新"]),
        (account([*after(day(7), 7), *weekly(0)[3:]], last_before=day(-1)), ["未按要求每周更新"]),  # from before
        # the veto is judged at the check date (监测时间点前2周内无更新)
        (account([days_before(14)], last_before=days_before(20)), ["未按要求每周更新"]),  # 14 days: not yet
        (account([days_before(15)], last_before=days_before(20)), ["超过两周未更新（单项否决）"]),
        (account([*after(day(0), 8), *weekly(15)[2:]]),  # the silence at the end is not counted twice
         ["超过两周未更新（单项否决）", "未按要求每周更新"]),
        (account([], last_before=days_before(90)), ["超过两周未更新（单项否决）"]),
        (account([], last_before=days_before(91)), ["僵尸账号"]),
    ],
)
def test_account_problems(record: m.AccountRecord, problems: list[str]) -> None:
    assert freshness.account_state(record, CHECK, START, T).problems == problems


def test_account_state_details() -> None:
    st = freshness.account_state(account(weekly(0, 8)), CHECK, START, T)
    assert st.state == "repeatedly_not_weekly" and st.longest_gap_days == 8 and st.missed_weeks == 12
    assert freshness.account_state(account(weekly(0)), CHECK, START, T).state == "normal"
    assert freshness.account_state(account([]), CHECK, START, T).state == "zombie"


def test_thresholds_are_data() -> None:
    strict = m.Thresholds(news_days=7)
    rec = column(kind="news", published=regular(7, 8))
    assert freshness.column_state(rec, CHECK, START, T).state == "on_time"
    assert freshness.column_state(rec, CHECK, START, strict).state == "overdue"
    twice = news(after(day(0), 14, 15, 14, 15, 14, 14, 12))
    assert freshness.column_state(twice, CHECK, START, m.Thresholds(repeated_times=3)).problems == ["超期"]
    quiet = column(last_before=days_before(100))
    assert freshness.column_state(quiet, CHECK, START, m.Thresholds(long_overdue_days=90,
                                                                    notice_days=90)).problems == ["长期未更新"]
    burst = column(published=BURST[1:], last_before=dt.date(2020, 9, 1))
    assert freshness.column_state(burst, CHECK, START, m.Thresholds(bulk_items=4)).bulk
