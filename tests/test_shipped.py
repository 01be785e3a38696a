"""The content the county publishes: checks clean, builds with --strict, every domain complete."""

from __future__ import annotations

import re
from pathlib import Path

from zwgk.project import load_project
from zwgk.rules import check

from .conftest import REPO, soup


def test_shipped_content_has_no_errors_or_warnings() -> None:
    diags = check(load_project(REPO))
    assert [f"{d.file}:{d.line}: {d.code} {d.message}" for d in diags if d.severity.value != "info"] == []


def test_registry_has_26_domains_17_for_towns_and_16_towns() -> None:
    project = load_project(REPO)
    reg = project.registry
    assert len(reg.domains) == 26 and len(project.county) == 26
    assert sum(d.town for d in reg.domains) == 17
    assert sorted(u.aliases[0] for u in reg.units if u.kind in ("town", "street")) == sorted(
        ["十字路街道", "大店镇", "坊前镇", "板泉镇", "洙边镇", "文疃镇", "石莲子镇", "岭泉镇", "筵宾镇",
         "涝坡镇", "道口镇", "相沟镇", "团林镇", "坪上镇", "壮岗镇", "朱芦镇"])


def test_drafted_content_says_so() -> None:
    for cat in load_project(REPO).county:
        assert cat.status == "official" or ("起草" in cat.source or "草稿" in cat.source), cat.file


def test_every_domain_page_shows_its_full_table(shipped_site: Path) -> None:
    for cat in load_project(REPO).county:
        page = soup(shipped_site / "county" / cat.domain_id / "index.html")
        rows = page.select("table.zwgk-catalogue tbody tr")
        assert [r["id"] for r in rows] == [f"item-{it.id}" for it in cat.items]
        assert page.select_one(".zwgk-draft") is not None  # all shipped catalogues are drafts


def test_home_page_links_every_part(shipped_site: Path) -> None:
    home = soup(shipped_site / "index.html")
    hrefs = {a["href"] for a in home.select(".zwgk-overview a")}
    assert {"county/", "units/", "county/shehui-jiuzhu/"} <= hrefs
    for href in hrefs:
        assert (shipped_site / href / "index.html").is_file(), href


def test_every_town_is_shown_pending_with_its_full_catalogue(shipped_site: Path) -> None:
    project = load_project(REPO)
    assert len(project.towns) == 16 and all(t.status == "pending" for t in project.towns)
    town_domains = [d for d in project.registry.domains if d.town]
    matrix = soup(shipped_site / "towns/matrix/index.html")
    assert len(matrix.select("table.zwgk-matrix tbody tr")) == 16
    for town in project.towns:
        index = soup(shipped_site / "towns" / town.town_id / "index.html")
        assert index.select_one(".zwgk-pending") is not None
        for d in town_domains:
            page = soup(shipped_site / "towns" / town.town_id / d.id / "index.html")
            template = project.template_catalogue(d.id)
            assert template is not None
            rows = page.select("table.zwgk-catalogue tbody tr")
            assert len(rows) == len(template.items), (town.town_id, d.id)
            subjects = [td.get_text() for td in page.select('td[data-label="公开主体"]')]
            assert all(town.unit and town.unit.name in s for s in subjects)


def _norm(text: str) -> str:
    table = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ","})
    text = text.translate(table)
    return re.sub(r"[\s#*<>\-\u200b]", "", text)


def test_2020q4_bulletin_reads_like_the_original(shipped_site: Path) -> None:
    seed = (REPO / "tests/fixtures/seed-2020q4.txt").read_text(encoding="utf-8")
    page = soup(shipped_site / "bulletins/2020-q4/index.html")
    doc = _norm(page.select_one("article.zwgk-doc").get_text())
    paragraphs = [p for p in seed.split("\n\n") if p.strip() and not p.strip().startswith("- 附件")]
    for p in paragraphs:
        if _norm(p) in ("", "---"):
            continue
        assert _norm(p) in doc, p[:40]
    annexes = [li.get_text(strip=True) for li in page.select(".zwgk-doc-annex-list li")]
    assert annexes == ["2020年第四季度镇街网站内容保障情况通报表", "2020年第四季度部门(单位)网站内容保障情况通报表",
                       "全县政务新媒体检查情况(截至2021年1月5日)"]
    assert page.select_one(".zwgk-doc-disclosure").get_text(strip=True) == "（此件公开发布）"
    assert [p.get_text(strip=True) for p in page.select(".zwgk-doc-sign")] == ["莒南县人民政府办公室", "2021年1月15日"]


def test_2020q4_annexes_hold_what_the_bulletin_states(shipped_site: Path) -> None:
    page = soup(shipped_site / "bulletins/2020-q4/index.html")
    rows = [[c.get_text(strip=True) for c in tr.find_all(["td", "th"])]
            for tr in page.select("section#annex-3 tbody tr") if "zwgk-subtotal" not in (tr.get("class") or [])]
    assert rows == [["1", "县水利局", "莒南县河长制办公室", "微信公众号", "多次未按要求每周更新"],
                    ["2", "涝坡镇", "涝坡镇党员e家", "微信公众号", "多次未按要求每周更新"],
                    ["3", "壮岗镇", "壮岗党建", "微信公众号", "多次未按要求每周更新"]]
    annex2 = page.select_one("section#annex-2 tfoot").get_text(strip=True)
    assert annex2 == "合计：9 个单位，11 项"


def test_unit_page_gathers_its_bulletin_findings(shipped_site: Path) -> None:
    page = soup(shipped_site / "units/shenji/index.html")
    items = [li.get_text(strip=True) for li in page.select("ul.zwgk-findings li")]
    assert items == ["2020年第四季度通报 附件2：「部门文件」栏目超半年未更新"]
    link = page.select_one("ul.zwgk-findings a")["href"]
    assert link == "../../bulletins/2020-q4/#annex-2"


def test_zone_directory_marks_unknowns_and_invents_nothing(shipped_site: Path) -> None:
    page = soup(shipped_site / "zones/index.html")
    cards = page.select("section.zwgk-zone")
    assert len(cards) == 16
    dadian = {d.dt.get_text(strip=True): d.dd.get_text(strip=True) for d in page.select("#dadian dl > div")}
    assert dadian["场所"] == "大店镇便民服务中心"
    assert dadian["地址"] == dadian["开放时间"] == "暂未掌握"
    # no zone's phone number is known and none is made up: each card points to the 12345 hotline
    assert dadian["咨询电话"] == "暂未掌握（可拨打12345咨询）"
    assert {a["href"] for a in page.select("#dadian a.zwgk-tel")} == {"tel:12345"}
    # a town's own number is shown only with the annual report it was read from
    for card in cards:
        if [a for a in card.select("a.zwgk-tel") if a["href"] != "tel:12345"]:
            assert any("年度报告" in s.get_text() for s in card.select(".zwgk-source")), card["id"]
    assert soup(shipped_site / "zones/standard/index.html").select_one(".zwgk-draft") is not None
