"""What citizens come for (issue 16): someone to contact and how to apply, a table that fits and
prints, a site that reads as the county's column, and one name per unit. Static checks read the
built HTML; the browser checks run the shipped site in Debian's Chromium at 375 and 1280 px and at
特大 text."""

from __future__ import annotations

import functools
import http.server
import io
import re
import shutil
import threading
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page, sync_playwright

from .conftest import FIXTURES, REPO, mkdocs_build, soup, zwgk
from .test_browser import (  # skips or fails this module as it does its own without Chromium
    ARGS,
    CHROMIUM,
    _Quiet,
)

DOMAIN = "county/shehui-jiuzhu/"
APPLY = "yishenqing/"
SIZES = ("", "lg", "xl")  # 标准, 大, 特大
TICKS = ["全社会", "特定群体", "主动", "依申请", "县级", "乡级"]
COLUMNS = ["序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", *TICKS]


@pytest.fixture(scope="module")
def base_url(shipped_site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(shipped_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
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


def _open(browser: Browser, url: str, width: int, size: str = "", height: int = 800) -> Page:
    """A fresh page at ``width`` with the text size a citizen chose earlier (remembered by the site)."""
    phone = width < 600
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone)
    context.add_init_script(f"try {{ localStorage.setItem('zwgk-text', '{size}') }} catch (e) {{}}")
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    return page


def _no_sideways_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))


def _pages(site: Path) -> Iterator[Path]:
    yield from (p for p in sorted(site.rglob("*.html")) if "pagefind" not in p.parts)


# --- 1. someone to contact, and how to apply ---------------------------------------------------

def test_unit_page_gives_the_published_contact_with_its_source(shipped_site: Path) -> None:
    page = soup(shipped_site / "units/minzheng/index.html")
    contact = {dt.get_text(strip=True): dd for dt, dd in
               zip(page.select("dl.zwgk-contact dt"), page.select("dl.zwgk-contact dd"), strict=True)}
    assert contact["联系电话"].a["href"] == "tel:05397317366" and contact["联系电话"].get_text() == "0539-7317366"
    assert contact["办公地址"].get_text() == "莒南县黄海西路16号308室（县民政局办公室）"
    assert contact["电子邮箱"].a["href"] == "mailto:jnxmzj@ly.shandong.cn"
    assert contact["办公时间"].get_text() == "暂未掌握"  # the annual report gives no hours
    assert "莒南县民政局2021年政府信息公开工作年度报告" in page.select_one("#contact ~ p.zwgk-source").get_text()
    ask = page.select_one("p.zwgk-ask")
    assert "办公时间暂未掌握" in ask.get_text() and ask.a["href"] == "tel:12345"


def test_unknown_contact_says_so_and_whom_to_ask(shipped_site: Path) -> None:
    page = soup(shipped_site / "units/dadian/index.html")
    assert [dd.get_text() for dd in page.select("dl.zwgk-contact dd")] == ["暂未掌握"] * 3
    assert page.select_one("p.zwgk-source") is None  # nothing known, no source to name
    ask = page.select_one("p.zwgk-ask")
    assert ask.get_text(strip=True) == "办公地址、联系电话、办公时间暂未掌握：可拨打12345政务服务便民热线咨询。"


def test_zone_cards_carry_the_towns_contact(shipped_site: Path) -> None:
    page = soup(shipped_site / "zones/index.html")
    card = page.select_one("section#shilianzi")
    phone = card.select_one("dl.zwgk-contact a.zwgk-tel")
    assert phone["href"] == "tel:05397763010" and phone.get_text() == "0539-7763010"
    assert "石莲子镇人民政府2021年度政府信息公开年度报告" in card.select("p.zwgk-source")[-1].get_text()
    unknown = page.select_one("section#dadian")
    assert "可拨打" in unknown.get_text() and unknown.select_one('a[href="tel:12345"]') is not None


def test_apply_page_cites_the_regulation_article_by_article(shipped_site: Path) -> None:
    page = soup(shipped_site / "yishenqing/index.html")
    assert page.select_one("h1").get_text(strip=True) == "依申请公开政府信息"
    text = re.sub(r"\s", "", page.select_one("article").get_text())
    for fact in ("公民、法人或者其他组织", "第二十七条", "第二十九条第一款", "第二十九条第二款", "第三十条",
                 "第三十一条", "第三十三条第二款", "20个工作日", "延长最长不得超过20个工作日", "7个工作日",
                 "第四十二条", "第五十一条", "行政复议"):
        assert fact in text, fact
    assert "《中华人民共和国政府信息公开条例》（国务院令第711号）" in page.select("p.zwgk-source")[-1].get_text()
    # the five units whose annual reports give their contact, each linked to its page
    assert [a["href"] for a in page.select(".zwgk-apply-units h3 a")] == [
        "../units/minzheng/", "../units/shilianzi/", "../units/yanbin/", "../units/daokou/", "../units/pingshang/"]


def test_every_apply_on_request_cell_and_every_unit_page_links_to_the_apply_page(shipped_site: Path) -> None:
    cells = 0
    for html in sorted((shipped_site / "county").glob("*/index.html")):
        for td in soup(html).select('td[data-label="公开方式·依申请"]'):
            if td.get_text(strip=True):
                cells += 1
                assert td.a is not None and td.a["href"] == "../../yishenqing/", html
    on_request = sum(it.get("method") == "依申请" for f in sorted((REPO / "catalogues/county").glob("*.yaml"))
                     for it in yaml.safe_load(f.read_text(encoding="utf-8"))["items"])
    assert cells == on_request > 0
    units = sorted((shipped_site / "units").glob("*/index.html"))
    assert len(units) > 40
    for html in units:
        assert soup(html).select_one('p.zwgk-apply-link a[href="../../yishenqing/"]') is not None, html


@pytest.mark.parametrize(("width", "size"), [(375, ""), (375, "xl"), (1280, ""), (1280, "xl")])
def test_contact_reads_and_calls_on_phone_and_desktop(browser: Browser, base_url: str, width: int, size: str) -> None:
    page = _open(browser, base_url + "units/minzheng/", width, size)
    tel = page.locator("dl.zwgk-contact a.zwgk-tel")
    assert tel.is_visible() and tel.get_attribute("href") == "tel:05397317366"
    assert tel.evaluate("a => a.getBoundingClientRect().height") >= 44  # a finger can hit it
    assert _no_sideways_scroll(page)
    page.get_by_role("link", name="依申请公开怎样申请").click()
    page.wait_for_load_state()
    assert page.url == base_url + APPLY and page.locator("h1").inner_text() == "依申请公开政府信息"
    assert _no_sideways_scroll(page)
    page.context.close()


def test_item_with_a_portal_url_links_to_the_portal_column(repo: Path, tmp_path: Path) -> None:
    cat = repo / "catalogues/county/shehui-jiuzhu.yaml"
    cat.write_text(cat.read_text(encoding="utf-8").replace(
        "  - id: zc\n", "  - id: zc\n    portal_url: http://www.junan.gov.cn/zwgk/shjz/\n", 1), encoding="utf-8")
    out = tmp_path / "site"
    r = mkdocs_build(repo, out)
    assert r.returncode == 0, r.stderr
    rows = soup(out / "county/shehui-jiuzhu/index.html").select("table.zwgk-catalogue tbody tr")
    link = rows[0].select_one("td.zwgk-channels a.zwgk-portal")
    assert link is not None and link["href"] == "http://www.junan.gov.cn/zwgk/shjz/" and link.get_text() == "网站栏目"
    assert rows[1].select_one("a.zwgk-portal") is None  # no address given, no link made up


# --- 1b. honest downloads ----------------------------------------------------------------------------

def test_downloads_of_drafts_and_pending_towns_say_so_inside_the_file(shipped_site: Path) -> None:
    import csv

    from openpyxl import load_workbook

    downloads = shipped_site / "downloads"
    county = load_workbook(downloads / "county/shehui-jiuzhu.xlsx").worksheets[0]
    assert county.cell(1, 1).value == "社会救助领域基层政务公开标准目录（草稿，未经审定，仅供参考）"
    setup = county.page_setup  # prints on A4 landscape, as wide as the page, the header on every page
    assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (9, "landscape", 1, 0)
    assert county.sheet_properties.pageSetUpPr.fitToPage and county.print_title_rows == "$2:$3"
    heads = [county.cell(2, c).value for c in range(1, county.max_column + 1)]
    assert heads[-3:] == ["事项编号（本专栏内部编号）", "网站栏目地址", "备注"]  # no official number
    rows = list(csv.reader(io.StringIO((downloads / "county/shehui-jiuzhu.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0][:2] == ["领域", "状态"] and len(rows) == 14
    assert {r[1] for r in rows[1:]} == {"草稿（未经审定，仅供参考）"}
    town = load_workbook(downloads / "towns/dadian.xlsx")
    assert len(town.worksheets) == 17
    for ws in town.worksheets:
        assert str(ws.cell(1, 1).value).endswith("（镇街尚未筛选，按县级模板列出，未经审定）"), ws.title
    town_rows = list(csv.reader(io.StringIO((downloads / "towns/dadian.csv").read_text(encoding="utf-8-sig"))))
    assert all(r[1].startswith("草稿（镇街尚未筛选") for r in town_rows[1:]) and len(town_rows) > 50


# --- 2. the table fits and prints ----------------------------------------------------------------

def _layout(page: Page) -> dict[str, object]:
    return page.evaluate("""() => {
      const t = document.querySelector('table.zwgk-catalogue'), w = t.closest('.zwgk-table-wrap');
      const heads = [...t.querySelectorAll('thead th')].filter(h => !h.colSpan || h.colSpan === 1 || h.rowSpan > 1)
        .map(h => h.getBoundingClientRect()).map(r => [Math.round(r.left), Math.round(r.right)]);
      return {display: getComputedStyle(t).display, wrapScrolls: w.scrollWidth > w.clientWidth,
              overflowY: getComputedStyle(w).overflowY, right: Math.max(...heads.map(h => h[1])),
              vw: document.documentElement.clientWidth}; }""")


@pytest.mark.parametrize("width", [1280, 1440, 1920])
def test_fourteen_columns_fit_at_desktop_widths(browser: Browser, base_url: str, width: int) -> None:
    for path in (DOMAIN, "county/chengxiang-guihua/", "towns/template/shehui-jiuzhu/"):
        page = _open(browser, base_url + path, width)
        got = _layout(page)
        assert got["display"] == "table" and not got["wrapScrolls"] and _no_sideways_scroll(page), (path, got)
        assert int(got["right"]) <= int(got["vw"])  # 公开层级·乡级 is on screen, not cut
        labels = page.eval_on_selector_all("table.zwgk-catalogue thead th", "hs => hs.map(h => h.innerText.replace(/\\s/g, ''))")
        assert [c for c in COLUMNS if c not in labels] == []
        # unchosen channels are folded away; the chosen ones are shown; the checkbox shows the rest
        off = page.locator("td.zwgk-channels .off").first
        assert not off.is_visible() and page.locator("td.zwgk-channels .on").first.is_visible()
        page.get_by_label("显示未采用的渠道（□）").check()
        assert off.is_visible()
        page.context.close()


@pytest.mark.parametrize("size", ["lg", "xl"])
@pytest.mark.parametrize("width", [375, 1280])
def test_large_text_reflows_into_cards(browser: Browser, base_url: str, width: int, size: str) -> None:
    page = _open(browser, base_url + DOMAIN, width, size)
    got = _layout(page)
    assert got["display"] == "block" and not got["wrapScrolls"] and _no_sideways_scroll(page), got
    first = page.locator("table.zwgk-catalogue tbody tr").first
    assert first.locator('td[data-label="公开时限"]').is_visible()
    assert first.locator('td[data-label="公开层级·乡级"]').is_visible()  # nothing cut on the right
    box = first.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    page.context.close()


def test_one_scroll_and_the_header_stays_under_the_site_header(browser: Browser, base_url: str) -> None:
    page = _open(browser, base_url + DOMAIN, 1280, height=700)
    got = _layout(page)
    assert got["overflowY"] == "visible"  # no box with its own vertical scroll inside the page
    row = page.locator("table.zwgk-catalogue tbody tr").nth(8)
    row.scroll_into_view_if_needed()
    page.mouse.wheel(0, 300)
    page.wait_for_timeout(200)
    head = page.locator("table.zwgk-catalogue thead").evaluate("h => h.getBoundingClientRect().top")
    site_header = page.locator("header.md-header").evaluate("h => h.getBoundingClientRect().bottom")
    assert page.evaluate("scrollY") > 600 and abs(head - site_header) < 2
    page.context.close()


def _pdf_pages(page: Page) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    # Chromium embeds some CJK glyphs as compatibility forms (⼯ for 工): read them as text
    return [re.sub(r"\s+", "", unicodedata.normalize("NFKC", p.extract_text())) for p in reader.pages]


def test_catalogue_prints_on_a4_with_every_column_and_the_header_on_each_page(browser: Browser, base_url: str) -> None:
    page = _open(browser, base_url + DOMAIN, 1280)
    pages = _pdf_pages(page)
    assert len(pages) >= 2
    # NFKC reads the full-width colon as ":"
    assert pages[0].startswith("莒南县基层政务公开标准化规范化工作专栏·" + base_url + DOMAIN + "·打印日期:")
    for text in pages:  # the two header rows are repeated on every page
        head = text[text.index("序号"):]
        for label in ("公开事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
                      "公开对象", "公开方式", "公开层级", *TICKS):
            assert unicodedata.normalize("NFKC", label) in head, label
    assert "13" in pages[-1] and "支出型临时救助对象名单" in "".join(pages)  # the last row is printed
    page.context.close()


PHONE_PAGES = ["units/minzheng/", "units/dadian/", "towns/matrix/", "zones/matrix/", "towns/dadian/", "zones/",
               APPLY, DOMAIN]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", PHONE_PAGES)
def test_phone_pages_have_no_sideways_scroll_at_any_text_size(browser: Browser, base_url: str, path: str, size: str) -> None:
    page = _open(browser, base_url + path, 375, size)
    assert _no_sideways_scroll(page)
    wide = page.eval_on_selector_all(".zwgk-table-wrap", "ws => ws.filter(w => w.scrollWidth > w.clientWidth).length")
    assert wide == 0  # no table scrolls sideways inside its frame either: they read as cards
    page.context.close()


def test_matrix_reads_as_cards_on_a_phone(browser: Browser, base_url: str) -> None:
    page = _open(browser, base_url + "towns/matrix/", 375, "xl")
    card = page.locator("table.zwgk-matrix tbody tr").first
    assert card.locator("th").inner_text() == "十字路街道办事处"  # in the order of units.yaml
    cell = card.locator('td[data-label="社会救助"]')
    assert cell.is_visible() and cell.evaluate("td => getComputedStyle(td, '::before').content") == '"社会救助："'
    page.context.close()


def test_phone_sees_the_first_row_on_the_first_screen_after_the_title(browser: Browser, base_url: str) -> None:
    page = _open(browser, base_url + DOMAIN, 375, height=667)
    tools = page.locator(".zwgk-tools")
    assert not tools.is_visible()  # filters folded behind a button
    where = page.evaluate("""() => { const top = e => e.getBoundingClientRect().top + scrollY;
      return {title: top(document.querySelector('h1')), row: top(document.querySelector('table.zwgk-catalogue tbody tr')),
              legend: top(document.querySelector('.zwgk-legend')), table: top(document.querySelector('table.zwgk-catalogue'))}; }""")
    assert where["row"] - where["title"] < 667
    assert where["legend"] < where["table"]  # the legend comes before the table
    button = page.get_by_role("button", name="筛选和排序")
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    assert tools.is_visible() and button.get_attribute("aria-expanded") == "true"
    page.locator(".zwgk-tools input[type=search]").fill("审批")
    assert page.locator(".zwgk-tools__status").inner_text().startswith("显示 ")
    page.context.close()


# --- 3. the county's column ------------------------------------------------------------------------

def test_every_title_and_the_header_name_the_county(shipped_site: Path) -> None:
    pages = list(_pages(shipped_site))
    assert len(pages) > 300
    for html in pages:
        page = soup(html)
        assert "莒南县" in page.title.get_text(), html
    header = soup(shipped_site / "county/jiuye/index.html").select_one(".md-header__topic .md-ellipsis")
    assert header.get_text(strip=True) == "莒南县基层政务公开标准化规范化工作专栏"


def test_government_page_metadata_from_config_only(shipped_site: Path) -> None:
    metas = {m["name"]: m["content"] for m in soup(shipped_site / "county/jiuye/index.html").select("meta[name]")}
    assert metas["SiteName"] == "莒南县人民政府" and metas["SiteDomain"] == "junan.gov.cn"
    assert metas["ColumnName"] == "基层政务公开标准化规范化工作专栏"
    assert "ColumnType" not in metas and "SiteIDCode" not in metas  # not known: not emitted


def test_chinese_404_with_ways_back(browser: Browser, base_url: str, shipped_site: Path) -> None:
    page404 = soup(shipped_site / "404.html")
    assert page404.select_one("h1").get_text() == "页面不存在" and "Not found" not in page404.get_text()
    page = _open(browser, base_url + "404.html", 375, "xl")
    assert _no_sideways_scroll(page)
    page.get_by_role("link", name="返回莒南县基层政务公开标准化规范化工作专栏首页").click()
    page.wait_for_load_state()
    assert page.url == base_url and page.title().endswith("莒南县基层政务公开标准化规范化工作专栏")
    assert page.locator("h1").inner_text() == "基层政务公开标准化规范化工作专栏"
    page.context.close()


def test_no_link_to_a_local_address_anywhere(shipped_site: Path) -> None:
    for html in _pages(shipped_site):
        for a in soup(html).select("a[href]"):
            assert not re.search(r"localhost|127\.0\.0\.1|0\.0\.0\.0", a["href"]), (html, a["href"])


def test_editor_guide_is_a_footer_link_not_a_navigation_tab(shipped_site: Path) -> None:
    page = soup(shipped_site / "index.html")
    tabs = [a.get_text(strip=True) for a in page.select(".md-tabs a")]
    assert "编辑指南" not in tabs and "依申请公开" in tabs
    assert not [a for a in page.select("nav.md-nav a") if "guide/" in a["href"]]
    footer = page.select_one(".zwgk-footer a[href='guide/']")
    assert footer is not None and footer.get_text() == "编辑指南（工作人员）"
    sitemap = soup(shipped_site / "sitemap/index.html")
    assert sitemap.select("ul.zwgk-sitemap a") and not sitemap.select("ul.zwgk-sitemap a[href*='guide/']")


@pytest.fixture(scope="module")
def with_site_url(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("siteurl") / "repo"
    shutil.copytree(FIXTURES / "repo", root)
    cfg = root / "mkdocs.yml"
    cfg.write_text("site_url: https://www.example.gov.cn/zwgk/\n" + cfg.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def test_sitemap_is_filled_when_site_url_is_set(with_site_url: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    r = mkdocs_build(with_site_url, out)
    assert r.returncode == 0, r.stderr
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [loc.text for loc in ET.parse(out / "sitemap.xml").getroot().iter(ns + "loc")]
    assert "https://www.example.gov.cn/zwgk/county/shehui-jiuzhu/" in locs and "https://www.example.gov.cn/zwgk/yishenqing/" in locs
    # the 404 page, served at any address, loads the theme from the site's own path
    assert 'src="/zwgk/assets/zwgk/zwgk.js"' in (out / "404.html").read_text(encoding="utf-8")
    assert "ZW706" not in zwgk("check", "--format", "text", cwd=with_site_url).stdout


def test_check_says_when_site_url_is_not_set(repo: Path) -> None:
    r = zwgk("check", "--format", "json", cwd=repo)
    found = [d for d in yaml.safe_load(r.stdout) if d["code"] == "ZW706"]
    assert [(d["file"], d["line"], d["severity"]) for d in found] == [("mkdocs.yml", 1, "info")]
    assert "site_url" in found[0]["message"]


def test_site_meta_refuses_markup_and_unknown_names(repo: Path) -> None:
    cfg = repo / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        "extra:\n", "extra:\n  site_meta:\n    SiteName: <b>县</b>\n    PageColor: red\n", 1), encoding="utf-8")
    r = zwgk("check", "--format", "json", cwd=repo)
    found = sorted((d["code"], d["message"]) for d in yaml.safe_load(r.stdout) if "网页元数据" in d["message"])
    assert [code for code, _ in found] == ["ZW704", "ZW704"]
    assert any("SiteName" in m for _, m in found) and any("PageColor" in m for _, m in found)


def test_high_contrast_next_to_text_size_and_remembered(browser: Browser, base_url: str) -> None:
    page = _open(browser, base_url + DOMAIN, 375)
    toggle = page.get_by_role("button", name="高对比度")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert "zwgk-contrast" in page.evaluate("document.documentElement.className")
    color = "getComputedStyle(document.querySelector('.md-typeset p')).color"
    assert page.evaluate(color) == "rgb(0, 0, 0)"
    page.goto(base_url + "units/minzheng/")
    assert page.get_by_role("button", name="高对比度").get_attribute("aria-pressed") == "true"
    assert page.evaluate(color) == "rgb(0, 0, 0)"
    page.context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_every_control_shows_its_focus(browser: Browser, base_url: str, width: int) -> None:
    page = _open(browser, base_url + DOMAIN, width)
    if width < 600:
        page.get_by_role("button", name="筛选和排序").click()
    seen = 0
    for _ in range(40):
        page.keyboard.press("Tab")
        state = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
          const r = e.getBoundingClientRect();
          return {tag: e.tagName, visible: r.width > 0 && r.height > 0 && s.visibility !== 'hidden',
                  ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2}; }""")
        if state["tag"] == "BODY":
            continue
        assert state["visible"] and state["ring"], state
        seen += 1
    assert seen >= 30
    page.context.close()


def test_closed_drawer_is_out_of_the_tab_order_on_a_phone(browser: Browser, base_url: str) -> None:
    page = _open(browser, base_url + DOMAIN, 375)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "跳到正文"
    for _ in range(4):  # the header's menu and search buttons, then the page's own controls
        page.keyboard.press("Tab")
        assert page.evaluate("!document.activeElement.closest('.md-sidebar--primary')")
    assert page.evaluate("document.activeElement.closest('.zwgk-a11y, article') !== null")
    page.context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_footer_is_a_line_of_facts_and_links_not_a_bulleted_list(browser: Browser, base_url: str, width: int) -> None:
    page = _open(browser, base_url + DOMAIN, width)
    items = page.locator(".zwgk-footer__list li")
    assert items.count() >= 4
    assert items.first.evaluate("li => getComputedStyle(li).listStyleType") == "none"  # no bullets
    rows = {round(c / 8) for c in items.evaluate_all("ls => ls.map(l => { const r = l.getBoundingClientRect(); "
                                                     "return r.top + r.height / 2; })")}
    assert len(rows) <= (1 if width >= 1280 else 2)  # side by side, wrapping at most once on a phone
    heights = page.locator(".zwgk-footer__list a").evaluate_all("as => as.map(a => a.getBoundingClientRect().height)")
    assert min(heights) >= 24  # WCAG 2.2 target size
    page.get_by_role("link", name="编辑指南（工作人员）").click()
    page.wait_for_load_state()
    assert page.url == base_url + "guide/"
    page.context.close()


NEW_PAGES = ["yishenqing/", "404.html", "units/minzheng/", "units/dadian/", "units/", "zones/"]


@pytest.mark.parametrize(("width", "size"), [(375, ""), (375, "xl"), (1280, "")])
def test_new_pages_have_no_accessibility_violations_at_all(browser: Browser, base_url: str, width: int, size: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    for path in NEW_PAGES:
        page = _open(browser, base_url + path, width, size)
        found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in Axe().run(page).response["violations"]]
        assert found == [], path  # of any impact, not only serious ones
        tels = page.locator("a[href^='tel:']").evaluate_all("as => as.map(a => a.getBoundingClientRect().height)")
        assert all(h >= 44 for h in tels), (path, tels)  # every phone number a finger can hit
        page.context.close()


# --- 4. one name per unit ----------------------------------------------------------------------------

def test_filter_values_counts_and_unit_pages_agree(shipped_site: Path) -> None:
    units = yaml.safe_load((REPO / "catalogues/units.yaml").read_text(encoding="utf-8"))["units"]
    short = {u["id"]: (u.get("aliases") or [u["name"]])[0] for u in units}
    names = {n: u["id"] for u in units for n in [u["name"], *(u.get("aliases") or [])]}
    filtered: dict[str, int] = {}
    for html in sorted((shipped_site / "county").glob("*/index.html")):
        for tr in soup(html).select("table.zwgk-catalogue tbody tr"):
            values = tr["data-subjects"].split("|")
            for v in values:
                assert v in short.values(), (html, v)  # each unit under its one short name
                filtered[v] = filtered.get(v, 0) + 1
    minzheng = soup(shipped_site / "units/minzheng/index.html")
    rows = len(minzheng.select("table.zwgk-list tbody tr"))
    assert filtered["县民政局"] == rows == 19
    assert names["县级政府民政部门"] == "minzheng"
    assert "共 19 项" in minzheng.select_one(".zwgk-meta").get_text()


def test_a_towns_unit_page_shows_its_own_catalogue(shipped_site: Path) -> None:
    town = soup(shipped_site / "towns/dadian/index.html")
    total = town.select_one(".zwgk-meta").get_text()
    unit = soup(shipped_site / "units/dadian/index.html")
    section = unit.select_one("#town-catalogue ~ p")
    assert section.a["href"] == "../../towns/dadian/"
    count = re.search(r"共 (\d+) 项", section.get_text())
    assert count is not None and f"{count.group(1)} 项" in total and int(count.group(1)) > 0
    links = unit.select("ul.zwgk-domain-grid a")
    assert len(links) == 17 and links[0]["href"].startswith("../../towns/dadian/")
    index = soup(shipped_site / "units/index.html")
    entry = index.select_one("a[href='dadian/']").find_next_sibling("span").get_text()
    assert entry == f"镇街级目录 {count.group(1)} 项"


def test_empty_notes_column_is_not_shown(shipped_site: Path, repo: Path, tmp_path: Path) -> None:
    heads = [th.get_text() for th in soup(shipped_site / "towns/dadian/index.html").select("table.zwgk-list thead th")]
    assert "说明" not in heads  # every row of a pending town's table would be empty
    out = tmp_path / "site"
    assert mkdocs_build(repo, out).returncode == 0
    page = soup(out / "towns/dadian/index.html")  # the fixture town says why 救灾 does not apply
    assert "说明" in [th.get_text() for th in page.select("table.zwgk-list thead th")]
    notes = [td.get_text() for td in page.select('td[data-label="说明"]')]
    assert "本镇街道救灾工作由县应急管理局统一公开（测试用说明）" in notes


def test_each_domain_page_is_dated_by_its_own_files(repo: Path, tmp_path: Path) -> None:
    template = repo / "catalogues/town-template/shehui-jiuzhu.yaml"
    text = template.read_text(encoding="utf-8")
    template.write_text(re.sub(r"(?m)^updated: .*$", "updated: 2024-03-05", text), encoding="utf-8")
    out = tmp_path / "site"
    r = mkdocs_build(repo, out)
    assert r.returncode == 0, r.stderr

    def updated(path: str) -> str:
        page = soup(out / path)
        dt = next(d for d in page.select(".zwgk-meta dt") if d.get_text() == "更新日期")
        return str(dt.find_next_sibling("dd").time["datetime"])

    assert updated("towns/template/shehui-jiuzhu/index.html") == "2024-03-05"
    assert updated("towns/dadian/shehui-jiuzhu/index.html") == "2024-03-05"  # later than the town's 2020-12-20
    others = {updated(f"towns/dadian/{d.name}/index.html") for d in (out / "towns/dadian").iterdir()
              if d.is_dir() and d.name not in ("shehui-jiuzhu", "diff")}
    assert "2024-03-05" not in others
