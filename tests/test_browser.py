"""The shipped site in Debian's Chromium, served on 127.0.0.1: what a citizen does, on a desktop and on
a phone. Never skipped in CI: a missing browser is a failure there."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--disable-gpu", "--no-first-run", "--disable-sync"]
ARTIFACTS = REPO / "test-artifacts"

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing in CI: .ci/run must install Debian's chromium", pytrace=False)
    pytest.skip("Debian's chromium is not installed (make browsers)", allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

PAGE_TYPES = {
    "home": "",
    "county-index": "county/",
    "domain": "county/shehui-jiuzhu/",
    "unit": "units/minzheng/",
    "towns-index": "towns/",
    "town": "towns/dadian/",
    "town-domain": "towns/dadian/shehui-jiuzhu/",
    "town-matrix": "towns/matrix/",
    "town-diff": "towns/dadian/diff/",
    "template": "towns/template/shehui-jiuzhu/",
    "bulletins": "bulletins/",
    "bulletin": "bulletins/2020-q4/",
    "trends": "bulletins/trends/",
    "zones": "zones/",
    "zone-standard": "zones/standard/",
    "zone-matrix": "zones/matrix/",
    "sitemap": "sitemap/",
    "guide": "guide/",
    "rules": "guide/rules/",
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(shipped_site: Path) -> Path:
    return shipped_site


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


def _visit(browser: Browser, url: str, width: int = 1280, **ctx: object) -> tuple[Page, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": 900}, **ctx)  # type: ignore[arg-type]
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda req: requested.append(req.url))
    page.goto(url, wait_until="networkidle")
    return page, requested


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_every_page_type_loads_only_from_the_site(browser: Browser, base_url: str, kind: str) -> None:
    page, requested = _visit(browser, base_url + PAGE_TYPES[kind])
    hosts = {urlparse(u).netloc for u in requested if urlparse(u).scheme in ("http", "https")}
    assert hosts == {urlparse(base_url).netloc}, requested
    page.context.close()


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_no_serious_accessibility_violations(browser: Browser, base_url: str, kind: str, width: int) -> None:
    page, _ = _visit(browser, base_url + PAGE_TYPES[kind], width)
    result = Axe().run(page)
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
           for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == []
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    page.context.close()


def _search(page: Page, query: str) -> list[str]:
    page.click("input.md-search__input")
    page.fill("input.md-search__input", query)
    page.press("input.md-search__input", "End")  # Material queries on key events
    results = page.locator(".md-search-result__item h1")
    results.first.wait_for(timeout=15000)
    return [t.replace("\u200b", "") for t in results.all_inner_texts()]


@pytest.mark.parametrize(
    ("query", "expected", "within"),
    [("低保", "社会救助领域基层政务公开标准目录", 1),
     ("最低生活保障", "社会救助领域基层政务公开标准目录", 1),
     ("招生", "义务教育领域基层政务公开标准目录", 1),
     ("民政局", "莒南县民政局：公开事项", 3),
     ("县民政局", "莒南县民政局：公开事项", 5)],
)
def test_search_in_chinese(browser: Browser, base_url: str, query: str, expected: str, within: int) -> None:
    page, _ = _visit(browser, base_url)
    titles = _search(page, query)
    assert expected in titles[:within], titles[:5]
    page.context.close()


def _shown(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "table.zwgk-catalogue tbody tr:not([hidden])", "rows => rows.map(r => r.id)")


def _splitting_value(page: Page, key: str) -> tuple[str, list[str]]:
    """A filter value that keeps some rows and hides others, and the rows it keeps (read from the
    table's own data attributes), so that the filter check can fail."""
    rows = page.eval_on_selector_all("table.zwgk-catalogue tbody tr",
                                     f"rows => rows.map(r => [r.id, r.getAttribute('data-{key}') || ''])")
    values = sorted({v for _, vs in rows for v in vs.split("|") if v})
    for v in values:
        kept = [rid for rid, vs in rows if v in vs.split("|")]
        if 0 < len(kept) < len(rows):
            return v, kept
    raise AssertionError(f"no {key} value splits the table: {values}")


def test_filters_sort_and_merged_groups(browser: Browser, base_url: str) -> None:
    # a domain whose rows differ in 公开层级 and 公开主体 (every 社会救助 row has the same values)
    page, _ = _visit(browser, base_url + "county/chengxiang-guihua/")
    total = len(_shown(page))
    for key in ("levels", "subjects"):
        value, kept = _splitting_value(page, key)
        page.locator(f"select[data-key={key}]").select_option(value)
        assert _shown(page) == kept and 0 < len(kept) < total
        assert page.locator(".zwgk-tools__status").inner_text() == f"显示 {len(kept)} / {total} 项"
        page.get_by_role("button", name="清除筛选").click()
        assert len(_shown(page)) == total
    page.context.close()
    page, _ = _visit(browser, base_url + "county/shehui-jiuzhu/")
    assert len(_shown(page)) == 13
    page.locator(".zwgk-tools input[type=search]").fill("审核")  # any cell: 审核 rows and the 审核审批办法 element
    assert _shown(page) == ["item-shjz-11", "item-shjz-04", "item-shjz-07", "item-shjz-09"]
    # rows left alone out of their 一级事项 group repeat the group's value
    cat = page.locator("tr#item-shjz-07 td.zwgk-category-card")
    assert cat.is_visible() and cat.inner_text() == "特困人员救助供养"
    assert page.locator(".zwgk-tools__status").inner_text() == "显示 4 / 13 项"
    page.get_by_role("button", name="清除筛选").click()
    before = page.eval_on_selector_all("table.zwgk-catalogue tbody tr", "rows => rows.map(r => r.id)")
    page.locator(".zwgk-tools select").last.select_option("二级事项")
    order = page.eval_on_selector_all(
        "table.zwgk-catalogue tbody tr", "rows => rows.map(r => r.querySelector('td[data-label=\"二级事项\"]').textContent)")
    expected = page.evaluate("xs => xs.slice().sort((a, b) => a.localeCompare(b, 'zh-Hans-CN'))", order)
    assert order == expected  # sorted as Chinese readers sort (pinyin), not by code point
    after = page.eval_on_selector_all("table.zwgk-catalogue tbody tr", "rows => rows.map(r => r.id)")
    assert after != before  # the sort moved rows (the table's own order is by 一级事项)
    page.context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_header_stays_visible_while_scrolling(browser: Browser, base_url: str, width: int) -> None:
    """One scroll (the page's): on a desktop the column header stays just under the site header; on
    a phone the rows are cards and every field carries its column's name instead."""
    phone = width < 600
    page, _ = _visit(browser, base_url + "county/shehui-jiuzhu/", width, is_mobile=phone, has_touch=phone)
    page.locator("table.zwgk-catalogue tbody tr").nth(8).evaluate("r => r.scrollIntoView()")
    page.wait_for_timeout(100)
    assert page.evaluate("scrollY") > 600
    head = page.locator("table.zwgk-catalogue thead").evaluate("h => h.getBoundingClientRect()")
    site_header = page.locator("header.md-header").evaluate("h => h.getBoundingClientRect().bottom")
    if not phone:
        assert abs(head["top"] - site_header) < 2 and head["height"] > 40
        at = page.evaluate(f"document.elementFromPoint(640, {head['top'] + head['height'] / 2}).closest('thead') !== null")
        assert at  # the header is on top of the rows scrolled under it, not hidden behind them
    else:
        assert head["height"] <= 1  # read by screen readers only
        cell = page.locator("table.zwgk-catalogue tbody tr").nth(8).locator('td[data-label="公开时限"]')
        assert cell.evaluate("td => getComputedStyle(td, '::before').content") == '"公开时限："'
    page.context.close()


def test_downloads_from_the_page(browser: Browser, base_url: str, site: Path) -> None:
    page, _ = _visit(browser, base_url + "county/shehui-jiuzhu/", accept_downloads=True)
    for label, ext in (("Excel 表格", "xlsx"), ("CSV", "csv"), ("JSON", "json")):
        with page.expect_download() as info:
            page.locator(".zwgk-downloads").get_by_role("link", name=label).click()
        dl = info.value
        assert dl.suggested_filename == f"社会救助领域基层政务公开标准目录.{ext}"
        assert Path(dl.path()).read_bytes() == (site / f"downloads/county/shehui-jiuzhu.{ext}").read_bytes()
    page.context.close()


@pytest.mark.parametrize("path", ["county/shehui-jiuzhu/", "towns/dadian/shehui-jiuzhu/", "zones/", "bulletins/2020-q4/"])
def test_phone_layout_has_no_horizontal_scroll(browser: Browser, base_url: str, path: str) -> None:
    page, _ = _visit(browser, base_url + path, 375, is_mobile=True, has_touch=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"phone-{path.strip('/').replace('/', '-')}.png"), full_page=True)
    opener = page.locator(".zwgk-tools__open")
    if opener.count():  # the filters wait behind one button on a phone: open them to measure them
        assert opener.evaluate("b => b.getBoundingClientRect().height") >= 44
        opener.click()
    small = page.eval_on_selector_all(
        ".zwgk-tools select, .zwgk-tools input, .zwgk-tools button, .zwgk-textsize button, a.zwgk-tel",
        "els => els.filter(e => e.getBoundingClientRect().height < 44)"
        ".map(e => e.tagName + ' ' + (e.textContent || e.type).trim().slice(0, 10))")
    assert small == []
    page.context.close()


def test_keyboard_path_and_text_size_persists(browser: Browser, base_url: str) -> None:
    page, _ = _visit(browser, base_url + "county/shehui-jiuzhu/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "跳到正文"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "zwgk-main"
    for _ in range(3):  # 标准, 大 …
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "大":
            break
    assert page.evaluate("document.activeElement.textContent") == "大"
    page.keyboard.press("Enter")
    assert "zwgk-text-lg" in page.evaluate("document.documentElement.className")
    size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.goto(base_url + "bulletins/2020-q4/")
    assert "zwgk-text-lg" in page.evaluate("document.documentElement.className")
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == size
    ratio = page.evaluate("(() => { const p = document.querySelector('.md-typeset p');"
                          " const s = getComputedStyle(p); return parseFloat(s.lineHeight) / parseFloat(s.fontSize); })()")
    assert ratio >= 1.3
    page.context.close()


def test_catalogue_prints_as_the_official_table(browser: Browser, base_url: str) -> None:
    page, _ = _visit(browser, base_url + "county/shehui-jiuzhu/")
    page.emulate_media(media="print")
    hidden = page.eval_on_selector_all(".md-header, .md-sidebar, .zwgk-tools, .md-footer",
                                       "els => els.every(e => getComputedStyle(e).display === 'none')")
    assert hidden
    assert page.locator("table.zwgk-catalogue thead").evaluate("h => getComputedStyle(h).display") == "table-header-group"
    page.context.close()


def test_table_reads_without_javascript(browser: Browser, base_url: str) -> None:
    page, _ = _visit(browser, base_url + "county/shehui-jiuzhu/", java_script_enabled=False)
    assert page.locator("table.zwgk-catalogue tbody tr").count() == 13
    assert page.locator(".zwgk-tools").count() == 0
    page.context.close()


PAYLOADS = ["<script>window.__pwned=1</script>", "<img src=x onerror=\"window.__pwned=2\">",
            "<a href=\"javascript:window.__pwned=3\">点我</a>", "<svg onload=\"window.__pwned=4\"></svg>"]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture repository with script, handler, javascript: and raw-HTML payloads in every kind of field."""
    import shutil

    from .conftest import FIXTURES

    root = tmp_path_factory.mktemp("hostile") / "repo"
    shutil.copytree(FIXTURES / "repo", root)
    p = "".join(PAYLOADS)
    quoted = p.replace("'", "''")

    def edit(rel: str, old: str, new: str) -> None:
        f = root / rel
        text = f.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        f.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit("catalogues/county/shehui-jiuzhu.yaml", "subcategory: 政策", f"subcategory: '政策{quoted}'")
    edit("catalogues/county/shehui-jiuzhu.yaml", "elements: [社会救助政策法规, 政策解读]",
         f"elements: [社会救助政策法规, '{quoted}']")
    edit("catalogues/county/shehui-jiuzhu.yaml", "time_limit: 公示7个工作日", f"time_limit: '公示{quoted}'")
    edit("catalogues/county/yiwu-jiaoyu.yaml", "source: 据《义务教育领域基层政务公开标准指引》起草的测试草稿",
         f"source: '{quoted}测试草稿'")
    # names that become page titles refuse markup at the source (ZW108, tests/test_gate.py); what is
    # text on a page — notes, cells, reasons, Markdown — is escaped or sanitised, and tried here
    edit("catalogues/units.yaml", "aliases: [县民政局, 民政局, 县级政府民政部门]",
         f"aliases: [县民政局, 民政局, 县级政府民政部门]\n    note: '{quoted}'")
    edit("catalogues/towns/dadian.yaml", "reason: 办理流程已在镇便民服务中心统一公示", f"reason: '{quoted}'")
    edit("catalogues/towns/dadian.yaml", "omit: 由县民政局统一公示", f"omit: '{quoted}'")
    edit("catalogues/zones/dadian.yaml", "hall: 大店镇便民服务中心", f"hall: '{quoted}'")
    edit("catalogues/zones/dadian.yaml", "note: 打印机待配备", f"note: '{quoted}'")
    edit("catalogues/county/shehui-jiuzhu.yaml", "status: official", f"status: official\nnote: '{quoted}'")
    edit("bulletins/2024-q2/bulletin.yaml", "    body: |\n", f"    body: |\n      {p} [点](javascript:window.__pwned=8)\n\n")
    edit("bulletins/2024-q2/bulletin.yaml", "heading: 一、基本工作情况", f"heading: '一、{quoted}'")
    edit("bulletins/2024-q2/bulletin.yaml", "opening: 现将测试情况通报如下：",
         f"opening: '[点我](javascript:window.__pwned=5) {quoted}'")
    edit("bulletins/2024-q2/bulletin.yaml", "label: 县政府门户网站发布信息", f"label: '发布信息{quoted}'")
    edit("content/index.md", "# 测试首页", "# 测试首页\n\n" + p + "\n\n[链接](javascript:window.__pwned=6)\n\n"
         "<div onclick=\"window.__pwned=7\" id=\"clickme\">点我</div>\n")
    out = root / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"), "-d", str(out)],
                       capture_output=True, text=True, env=env, check=False)  # not strict: payloads warn
    # the publish gate found nothing to refuse: every payload arrived as text
    assert r.returncode == 0, r.stderr
    return out


def test_nothing_from_a_source_executes(browser: Browser, hostile_site: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Quiet, directory=str(hostile_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    pages = ["", "county/shehui-jiuzhu/", "county/yiwu-jiaoyu/", "units/minzheng/", "towns/dadian/diff/",
             "towns/dadian/shehui-jiuzhu/", "zones/", "bulletins/2024-q2/", "bulletins/trends/"]
    try:
        context = browser.new_context()
        dialogs: list[str] = []
        requested: list[str] = []
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda req: requested.append(req.url))
        for path in pages:
            page.goto(base + path, wait_until="networkidle")
            assert page.evaluate("typeof window.__pwned") == "undefined", path
            assert page.locator('a[href^="javascript:"]').count() == 0, path
            handlers = page.evaluate("[...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
                                     ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))")
            assert handlers == [], (path, handlers)
            for link in page.locator(".md-content a").all()[:40]:
                if link.is_visible() and (link.get_attribute("href") or "").startswith("#"):
                    link.click()
            assert page.evaluate("typeof window.__pwned") == "undefined", path
        assert {urlparse(u).hostname for u in requested if urlparse(u).scheme in ("http", "https")} == {"127.0.0.1"}
        # the payload text is shown, as text, where an editor typed it
        page.goto(base + "county/shehui-jiuzhu/")
        assert "<script>window.__pwned=1</script>" in page.locator("tr#item-zc").inner_text()
        assert dialogs == []
        context.close()
    finally:
        server.shutdown()
        server.server_close()
