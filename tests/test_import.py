"""`zwgk import-xlsx`: every layout variant seen in the wild, built here as small workbooks, and the
exact round trip of the site's own downloads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from zwgk.project import load_project

from .conftest import REPO, zwgk

HEAD_TOP = ["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
            "公开对象", None, "公开方式", None, "公开层级", None]


def official(path: Path, rows: list[list[object]], *, title: str | None = "社会救助领域基层政务公开标准目录",
             sub: list[object] | None = None, merge_category: list[tuple[int, int]] = (),
             sheet: str = "社会救助") -> Path:
    """A workbook laid out like the official table (optionally with a title row and merged 一级事项)."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    r = 1
    if title:
        ws.cell(1, 1, title)
        ws.merge_cells("A1:N1")
        r = 2
    for c, v in enumerate(HEAD_TOP, 1):
        if v:
            ws.cell(r, c, v)
    sub = sub or [None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群体", "主动", "依申请", "县级", "乡级"]
    for c, v in enumerate(sub, 1):
        if v:
            ws.cell(r + 1, c, v)
    for c in (2, 9, 11, 13):
        ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + 1)
    for i, row in enumerate(rows):
        for c, v in enumerate(row, 1):
            if v is not None:
                ws.cell(r + 2 + i, c, v)
    for a, b in merge_category:
        ws.merge_cells(start_row=r + 2 + a, start_column=2, end_row=r + 2 + b, end_column=2)
    wb.save(path)
    return path


ROW1 = [1, "最低生活保障", "办事指南", "办理事项、办理条件、申请材料", "《社会救助暂行办法》", "10个工作日内", "县民政局",
        "■政府网站\n□政府公报\n■便民服务站", "√", None, "√", None, "√", "√"]
ROW2 = [2, None, "审核", "初审对象名单及相关信息", "《社会救助暂行办法》", "公示7个工作日", "乡镇政府（街道办事处）",
        "□政府网站\n■社区/企事业单位/村公示栏（电子屏）", "√", None, "√", None, None, "√"]


def run_import(xlsx: Path, *args: str) -> tuple[int, dict[str, object], str]:
    r = zwgk("import-xlsx", str(xlsx), "--root", str(REPO), "--updated", "2024-05-01", *args)
    return r.returncode, (yaml.safe_load(r.stdout) if r.stdout else {}), r.stderr


def test_official_layout_with_title_row_and_merged_category(tmp_path: Path) -> None:
    xlsx = official(tmp_path / "a.xlsx", [ROW1, ROW2], merge_category=[(0, 1)])
    code, doc, err = run_import(xlsx, "--id-prefix", "shjz")
    assert code == 0, err
    assert doc["domain"] == "shehui-jiuzhu"  # from the sheet name
    items = doc["items"]
    assert [(i["id"], i["category"], i["subcategory"]) for i in items] == [
        ("shjz-01", "最低生活保障", "办事指南"), ("shjz-02", "最低生活保障", "审核")]
    assert items[0]["elements"] == ["办理事项", "办理条件", "申请材料"]
    assert items[0]["channels"] == ["政府网站", "便民服务站"]
    assert items[0]["levels"] == ["县级", "乡级"] and items[1]["levels"] == ["乡级"]
    assert (items[0]["audience"], items[0]["method"]) == ("全社会", "主动")


def test_variants_spellings_ticks_and_levels(tmp_path: Path) -> None:
    sub = [None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群众", "主动公开", "依申请公开",
           "镇级", "村级"]
    row = [1, "临时救助", "救助结果", "救助对象、救助金额", "《社会救助暂行办法》", "10个工作日内", "大店镇",
           "政府网站、便民服务站", None, "✓", None, "是", "√", "√"]
    code, doc, err = run_import(official(tmp_path / "b.xlsx", [row], title=None, sub=sub), "--id-prefix", "dd")
    assert code == 0, err
    item = doc["items"][0]
    assert (item["audience"], item["method"], item["levels"]) == ("特定群体", "依申请", ["乡级"])
    assert item["channels"] == ["政府网站", "便民服务站"]  # a plain list, no ■/□
    assert "b.xlsx:社会救助!N3: 「村级」按乡级导入" in err


def test_blank_category_under_its_group_and_unknown_channel_reported(tmp_path: Path) -> None:
    row2 = list(ROW2)
    row2[7] = "■微博\n■其他：乡镇显示屏"
    code, doc, err = run_import(official(tmp_path / "c.xlsx", [ROW1, row2]), "--id-prefix", "x")
    assert code == 0
    assert doc["items"][1]["category"] == "最低生活保障"  # blank cell continues the group
    assert doc["items"][1]["channels"] == ["其他"] and doc["items"][1]["channel_other"] == "乡镇显示屏"
    assert "c.xlsx:社会救助!H5: 公开渠道「微博」不在清单中" in err


def test_sequence_gap_and_missing_ticks_named_by_cell(tmp_path: Path) -> None:
    row2 = list(ROW2)
    row2[0] = 3
    row2[10] = None
    _, _, err = run_import(official(tmp_path / "d.xlsx", [ROW1, row2]), "--id-prefix", "x")
    assert "d.xlsx:社会救助!A5: 目录序号缺项：序号从 1 跳到 3" in err
    assert "d.xlsx:社会救助!A5: 公开方式没有勾选" in err


def test_unknown_sheet_name_needs_a_domain(tmp_path: Path) -> None:
    # the title row names the domain: that is enough
    code, doc, _ = run_import(official(tmp_path / "d.xlsx", [ROW1], sheet="Sheet1"), "--id-prefix", "x")
    assert code == 0 and doc["domain"] == "shehui-jiuzhu"
    xlsx = official(tmp_path / "e.xlsx", [ROW1], sheet="Sheet1", title="2020年目录")
    code, _, err = run_import(xlsx)
    assert code == 2 and "--domain" in err
    code, doc, _ = run_import(xlsx, "--domain", "shehui-jiuzhu", "--id-prefix", "x")
    assert code == 0 and doc["domain"] == "shehui-jiuzhu"


def test_refuses_to_overwrite_and_writes_with_force(tmp_path: Path) -> None:
    xlsx = official(tmp_path / "f.xlsx", [ROW1])
    out = tmp_path / "out.yaml"
    out.write_text("keep", encoding="utf-8")
    code, _, err = run_import(xlsx, "--out", str(out), "--id-prefix", "x")
    assert code == 1 and "已存在" in err and out.read_text(encoding="utf-8") == "keep"
    code, _, _ = run_import(xlsx, "--out", str(out), "--force", "--id-prefix", "x")
    assert code == 0 and out.read_text(encoding="utf-8").startswith("# yaml-language-server")


def test_not_a_workbook(tmp_path: Path) -> None:
    bad = tmp_path / "g.xlsx"
    bad.write_bytes(b"not a zip")
    code, _, err = run_import(bad)
    assert code == 2 and "无法读取" in err


@pytest.fixture(scope="module")
def shipped_downloads(shipped_site: Path) -> Path:
    return shipped_site / "downloads/county"


@pytest.mark.parametrize("domain", sorted(p.stem for p in (REPO / "catalogues/county").glob("*.yaml")))
def test_site_download_imports_back_to_the_same_catalogue(shipped_downloads: Path, domain: str) -> None:
    """Every value survives download → import (the editors' own line breaks and comments are layout)."""
    r = subprocess.run([sys.executable, "-m", "zwgk.cli", "import-xlsx", str(shipped_downloads / f"{domain}.xlsx"),
                        "--root", str(REPO)], capture_output=True, check=False)
    assert r.returncode == 0, r.stderr.decode()
    assert yaml.safe_load(r.stdout) == yaml.safe_load((REPO / f"catalogues/county/{domain}.yaml").read_bytes())


def test_whole_catalogue_workbook_imports_to_a_folder(shipped_downloads: Path, tmp_path: Path) -> None:
    r = zwgk("import-xlsx", str(shipped_downloads / "all.xlsx"), "--root", str(REPO), "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    written = sorted(p.name for p in tmp_path.glob("*.yaml"))
    assert written == sorted(p.name for p in (REPO / "catalogues/county").glob("*.yaml"))
    assert len(load_project(REPO).county) == 26
