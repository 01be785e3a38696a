"""Where catalogue rows come from: `zwgk sources`, its guide page, the ZW215 info at the item's line,
basis numbers shown only with their source (文号未核实), and the sourced zones paragraph."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from zwgk import model as m
from zwgk import sources
from zwgk.project import load_project
from zwgk.rules import check

from .conftest import FIXTURES, REPO, mkdocs_build, soup, zwgk

PAGE_A = "https://a.example.gov.cn/ml/t20201216_1.html"
PAGE_B = "http://b.example.gov.cn/jczwgkx(s)j/article/2"
PAGE_C = "https://c.example.gov.cn/bzml/3.htm"


def _item(item_id: str, source: str | None = None, status: str | None = None) -> str:
    lines = [f"  - id: {item_id}", "    category: 救灾资金物资", f"    subcategory: 二级{item_id}",
             "    elements: [救助对象]", "    basis: [《自然灾害救助条例》]", "    time_limit: 公示不少于5日",
             "    subjects: [县应急管理局]", "    channels: [政府网站]", "    audience: 全社会", "    method: 主动",
             "    levels: [县级]"]
    if source is not None:
        lines.append(f"    source: {source}")
    if status is not None:
        lines.append(f"    status: {status}")
    return "\n".join(lines) + "\n"


def _write_jiuzai(repo: Path, file_source: str, *items: str) -> str:
    text = ("domain: jiuzai\n"
            f"source: {file_source}\n"
            "status: draft\n"
            "updated: 2024-05-01\n"
            "items:\n" + "".join(items))
    (repo / "catalogues/county/jiuzai.yaml").write_text(text, encoding="utf-8")
    return text


def _line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


@pytest.fixture
def mixed(repo: Path) -> tuple[Path, str]:
    """救灾 as a draft whose file names no page: an item naming two pages (in Chinese prose, one
    address holding brackets), one saying only 出处同上, one naming a page again, one official."""
    text = _write_jiuzai(
        repo, "测试用草稿，整理自其他县区的目录",
        _item("a", f"据甲县目录第1行（2020-12-16）{PAGE_A}；乙县目录第1行 {PAGE_B}。"),
        _item("b", "据甲县目录第2行，出处同上"),
        _item("c", f"据甲县目录第3行，{PAGE_A}，主体改为县应急管理局"),
        _item("d", status="official"))
    return repo, text


@pytest.mark.parametrize(("text", "pages"), [
    (f"据天津市宝坻区目录第1行（2020-12-16）{PAGE_A}；{PAGE_C} 第1行同", [PAGE_A, PAGE_C]),
    (f"稻城县目录第11行 {PAGE_B}（括号在网址里）", [PAGE_B]),
    (f"见（{PAGE_C}）。", [PAGE_C]),
    (f"见 ({PAGE_C}).", [PAGE_C]),
    (f"{PAGE_A}：涉及管理相对人切身利益", [PAGE_A]),
    (f"{PAGE_A} 与 {PAGE_A} 两次", [PAGE_A]),
    ("据 mdx.gov.cn、GitHub changwu/pingtan-gov-zwgk-archive 存档", []),
    ("https:// 不是网址", []),
    (None, []),
])
def test_pages_named(text: str | None, pages: list[str]) -> None:
    assert sources.pages_named(text) == pages


def test_report_on_the_fixture_repository(repo: Path) -> None:
    r = zwgk("sources", "--format", "json", cwd=repo)
    assert r.returncode == 0, r.stderr
    rows = {(d["catalogue"], d["domain"]): d for d in json.loads(r.stdout)}
    assert sorted(rows) == [("county", "jiuzai"), ("county", "shehui-jiuzhu"), ("county", "yiwu-jiaoyu"),
                            ("template", "jiuzai"), ("template", "shehui-jiuzhu")]
    # the fixture names no page anywhere: its official files need none, its draft lists its one item
    assert rows["county", "shehui-jiuzhu"] | {"unsourced": None} == {
        "catalogue": "county", "domain": "shehui-jiuzhu", "name": "社会救助",
        "file": "catalogues/county/shehui-jiuzhu.yaml", "items": 4, "sourced": 0, "official": 4,
        "pages": 0, "urls": [], "unsourced": None}
    assert rows["county", "yiwu-jiaoyu"]["unsourced"] == [
        {"id": "xxml", "category": "教育概况", "subcategory": "义务教育学校名录", "line": 7, "column": 5}]
    assert rows["template", "shehui-jiuzhu"]["items"] == 3


def test_report_counts_items_pages_and_unsourced_drafts(mixed: tuple[Path, str]) -> None:
    repo, text = mixed
    r = zwgk("sources", "--format", "json", cwd=repo)
    row = next(d for d in json.loads(r.stdout) if d["catalogue"] == "county" and d["domain"] == "jiuzai")
    assert (row["items"], row["sourced"], row["official"], row["pages"]) == (4, 2, 1, 2)
    assert row["urls"] == [PAGE_A, PAGE_B]
    assert [(u["id"], u["line"]) for u in row["unsourced"]] == [("b", _line_of(text, "  - id: b"))]

    t = zwgk("sources", cwd=repo)
    assert t.returncode == 0, t.stderr
    lines = t.stdout.splitlines()
    assert lines[0] == "县级标准目录：3 个领域，9 项事项，2 项写明出处网页，共 2 个不同网页；2 项草稿没有出处；5 项为正式内容（不要求网页）"
    assert lines[1] == "领域\t事项\t有出处\t出处网页\t无出处的草稿事项"
    assert "救灾\t4\t2\t2\tb" in lines
    assert f"catalogues/county/jiuzai.yaml:{_line_of(text, '  - id: b')}:5: b 救灾资金物资／二级b" in lines


def test_file_source_counts_for_items_that_name_no_page(repo: Path) -> None:
    _write_jiuzai(repo, f"据丙县目录整理 {PAGE_C}", _item("a", f"据甲县目录 {PAGE_A}"), _item("b"))
    project = load_project(repo)
    row = sources.domain_sources(project.county_catalogue("jiuzai") or pytest.fail("no jiuzai"), "county")
    # each item follows its own pages, or its file's when it names none
    assert (row.items, row.sourced, row.pages, row.unsourced) == (2, 2, (PAGE_A, PAGE_C), ())


def test_unsourced_draft_item_is_an_info_at_its_line(mixed: tuple[Path, str]) -> None:
    repo, text = mixed
    r = zwgk("check", cwd=repo)
    assert r.returncode == 0, r.stderr
    found = [ln for ln in r.stdout.splitlines() if " ZW215 " in ln]
    assert found == [
        f"catalogues/county/jiuzai.yaml:{_line_of(text, '  - id: b')}:5: ZW215 info 事项「b」（救灾资金物资／二级b）"
        "是草稿，没有写明所据的网页：「同上」不算写明：请把所指网页的网址写进本事项的 source",
        "catalogues/county/yiwu-jiaoyu.yaml:7:5: ZW215 info 事项「xxml」（教育概况／义务教育学校名录）是草稿，"
        "没有写明所据的网页：请在本事项的 source 中写明它依照的已公开目录的网址（http:// 或 https://）、单位和日期；"
        "找不到公开依据的行不要凭记忆起草",
    ]


def test_shipped_report_agrees_with_the_files() -> None:
    project = load_project(REPO)
    rows = sources.report(project.county, project.template)
    assert sum(r.catalogue == "county" for r in rows) == 26
    assert sum(r.catalogue == "template" for r in rows) == 17
    for r in rows:
        data = yaml.safe_load((REPO / r.file).read_text(encoding="utf-8"))
        items = data["items"]
        own = {i["id"]: _urls(i.get("source")) for i in items}
        pages = {i["id"]: own[i["id"]] or _urls(data["source"]) for i in items}
        drafts = {i["id"] for i in items if (i.get("status") or data["status"]) == "draft"}
        assert r.items == len(items), r.file
        assert r.sourced == sum(1 for i in items if pages[i["id"]]), r.file
        assert len(r.pages) == len(set().union(*pages.values())), r.file
        assert [u.id for u in r.unsourced] == [i["id"] for i in items if not pages[i["id"]] and i["id"] in drafts]
    # the check's infos are the report's unsourced items, one each
    infos = [d for d in check(project) if d.code == "ZW215"]
    assert len(infos) == sum(len(r.unsourced) for r in rows)
    r = zwgk("sources", "--format", "json", cwd=REPO)
    assert [(d["domain"], d["items"], d["sourced"], d["pages"]) for d in json.loads(r.stdout)] == [
        (x.domain_id, x.items, x.sourced, len(x.pages)) for x in rows]


def _urls(text: str | None) -> set[str]:
    """Addresses read independently of the module: runs of printable ASCII after http(s)://."""
    return {u.rstrip(".,;:") for u in re.findall(r"https?://[!-~]+", text or "")}


def test_shipped_guide_page_shows_the_same_table(shipped_site: Path) -> None:
    project = load_project(REPO)
    rows = sources.report(project.county, project.template)
    page = soup(shipped_site / "guide/sources/index.html")
    for r in rows:
        tr = page.select_one(f"tr#{r.catalogue}-{r.domain_id}")
        assert tr is not None, r.domain_id
        cells = [c.get_text("", strip=True) for c in tr.find_all(["th", "td"])]
        assert cells[:4] == [r.name, str(r.items), str(r.sourced), str(len(r.pages))]
        assert [a.get_text(strip=True) for a in tr.select("td a")] == [u.id for u in r.unsourced]
    county = page.select_one("#county").find_next("table")
    foot = [c.get_text(strip=True) for c in county.select("tfoot th, tfoot td")]
    t = sources.totals([r for r in rows if r.catalogue == "county"])
    assert foot == ["合计", str(t.items), str(t.sourced), str(t.pages), f"{t.unsourced} 项"]


@pytest.mark.parametrize(("number", "source", "numbered", "shown"), [
    ("民办函〔2019〕52号", "见某县目录 https://x.example.gov.cn/1.html", False, "《某指引》（民办函〔2019〕52号）"),
    ("民办函〔2019〕52号", None, False, "《某指引》（文号未核实）"),
    ("民办函〔2019〕52号", None, True, "《某指引》（文号未核实）"),
    (None, None, False, "《某指引》"),
    (None, "见某页", True, "《某指引》（文号未核实）"),
])
def test_citation_shows_a_number_only_with_its_source(number: str | None, source: str | None,
                                                      numbered: bool, shown: str) -> None:
    doc = m.BasisDocument.model_construct(title="某指引", number=number, issuer="某部", source=source)
    assert doc.cite(numbered=numbered) == shown


def test_guideline_number_without_source_is_shown_unverified(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "repo", root)
    basis = root / "catalogues/basis.yaml"
    text = basis.read_text(encoding="utf-8")
    basis.write_text(text.replace(
        "  - title: 救灾领域基层政务公开标准指引\n    issuer: 应急管理部\n",
        "  - title: 救灾领域基层政务公开标准指引\n    issuer: 应急管理部\n    number: 应急厅函〔2019〕390号\n"
        "    source: 测试：读到的通知 https://x.example.gov.cn/390.html\n"), encoding="utf-8")
    out = root / "site"
    r = mkdocs_build(root, out)
    assert r.returncode == 0, r.stderr

    def guideline(domain: str) -> str:
        page = soup(out / f"county/{domain}/index.html")
        dt = next(x for x in page.select(".zwgk-meta dt") if x.get_text(strip=True) == "标准指引")
        return dt.find_next_sibling("dd").get_text(strip=True)

    assert guideline("jiuzai") == "《救灾领域基层政务公开标准指引》（应急厅函〔2019〕390号）"  # read, with source
    assert guideline("shehui-jiuzhu") == "《社会救助领域基层政务公开标准指引》（文号未核实）"  # number, no source
    assert guideline("yiwu-jiaoyu") == "《义务教育领域基层政务公开标准指引》（文号未核实）"  # no number


def test_shipped_guidelines_show_only_sourced_numbers() -> None:
    project = load_project(REPO)
    by_title = project.registry.basis_by_title
    for d in project.registry.domains:
        doc = by_title[d.guideline]
        shown = doc.cite(numbered=True)
        assert shown.endswith(f"（{doc.number}）") if doc.number and doc.source else shown.endswith("（文号未核实）")
    # no number in the registry is written without where it was read
    assert [b.title for b in project.registry.basis if b.number and not b.source] == []


def test_zones_page_states_the_reading_points_with_their_source(shipped_site: Path) -> None:
    page = soup(shipped_site / "zones/index.html")
    facts = page.select(".zwgk-fact")
    assert len(facts) == 1
    quote = facts[0].select_one("blockquote").get_text(strip=True)
    for words in ("县级政府信息自助查询区2处", "政府信息查阅点5处", "镇街政府信息查阅点10处",
                  "村居（社区）政府信息查阅点3处", "政务公开栏300余个"):
        assert words in quote
    link = facts[0].select_one(".zwgk-source a")
    assert link["href"] == "http://linyi.gov.cn/info/3551/194442.htm"
    assert link.get_text(strip=True) == "临沂市人民政府网站刊载的莒南县政务公开工作介绍"
    assert "http://linyi.gov.cn/info/3551/194442.htm" in facts[0].select_one(".zwgk-source").get_text()
