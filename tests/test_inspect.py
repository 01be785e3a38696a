"""读网检查 by crawler (``zwgk inspect``) against fixture portals served on 127.0.0.1.

The fixture portal (tests/fixtures/portal/site) has four list layouts — Hanweb-style ``<li>``
lists with 「下一页」, a Hanweb data store of CDATA records, a TRS table in GB2312 with
``createPageHTML``, a ``dl`` list announced as GBK only in the HTTP header, a ``div`` list with
dates without a year and numbered pages, date badges — and broken columns: HTTP 500, a page with
no dates, a path robots.txt disallows, a column with no address.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.portal import FIXTURES, PORTAL, PortalServer, make_repo, serve
from zwgk import freshness, inspect
from zwgk import model as m
from zwgk.cli import main
from zwgk.loading import load_file, load_text
from zwgk.project import Project, load_project, load_settings
from zwgk.rules import check
from zwgk.schema import validate

QUARTER, UNTIL = "2020-q4", "2021-01-05"
OUT = Path("bulletins") / QUARTER / "inspections.yaml"
STATE = Path("bulletins") / QUARTER / inspect.STATE_FILE


@pytest.fixture
def portal(monkeypatch: pytest.MonkeyPatch) -> Iterator[PortalServer]:
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    with serve() as server:
        yield server


@pytest.fixture
def repo(tmp_path: Path, portal: PortalServer) -> Path:
    return make_repo(tmp_path, portal.base)


def run(repo: Path, *extra: str) -> int:
    return main(["inspect", "--quarter", QUARTER, "--until", UNTIL, "--root", str(repo), "--delay", "0", *extra])


def records(path: Path) -> dict[str, Any]:
    src, diags = load_file(path, path.parent)
    assert src is not None and diags == []
    data: dict[str, Any] = src.data
    return {k: v for k, v in data.items() if k != "updated"}  # the day the file was written


def paths(server: PortalServer) -> list[str]:
    return [p for p, _, _ in server.requests]


def test_the_fixture_portal_gives_the_hand_typed_records(repo: Path, portal: PortalServer,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert run(repo) == 1  # four columns could not be read
    assert records(repo / OUT) == records(PORTAL / "expected-inspections.yaml")
    err = capsys.readouterr().err
    assert "[1/10] 大店镇 本级文件：读取 2 页 10 条，本期 6 条，此前最后更新 2020-08-01" in err
    assert "[3/10] 县民政局 工作动态：读取 3 页" in err  # GB2312, createPageHTML
    assert "县教体局 通知公告：未能读取——列表页上没有找到带日期的信息" in err
    assert "县应急管理局 通知公告：未能读取——网站返回 HTTP 500（服务器内部错误）" in err
    assert "县应急管理局 工作动态：未能读取——网站的 robots.txt 不允许读取 /private/yingji-gzdt/" in err
    assert "县应急管理局 应急预案：登记表中没有列表页网址" in err
    text = (repo / OUT).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../plugins/zwgk/schemas/inspection.schema.json\n")
    assert "#   - 县应急管理局 通知公告：网站返回 HTTP 500" not in text  # comments are single lines …
    assert "# - 县应急管理局 通知公告：网站返回 HTTP 500（服务器内部错误）" in text  # … naming what to type by hand


def test_the_written_file_passes_zwgk_check(repo: Path) -> None:
    assert main(["new-bulletin", QUARTER, "--root", str(repo)]) == 0
    run(repo)
    src, _ = load_file(repo / OUT, repo)
    assert src is not None and validate(src, "inspection") == []
    project = load_project(repo)
    mine = [d for d in [*project.diagnostics, *check(project)] if d.file == OUT.as_posix()]
    assert mine == []
    assert project.bulletins[0].inspection is not None
    assert len(project.bulletins[0].inspection.columns) == 6


def test_polite(repo: Path, portal: PortalServer) -> None:
    run(repo)
    asked = paths(portal)
    assert asked[0] == "/robots.txt" and asked.count("/robots.txt") == 1
    assert all(ua.startswith("zwgk-inspect/") and inspect.OFFICE in ua for _, ua, _ in portal.requests)
    assert not any(p.startswith("/private/") for p in asked)  # robots.txt honoured
    assert "/dadian/bjwj/list.html?pageNum=3" not in asked  # page 2 already went back before the quarter
    assert "/jiaoti/zsxx/?page=3" not in asked
    assert asked.count("/dadian/bjwj/list.html?pageNum=2") == 1


def test_delay_between_requests(tmp_path: Path, portal: PortalServer) -> None:
    fetcher = inspect.Fetcher(delay=0.3, timeout=5)
    for p in ("/dadian/gzdt/", "/minzheng/bmwj/", "/yingji/zcjd/"):
        fetcher.get(portal.base + p)
    times = [t for _, _, t in portal.requests]
    assert len(times) == 4  # robots.txt, then the three pages
    assert all(b - a >= 0.29 for a, b in itertools.pairwise(times))


def test_timeout_is_reported_in_chinese(portal: PortalServer) -> None:
    fetcher = inspect.Fetcher(delay=0, timeout=0.3)
    with pytest.raises(inspect.FetchError, match=r"0.3 秒内没有响应（超时）"):
        fetcher.get(portal.base + "/slow/")


def test_unreadable_robots_txt_reads_nothing(portal: PortalServer) -> None:
    portal.routes["/robots.txt"] = {"status": 503}
    fetcher = inspect.Fetcher(delay=0, timeout=5)
    with pytest.raises(inspect.FetchError, match=r"robots.txt 无法读取（网站返回 HTTP 503（服务暂时不可用））"):
        fetcher.get(portal.base + "/dadian/gzdt/")
    assert paths(portal) == ["/robots.txt"]


def test_no_robots_txt_reads_everything(portal: PortalServer) -> None:
    portal.routes["/robots.txt"] = {"status": 404}
    html = inspect.Fetcher(delay=0, timeout=5).get(portal.base + "/private/yingji-gzdt/")
    assert "县应急管理局开展应急演练" in html


def test_resume_skips_the_columns_already_read(repo: Path, portal: PortalServer,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert run(repo) == 1
    first = (repo / OUT).read_text(encoding="utf-8")
    state = json.loads((repo / STATE).read_text(encoding="utf-8"))
    assert state["until"] == UNTIL and sum(1 for v in state["columns"].values() if v["ok"]) == 6
    portal.requests.clear()
    capsys.readouterr()
    assert main(["inspect", "--quarter", QUARTER, "--root", str(repo), "--delay", "0", "--resume"]) == 1
    assert sorted(paths(portal)) == ["/jiaoti/tzgg/", "/robots.txt", "/yingji/tzgg/"]  # only what failed
    assert "[1/10] 大店镇 本级文件：上次已读取，跳过" in capsys.readouterr().err
    assert (repo / OUT).read_text(encoding="utf-8") == first


def test_resume_refuses_another_check_date(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(repo)
    code = main(["inspect", "--quarter", QUARTER, "--until", "2021-01-06", "--root", str(repo), "--resume"])
    assert code == 2 and "续查的进度是截至 2021-01-05 的" in capsys.readouterr().err


def test_everything_read_exits_0_and_removes_the_state(repo: Path) -> None:
    register = repo / "catalogues/portal-columns.yaml"
    src, _ = load_file(register, repo)
    assert src is not None
    keep = [c for c in src.data["columns"] if c["column"] in ("本级文件", "招生信息")]
    register.write_text(json.dumps({**src.data, "updated": "2021-01-05", "columns": keep}, ensure_ascii=False)
                        .replace('"2021-01-05"', "2021-01-05"), encoding="utf-8")
    assert run(repo) == 0
    assert not (repo / STATE).exists()
    assert [c["column"] for c in records(repo / OUT)["columns"]] == ["本级文件", "招生信息"]


def test_records_typed_by_hand_and_accounts_are_kept(repo: Path) -> None:
    out = repo / OUT
    out.parent.mkdir(parents=True)
    out.write_text("checked_on: 2021-01-05\nsource: 人工读网检查\nstatus: official\nupdated: 2021-01-05\n"
                   "columns:\n"
                   "  - {unit: 县应急管理局, column: 通知公告, kind: notice, cycle: 根据变动及时更新, last_before: 2020-06-01}\n"
                   "  - {unit: 大店镇, column: 本级文件, kind: policy, cycle: 每月, published: [2020-10-01]}\n"
                   "  - {unit: 大店镇, column: 便民服务, kind: other, cycle: 每月, published: [2020-11-01]}\n"
                   "accounts:\n"
                   "  - {name: 大店发布, platform: 微信公众号, unit: 大店镇, updates: [2020-12-01]}\n",
                   encoding="utf-8")
    run(repo)
    data = records(out)
    by_column = {(c["unit"], c["column"]): c for c in data["columns"]}
    assert by_column[("县应急管理局", "通知公告")]["last_before"] == dt.date(2020, 6, 1)  # not read: kept
    assert by_column[("大店镇", "本级文件")]["published"][0] == dt.date(2020, 12, 28)  # read: replaced
    assert ("大店镇", "便民服务") in by_column  # not in the register: kept
    assert data["accounts"] == [{"name": "大店发布", "platform": "微信公众号", "unit": "大店镇",
                                 "updates": [dt.date(2020, 12, 1)]}]
    assert "有 1 个栏目本次未能读取，沿用了文件中原有的记录" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--quarter", "2020q4"], "不是「年份-q季度」的格式"),
        (["--quarter", QUARTER, "--until", "2020-09-30"], "早于 2020-q4 季度开始"),
        (["--quarter", QUARTER, "--until", "2999-01-01"], "晚于今天"),
        (["--quarter", QUARTER, "--delay", "-1"], "--delay 不能为负数"),
    ],
)
def test_cannot_run(repo: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", "--root", str(repo), *args]) == 2
    assert message in capsys.readouterr().err


def test_cannot_run_without_a_good_register(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    register = repo / "catalogues/portal-columns.yaml"
    register.write_text(register.read_text(encoding="utf-8").replace("kind: news", "kind: 新闻"), encoding="utf-8")
    assert run(repo) == 2
    err = capsys.readouterr().err
    assert "catalogues/portal-columns.yaml:" in err and "ZW" in err and "有 3 个错误" in err
    register.unlink()
    assert run(repo) == 2
    assert "找不到 catalogues/portal-columns.yaml" in capsys.readouterr().err
    assert main(["inspect", "--quarter", QUARTER, "--root", str(tmp_path / "nowhere")]) == 2


def test_nothing_to_read_writes_nothing(repo: Path, portal: PortalServer, capsys: pytest.CaptureFixture[str]) -> None:
    register = repo / "catalogues/portal-columns.yaml"
    text = register.read_text(encoding="utf-8")
    register.write_text(text.replace("dadian/", "gone/").replace("minzheng/", "gone/").replace("jiaoti/zsxx/", "gone/")
                        .replace("yingji/zcjd/", "gone/"), encoding="utf-8")
    assert run(repo) == 1  # every column failed: no empty record that would read as 「no problems」
    assert not (repo / OUT).exists() and (repo / STATE).exists()
    assert "没有读取到任何栏目，未写出" in capsys.readouterr().err
    register.write_text("\n".join(ln for ln in text.splitlines() if "url:" not in ln) + "\n", encoding="utf-8")
    asked = len(portal.requests)
    assert run(repo) == 2 and len(portal.requests) == asked  # nothing fetched
    assert "没有一个栏目填写了列表页网址" in capsys.readouterr().err


def test_a_gbk_console_never_breaks(repo: Path) -> None:
    register = repo / "catalogues/portal-columns.yaml"
    register.write_text(register.read_text(encoding="utf-8").replace("column: 通知公告", "column: 通知•公告✓"),
                        encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "no_proxy": "127.0.0.1"}
    done = subprocess.run([sys.executable, "-m", "zwgk.cli", "inspect", "--quarter", QUARTER, "--until", UNTIL,
                           "--root", str(repo), "--delay", "0"], capture_output=True, env=env, timeout=120)
    assert done.returncode == 1, done.stderr.decode("gbk", "replace")
    err = done.stderr.decode("gbk")
    assert "县教体局 通知?公告?：未能读取" in err and "Traceback" not in err
    assert "# - 县教体局 通知•公告✓：列表页上没有找到带日期的信息" in (repo / OUT).read_text(encoding="utf-8")


# --- the reading rules, table-driven -----------------------------------------------------------

D = dt.date


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("2020-12-28", [(D(2020, 12, 28), None, True)]),
        ("2020/12/28", [(D(2020, 12, 28), None, True)]),
        ("2020.12.28", [(D(2020, 12, 28), None, True)]),
        ("2020年12月28日", [(D(2020, 12, 28), None, True)]),
        ("2020 年 1 月 5 日", [(D(2020, 1, 5), None, True)]),
        ("发布时间：2020-12-28 10:30:15", [(D(2020, 12, 28), None, True)]),
        ("[12-28]", [(None, (12, 28), True)]),
        ("（12月28日）", [(None, (12, 28), True)]),
        ("12-28", [(None, (12, 28), True)]),  # alone in its element
        ("自2021年1月1日起施行。", [(D(2021, 1, 1), None, False)]),  # inside running text
        ("1-2月份全县经济运行情况", []),  # not a date
        ("2020-13-01", []),
        ("[02-30]", []),
        ("第12-28号", []),
    ],
)
def test_dates_in(text: str, found: list[tuple[dt.date | None, tuple[int, int] | None, bool]]) -> None:
    assert [(f.date, f.month_day, f.plain) for f in inspect.dates_in(text)] == found


def item(md: tuple[int, int], url: str | None = None) -> inspect.ListItem:
    found = inspect.Found(None, md, True)
    return inspect.ListItem("标题", url, found, inspect._hint(url))


@pytest.mark.parametrize(
    ("url", "bound", "expected", "guessed"),
    [
        ("http://x/202012/t20201220_1.html", D(2021, 1, 10), D(2020, 12, 20), False),  # TRS address
        ("http://x/art/2020/12/28/art_1_2.html", D(2021, 1, 10), D(2020, 12, 20), False),  # Hanweb address
        ("http://x/201912/t20191220_1.html", D(2021, 1, 10), D(2019, 12, 20), False),  # a year earlier
        ("http://x/202012/t20201231_1.html", D(2021, 1, 10), D(2020, 12, 20), False),
        (None, D(2021, 1, 10), D(2020, 12, 20), True),  # the latest 12-20 not after the bound
        (None, D(2020, 12, 20), D(2020, 12, 20), True),
        (None, D(2020, 12, 19), D(2019, 12, 20), True),
    ],
)
def test_year_of_a_date_without_one(url: str | None, bound: dt.date, expected: dt.date, guessed: bool) -> None:
    got, _, was_guessed = inspect.resolve(item((12, 20), url), bound, D(2021, 1, 10))
    assert (got, was_guessed) == (expected, guessed)


def test_years_follow_the_list_order_across_new_year() -> None:
    bound, today = D(2021, 1, 10), D(2021, 1, 10)
    got = []
    for md in [(1, 3), (12, 28), (3, 1), (1, 15), (12, 30)]:
        d, bound, _ = inspect.resolve(item(md), bound, today)
        got.append(d)
    assert got == [D(2021, 1, 3), D(2020, 12, 28), D(2020, 3, 1), D(2020, 1, 15), D(2019, 12, 30)]


GBK_PAGE = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'></head>" \
           "<body>莒南县政务公开</body></html>"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (GBK_PAGE.encode("gb2312"), "text/html"),  # <meta>
        (GBK_PAGE.replace("gb2312", "x").encode("gbk"), "text/html; charset=GBK"),  # HTTP header
        (GBK_PAGE.replace("charset=gb2312", "").encode("gbk"), "text/html"),  # nothing said
        (GBK_PAGE.encode("utf-8"), "text/html"),  # says gb2312, is UTF-8
        (b"\xef\xbb\xbf" + GBK_PAGE.encode("utf-8"), "text/html; charset=gbk"),  # a BOM wins
    ],
)
def test_page_encodings(body: bytes, content_type: str) -> None:
    assert "莒南县政务公开" in inspect.decode_html(body, content_type)


LI = "<ul>{}</ul>"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # Hanweb/TRS list: the title attribute is the full title
        ('<ul class="l"><li><a href="a.html" title="关于印发方案的通知">关于印发…</a><span>2020-12-28</span></li>'
         '<li><a href="b.html">县民政局开展走访慰问</a><span>2020-12-20</span></li></ul>',
         [("关于印发方案的通知", D(2020, 12, 28)), ("县民政局开展走访慰问", D(2020, 12, 20))]),
        # a category link before the title: one item, titled by the title
        ('<ul><li><a href="c/">[通知公告]</a><a href="a.html">关于开展安全检查的通知</a><span>2020-12-28</span></li>'
         '<li><a href="c/">[通知公告]</a><a href="b.html">关于做好防汛工作的通知</a><span>2020-11-28</span></li></ul>',
         [("关于开展安全检查的通知", D(2020, 12, 28)), ("关于做好防汛工作的通知", D(2020, 11, 28))]),
        # a table: of 成文日期 and 发布日期 the later; a date in the title is not the item's
        ('<table><tr><th>标题</th><th>成文日期</th><th>发布日期</th></tr>'
         '<tr><td><a href="a.html">关于2021年1月1日起调整标准的公告</a></td><td>2020-12-10</td><td>2020-12-15</td></tr>'
         '<tr><td><a href="b.html">关于做好冬季供暖工作的通知</a></td><td>2020-11-01</td><td>2020-11-02</td></tr>'
         '</table>',
         [("关于2021年1月1日起调整标准的公告", D(2020, 12, 15)), ("关于做好冬季供暖工作的通知", D(2020, 11, 2))]),
        # dt and dd
        ('<dl><dt><a href="a.html">关于印发实施办法的通知</a></dt><dd>2020年12月1日</dd>'
         '<dt><a href="b.html">关于开展专项整治的通知</a></dt><dd>2020年11月1日</dd></dl>',
         [("关于印发实施办法的通知", D(2020, 12, 1)), ("关于开展专项整治的通知", D(2020, 11, 1))]),
        # links straight in a div, each followed by its date
        ('<div class="list"><a href="a.html">县应急管理局开展应急演练</a><span>2020-12-01</span><br>'
         '<a href="b.html">县应急管理局部署冬季安全工作</a><span>2020-11-01</span><br></div>',
         [("县应急管理局开展应急演练", D(2020, 12, 1)), ("县应急管理局部署冬季安全工作", D(2020, 11, 1))]),
        # the date at the end of the title link itself
        ('<div><p><a href="a.html">县教体局召开招生工作会议 2020-12-01</a></p>'
         '<p><a href="b.html">县教体局开展校园安全检查 2020-11-01</a></p></div>',
         [("县教体局召开招生工作会议 2020-12-01", D(2020, 12, 1)), ("县教体局开展校园安全检查 2020-11-01", D(2020, 11, 1))]),
        # navigation, pagination and a page with no dated item
        ('<div><a href="/">首页</a><a href="list_2.html">下一页</a><a href="list_2.html">2</a>'
         '<p>暂无信息</p></div>', []),
    ],
)
def test_list_layouts(html: str, expected: list[tuple[str, dt.date]]) -> None:
    page = inspect.parse_list(html, "http://x/list.html")
    assert [(i.title, i.found.date) for i in page.items] == expected


def test_the_main_list_not_the_sidebar() -> None:
    html = ('<div class="side"><ul><li><a href="h1.html">热点一热点一</a><span>2020-11-03</span></li>'
            '<li><a href="h2.html">热点二热点二</a><span>2020-11-05</span></li></ul></div>'
            '<div class="main"><ul><li><a href="1.html">栏目信息一</a><span>2020-12-01</span></li>'
            '<li><a href="2.html">栏目信息二</a><span>2020-12-02</span></li>'
            '<li><a href="3.html">栏目信息三</a><span>2020-12-03</span></li></ul></div>')
    first = inspect.parse_list(html, "http://x/list.html")
    assert [i.title for i in first.items] == ["栏目信息一", "栏目信息二", "栏目信息三"]
    # a last page with fewer items than the sidebar: the list found on the first page still wins
    last = html.replace('<li><a href="2.html">栏目信息二</a><span>2020-12-02</span></li>', "").replace(
        '<li><a href="3.html">栏目信息三</a><span>2020-12-03</span></li>', "")
    assert [i.title for i in inspect.parse_list(last, "http://x/list.html", first.signature).items] == ["栏目信息一"]


@pytest.mark.parametrize(
    ("html", "page_no", "expected"),
    [
        ('<a href="list.html?pageNum=2">下一页</a>', 1, "http://x/col/list.html?pageNum=2"),
        ('<a href="javascript:next()">下一页</a><a href="?page=2">2</a>', 1, "http://x/col/list.html?page=2"),
        ('<a href="?page=1">1</a><a href="?page=3">3</a>', 2, "http://x/col/list.html?page=3"),
        ('<script>createPageHTML(5, 0, "index", "shtml");</script>', 1, "http://x/col/index_1.shtml"),
        ('<script>createPageHTML(5, 4, "index", "shtml");</script>', 5, None),
        ('<script>var countPage = 3; var currentPage = 1; var prefixName = "index"; var suffixName = "htm";'
         ' createPageHTML(countPage, currentPage, prefixName, suffixName);</script>', 2, "http://x/col/index_2.htm"),
        ('<a href="list.html">首页</a>', 1, None),
    ],
)
def test_next_page(html: str, page_no: int, expected: str | None) -> None:
    root = inspect.parse_html(html)
    assert inspect.next_page(root, "http://x/col/list.html", "http://x/col/list.html", page_no) == expected


def fake_site(pages: dict[str, str]) -> Any:
    def fetch(url: str) -> str:
        if url not in pages:
            raise inspect.FetchError("网站返回 HTTP 404（页面不存在）", 404)
        return pages[url]
    return fetch


def li(*dates: str, nxt: str | None = None) -> str:
    rows = "".join(f'<li><a href="/{d}.html">信息标题{d}</a><span>{d}</span></li>' for d in dates)
    return f"<ul>{rows}</ul>" + (f'<a href="{nxt}">下一页</a>' if nxt else "")


START, END, TODAY = D(2020, 10, 1), D(2021, 1, 5), D(2021, 1, 10)


def test_a_page_after_the_first_that_fails_fails_the_column() -> None:
    site = fake_site({"http://x/1": li("2020-12-01", "2020-11-01", nxt="http://x/2")})
    res = inspect.read_column(site, "http://x/1", START, END, TODAY)
    assert res.error == "第 2 页网站返回 HTTP 404（页面不存在）（http://x/2）"


def test_pages_are_read_until_before_the_period_and_no_further() -> None:
    asked: list[str] = []
    pages = {"http://x/1": li("2021-01-08", "2020-12-01", nxt="http://x/2"),
             "http://x/2": li("2020-11-01", "2020-10-01", nxt="http://x/3"),
             "http://x/3": li("2020-09-30", "2020-09-01", nxt="http://x/4"),
             "http://x/4": li("2020-08-01")}

    def fetch(url: str) -> str:
        asked.append(url)
        return pages[url]
    res = inspect.read_column(fetch, "http://x/1", START, END, TODAY)
    assert (res.published, res.last_before, res.pages) == (
        [D(2020, 10, 1), D(2020, 11, 1), D(2020, 12, 1)], D(2020, 9, 30), 3)
    assert asked == ["http://x/1", "http://x/2", "http://x/3"]


def test_page_loops_and_other_sites_end_the_list() -> None:
    loop = fake_site({"http://x/1": li("2020-12-01", nxt="http://x/2"), "http://x/2": li("2020-11-01", nxt="http://x/1")})
    res = inspect.read_column(loop, "http://x/1", START, END, TODAY)
    assert (res.error, res.pages, res.last_before) == (None, 2, None)
    away = fake_site({"http://x/1": li("2020-12-01", nxt="http://elsewhere/2")})
    assert inspect.read_column(away, "http://x/1", START, END, TODAY).pages == 1


def test_too_many_pages() -> None:
    site = fake_site({f"http://x/{n}": li(f"2020-12-{n:02d}", nxt=f"http://x/{n + 1}") for n in range(1, 10)})
    res = inspect.read_column(site, "http://x/1", START, END, TODAY, max_pages=3)
    assert res.error is not None and "已读 3 页仍未读到 2020-10-01 之前的信息" in res.error


# --- the editor guide (content/guide/records.md) -----------------------------------------------

GUIDE = Path(__file__).parents[1] / "content" / "guide" / "records.md"


def guide_yaml(marker: str) -> str:
    blocks = GUIDE.read_text(encoding="utf-8").split("```yaml\n")[1:]
    return next(b.split("```")[0] for b in blocks if marker in b)


def test_guide_register_example_is_valid() -> None:
    src, diags = load_text(guide_yaml("portal-columns.schema.json"), "catalogues/portal-columns.yaml")
    assert src is not None and diags == [] and validate(src, "portal-columns") == []


def test_guide_inspection_example_passes_check_and_reads_as_the_guide_says(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "repo", repo)
    assert main(["new-bulletin", "2025-q4", "--root", str(repo)]) == 0
    (repo / "bulletins/2025-q4/inspections.yaml").write_text(guide_yaml("checked_on:"), encoding="utf-8")
    project = load_project(repo)
    mine = [d for d in [*project.diagnostics, *check(project)] if d.file == "bulletins/2025-q4/inspections.yaml"]
    assert mine == []
    b = next(b for b in project.bulletins if b.slug == "2025-q4")
    assert b.inspection is not None and b.inspection.checked_on is not None
    t = project.settings.thresholds
    said = {("大店镇", "本级文件"): ["超期", "一次性增补大量信息"], ("县民政局", "工作动态"): ["多次超期"],
            ("县民政局", "通知公告"): ["空白栏目"]}
    for c in b.inspection.columns:
        assert freshness.column_state(c, b.inspection.checked_on, b.quarter_start, t).problems == said[(c.unit, c.column)]
    (account,) = b.inspection.accounts
    assert freshness.account_state(account, b.inspection.checked_on, b.quarter_start, t).problems == [
        "多次未按要求每周更新"]


def test_guide_thresholds_are_the_settings() -> None:
    repo = Path(__file__).parents[1]
    t = load_settings(repo, Project(root=repo, registry=m.Registry())).thresholds
    text = GUIDE.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \| (\d+) \|", text, re.M))
    counted = {name for name in type(t).model_fields if isinstance(getattr(t, name), int)}
    assert {k: int(v) for k, v in rows.items()} == {k: getattr(t, k) for k in counted}
    cycles = dict(re.findall(r"^\| (\S+) \| (\d+) \|$", text, re.M))
    assert {k: int(v) for k, v in cycles.items()} == t.cycle_days
    assert "、".join(t.default_cycles) in text
