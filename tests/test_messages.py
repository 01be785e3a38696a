"""Messages for what editors actually type: full-width punctuation, parser errors in Chinese only,
a Chinese comma in a bracket list, unit suggestions, an old .xls — each with code, place and wording."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from zwgk import diagnostics as dg
from zwgk.loading import _PROBLEMS, _yaml_error, load_text
from zwgk.project import load_project
from zwgk.rules import check

from .conftest import FIXTURES, zwgk

ITEM = "items:\n  - id: rx\n    category: 综合业务\n    subcategory: 救助热线\n    elements: [社会救助服务热线]\n"


@pytest.mark.parametrize(
    ("text", "code", "line", "col", "message"),
    [
        (ITEM.replace("subcategory: 救助热线", "subcategory：救助服务热线"), "ZW002", 4, 16,
         "第 4 行第 16 列的「：」是全角冒号：请改成英文冒号「:」后加一个空格"),
        ("domain：shehui-jiuzhu\n# 注释\n\nsource: 测试\n", "ZW002", 1, 7,
         "第 1 行第 7 列的「：」是全角冒号：请改成英文冒号「:」后加一个空格"),
        (ITEM.replace("    category", "\u3000\u3000category"), "ZW002", 3, 1,
         "第 3 行第 1 列的缩进用了全角空格：YAML 只认英文（半角）空格，请删掉它，改用英文空格缩进"),
        (ITEM.replace("    elements", "  \u3000elements"), "ZW002", 5, 3,
         "第 5 行第 3 列的缩进用了全角空格：YAML 只认英文（半角）空格，请删掉它，改用英文空格缩进"),
        (ITEM.replace("category: 综合", "category:\u3000综合"), "ZW002", 3, 14,
         "第 3 行第 14 列冒号后是全角空格：请改成英文（半角）空格"),
        (ITEM.replace("[社会救助服务热线]", "[社会救助服务热线］"), "ZW002", 5, 24,
         "第 5 行第 24 列的「］」是全角方括号：请改成英文方括号「]」"),
        ("hours: ｛am: 上午, pm: 下午｝\nphone: 12345\n", "ZW002", 1, 8,
         "第 1 行第 8 列的「｛」是全角花括号：请改成英文花括号「{ }」，各项之间用英文逗号「,」加空格分隔"),
        ("a: {unit: 大店镇，column: 工作动态}\nb: 1\n", "ZW002", 1, 14,
         "第 1 行第 14 列的「，」是中文逗号：方括号或花括号内的各项请用英文逗号「,」加空格分隔"),
        ("items:\n-id: a\n  b: 1\n", "ZW002", 2, 1,
         "第 2 行第 1 列的「-」后面缺少空格：列表的每一项写成「- 内容」（短横线后加一个英文空格）"),
        (ITEM.replace("    subcategory", "\tsubcategory"), "ZW002", 4, 1,
         "YAML 语法错误：此处有制表符（Tab）：YAML 只能用空格缩进，请把 Tab 换成空格（与第 3 行有关）"),
        (ITEM.replace("subcategory: 救助热线", "subcategory 救助热线"), "ZW002", 4, 5,
         "YAML 语法错误：缺少「: 」：字段名后应有英文冒号「:」和一个空格（多行文字请用「|」）"),
        ("time_limit: 受理时间: 工作日\n", "ZW002", 1, 17,
         "YAML 语法错误：此处不能出现「: 」：若文字本身含冒号，请给整段文字加英文引号；否则请检查本行和上一行的缩进"),
        ('note: "未闭合\nb: 1\n', "ZW002", 1, 7,
         "YAML 语法错误：第 1 行开始的引号没有闭合，一直读到了文件末尾：请补上结束的引号"),
        ('note: "甲" 乙\n', "ZW002", 1, 11,
         "YAML 语法错误：本行多出了内容：用引号括起的文字后面不能再接别的文字，请把整段文字都放进引号里，或去掉引号"),
        ("note: @某某\n", "ZW002", 1, 7, "YAML 语法错误：此处的「@」不能作为文字的开头：请给整段文字加英文引号"),
        ("a: 2024-02-30\n", "ZW106", 1, 4, "「2024-02-30」不是有效的日期：请写成 2024-05-01 这样的格式，且须是实际存在的日期"),
    ],
    ids=["full-width-colon", "full-width-colon-first-line", "full-width-indent", "full-width-indent-after-spaces",
         "full-width-space-after-colon", "full-width-close-bracket", "full-width-brace", "chinese-comma-in-braces",
         "dash-without-space", "tab", "missing-colon", "colon-in-text", "unclosed-quote", "text-after-quote",
         "at-sign", "impossible-date"],
)
def test_yaml_mistake_message(text: str, code: str, line: int, col: int, message: str) -> None:
    src, diags = load_text(text, "f.yaml")
    assert src is None
    assert [(d.code, d.line, d.column, d.message) for d in diags] == [(code, line, col, message)]


def test_full_width_colon_in_zwgk_check_is_at_its_own_line(repo: Path) -> None:
    """As the editor sees it: the line holding `subcategory：…`, not the line after it."""
    f = repo / "catalogues/county/shehui-jiuzhu.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace(
        "    subcategory: 救助热线<script>alert(1)</script>\n", "    subcategory：救助服务热线\n"), encoding="utf-8")
    r = zwgk("check", cwd=repo)
    assert r.returncode == 1
    assert ("catalogues/county/shehui-jiuzhu.yaml:20:16: ZW002 error "
            "第 20 行第 16 列的「：」是全角冒号：请改成英文冒号「:」后加一个空格") in r.stdout.splitlines()


# -- a Chinese comma in a bracket list (ZW010, warning) ------------------------------------------

@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("[社会救助服务热线，受理时间]", [(21, 24, "第 21 行第 24 列的「，」是中文逗号：方括号列表中的「社会救助服务热线，受理时间」"
                                  "会被读成一项；如果是 2 项（「社会救助服务热线」、「受理时间」），请把「，」改成英文逗号加空格「, 」；"
                                  "如果本来就是一项，请给它加上英文引号")]),
        ("［社会救助服务热线, 受理时间］", [(21, 15, "第 21 行第 15 列的「［」是全角方括号：「［社会救助服务热线, 受理时间］」"
                                   "会被读成一段文字，而不是列表；请改成英文方括号「[ ]」，各项之间用英文逗号加空格「, 」分隔")]),
        ('["社会救助服务热线，受理时间"]', []),  # quoted: one element on purpose
        ("[社会救助服务热线, 受理时间]", []),
        ("[《关于社会救助热线，受理时间的通知》]", []),  # a comma inside a title is part of it
    ],
    ids=["chinese-comma", "full-width-brackets", "quoted", "ascii", "inside-title"],
)
def test_chinese_comma_in_a_bracket_list(repo: Path, written: str, found: list[tuple[int, int, str]]) -> None:
    f = repo / "catalogues/county/shehui-jiuzhu.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("elements: [社会救助服务热线]", f"elements: {written}"),
                 encoding="utf-8")
    diags = [d for d in check(load_project(repo)) if d.code == "ZW010"]
    assert [(d.line, d.column, d.message) for d in diags] == found
    assert all(d.severity is dg.Severity.WARNING and d.file.endswith("shehui-jiuzhu.yaml") for d in diags)


def test_new_rule_is_listed() -> None:
    r = zwgk("rules")
    assert "ZW010\twarning\t读取\t方括号列表中用了中文逗号「，」或全角括号，多项被读成了一项" in r.stdout.splitlines()


# -- never the parser's English -------------------------------------------------------------------

ENGLISH = re.compile(r"[A-Za-z]{3,}")
ALLOWED = {"YAML", "Tab", "UTF", "GBK", "Excel", "WPS", "xlsx", "xls", "Unicode", "Microsoft", "zwgk"}

# every problem libyaml 0.2 can report (from its scanner, parser, reader and PyYAML's composer)
LIBYAML_PROBLEMS = [
    "could not find expected ':'", "mapping values are not allowed in this context",
    "mapping keys are not allowed in this context", "block sequence entries are not allowed in this context",
    "did not find expected key", "did not find expected '-' indicator", "did not find expected node content",
    "did not find expected ',' or ']'", "did not find expected ',' or '}'", "found unexpected ':'",
    "did not find expected <document start>", "found unexpected document indicator",
    "found unexpected end of stream", "found character that cannot start any token",
    "found a tab character that violates indentation",
    "found a tab character where an indentation space is expected", "found unknown escape character",
    "did not find expected hexdecimal number", "found invalid Unicode character escape code",
    "did not find expected alphabetic or numeric character", "found undefined alias",
    "found duplicate anchor; first occurrence", "found an indentation indicator equal to 0",
    "found unknown directive name", "could not find expected directive name",
    "found unexpected non-alphabetical character", "did not find expected digit or '.' character",
    "found extremely long version number", "did not find expected version number",
    "found duplicate %YAML directive", "found duplicate %TAG directive", "found incompatible YAML document",
    "did not find the expected '>'", "did not find expected '!'", "did not find expected tag URI",
    "did not find URI escaped octet", "found an incorrect leading UTF-8 octet",
    "found an incorrect trailing UTF-8 octet", "found undefined tag handle", "control characters are not allowed",
    "invalid leading UTF-8 octet", "incomplete UTF-8 octet sequence", "invalid trailing UTF-8 octet",
    "invalid length of a UTF-8 sequence", "invalid Unicode character", "incomplete UTF-16 character",
    "input is too long", "did not find expected comment or line break", "did not find expected whitespace",
    "did not find expected whitespace or line break",
]
CONTEXTS = [None, "while scanning a block scalar", "while scanning a tag", "while scanning a directive",
            "while parsing a block mapping", "while scanning a plain scalar", "while scanning a simple key"]


def _english(message: str) -> set[str]:
    """English words in a message, apart from the editor's own text it quotes in 「」."""
    return set(ENGLISH.findall(re.sub(r"「[^「」]*」", "", message))) - ALLOWED


@pytest.mark.parametrize("problem", LIBYAML_PROBLEMS)
@pytest.mark.parametrize("context", CONTEXTS)
def test_every_parser_problem_reads_in_chinese(problem: str, context: str | None) -> None:
    mark = yaml.Mark("f.yaml", 0, 1, 0, None, None)
    start = yaml.Mark("f.yaml", 0, 0, 0, None, None) if context else None
    err = _yaml_error(yaml.MarkedYAMLError(context, start, problem, mark), "a: 1\nb: 2\nc: 3\n")
    assert _english(err.message) == set()
    assert "无法识别的写法" not in err.message  # each problem has its own advice


def test_an_unknown_tag_is_named_as_written() -> None:
    """A stray ! before a word makes a YAML tag; the message quotes it (the editor's own letters)."""
    _src, diags = load_text(GOOD.replace("domain: shehui-jiuzhu", "domain: !shehui-jiuzhu", 1), "f.yaml")
    assert [(d.line, d.column, d.message) for d in diags] == [
        (2, 9, "不支持的 YAML 标签「!shehui-jiuzhu」：请去掉以「!」开头的这个标记")]
    assert _english(diags[0].message) == set()


def test_unknown_problem_falls_back_to_chinese() -> None:
    mark = yaml.Mark("f.yaml", 0, 1, 4, None, None)
    err = _yaml_error(yaml.MarkedYAMLError("while doing something new", None, "found a novelty", mark), "a: 1\nb: 2\n")
    assert (err.rule, err.line, err.col) == (dg.YAML_SYNTAX, 2, 5)
    assert err.message == "YAML 语法错误：无法识别的写法：请检查本行的缩进、冒号和引号"


def test_hints_have_no_english() -> None:
    for _needle, _rule, hint, _at_start in _PROBLEMS:
        assert _english(hint.format(start=3)) == set(), hint


GOOD = (FIXTURES / "repo/catalogues/county/shehui-jiuzhu.yaml").read_text(encoding="utf-8")
TYPED = ":：,，[]［］{}｛｝【】-—　 \t\"'“”#&*!|>%@`?\n"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(GOOD)), st.sampled_from(list(TYPED))), min_size=1, max_size=4))
def test_any_slip_is_answered_in_chinese(edits: list[tuple[int, str]]) -> None:
    text = GOOD
    for at, ch in sorted(edits, reverse=True):
        text = text[:at] + ch + text[at:]
    _src, diags = load_text(text, "f.yaml")
    for d in diags:
        assert _english(d.message) == set(), d.message
        assert d.line >= 1 and d.column >= 1


# -- unit names: suggestions everywhere, never another town ----------------------------------------

def _add_towns(repo: Path) -> None:
    units = repo / "catalogues/units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + (
        "  - id: pingshang\n    name: 坪上镇人民政府\n    aliases: [坪上镇]\n    kind: town\n"
        "  - id: daokou\n    name: 道口镇人民政府\n    aliases: [道口镇]\n    kind: town\n"), encoding="utf-8")


def test_town_file_suggests_its_own_town(repo: Path) -> None:
    _add_towns(repo)
    town = (repo / "catalogues/towns/dadian.yaml").read_text(encoding="utf-8")
    town = town.replace("town: dadian", "town: pingshang").replace("subjects: [大店镇]", "subjects: [XX镇人民政府]")
    (repo / "catalogues/towns/pingshang.yaml").write_text(town, encoding="utf-8")
    hit = [d for d in check(load_project(repo)) if d.code == "ZW202" and d.file.endswith("pingshang.yaml")]
    assert [(d.line, d.column, d.message) for d in hit] == [(
        24, 22, "公开主体「XX镇人民政府」不在单位登记表中：本文件是坪上镇的目录，是否应为「坪上镇人民政府」？"
                "新单位请先加入 catalogues/units.yaml")]


@pytest.mark.parametrize(
    ("subject", "hint"),
    [("XX镇人民政府", "是否应为「乡镇人民政府（街道办事处）」？"),  # names no town: the generic role
     ("道口镇政府", "是否应为「道口镇人民政府」？"),  # names a town: that town
     ("县民正局", "是否应为「县民政局」？")],
)
def test_county_file_suggestions(repo: Path, subject: str, hint: str) -> None:
    _add_towns(repo)
    f = repo / "catalogues/county/shehui-jiuzhu.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("subjects: [县民政局]", f"subjects: [{subject}]", 1),
                 encoding="utf-8")
    hit = [d for d in check(load_project(repo)) if d.code == "ZW202"]
    assert [(d.line, d.message) for d in hit] == [
        (24, f"公开主体「{subject}」不在单位登记表中：{hint}新单位请先加入 catalogues/units.yaml")]


def test_bulletin_unit_gets_a_suggestion(repo: Path) -> None:
    shutil.copyfile(FIXTURES / "bad-bulletin/annex_unknown_unit.yaml", repo / "bulletins/2024-q2/bulletin.yaml")
    hit = [d for d in check(load_project(repo)) if d.code == "ZW402"]
    assert [(d.line, d.column, d.message) for d in hit] == [(
        33, 16, "附件中的单位「大店乡」不在单位登记表中：是否应为「大店镇」？新单位请先加入 catalogues/units.yaml")]


def test_inspection_unit_gets_a_suggestion(repo: Path) -> None:
    f = repo / "bulletins/2024-q2/inspections.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("{unit: 县教体局, column: 通知公告",
                                                        "{unit: 县教育局, column: 通知公告"), encoding="utf-8")
    hit = [d for d in check(load_project(repo)) if d.code == "ZW402"]
    assert [(d.line, d.column, d.message) for d in hit] == [(
        14, 12, "单位「县教育局」不在单位登记表中：是否应为「县教体局」？新单位请先加入 catalogues/units.yaml")]


# -- workbooks that are not .xlsx -------------------------------------------------------------------

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
SAVE_AS = ("请用 Excel 打开它，点「文件 → 另存为」，「保存类型」选「Excel 工作簿 (*.xlsx)」；"
           "用 WPS 的，点「文件 → 另存为」，「文件类型」选 .xlsx（Microsoft Excel 文件）。保存后用新的 .xlsx 文件重新运行本命令")


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("社会救助.xls", OLE2, f"zwgk: 「社会救助.xls」是旧版 Excel 97-2003 工作簿（.xls），本命令只能读取 .xlsx：{SAVE_AS}"),
        ("改了扩展名.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "设置了打开密码"),
        ("表格.et", OLE2, f"zwgk: 「表格.et」是WPS 表格文件（.et），本命令只能读取 .xlsx：{SAVE_AS}"),
        ("系统导出.xls", "<html><table><tr><td>甲</td></tr></table></html>".encode(), "其实是网页（HTML）或 XML 格式的表格"),
        ("目录.csv", "序号,一级事项\n1,政策\n".encode("gbk"), f"zwgk: 「目录.csv」是CSV 文本文件（.csv），本命令只能读取 .xlsx：{SAVE_AS}"),
        ("目录.ods", b"PK\x03\x04" + b"\0" * 100, "OpenDocument 表格"),
        ("损坏.xlsx", b"PK\x03\x04" + b"\0" * 100, "不是有效的 .xlsx 工作簿，或文件已损坏"),
    ],
    ids=["xls", "encrypted-xlsx", "wps-et", "html-as-xls", "csv", "ods", "damaged"],
)
def test_workbook_that_is_not_xlsx_is_answered_in_chinese(repo: Path, tmp_path: Path, name: str,
                                                         content: bytes, said: str) -> None:
    book = tmp_path / name
    book.write_bytes(content)
    r = zwgk("import-xlsx", str(book), "--root", str(repo))
    assert r.returncode == 2
    assert said in r.stderr
    assert not re.search(r"openpyxl|xlrd|please|support|zip file|Error", r.stderr), r.stderr  # not openpyxl's words
