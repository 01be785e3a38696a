"""Personal numbers and wording: detection table, masking, file and line, and the build refusing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zwgk.pii import id15_valid, id18_valid, luhn_valid
from zwgk.project import load_project
from zwgk.rules import check
from zwgk.rules.privacy import find_personal_numbers

from .conftest import FIXTURES, mkdocs_build


@pytest.mark.parametrize(
    ("number", "valid"),
    [("11010519491231002X", True), ("440524188001010014", True), ("110105194912310021", False),
     ("11010519491331002X", False), ("11010520991231002X", False)],  # bad check char, month 13, future
)
def test_gb11643_check_character(number: str, valid: bool) -> None:
    assert id18_valid(number) is valid


def test_old_id_and_luhn() -> None:
    assert id15_valid("110105491231002") and not id15_valid("110105491331002")
    assert luhn_valid("6222020200112233446") and not luhn_valid("6222020200112233445")


@pytest.mark.parametrize(
    ("text", "found"),
    [("低保对象张三，身份证号11010519491231002X，住大店镇", [("ZW601", "1101**********002X")]),
     ("身份证 11010519491231002x 小写也算", [("ZW601", "1101**********002X")]),
     ("旧身份证110105491231002", [("ZW601", "1101*******1002")]),
     ("联系电话13805391234", [("ZW602", "138****1234")]),
     ("卡号 6222 0202 0011 2233 446", [("ZW603", "6222***********3446")]),
     ("卡号6228480012345671。", [("ZW603", "6228********5671")]),
     ("办公电话0539-7212345，邮编276600", []),  # landlines and postcodes are not personal numbers
     ("文号国办发〔2019〕54号，2020年12月31日", []),
     ("110105194912310021 校验位不对", []),
     ("公安备案 37132702000001号", [])],
)
def test_detection_and_masking(text: str, found: list[tuple[str, str]]) -> None:
    assert [(h.rule.code, h.masked) for h in find_personal_numbers(text)] == found


def test_allow_list_in_data(repo: Path) -> None:
    bulletin = repo / "bulletins/2024-q2/bulletin.yaml"
    text = bulletin.read_text(encoding="utf-8").replace("现将测试情况通报如下：", "咨询电话13805391234。现将测试情况通报如下：")
    bulletin.write_text(text, encoding="utf-8")
    codes = [(d.code, d.file, d.line) for d in check(load_project(repo)) if d.code.startswith("ZW60")]
    assert codes == [("ZW602", "bulletins/2024-q2/bulletin.yaml", 13)]
    (repo / "catalogues/public-numbers.yaml").write_text(
        "source: 测试\nstatus: official\nupdated: 2024-05-01\nnumbers:\n"
        "  - {number: '13805391234', owner: 测试便民服务中心}\n", encoding="utf-8")
    assert [d for d in check(load_project(repo)) if d.code.startswith("ZW60")] == []


def test_id_number_in_a_block_value_is_found_at_its_line(repo: Path) -> None:
    bulletin = repo / "bulletins/2024-q2/bulletin.yaml"
    text = bulletin.read_text(encoding="utf-8").replace(
        "（二）测试", "（二）低保对象李四（身份证号 11010519491231002X）。\n\n      （二）测试")
    bulletin.write_text(text, encoding="utf-8")
    hit = [d for d in check(load_project(repo)) if d.code == "ZW601"]
    assert [(d.file, d.line, d.column) for d in hit] == [("bulletins/2024-q2/bulletin.yaml", 19, 22)]
    assert "1101**********002X" in hit[0].message and "11010519491231002X" not in hit[0].message


def test_markdown_page_and_catalogue_cell(repo: Path) -> None:
    (repo / "content/notice.md").write_text("# 公示\n\n名单：王五 440524188001010014\n", encoding="utf-8")
    cat = repo / "catalogues/county/yiwu-jiaoyu.yaml"
    cat.write_text(cat.read_text(encoding="utf-8").replace("办公电话]", "办公电话, 校长手机13912345678]"),
                   encoding="utf-8")
    hits = sorted((d.code, d.file, d.line) for d in check(load_project(repo)) if d.code.startswith("ZW60"))
    assert hits == [("ZW601", "content/notice.md", 3), ("ZW602", "catalogues/county/yiwu-jiaoyu.yaml", 10)]


def test_build_refuses_to_publish_an_id_number(repo: Path, tmp_path: Path) -> None:
    (repo / "content/notice.md").write_text("# 公示\n\n王五 440524188001010014\n", encoding="utf-8")
    r = mkdocs_build(repo, tmp_path / "site")
    assert r.returncode != 0
    assert "content/notice.md:3:" in r.stderr and "4405**********0014" in r.stderr
    assert "440524188001010014" not in r.stderr + r.stdout  # never echoed in full
    assert not (tmp_path / "site" / "notice").exists()


def test_wording_list_is_data(repo: Path) -> None:
    shutil.copyfile(FIXTURES.parent.parent / "catalogues/wording.yaml", repo / "catalogues/wording.yaml")
    page = repo / "content/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n截止目前，党中央国务院部署……\n", encoding="utf-8")
    hits = sorted((d.code, d.severity.value, d.line, d.message[:10]) for d in check(load_project(repo))
                  if d.code == "ZW604")
    assert hits == [("ZW604", "error", 9, "「党中央国务院」应为"), ("ZW604", "warning", 9, "「截止目前」应为「截")]
