"""Submissions from Excel: forms out, workbooks in, every seed mistake at its cell, the review back.

The forms are written by `zwgk forms` on the fixture repository (社会救助: zc, db-zn, db-sh; 救灾: jzdx)
and edited here with openpyxl as a town would edit them in Excel; a town's own layout is built here
too. Cells in the form: A 序号, B 一级事项, C 二级事项, D 公开内容, E 公开依据, F 公开时限, G 公开主体,
H 公开渠道和载体, I–N the √ columns, O 事项编号, P 网站栏目地址, Q 备注, R 处理, S 理由（说明）.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from .conftest import mkdocs_build, soup


def run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zwgk.cli", *args, "--root", str(repo)], capture_output=True,
                          text=True, check=False)


@pytest.fixture
def form(repo: Path, tmp_path: Path) -> Path:
    r = run(repo, "forms", "--out", str(tmp_path / "forms"))
    assert r.returncode == 0, r.stderr
    return tmp_path / "forms/towns/dadian.xlsx"


def edited(form: Path, tmp_path: Path, change: Callable[[Workbook], None], name: str = "back.xlsx") -> Path:
    wb = load_workbook(form)
    change(wb)
    out = tmp_path / name
    wb.save(out)
    return out


def submit(repo: Path, book: Path, *extra: str) -> tuple[int, list[dict[str, object]], str]:
    r = run(repo, "import-town", "dadian", str(book), "--format", "json", *extra)
    assert "Traceback" not in r.stderr, r.stderr
    return r.returncode, json.loads(r.stdout or "[]"), r.stderr


def at(findings: list[dict[str, object]]) -> list[tuple[object, object, object]]:
    return sorted((f["code"], f.get("sheet"), f.get("cell")) for f in findings if f["severity"] != "info")


# --- forms out -------------------------------------------------------------------------------------

def test_the_form_is_the_template_for_the_town(form: Path, repo: Path, tmp_path: Path) -> None:
    wb = load_workbook(form)
    assert wb.sheetnames == ["填表说明", "社会救助", "救灾"]
    notes = [c.value or "" for c in wb["填表说明"]["A"]]
    assert any("必须在「理由（说明）」列写明理由" in n for n in notes) and any("2020年12月31日" in n for n in notes)
    ws = wb["社会救助"]
    assert ws["A1"].value == "大店镇人民政府社会救助领域基层政务公开标准目录（报送表）"
    assert [ws.cell(2, c).value for c in (1, 2, 15, 18, 19)] == ["序号", "公开事项", "事项编号", "处理", "理由（说明）"]
    assert [ws.cell(r, 15).value for r in (4, 5, 6)] == ["zc", "db-zn", "db-sh"]
    assert ws["G4"].value == "大店镇人民政府"  # the generic role became the town's own name
    assert ws.protection.sheet and ws["O4"].protection.locked and not ws["F4"].protection.locked
    lists = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation}
    assert lists["R4:R16"] == '"采用,修改,删除,新增"' and lists["I4:I16"] == '"√"'
    assert (tmp_path / "forms/county/shehui-jiuzhu.xlsx").is_file()  # departments get theirs too


# --- workbooks in --------------------------------------------------------------------------------

def test_the_unmodified_form_is_an_unscreened_template(form: Path, repo: Path) -> None:
    code, findings, _ = submit(repo, form, "--submitted-on", "2020-12-20")
    assert code == 1 and at(findings) == [("ZW304", None, None)]
    kept = repo / "catalogues/submissions/towns/dadian/2020-12-20.xlsx"
    assert kept.read_bytes() == form.read_bytes()  # the received workbook, unchanged
    town = yaml.safe_load((repo / "catalogues/towns/dadian.yaml").read_text(encoding="utf-8"))
    assert town["status"] == "submitted" and str(town["submitted_on"]) == "2020-12-20"
    assert town["workbook_sha256"] == hashlib.sha256(kept.read_bytes()).hexdigest()
    assert town["workbook_sha256"] in town["source"]


def _screen(wb: Workbook) -> None:
    ws = wb["社会救助"]
    ws["F5"], ws["R5"], ws["S5"] = "5个工作日内", "修改", "本镇办理时限更短"  # a change, with its reason
    ws["R6"], ws["S6"] = "删除", "审核结果由县民政局统一公示"  # a deletion, with its reason
    for col, value in zip("BCDEFGHIKN", ("临时救助", "救助结果", "救助对象、救助金额", "《社会救助暂行办法》",
                                         "10个工作日内", "大店镇人民政府", "■政府网站", "√", "√", "√"), strict=True):
        ws[f"{col}7"] = value
    ws["R7"] = "新增"
    jz = wb["救灾"]
    jz["R4"], jz["S4"] = "删除", "本镇救灾工作由县应急管理局统一公开"  # the whole domain: not applicable


def test_a_proper_screening_has_no_errors_and_shows_on_the_town_pages(form: Path, repo: Path, tmp_path: Path) -> None:
    code, findings, err = submit(repo, edited(form, tmp_path, _screen), "--submitted-on", "2020-12-20")
    assert code == 0 and at(findings) == [], err
    town = yaml.safe_load((repo / "catalogues/towns/dadian.yaml").read_text(encoding="utf-8"))
    sj, jz = town["domains"]
    assert jz == {"domain": "jiuzai", "sheet": "救灾", "columns": jz["columns"],
                  "not_applicable": "本镇救灾工作由县应急管理局统一公开"}
    entries = {e.get("template") or e["local"]["id"]: e for e in sj["items"]}
    assert entries["zc"] == {"template": "zc", "row": 4, "seq": 1}
    assert entries["db-zn"]["time_limit"] == "5个工作日内" and entries["db-zn"]["reason"] == "本镇办理时限更短"
    assert entries["db-sh"]["omit"] == "审核结果由县民政局统一公示"
    local = next(e["local"] for e in sj["items"] if "local" in e)
    assert local["elements"] == ["救助对象", "救助金额"] and local["levels"] == ["乡级"]
    r = mkdocs_build(repo, repo / "site")
    assert r.returncode == 0, r.stderr
    page = soup(repo / "site/towns/dadian/shehui-jiuzhu/index.html")
    rows = [[td.get_text(strip=True) for td in tr.select("td[data-label]")] for tr in page.select("table.zwgk-catalogue tbody tr")]
    assert [row[2] for row in rows] == ["政策", "办事指南", "救助结果"]  # 审核 deleted, 救助结果 added
    assert rows[1][5] == "5个工作日内"
    assert "本镇救灾工作由县应急管理局统一公开" in soup(repo / "site/towns/dadian/index.html").get_text()


SEED_MISTAKES: list[tuple[str, Callable[[Workbook], None], tuple[str, str | None, str | None]]] = [
    ("deletion without a reason", lambda wb: wb["社会救助"].__setitem__("R6", "删除"), ("ZW306", "社会救助", "S6")),
    ("a row simply left out", lambda wb: wb["社会救助"].delete_rows(6), ("ZW306", "社会救助", "A1")),
    ("elements trimmed without a reason",
     lambda wb: wb["社会救助"].__setitem__("D5", "办理事项、办理条件"), ("ZW309", "社会救助", "D5")),
    ("a time limit changed without a reason",
     lambda wb: wb["社会救助"].__setitem__("F4", "30个工作日内"), ("ZW320", "社会救助", "F4")),
    ("a channel dropped without a reason",
     lambda wb: wb["社会救助"].__setitem__("H4", "□政府网站"), ("ZW320", "社会救助", "H4")),
    ("序号缺项", lambda wb: wb["社会救助"].__setitem__("A6", 4), ("ZW205", "社会救助", "A6")),
    ("表格乱码 (GBK read as Latin-1)",
     lambda wb: wb["社会救助"].__setitem__("S4", "Éç»á¾ÈÖú"), ("ZW203", "社会救助", "S4")),
    ("a placeholder left in a cell", lambda wb: wb["社会救助"].__setitem__("G4", "XX镇人民政府"), ("ZW204", "社会救助", "G4")),
]


@pytest.mark.parametrize(("change", "expected"), [(c, e) for _, c, e in SEED_MISTAKES],
                         ids=[n for n, _, _ in SEED_MISTAKES])
def test_each_seed_mistake_is_reported_at_its_cell(form: Path, repo: Path, tmp_path: Path,
                                                   change: Callable[[Workbook], None],
                                                   expected: tuple[str, str | None, str | None]) -> None:
    def screened(wb: Workbook) -> None:
        jz = wb["救灾"]
        jz["R4"], jz["S4"] = "删除", "本镇不涉及"  # screened elsewhere, so ZW304 stays out of the way
        change(wb)

    code, findings, _ = submit(repo, edited(form, tmp_path, screened), "--submitted-on", "2020-12-20")
    assert code == 1 and expected in at(findings), at(findings)


def test_a_whole_domain_deleted_and_too_many_items_deleted(form: Path, repo: Path, tmp_path: Path) -> None:
    def change(wb: Workbook) -> None:
        del wb["救灾"]
        ws = wb["社会救助"]
        for r in (5, 6):
            ws[f"R{r}"], ws[f"S{r}"] = "删除", "本镇不办理"

    code, findings, _ = submit(repo, edited(form, tmp_path, change), "--submitted-on", "2020-12-20")
    codes = at(findings)
    assert code == 1 and ("ZW308", None, None) in codes and ("ZW307", "社会救助", "A1") in codes


def test_late_submission(form: Path, repo: Path, tmp_path: Path) -> None:
    code, findings, _ = submit(repo, edited(form, tmp_path, _screen), "--submitted-on", "2021-01-10")
    assert code == 1 and at(findings) == [("ZW303", None, None)]
    assert findings[0]["file"] == "catalogues/submissions/towns/dadian/2021-01-10.xlsx"
    # once the office approves it, the lateness is a fact on record, not an error that stops every build
    town = repo / "catalogues/towns/dadian.yaml"
    town.write_text(town.read_text(encoding="utf-8").replace("status: submitted\n", "status: approved\n")
                    .replace("submitted_on: 2021-01-10\n", "submitted_on: 2021-01-10\napproved_on: 2021-01-20\n"),
                    encoding="utf-8")
    r = run(repo, "check", "--format", "json")
    late = [d for d in json.loads(r.stdout) if d["code"] == "ZW303"]
    assert r.returncode == 0 and [d["severity"] for d in late] == ["info"]
    assert "大店镇人民政府　已审定（2021-01-20，逾期报送）" in run(repo, "submissions").stdout


def test_another_town_named_as_subject(form: Path, repo: Path, tmp_path: Path) -> None:
    units = repo / "catalogues/units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + "  - id: xianggou\n    name: 相沟镇人民政府\n"
                     "    aliases: [相沟镇]\n    kind: town\n", encoding="utf-8")
    (repo / "catalogues/towns/xianggou.yaml").write_text(
        (repo / "catalogues/towns/dadian.yaml").read_text(encoding="utf-8").replace("town: dadian", "town: xianggou")
        .replace("大店镇", "相沟镇"), encoding="utf-8")

    def change(wb: Workbook) -> None:
        _screen(wb)
        wb["社会救助"]["G4"], wb["社会救助"]["S4"] = "相沟镇人民政府", "照抄"

    code, findings, _ = submit(repo, edited(form, tmp_path, change), "--submitted-on", "2020-12-20")
    assert code == 1 and ("ZW323", "社会救助", "G4") in at(findings)


def test_findings_show_in_zwgk_check_at_the_yaml_line_with_the_cell(form: Path, repo: Path, tmp_path: Path) -> None:
    submit(repo, edited(form, tmp_path, lambda wb: wb["社会救助"].__setitem__("F4", "30个工作日内")),
           "--submitted-on", "2020-12-20")
    r = run(repo, "check", "--format", "json")
    hit = [d for d in json.loads(r.stdout) if d["code"] == "ZW320"]
    assert [(d["file"], d["sheet"], d["cell"]) for d in hit] == [("catalogues/towns/dadian.yaml", "社会救助", "F4")]
    assert hit[0]["message"].endswith("（报送表格 社会救助!F4）")
    text = run(repo, "check").stdout
    assert "catalogues/towns/dadian.yaml:" in text and "ZW320 error" in text


# --- the town's own layout -------------------------------------------------------------------

def test_a_towns_own_layout(repo: Path, tmp_path: Path) -> None:
    """Title rows, 特定群众 / 依申请公开 / 乡、村级 headings, ■/□ channels, merged 一级事项, √ ticks, a
    填表说明 note under the table, no 事项编号: rows are matched to the template by their headings."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "大店镇社会救助领域基层政务公开标准目录"
    ws.merge_cells("A1:N1")
    top = ["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
           "公开对象", None, "公开方式", None, "公开层级", None]
    sub = [None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群众", "主动", "依申请公开",
           "县级", "乡、村级"]
    ws.append(top)
    ws.append(sub)
    ws.append([1, "综合业务", "政策", "社会救助政策法规、政策解读", "《社会救助暂行办法》", "10个工作日内", "大店镇",
               "■政府网站\n□政府公报", "√", None, "√", None, None, "√"])
    ws.append([2, "最低生活保障", "办事指南", "办理事项、办理条件、最低生活保障标准、申请材料",
               "《社会救助暂行办法》", "10个工作日内", "大店镇", "■政府网站", "√", None, "√", None, None, "√"])
    ws.append([3, None, "审核", "初审对象名单及相关信息", "《社会救助暂行办法》", "公示7个工作日", "大店镇",
               "■社区/企事业单位/村公示栏（电子屏）", "√", None, "√", None, None, "√"])
    ws.merge_cells("B5:B6")
    ws.append(["填表说明：本表由大店镇民政办填报。"])
    jz = wb.create_sheet("救灾")
    jz.append(top)
    jz.append(sub)
    jz.append([1, "救灾资金物资", "救助对象公示", "救助对象、救助标准、救助金额", "《自然灾害救助条例》", "公示不少于5日",
               "大店镇", "■社区/企事业单位/村公示栏（电子屏）", "√", None, "√", None, None, "√"])
    book = tmp_path / "own.xlsx"
    wb.save(book)
    code, findings, err = submit(repo, book, "--submitted-on", "2020-12-20")
    assert code == 1
    town = yaml.safe_load((repo / "catalogues/towns/dadian.yaml").read_text(encoding="utf-8"))
    sj = town["domains"][0]
    assert sj["sheet"] == "Sheet1" and [e.get("template") for e in sj["items"]] == ["zc", "db-zn", "db-sh"]
    assert all("levels" not in e for e in sj["items"])  # 乡、村级 read as 乡级: the template's value
    # row 5 trims 办理流程 from 办事指南 and drops 便民服务站, without a reason; nothing else differs
    assert at(findings) == [("ZW309", "Sheet1", "D5"), ("ZW320", "Sheet1", "H5")], err
    assert len(sj["items"]) == 3  # the 填表说明 row is not an item


def test_several_towns_in_one_command(repo: Path, tmp_path: Path) -> None:
    """The office drops the towns' workbooks into one command: one reading of the sources, one check,
    each town's findings under its name, one review workbook per town."""
    units = repo / "catalogues/units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace(
        "  - id: town-gov\n",
        "  - id: shilianzi\n    name: 石莲子镇人民政府\n    aliases: [石莲子镇]\n    kind: town\n  - id: town-gov\n"),
        encoding="utf-8")
    r = run(repo, "forms", "--out", str(tmp_path / "forms"))
    assert r.returncode == 0, r.stderr
    screened = edited(tmp_path / "forms/towns/dadian.xlsx", tmp_path, _screen, "大店镇.xlsx")
    unchanged = tmp_path / "forms/towns/shilianzi.xlsx"
    r = run(repo, "import-town", "dadian", str(screened), "shilianzi", str(unchanged),
            "--submitted-on", "2020-12-20", "--review", str(tmp_path / "review"))
    assert r.returncode == 1, r.stderr  # 石莲子镇 sent the template back unmodified
    assert "—— 大店镇人民政府（大店镇.xlsx）——" in r.stderr and "—— 石莲子镇人民政府（shilianzi.xlsx）——" in r.stderr
    assert "zwgk import-town: 大店镇人民政府：0 个错误" in r.stderr
    assert "zwgk import-town: 导入 2 个镇街（共 2 个），1 个错误" in r.stderr
    assert "shilianzi" in r.stdout and "ZW304" in r.stdout
    for town in ("dadian", "shilianzi"):
        data = yaml.safe_load((repo / f"catalogues/towns/{town}.yaml").read_text(encoding="utf-8"))
        assert data["status"] == "submitted" and str(data["submitted_on"]) == "2020-12-20"
    review = load_workbook(tmp_path / "review/shilianzi-审查意见.xlsx")
    assert review.sheetnames[0] == "审查意见"
    assert (tmp_path / "review/dadian-审查意见.xlsx").is_file()
    # JSON: one document for all the towns, each finding naming its workbook
    r = run(repo, "import-town", "dadian", str(screened), "shilianzi", str(unchanged), "--format", "json",
            "--submitted-on", "2020-12-21")
    findings = json.loads(r.stdout)
    assert [f["code"] for f in findings if f["severity"] == "error"] == ["ZW304"]
    assert "shilianzi" in str([f["file"] for f in findings if f["code"] == "ZW304"])


@pytest.mark.parametrize(("args", "message"), [
    (("dadian",), "镇街编号和表格要成对写"),
    (("dadian", "a.xlsx", "dadian", "b.xlsx"), "同一镇街写了两次：dadian"),
])
def test_town_and_workbook_go_in_pairs(repo: Path, args: tuple[str, ...], message: str) -> None:
    r = run(repo, "import-town", *args)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr


def test_an_old_xls_is_answered_in_chinese(repo: Path, tmp_path: Path) -> None:
    old = tmp_path / "旧表.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    r = run(repo, "import-town", "dadian", str(old))
    assert r.returncode == 2 and "另存为" in r.stderr and ".xlsx" in r.stderr and "Traceback" not in r.stderr


# --- the review back ---------------------------------------------------------------------------

def test_the_review_workbook_marks_each_finding_at_its_cell(form: Path, repo: Path, tmp_path: Path) -> None:
    def change(wb: Workbook) -> None:
        _screen(wb)
        wb["社会救助"]["F4"] = "30个工作日内"
        wb["社会救助"]["R6"], wb["社会救助"]["S6"] = "删除", None

    review = tmp_path / "审查意见.xlsx"
    code, findings, _ = submit(repo, edited(form, tmp_path, change), "--submitted-on", "2020-12-20",
                               "--review", str(review))
    assert code == 1 and at(findings) == [("ZW306", "社会救助", "S6"), ("ZW320", "社会救助", "F4")]
    wb = load_workbook(review)
    assert wb.sheetnames[0] == "审查意见"
    listed = [(r[1].value, r[2].value, r[3].value) for r in wb["审查意见"].iter_rows(min_row=4)]
    assert listed == [("社会救助", "F4", "ZW320"), ("社会救助", "S6", "ZW306")]
    ws = wb["社会救助"]
    for cell, code_ in (("F4", "ZW320"), ("S6", "ZW306")):
        assert ws[cell].comment is not None and code_ in ws[cell].comment.text
        assert ws[cell].fill.fgColor.rgb.endswith("FFC7CE")
    assert ws["F5"].comment is None


def test_a_corrected_workbook_replaces_the_relations(form: Path, repo: Path, tmp_path: Path) -> None:
    def first(wb: Workbook) -> None:
        _screen(wb)
        wb["社会救助"]["R6"], wb["社会救助"]["S6"] = None, None  # adopted the first time

    submit(repo, edited(form, tmp_path, first, "first.xlsx"), "--submitted-on", "2020-12-18")
    code, _, err = submit(repo, edited(form, tmp_path, _screen, "second.xlsx"), "--submitted-on", "2020-12-20")
    assert code == 0
    assert "与上次报送相比：shehui-jiuzhu db-sh：采用 → 删除" in err
    assert sorted(p.name for p in (repo / "catalogues/submissions/towns/dadian").iterdir()) == [
        "2020-12-18.xlsx", "2020-12-20.xlsx"]


# --- departments (部门报送的县级目录) -------------------------------------------------------------

@pytest.fixture
def dept_form(repo: Path, tmp_path: Path) -> Path:
    r = run(repo, "forms", "--out", str(tmp_path / "forms"))
    assert r.returncode == 0, r.stderr
    return tmp_path / "forms/county/shehui-jiuzhu.xlsx"


def submit_dept(repo: Path, book: Path, *extra: str) -> tuple[int, list[dict[str, object]], str]:
    r = run(repo, "import-dept", "shehui-jiuzhu", str(book), "--format", "json", *extra)
    assert "Traceback" not in r.stderr, r.stderr
    return r.returncode, json.loads(r.stdout or "[]"), r.stderr


def test_a_department_resubmits_its_domain_unchanged(dept_form: Path, repo: Path) -> None:
    before = yaml.safe_load((repo / "catalogues/county/shehui-jiuzhu.yaml").read_text(encoding="utf-8"))
    code, findings, err = submit_dept(repo, dept_form, "--submitted-on", "2026-12-20")
    assert code == 0 and at(findings) == [], err
    after = yaml.safe_load((repo / "catalogues/county/shehui-jiuzhu.yaml").read_text(encoding="utf-8"))
    assert [it["id"] for it in after["items"]] == [it["id"] for it in before["items"]]
    assert [it["time_limit"] for it in after["items"]] == [it["time_limit"] for it in before["items"]]
    assert after["workbook"] == "catalogues/submissions/county/shehui-jiuzhu/2026-12-20.xlsx"
    assert after["workbook_sha256"] == hashlib.sha256(dept_form.read_bytes()).hexdigest()
    assert str(after["submitted_on"]) == "2026-12-20"
    assert run(repo, "check").returncode == 0


def test_a_departments_deletion_and_change_need_reasons(dept_form: Path, repo: Path, tmp_path: Path) -> None:
    def change(wb: Workbook) -> None:
        ws = wb["社会救助"]
        ws["F4"] = "30个工作日内"          # a time limit changed without a reason
        ws["R6"] = "删除"                   # a deletion without a reason
        ws["A7"] = 5                        # 序号缺项

    code, findings, _ = submit_dept(repo, edited(dept_form, tmp_path, change), "--submitted-on", "2026-12-20",
                                    "--review", str(tmp_path / "审查意见.xlsx"))
    assert code == 1
    assert at(findings) == [("ZW205", "社会救助", "A7"), ("ZW306", "社会救助", "S6"), ("ZW320", "社会救助", "F4")]
    assert all(f["file"] == "catalogues/submissions/county/shehui-jiuzhu/2026-12-20.xlsx" for f in findings)
    ws = load_workbook(tmp_path / "审查意见.xlsx")["社会救助"]
    assert ws["F4"].comment is not None and "ZW320" in ws["F4"].comment.text


def test_a_departments_reasoned_deletion_leaves_the_domain(dept_form: Path, repo: Path, tmp_path: Path) -> None:
    def change(wb: Workbook) -> None:
        wb["社会救助"]["R6"], wb["社会救助"]["S6"] = "删除", "审核结果并入救助结果公示"

    code, findings, err = submit_dept(repo, edited(dept_form, tmp_path, change), "--submitted-on", "2026-12-20")
    assert code == 0 and at(findings) == [], err
    after = yaml.safe_load((repo / "catalogues/county/shehui-jiuzhu.yaml").read_text(encoding="utf-8"))
    assert [it["id"] for it in after["items"]] == ["zc", "rx", "db-sh"]
    r = mkdocs_build(repo, repo / "site")
    assert r.returncode == 0, r.stderr
    page = soup(repo / "site/county/shehui-jiuzhu/index.html")
    assert len(page.select("table.zwgk-catalogue tbody tr")) == 3


def test_an_unknown_domain_is_answered_in_chinese(dept_form: Path, repo: Path) -> None:
    r = run(repo, "import-dept", "no-such", str(dept_form))
    assert r.returncode == 2 and "不是县级目录的领域编号" in r.stderr and "Traceback" not in r.stderr


# --- the office's overview (报送情况) --------------------------------------------------------------

def overview(repo: Path) -> dict[str, dict[str, object]]:
    r = run(repo, "submissions", "--format", "json")
    assert r.returncode == 0, r.stderr
    return {f"{row['kind']}:{row['id']}": row for row in json.loads(r.stdout)}


def test_the_overview_before_anything_is_received(repo: Path) -> None:
    town = repo / "catalogues/towns/dadian.yaml"
    town.write_text(town.read_text(encoding="utf-8").replace("status: submitted\nsubmitted_on: 2020-12-20\n",
                                                             "status: pending\n"), encoding="utf-8")
    rows = overview(repo)
    assert rows["town:dadian"]["state"] == "overdue" and rows["town:dadian"]["state_label"] == "逾期未报送"
    assert rows["county:shehui-jiuzhu"]["state"] == "none"
    r = run(repo, "submissions", "--today", "2020-12-01")
    assert "大店镇人民政府　未报送" in r.stdout and "报送截止日期：2020-12-31" in r.stdout


def test_the_overview_after_a_late_submission_and_a_departments(form: Path, dept_form: Path, repo: Path,
                                                                tmp_path: Path) -> None:
    submit(repo, edited(form, tmp_path, _screen), "--submitted-on", "2021-01-10")
    submit_dept(repo, edited(dept_form, tmp_path, lambda wb: wb["社会救助"].__setitem__("F4", "30个工作日内"),
                             "dept.xlsx"), "--submitted-on", "2026-12-20")
    rows = overview(repo)
    town = rows["town:dadian"]
    assert (town["state"], town["submitted_on"], town["late"]) == ("submitted", "2021-01-10", True)
    assert town["state_label"] == "已报送（2021-01-10，逾期）"
    assert [(f["code"], f["count"]) for f in town["findings"]] == [("ZW303", 1)]
    dept = rows["county:shehui-jiuzhu"]
    assert dept["state"] == "received" and [(f["code"], f["count"]) for f in dept["findings"]] == [("ZW320", 1)]
    text = run(repo, "submissions").stdout
    assert "大店镇人民政府　已报送（2021-01-10，逾期）　报送不及时（报送日期晚于截止日期）（ZW303）1 处" in text

    check = json.loads(run(repo, "check", "--format", "json").stdout)
    assert [(d["file"], d["sheet"], d["cell"]) for d in check if d["code"] == "ZW320"] == [
        ("catalogues/county/shehui-jiuzhu.yaml", "社会救助", "F4")]  # kept in the domain file, still reported


def test_the_submissions_page(form: Path, dept_form: Path, repo: Path, tmp_path: Path) -> None:
    submit(repo, edited(form, tmp_path, _screen), "--submitted-on", "2020-12-20")
    submit_dept(repo, edited(dept_form, tmp_path, lambda wb: (wb["社会救助"].__setitem__("R6", "删除"),
                                                             wb["社会救助"].__setitem__("S6", "并入救助结果公示")),
                             "dept.xlsx"), "--submitted-on", "2026-12-20")
    r = mkdocs_build(repo, repo / "site")
    assert r.returncode == 0, r.stderr
    page = soup(repo / "site/towns/submissions/index.html")
    assert page.select_one("article h1").get_text(strip=True) == "目录报送情况"
    cells = {tr.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.select("td")]
             for tr in page.select("table.zwgk-submissions tbody tr")}
    assert cells["大店镇人民政府"] == ["已报送（2020年12月20日，按时）", "未发现问题"]
    assert cells["社会救助"] == ["2026年12月20日", "未发现问题"]
    assert page.select_one("table.zwgk-submissions th a")["href"] == "../dadian/"
    nav = soup(repo / "site/towns/index.html")
    assert any(a.get_text(strip=True) == "报送情况" for a in nav.select("nav a"))
