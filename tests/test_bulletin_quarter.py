"""The fixture quarter (tests/fixtures/quarter, laid over tests/fixtures/repo): a bulletin whose
section 二 lists and annexes come from the quarter's records, built by the real `mkdocs build --strict`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from zwgk import model as m
from zwgk.project import load_project
from zwgk.rules import check

from .conftest import FIXTURES, mkdocs_build, soup

QUARTER = FIXTURES / "quarter"


def quarter_repo(dest: Path) -> Path:
    """A copy of the fixture repository with the fixture quarter laid over it."""
    root = dest / "repo"
    shutil.copytree(FIXTURES / "repo", root)
    shutil.copytree(QUARTER, root, dirs_exist_ok=True)
    return root


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> BeautifulSoup:
    root = quarter_repo(tmp_path_factory.mktemp("quarter"))
    out = root / "site"
    r = mkdocs_build(root, out)
    assert r.returncode == 0, r.stderr
    return soup(out / "bulletins/2024-q3/index.html")


def _annex(page: BeautifulSoup, n: int) -> list[list[str]]:
    return [[c.get_text(strip=True) for c in tr.find_all(["td", "th"])]
            for tr in page.select(f"section#annex-{n} tbody tr")]


def test_the_quarter_checks_clean(tmp_path: Path) -> None:
    project = load_project(quarter_repo(tmp_path))
    assert [d for d in check(project) if d.severity.value != "info"] == []


def test_the_fixture_uses_every_list() -> None:
    text = (QUARTER / "bulletins/2024-q3/bulletin.yaml").read_text(encoding="utf-8")
    assert {k for k in m.SECTION_LISTS if f"of: {k}," in text} == set(m.SECTION_LISTS)


def test_section_two_lists_from_records(page: BeautifulSoup) -> None:
    body = page.select("h3.zwgk-doc-section")[1].find_next_sibling("div")
    said = [(p.get("data-list"), p.get_text()) for p in body.find_all("p")]
    assert said[2:] == [
        (None, "（三）基层政务公开标准目录编制问题。报送及审查过程中发现了各种问题。"),
        ("compilation-late", "部分镇街报送目录不及时，如：大店镇。"),
        ("compilation-problems", "个别镇街直接报送了未修改的目录模板，如：大店镇。"),
        ("compilation-problems", "没有发现镇街目录删减过多的情况。"),
        (None, "（四）政务公开材料报送问题。大部分单位材料报送及时，且能按照要求规范材料内容。"),
        ("materials-late", "但个别单位材料报送不及时，如：县民政局、县应急管理局、县公路中心。"),
        ("materials-reminded", "有的单位政务公开办催促多次后才报送，如：大店镇、县公路中心。"),
        ("materials-poor", "个别单位的材料未按照要求报送，如：县教体局。"),
        (None, "（五）亮点信息报送量少。各单位应按月报送亮点信息。"),
        ("highlights-below-quota", "部分单位报送亮点信息少于每月应报篇数，如：县教体局。"),
        ("highlights-none", "个别单位今年以来未报送过政务公开亮点信息，如：县应急管理局。")]


def test_towns_annex_overdue_with_a_burst(page: BeautifulSoup) -> None:
    assert _annex(page, 1) == [["1", "大店镇", "本级文件", "2024年9月28日", "超期；一次性增补大量信息"],
                               ["", "小计：1 项"]]


def test_departments_annex_mixes_computed_and_typed_rows(page: BeautifulSoup) -> None:
    assert _annex(page, 2) == [
        ["1", "县民政局", "工作动态", "2024年9月27日", "多次超期"],
        ["2", "部门文件", "2024年1月10日", "超半年未更新"],
        ["", "小计：2 项"],
        ["3", "县教体局", "通知公告", "从未更新", "空白栏目"],
        ["4", "行政权力、重点领域信息相关栏目", "据通报正文", "更新不及时"],
        ["", "小计：2 项"],
        ["5", "县应急管理局", "工作动态", "2024年10月2日", "超期"],
        ["", "小计：1 项"]]
    note = page.select_one("section#annex-2 p.zwgk-note").get_text()
    assert "「据通报正文」的行是检查记录中没有、据通报正文录入的" in note


def test_new_media_annex_every_state(page: BeautifulSoup) -> None:
    assert _annex(page, 3) == [
        ["1", "县民政局", "莒南民政", "微信公众号", "2024年7月5日", "僵尸账号"], ["", "小计：1 项"],
        ["2", "大店镇", "大店发布", "微信公众号", "2024年10月8日", "多次未按要求每周更新"], ["", "小计：1 项"],
        ["3", "县应急管理局", "莒南应急", "微信公众号", "2024年9月20日", "超过两周未更新（单项否决）；未按要求每周更新"],
        ["", "小计：1 项"]]


def test_figure_parts_name_units_without_counts(page: BeautifulSoup) -> None:
    row = [td.get_text(strip=True) for td in page.select("section.zwgk-figures tbody tr")[0].find_all("td")]
    assert row == ["收到政府信息公开申请", "12 件", "县民政局、县教体局"]


def test_document_number_shown(page: BeautifulSoup) -> None:
    assert page.select_one("p.zwgk-doc-number").get_text(strip=True) == "莒政办字〔2024〕88号"
