"""A fixture site built by the real `mkdocs build --strict`, read back through an HTML parser."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import FIXTURES, mkdocs_build, soup


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("build") / "repo"
    shutil.copytree(FIXTURES / "repo", root)
    out = root / "site"
    r = mkdocs_build(root, out)
    assert r.returncode == 0, r.stderr
    return out


def _rows(page: BeautifulSoup) -> list[list[str]]:
    """Visible desktop cells of each row (the phone-only repeated 一级事项 cell left out)."""
    table = page.select_one("table.zwgk-catalogue")
    assert table is not None
    return [[td.get_text("", strip=True) for td in tr.find_all("td")
             if "zwgk-category-card" not in (td.get("class") or [])]
            for tr in table.select("tbody tr")]


def _cards(page: BeautifulSoup) -> list[dict[str, str]]:
    """Each row as the labelled fields a phone shows."""
    return [{td["data-label"]: td.get_text("", strip=True) for td in tr.select("td[data-label]")}
            for tr in page.select("table.zwgk-catalogue tbody tr")]


def test_domain_table_has_official_header(site: Path) -> None:
    page = soup(site / "county/shehui-jiuzhu/index.html")
    head = page.select("table.zwgk-catalogue thead tr")
    assert [th.get_text(strip=True) for th in head[0].find_all("th")] == [
        "序号", "公开事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
        "公开对象", "公开方式", "公开层级"]
    assert [th.get_text(strip=True) for th in head[1].find_all("th")] == [
        "一级事项", "二级事项", "全社会", "特定群体", "主动", "依申请", "县级", "乡级"]


def test_domain_rows_cells_and_merged_categories(site: Path) -> None:
    page = soup(site / "county/shehui-jiuzhu/index.html")
    rows = _rows(page)
    assert len(rows) == 4
    first = rows[0]
    assert first[:7] == ["1", "综合业务", "政策", "社会救助政策法规、政策解读", "《社会救助暂行办法》",
                         "10个工作日内", "县级政府民政部门、乡镇政府（街道办事处）"]
    assert first[-6:] == ["√", "", "√", "", "√", "√"]
    # 一级事项 merged: rows 1–2 share 综合业务, rows 3–4 share 最低生活保障
    cats = page.select("table.zwgk-catalogue td.zwgk-category")
    assert [(td.get_text(strip=True), td.get("rowspan")) for td in cats] == [
        ("综合业务", "2"), ("最低生活保障", "2")]
    assert rows[1][0] == "2" and rows[1][1] == "救助热线<script>alert(1)</script>"
    last = rows[3]
    assert last[-6:] == ["", "√", "", "√", "", "√"]


def test_phone_cards_repeat_the_merged_category(site: Path) -> None:
    cards = _cards(soup(site / "county/shehui-jiuzhu/index.html"))
    assert [c["一级事项"] for c in cards] == ["综合业务", "综合业务", "最低生活保障", "最低生活保障"]
    assert cards[3]["公开对象·特定群体"] == "√" and cards[3]["公开方式·依申请"] == "√"


def test_channels_checklist_marks_chosen(site: Path) -> None:
    page = soup(site / "county/shehui-jiuzhu/index.html")
    row = page.select_one("tr#item-rx")
    on = [b.get_text(strip=True) for b in row.select("td.zwgk-channels .on")]
    off = " ".join(s.get_text(" ", strip=True) for s in row.select("td.zwgk-channels .off")).split()
    assert on == ["■政府网站", "■其他：乡镇便民服务大厅显示屏"]  # checklist order: 其他 last
    assert "□政府公报" in off and len(on) + len(off) == 13
    assert all(s.has_attr("data-search-exclude") for s in row.select("td.zwgk-channels .off"))


def test_html_in_a_cell_is_shown_as_text(site: Path) -> None:
    page = soup(site / "county/shehui-jiuzhu/index.html")
    assert page.select("table.zwgk-catalogue script") == []
    raw = (site / "county/shehui-jiuzhu/index.html").read_text(encoding="utf-8")
    assert "救助热线&lt;script&gt;alert(1)&lt;/script&gt;" in raw


def test_draft_notice_only_on_draft_pages(site: Path) -> None:
    draft = soup(site / "county/yiwu-jiaoyu/index.html").select_one(".zwgk-draft")
    assert draft is not None and "草稿" in draft.get_text()
    assert "据《义务教育领域基层政务公开标准指引》起草的测试草稿" in draft.get_text()
    assert soup(site / "county/shehui-jiuzhu/index.html").select_one(".zwgk-draft") is None


def test_unit_page_lists_items_across_domains(site: Path) -> None:
    page = soup(site / "units/minzheng/index.html")
    assert page.select_one("h1").get_text(strip=True) == "莒南县民政局：公开事项"
    table = page.select_one("table.zwgk-list")
    subs = [tr.find_all("td")[1].get_text(strip=True) for tr in table.select("tbody tr")]
    assert subs == ["政策", "救助热线<script>alert(1)</script>", "办事指南"]
    link = table.select("tbody tr")[2].select_one("a")["href"]
    assert link == "../../county/shehui-jiuzhu/#item-db-zn"
    assert (site / "county/shehui-jiuzhu/index.html").is_file()


def test_subject_links_to_unit_page(site: Path) -> None:
    page = soup(site / "county/shehui-jiuzhu/index.html")
    links = {a.get_text(): a["href"] for a in page.select("tr#item-db-zn a")}
    assert links == {"县民政局": "../../units/minzheng/", "大店镇": "../../units/dadian/"}


def test_county_index_and_home_counts(site: Path) -> None:
    index = soup(site / "county/index.html")
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in index.select("tbody tr")]
    assert [r[1:5] for r in rows] == [["社会救助", "4", "正式", "2024年5月1日"],
                                       ["义务教育", "1", "草稿", "2024年6月30日"],
                                       ["救灾", "1", "正式", "2024年5月1日"]]
    home = soup(site / "index.html")
    cards = [a.get_text(" ", strip=True) for a in home.select("a.zwgk-card")]
    assert cards == ["3 个县级领域目录", "6 项公开事项", "1 个镇街目录（2 个领域）", "5 个公开主体"]


def test_nav_lists_domains_under_the_catalogue(site: Path) -> None:
    page = soup(site / "county/index.html")
    labels = [a.get_text(strip=True) for a in page.select("nav.md-nav--primary a.md-nav__link")]
    assert "社会救助" in labels and "义务教育" in labels


def test_rules_page_lists_codes(site: Path) -> None:
    page = soup(site / "guide/rules/index.html")
    codes = [tr.select_one("code").get_text() for tr in page.select("tbody tr")]
    assert "ZW001" in codes and "ZW205" in codes


def test_error_aborts_build_and_keeps_previous_site(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert mkdocs_build(repo, out).returncode == 0
    before = (out / "county/shehui-jiuzhu/index.html").read_bytes()
    shutil.copyfile(FIXTURES / "bad/unknown_unit.yaml", repo / "catalogues/county/shehui-jiuzhu.yaml")
    r = mkdocs_build(repo, out)
    assert r.returncode != 0
    lines = [x for x in r.stderr.splitlines() if "ZW202" in x]
    assert len(lines) == 1 and "catalogues/county/shehui-jiuzhu.yaml:25:16: ZW202" in lines[0]
    assert "Traceback" not in r.stderr
    assert (out / "county/shehui-jiuzhu/index.html").read_bytes() == before


def test_warning_fails_strict_build(repo: Path, tmp_path: Path) -> None:
    shutil.copyfile(FIXTURES / "bad/unknown_basis.yaml", repo / "catalogues/county/shehui-jiuzhu.yaml")
    r = mkdocs_build(repo, tmp_path / "site")
    assert r.returncode != 0 and "ZW211" in r.stderr


def test_town_domain_page_is_the_full_resolved_table(site: Path) -> None:
    page = soup(site / "towns/dadian/shehui-jiuzhu/index.html")
    cards = _cards(page)
    assert [(c["一级事项"], c["二级事项"]) for c in cards] == [
        ("综合业务", "政策"), ("最低生活保障", "办事指南"), ("临时救助", "救助结果")]
    # adopted: the template's placeholder subject shows as the town's own name
    assert cards[0]["公开主体"] == "大店镇人民政府"
    # changed: the town's values for the columns it rewrote
    assert cards[1]["公开时限"] == "5个工作日内"
    assert cards[1]["公开内容（要素）"] == "办理事项、办理条件、最低生活保障标准、申请材料"
    assert cards[2]["公开主体"] == "大店镇"
    assert page.select_one(".zwgk-pending") is None  # submitted, not pending


def test_town_not_applicable_domain_shows_the_reason(site: Path) -> None:
    page = soup(site / "towns/dadian/jiuzai/index.html")
    assert page.select_one("table.zwgk-catalogue") is None
    note = page.select_one(".admonition.note")
    assert "本镇街道救灾工作由县应急管理局统一公开" in note.get_text()


def test_town_matrix_cells(site: Path) -> None:
    page = soup(site / "towns/matrix/index.html")
    head = [th.get_text(strip=True) for th in page.select("table.zwgk-matrix thead th")]
    assert head == ["镇街", "状态", "社会救助", "救灾"]
    row = page.select_one("table.zwgk-matrix tbody tr")
    assert row.select_one("th").get_text(strip=True) == "大店镇人民政府"
    cells = [td.get_text(" ", strip=True) for td in row.select("td")]
    assert cells == ["已报送", "3 改1 删1 增1", "不涉及"]
    assert row.select_one("td.zwgk-cell a")["href"] == "../dadian/shehui-jiuzhu/"


def test_town_diff_names_changes_omissions_and_reasons(site: Path) -> None:
    page = soup(site / "towns/dadian/diff/index.html")
    changes = [[td.get_text(strip=True) for td in tr.find_all("td")]
               for tr in page.select("h2#shehui-jiuzhu ~ div table tbody tr")]
    assert changes[0] == ["最低生活保障/办事指南", "公开内容（要素）",
                          "办理事项、办理条件、最低生活保障标准、申请材料、办理流程",
                          "办理事项、办理条件、最低生活保障标准、申请材料",
                          "办理流程已在镇便民服务中心统一公示"]
    assert changes[1] == ["公开时限", "10个工作日内", "5个工作日内"]
    lists = [li.get_text(strip=True) for li in page.select("ul li")]
    assert "最低生活保障/审核：由县民政局统一公示" in lists
    assert "临时救助/救助结果（救助对象、救助金额）" in lists
    assert "不涉及" in page.select_one("h2#jiuzai").find_next("p").get_text()


def test_template_pages_and_town_links(site: Path) -> None:
    tmpl = soup(site / "towns/template/shehui-jiuzhu/index.html")
    assert [c["公开主体"] for c in _cards(tmpl)] == ["乡镇人民政府（街道办事处）"] * 3
    unit = soup(site / "units/dadian/index.html")
    assert unit.select_one('a[href="../../towns/dadian/"]') is not None


def _annex(page: BeautifulSoup, n: int) -> list[list[str]]:
    table = page.select_one(f"section#annex-{n} table")
    return [[c.get_text(strip=True) for c in tr.find_all(["td", "th"])] for tr in table.select("tbody tr")]


def test_computed_annexes_from_inspection_records(site: Path) -> None:
    page = soup(site / "bulletins/2024-q2/index.html")
    # every interval of the quarter is judged, not only the one at the check date
    assert _annex(page, 1) == [["1", "大店镇", "本级文件", "2024年6月30日", "超期；一次性增补大量信息"],
                               ["2", "工作动态", "2024年7月1日", "超期"],
                               ["", "小计：2 项"]]
    assert _annex(page, 2) == [
        ["1", "县民政局", "部门文件", "2023年12月1日", "超半年未更新"],
        ["2", "工作动态", "2024年6月27日", "多次超期"],
        ["", "小计：2 项"],
        ["3", "县教体局", "通知公告", "从未更新", "空白栏目"],
        ["", "小计：1 项"]]
    assert _annex(page, 3) == [  # units in registry order
        ["1", "县民政局", "莒南民政", "微信公众号", "2024年4月5日", "僵尸账号"], ["", "小计：1 项"],
        ["2", "大店镇", "大店发布", "微信公众号", "2024年7月1日", "多次未按要求每周更新"], ["", "小计：1 项"],
        ["3", "县应急管理局", "莒南应急", "微信公众号", "2024年6月17日", "超过两周未更新（单项否决）；未按要求每周更新"],
        ["", "小计：1 项"]]
    total = page.select_one("section#annex-2 tfoot").get_text(strip=True)
    assert total == "合计：2 个单位，3 项"


def test_bulletin_markdown_is_sanitised(site: Path) -> None:
    page = soup(site / "bulletins/2024-q2/index.html")
    body = page.select_one("article.zwgk-doc")
    assert body.select("script") == [] and "alert('x')" not in str(body.select("script"))
    assert body.select_one("strong").get_text() == "加粗"
    assert all(not (a.get("href") or "").startswith("javascript:") for a in body.select("a"))


def test_bulletin_list_feed_and_trends(site: Path) -> None:
    index = soup(site / "bulletins/index.html")
    assert [a.get_text(strip=True) for a in index.select("ul.zwgk-bulletins a")] == [
        "关于2024年第二季度全县政务公开工作情况的通报"]
    from lxml import etree

    feed = etree.fromstring((site / "bulletins/feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.text for e in feed.findall("a:entry/a:title", ns)] == ["关于2024年第二季度全县政务公开工作情况的通报"]
    href = feed.find("a:entry/a:link", ns).get("href")
    assert (site / "bulletins" / href / "index.html").is_file()
    trends = soup(site / "bulletins/trends/index.html")
    svg = trends.select_one("section#posts svg")
    assert svg["role"] == "img" and "县政府门户网站发布信息" in svg["aria-label"]
    assert [td.get_text(strip=True) for td in trends.select("section#posts tbody td")] == [
        "2024年第二季度", "120 条"]


def test_zone_directory_card_with_tap_to_call(site: Path) -> None:
    page = soup(site / "zones/index.html")
    card = page.select_one("section.zwgk-zone#dadian")
    fields = {div.dt.get_text(strip=True): div.dd.get_text(strip=True) for div in card.select("dl > div")}
    assert fields["场所"] == "大店镇便民服务中心"
    assert fields["开放时间"] == "周一至周五 09:00-12:00；周一至周五 13:30-17:00"
    assert fields["可办事项"] == "自助查询政府信息、政府信息公开申请"  # only requirements met
    assert card.select_one("a.zwgk-tel")["href"] == "tel:05391234567"


def test_zone_matrix_and_standard(site: Path) -> None:
    matrix = soup(site / "zones/matrix/index.html")
    assert [th.get_text(strip=True) for th in matrix.select("thead th")] == ["镇街", "设施设备", "服务功能"]
    assert [td.get_text(" ", strip=True) for td in matrix.select("tbody tr td")] == ["1/3 未达1 未知1", "1/1"]
    std = soup(site / "zones/standard/index.html")
    assert [li["id"] for li in std.select("ul.zwgk-checklist li")] == ["sb-01", "sb-02", "sb-03", "fw-01"]
    assert "【建议】" in std.select_one("li#sb-03").get_text()


def test_government_footer_and_site_id_meta(site: Path) -> None:
    page = soup(site / "county/shehui-jiuzhu/index.html")
    items = [li.get_text(strip=True) for li in page.select(".zwgk-footer__list li")]
    assert items == ["网站主办：测试主办单位", "联系方式：电话 0539-0000000", "网站标识码：3713000000",
                     "鲁ICP备00000000号", "鲁公网安备 37130000000000号", "网站地图", "依申请公开", "我为政府网站找错"]
    assert page.select_one('meta[name="SiteIDCode"]')["content"] == "3713000000"
    sitemap = page.select_one('.zwgk-footer__list a[href$="sitemap/"]')["href"]
    assert (site / "county/shehui-jiuzhu" / sitemap / "index.html").resolve().is_file()
    assert page.select_one(".zwgk-footer__dzjg[data-slot]") is not None  # the slot, empty until switched on
    assert page.html["lang"] == "zh-CN"
    # every page declares the region, the pages MkDocs writes from theme templates too (404)
    assert soup(site / "404.html").html["lang"] == "zh-CN"


def test_unset_footer_values_show_nothing(repo: Path, tmp_path: Path) -> None:
    cfg = repo / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(text.replace('    site_id_code: "3713000000"\n', "    site_id_code:\n"), encoding="utf-8")
    out = tmp_path / "site"
    assert mkdocs_build(repo, out).returncode == 0
    page = soup(out / "index.html")
    assert page.select_one('meta[name="SiteIDCode"]') is None
    assert not any("网站标识码" in li.get_text() for li in page.select(".zwgk-footer__list li"))


def test_sitemap_lists_every_section(site: Path) -> None:
    page = soup(site / "sitemap/index.html")
    top = [a.get_text(strip=True) for a in page.select("ul.zwgk-sitemap > li > a")]
    assert top == ["首页", "县级标准目录", "镇街标准目录", "季度通报", "政务公开体验区", "按公开主体", "依申请公开"]
    for a in page.select("ul.zwgk-sitemap a"):
        assert (site / "sitemap" / a["href"] / "index.html").resolve().is_file(), a["href"]


def test_downloads_give_back_the_same_rows(site: Path) -> None:
    import csv
    import io
    import json

    from openpyxl import load_workbook

    page = soup(site / "county/shehui-jiuzhu/index.html")
    links = {a.get_text(strip=True): a for a in page.select(".zwgk-downloads a")}
    assert set(links) == {"Excel 表格", "CSV", "JSON"}
    assert links["Excel 表格"]["download"] == "社会救助领域基层政务公开标准目录.xlsx"
    base = site / "county/shehui-jiuzhu"
    html_rows = [[td.get_text("", strip=True) for td in tr.select("td[data-label]")][1:7]
                 for tr in page.select("table.zwgk-catalogue tbody tr")]
    data = json.loads((base / links["JSON"]["href"]).resolve().read_bytes())
    items = data["domains"][0]["items"]
    assert [i["id"] for i in items] == ["zc", "rx", "db-zn", "db-sh"]
    assert items[1]["channels"] == ["政府网站", "其他：乡镇便民服务大厅显示屏"]
    raw = (base / links["CSV"]["href"]).resolve().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:5] == ["领域", "状态", "序号", "一级事项", "二级事项"]
    assert rows[0][-3:] == ["事项编号", "网站栏目地址", "备注"]
    assert {r[1] for r in rows[1:]} == {"正式"}  # the fixture's catalogue is official: no notice
    assert [r[3:9] for r in rows[1:]] == html_rows  # the same cells a citizen reads on the page
    wb = load_workbook(base / links["Excel 表格"]["href"])
    ws = wb["社会救助"]
    assert ws["A1"].value == "社会救助领域基层政务公开标准目录"
    assert (ws["B2"].value, ws["B3"].value, ws["C3"].value) == ("公开事项", "一级事项", "二级事项")
    assert "B4:B5" in {str(r) for r in ws.merged_cells.ranges}  # 综合业务 over rows 1–2
    assert [ws.cell(r, 3).value for r in range(4, 8)] == ["政策", "救助热线<script>alert(1)</script>", "办事指南", "审核"]
    assert [ws.cell(7, c).value for c in range(9, 15)] == [None, "√", None, "√", None, "√"]


def test_town_download_has_a_sheet_per_listed_domain(site: Path) -> None:
    from openpyxl import load_workbook

    page = soup(site / "towns/dadian/index.html")
    href = page.select_one('.zwgk-downloads a[href$=".xlsx"]')["href"]
    wb = load_workbook((site / "towns/dadian" / href).resolve())
    assert wb.sheetnames == ["社会救助"]  # 救灾 is declared not applicable
    ws = wb["社会救助"]
    assert [ws.cell(r, 3).value for r in range(4, 7)] == ["政策", "办事指南", "救助结果"]


def test_hand_written_page_says_when_it_changed(site: Path) -> None:
    note = soup(site / "index.html").select_one("p.zwgk-updated time")
    assert (note["datetime"], note.get_text()) == ("2024-05-01", "2024年5月1日")
