"""Section 二 of a bulletin from the quarter's records: each record kind, each state, and the checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from zwgk import bulletin_lists as bl
from zwgk import model as m
from zwgk.project import load_project
from zwgk.rules import check
from zwgk.submissions import Submission

D = dt.date
UNITS = [  # registry order is the order lists print in
    {"id": "nongye", "name": "莒南县农业农村局", "aliases": ["县农业农村局"], "kind": "department"},
    {"id": "gonglu", "name": "莒南县公路中心", "aliases": ["县公路中心"], "kind": "institution"},
    {"id": "pingshang", "name": "坪上镇人民政府", "aliases": ["坪上镇"], "kind": "town"},
    {"id": "dadian", "name": "大店镇人民政府", "aliases": ["大店镇"], "kind": "town"},
    {"id": "xianzhengfu", "name": "莒南县人民政府", "kind": "government"},
    {"id": "town-gov", "name": "乡镇人民政府（街道办事处）", "kind": "role", "placeholder": True},
]
REG = m.Registry(units=[m.Unit.model_validate(u) for u in UNITS])
FILE = {"source": "测试用数据", "status": "official", "updated": D(2024, 10, 10)}


def _bulletin(quarter: int = 3, **records: Any) -> m.Bulletin:
    b = m.Bulletin.model_construct(year=2024, quarter=quarter, date=D(2024, 10, 15), sections=[], annexes=[],
                                   status="official")
    for k, v in records.items():
        setattr(b.records, k, v)
    return b


def _list(of: str, **kw: Any) -> m.SectionList:
    return m.SectionList.model_validate({"of": of, "lead": kw.pop("lead", "个别单位有此问题"), **kw})


def _ctx(settings: m.BulletinSettings | None = None, highlights: list[bl.HighlightMonths] | None = None,
         submissions: list[Submission] | None = None) -> bl.ListContext:
    return bl.ListContext(REG, settings or m.BulletinSettings(), highlights or [], submissions or [])


# --- materials requests (materials.yaml) ----------------------------------------------------------

MATERIALS = m.MaterialsFile.model_validate({**FILE, "requests": [
    {"notice": "关于开展政务新媒体检查工作的通知", "issued": D(2024, 7, 1), "due": D(2024, 7, 10), "units": [
        {"unit": "坪上镇", "submitted": D(2024, 7, 10), "quality": "材料内容不规范，存在敷衍报送现象"},  # on time, poor
        {"unit": "县公路中心", "submitted": D(2024, 7, 12), "reminders": 1},  # late, reminded once
        {"unit": "大店镇", "submitted": D(2024, 7, 9)},  # on time, fine
    ]},
    {"notice": "政务公开工作紧急通知", "due": D(2024, 8, 5), "units": [
        {"unit": "县农业农村局", "submitted": D(2024, 8, 20), "reminders": 3},  # late, reminded many times
        {"unit": "莒南县公路中心"},  # never submitted: late (same unit, full name)
        {"unit": "大店镇", "submitted": D(2024, 8, 5), "reminders": 2},  # on the due day after two reminders
    ]},
]})


@pytest.mark.parametrize(("of", "units"), [
    ("materials-late", ["莒南县农业农村局", "莒南县公路中心"]),
    ("materials-reminded", ["莒南县农业农村局", "大店镇人民政府"]),
    ("materials-poor", ["坪上镇人民政府"]),
])
def test_materials_lists(of: str, units: list[str]) -> None:
    got = bl.section_list(_bulletin(materials=MATERIALS), _list(of), _ctx())
    assert got.units == units  # registry order, each unit once whichever name was written


def test_reminders_threshold_is_a_setting() -> None:
    three = m.BulletinSettings.model_validate({"many_reminders": 3})
    got = bl.section_list(_bulletin(materials=MATERIALS), _list("materials-reminded"), _ctx(three))
    assert got.units == ["莒南县农业农村局"]


def test_sentence_uses_short_names_after_the_lead() -> None:
    got = bl.section_list(_bulletin(materials=MATERIALS), _list("materials-late", lead="个别单位材料报送不及时。"),
                          _ctx())
    assert got.sentence == "个别单位材料报送不及时，如：县农业农村局、县公路中心。"


def test_an_empty_list_says_so() -> None:
    on_time = m.MaterialsFile.model_validate({**FILE, "requests": [
        {"notice": "通知", "due": D(2024, 7, 10), "units": [{"unit": "大店镇", "submitted": D(2024, 7, 1)}]}]})
    b = _bulletin(materials=on_time)
    assert bl.section_list(b, _list("materials-late"), _ctx()).sentence == "本季度没有材料报送不及时的单位。"
    assert bl.section_list(b, _list("materials-poor", none="各单位材料均符合要求。"), _ctx()).sentence == \
        "各单位材料均符合要求。"


# --- 亮点信息 against the quotas (highlights.yaml, settings.yaml) ------------------------------------

def _highlights(records: list[dict[str, Any]], from_month: int | None = None) -> m.HighlightsFile:
    data: dict[str, Any] = {**FILE, "records": records}
    if from_month is not None:
        data["from_month"] = from_month
    return m.HighlightsFile.model_validate(data)


def _month(unit: str, month: int, n: int) -> dict[str, Any]:
    return {"unit": unit, "month": month, "submitted": n}


YEAR = _highlights([
    # 县农业农村局 (department, 2 a month): 2 in July and August, 1 in September → below quota
    _month("县农业农村局", 1, 2), _month("县农业农村局", 7, 2), _month("县农业农村局", 8, 2), _month("县农业农村局", 9, 1),
    # 县公路中心 (institution, 1 a month): 1 each month → meets its quota
    _month("县公路中心", 7, 1), _month("县公路中心", 8, 1), _month("县公路中心", 9, 1),
    # 坪上镇 (town): submitted in March only → none this quarter, but not none this year: below quota
    _month("坪上镇", 3, 4),
    # 大店镇 (town): nothing all year → none this year (and not also below quota)
    # 县人民政府 (government): no quota, never judged
], from_month=1)


def test_highlights_below_quota_and_none_this_year() -> None:
    b = _bulletin(highlights=YEAR)
    ctx = _ctx(highlights=bl.year_highlights(b, [b]))
    assert bl.section_list(b, _list("highlights-below-quota"), ctx).units == ["莒南县农业农村局", "坪上镇人民政府"]
    assert bl.section_list(b, _list("highlights-none"), ctx).units == ["大店镇人民政府"]


def test_quotas_are_data_by_unit_kind() -> None:
    b = _bulletin(highlights=YEAR)
    towns_only = m.BulletinSettings.model_validate({"highlight_quota": {"town": 1}})
    ctx = _ctx(towns_only, highlights=bl.year_highlights(b, [b]))
    assert bl.section_list(b, _list("highlights-below-quota"), ctx).units == ["坪上镇人民政府"]
    generous = m.BulletinSettings.model_validate({"highlight_quota": {"department": 1, "institution": 1, "town": 2}})
    ctx = _ctx(generous, highlights=bl.year_highlights(b, [b]))
    assert bl.section_list(b, _list("highlights-below-quota"), ctx).units == ["坪上镇人民政府"]


def test_earlier_quarters_count_for_the_year_and_later_files_supersede() -> None:
    q1 = _bulletin(quarter=1, highlights=_highlights([_month("大店镇", 2, 1)]))
    q3 = _bulletin(highlights=_highlights([_month("县农业农村局", 7, 2)]))
    months = bl.year_highlights(q3, [q3, q1])
    assert [list(h.months) for h in months] == [[1, 2, 3], [7, 8, 9]]
    assert bl.uncovered_months(q3, months) == [4, 5, 6]
    assert "大店镇人民政府" not in bl.highlights_none(q3, _ctx(highlights=months))
    # a later file recording February again replaces the first quarter's February
    redo = _bulletin(highlights=_highlights([_month("县农业农村局", 7, 2)], from_month=1))
    assert "大店镇人民政府" in bl.highlights_none(redo, _ctx(highlights=bl.year_highlights(redo, [q1, redo])))


# --- catalogue compilation (submissions.overview, or compilation.yaml) --------------------------

def _sub(owner: str, state: str, late: bool = False, codes: tuple[str, ...] = (), kind: str = "town") -> Submission:
    return Submission(kind, owner, owner, state, D(2024, 8, 1) if state in ("submitted", "approved") else None,
                      None, late, None, f"catalogues/towns/{owner}.yaml", tuple((c, c, 1) for c in codes))


SUBS = [_sub("nongye", "received", codes=("ZW320",), kind="county"),  # a department's domain: not a town list
        _sub("pingshang", "overdue"), _sub("dadian", "approved", late=True, codes=("ZW303", "ZW304", "ZW306"))]


@pytest.mark.parametrize(("of", "rules", "units"), [
    ("compilation-late", [], ["坪上镇人民政府", "大店镇人民政府"]),
    ("compilation-problems", [], ["大店镇人民政府"]),
    ("compilation-problems", ["ZW304"], ["大店镇人民政府"]),
    ("compilation-problems", ["ZW307", "ZW308"], []),
])
def test_compilation_lists(of: str, rules: list[str], units: list[str]) -> None:
    got = bl.section_list(_bulletin(), _list(of, rules=rules), _ctx(submissions=SUBS))
    assert got.units == units


def test_only_late_is_not_a_catalogue_problem() -> None:
    late_only = [_sub("dadian", "submitted", late=True, codes=("ZW303",))]
    assert bl.section_list(_bulletin(), _list("compilation-problems"), _ctx(submissions=late_only)).units == []


def test_compilation_record_reads_like_the_overview() -> None:
    cf = m.CompilationFile.model_validate({**FILE, "as_of": D(2024, 10, 10), "entries": [
        {"unit": "坪上镇", "state": "missing"},
        {"unit": "大店镇", "state": "submitted", "submitted_on": D(2024, 9, 2), "late": True, "problems": ["ZW304"]}]})
    rows = bl.recorded_submissions(cf, REG)
    assert [(r.owner, r.state, r.late, [c for c, _, _ in r.findings]) for r in rows] == [
        ("pingshang", "missing", False, []), ("dadian", "submitted", True, ["ZW304"])]
    assert rows[1].findings[0][1] == "直接报送了未修改的目录模板（未按要求筛选）"
    assert bl.section_list(_bulletin(), _list("compilation-late"), _ctx(submissions=rows)).units == ["大店镇人民政府"]


# --- annexes mixing typed and computed rows -------------------------------------------------------

def test_annex_mixes_computed_and_typed_rows(repo: Path) -> None:
    p = repo / "bulletins/2024-q2/bulletin.yaml"
    text = p.read_text(encoding="utf-8").replace(
        "    kind: departments\n    computed: true\n",
        "    kind: departments\n    computed: true\n    rows:\n"
        "      - {unit: 县教体局, column: 行政权力、重点领域信息相关栏目, problems: [更新不及时]}\n")
    p.write_text(text, encoding="utf-8")
    project = load_project(repo)
    assert [d for d in check(project) if d.severity.value != "info"] == []  # ZW407 no longer refuses this
    from zwgk import derive

    b = project.bulletins[0]
    rows = derive.annex_rows(b, b.annexes[1], project.registry, project.settings.thresholds)
    assert [(r.unit, r.column, r.is_computed) for r in rows] == [
        ("县民政局", "部门文件", True), ("县民政局", "工作动态", True),
        ("县教体局", "通知公告", True), ("县教体局", "行政权力、重点领域信息相关栏目", False)]


# --- checks (zwgk check) ---------------------------------------------------------------------------

def _write(repo: Path, name: str, text: str) -> None:
    (repo / "bulletins/2024-q2" / name).write_text(text, encoding="utf-8")


def _found(repo: Path, code: str) -> list[tuple[str, int, str]]:
    return [(d.file.rsplit("/", 1)[-1], d.line, d.severity.value) for d in check(load_project(repo)) if d.code == code]


HEAD = "source: 测试用数据\nstatus: official\nupdated: 2024-07-10\n"


def test_unknown_unit_in_records(repo: Path) -> None:
    _write(repo, "materials.yaml", HEAD + "requests:\n  - notice: 通知\n    due: 2024-05-10\n    units:\n"
           "      - {unit: 县民政局, submitted: 2024-05-09}\n      - {unit: 县不存在局}\n")
    _write(repo, "highlights.yaml", HEAD + "records:\n  - {unit: 县民政局, month: 4, submitted: 2}\n"
           "  - {unit: 县无此局, month: 5, submitted: 1}\n")
    assert sorted(_found(repo, "ZW411")) == [("highlights.yaml", 6, "error"), ("materials.yaml", 9, "error")]


def test_a_list_needs_its_records(repo: Path) -> None:
    p = repo / "bulletins/2024-q2/bulletin.yaml"
    text = p.read_text(encoding="utf-8").replace(
        "      （二）政务新媒体更新问题。",
        "      （三）材料报送问题。\n    lists:\n      - {of: materials-late, lead: 个别单位材料报送不及时}\n"
        "      - {of: highlights-none, lead: 个别单位今年以来未报送亮点信息}\n"
        "  - heading: 三、其他\n    body: |\n      （二）政务新媒体更新问题。")
    p.write_text(text, encoding="utf-8")
    hits = _found(repo, "ZW413")
    assert [(f, sev) for f, _, sev in hits] == [("bulletin.yaml", "error"), ("bulletin.yaml", "error")]
    # with the files, January to March not recorded is a warning on the year's list
    _write(repo, "materials.yaml", HEAD + "requests:\n  - notice: 通知\n    due: 2024-05-10\n    units:\n"
           "      - {unit: 县民政局, submitted: 2024-05-09}\n")
    _write(repo, "highlights.yaml", HEAD + "records:\n  - {unit: 县民政局, month: 4, submitted: 2}\n")
    hits = _found(repo, "ZW413")
    assert [(f, sev) for f, _, sev in hits] == [("bulletin.yaml", "warning")]


@pytest.mark.parametrize(("records", "line"), [
    ("  - {unit: 县民政局, month: 7, submitted: 2}\n", 5),  # outside April–June
    ("  - {unit: 县民政局, month: 4, submitted: 2}\n  - {unit: 民政局, month: 4, submitted: 1}\n", 6),  # twice
    ("  - {unit: 县民政局, month: 4, submitted: 1, adopted: [{column: 政务公开看临沂, count: 2}]}\n", 5),
])
def test_highlights_record_mistakes(repo: Path, records: str, line: int) -> None:
    _write(repo, "highlights.yaml", HEAD + "records:\n" + records)
    assert _found(repo, "ZW413") == [("highlights.yaml", line, "error")]


def test_compilation_record_mistakes(repo: Path) -> None:
    _write(repo, "compilation.yaml", HEAD + "as_of: 2024-07-05\nentries:\n"
           "  - {unit: 大店镇, state: submitted}\n"  # no date
           "  - {unit: 县民政局, state: missing}\n"  # not a town
           "  - {unit: 大店镇, state: overdue, late: true, problems: [ZW399]}\n")
    assert [line for _, line, _ in _found(repo, "ZW413")] == [6, 7, 8, 8, 8]


def test_annex_unit_not_named_in_the_text(repo: Path) -> None:
    p = repo / "bulletins/2024-q2/bulletin.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("县应急管理局的「莒南应急」超过两周未更新", "另有一个账号超过两周未更新"),
                 encoding="utf-8")
    hits = [d for d in check(load_project(repo)) if d.code == "ZW412"]
    assert [(d.line, d.severity.value) for d in hits] == [(42, "warning")]  # the computed annex's number
    assert "附件3列出了「县应急管理局」" in hits[0].message


def test_shipped_bulletin_section_two_agrees_with_its_annexes() -> None:
    project = load_project(Path(__file__).parents[1])
    assert [d for d in check(project) if d.code in ("ZW411", "ZW412", "ZW413")] == []


# --- the page --------------------------------------------------------------------------------------

def test_section_prints_its_list_and_a_mixed_annex_marks_typed_rows(repo: Path) -> None:
    from bs4 import BeautifulSoup

    from zwgk.render import Links, SiteRenderer, environment

    p = repo / "bulletins/2024-q2/bulletin.yaml"
    text = p.read_text(encoding="utf-8").replace(
        "      （二）政务新媒体更新问题。",
        "      （三）材料报送问题。大部分单位材料报送及时。\n    lists:\n"
        "      - {of: materials-late, lead: 但个别单位材料报送不及时}\n"
        "      - {of: materials-poor, lead: 个别单位的材料未按照要求报送, none: 各单位报送的材料均符合要求。}\n"
        "  - heading: 三、其他\n    body: |\n      （二）政务新媒体更新问题。")
    text = text.replace("    kind: departments\n    computed: true\n",
                        "    kind: departments\n    computed: true\n    rows:\n"
                        "      - {unit: 县教体局, column: 行政权力、重点领域信息相关栏目, problems: [更新不及时]}\n")
    p.write_text(text, encoding="utf-8")
    _write(repo, "materials.yaml", HEAD + "requests:\n  - notice: 通知\n    due: 2024-05-10\n    units:\n"
           "      - {unit: 县应急管理局, submitted: 2024-05-20}\n      - {unit: 县民政局}\n"
           "      - {unit: 大店镇, submitted: 2024-05-10}\n")
    project = load_project(repo)
    assert [d for d in check(project) if d.severity.value != "info"] == []
    page = SiteRenderer(project, environment(), Links()).bulletin_page(project.bulletins[0])
    html = BeautifulSoup(page.html(), "lxml")
    said = [(p["data-list"], p.get_text()) for p in html.select("p.zwgk-doc-generated")]
    assert said == [("materials-late", "但个别单位材料报送不及时，如：县民政局、县应急管理局。"),
                    ("materials-poor", "各单位报送的材料均符合要求。")]
    rows = [[c.get_text(strip=True) for c in tr.find_all(["td", "th"])]
            for tr in html.select("section#annex-2 tbody tr")]
    assert rows[3:] == [["3", "县教体局", "通知公告", "从未更新", "空白栏目"],
                        ["4", "行政权力、重点领域信息相关栏目", "据通报正文", "更新不及时"], ["", "小计：2 项"]]


# --- the editor guide's examples (content/guide/records.md) ------------------------------------------

REPO = Path(__file__).parents[1]
GUIDE = REPO / "content/guide/records.md"


def _guide_block(lang: str, marker: str) -> str:
    blocks = [b.split("```")[0] for b in GUIDE.read_text(encoding="utf-8").split(f"```{lang}\n")[1:]]
    return next(b for b in blocks if marker in b)


def test_guide_examples_pass_check_and_print_what_the_guide_says(tmp_path: Path) -> None:
    import shutil

    from bs4 import BeautifulSoup

    from zwgk.cli import main
    from zwgk.render import Links, SiteRenderer, environment

    repo = tmp_path / "repo"
    for part in ("catalogues", "bulletins", "content"):
        shutil.copytree(REPO / part, repo / part)
    shutil.copyfile(REPO / "mkdocs.yml", repo / "mkdocs.yml")
    assert main(["new-bulletin", "2025-q4", "--root", str(repo)]) == 0
    folder = repo / "bulletins/2025-q4"
    for kind in ("materials", "highlights", "compilation"):
        (folder / f"{kind}.yaml").write_text(_guide_block("yaml", f"{kind}.schema.json"), encoding="utf-8")
    bulletin = folder / "bulletin.yaml"
    text = bulletin.read_text(encoding="utf-8")
    scaffolded = "  - heading: 二、存在的问题\n    body: |\n      待填写\n"
    assert scaffolded in text
    text = text.replace(scaffolded, _guide_block("yaml", "heading: 二、存在的问题"))
    assert "figures: []\n" in text
    bulletin.write_text(text.replace("figures: []\n", _guide_block("yaml", "id: applications")), encoding="utf-8")
    project = load_project(repo)
    found = check(project)
    records = [d for d in found if d.file.startswith("bulletins/2025-q4/") and not d.file.endswith("bulletin.yaml")]
    assert records == []
    assert [d for d in found if d.code in ("ZW401", "ZW402", "ZW411", "ZW412", "ZW413")] == []
    b = next(b for b in project.bulletins if b.slug == "2025-q4")
    page = SiteRenderer(project, environment(), Links(), diagnostics=found, drafts=True).bulletin_page(b)
    said = [p.get_text() for p in BeautifulSoup(page.html(), "lxml").select("p.zwgk-doc-generated")]
    assert said == [s for s in _guide_block("text", "部分镇街报送目录不及时").split("\n") if s]
    figure = [p.unit for p in b.figures[0].parts]
    assert figure == ["县政府办公室", "县市场监管局"] and [p.value for p in b.figures[0].parts] == [None, None]


def test_submissions_command_records_the_towns_for_the_bulletin(repo: Path) -> None:
    from zwgk.cli import main

    settings = repo / "catalogues/settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("due: 2020-12-31", "due: 2020-12-10"),
                        encoding="utf-8")  # 大店镇 submitted on 2020-12-20: late
    args = ["submissions", "--root", str(repo), "--quarter", "2024-q2", "--today", "2024-07-08"]
    assert main(args) == 0
    written = (repo / "bulletins/2024-q2/compilation.yaml").read_text(encoding="utf-8")
    assert "  - {unit: 大店镇, state: submitted, submitted_on: 2020-12-20, late: true}\n" in written
    assert main(args) == 1  # kept as recorded unless --force
    settings.write_text(settings.read_text(encoding="utf-8").replace("due: 2020-12-10", "due: 2020-12-31"),
                        encoding="utf-8")
    project = load_project(repo)
    assert [d for d in check(project) if d.file.endswith("compilation.yaml")] == []
    cf = project.bulletins[0].records.compilation
    assert cf is not None and cf.as_of == D(2024, 7, 8)
    rows = bl.recorded_submissions(cf, project.registry)
    ctx = bl.ListContext(project.registry, m.BulletinSettings(), [], rows)
    assert bl.section_list(project.bulletins[0], _list("compilation-late"), ctx).units == ["大店镇人民政府"]
