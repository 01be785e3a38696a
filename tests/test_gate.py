"""Nothing unsafe or personal leaves the build: the publish gate, and the source checks in front of it.

One case per class of hostile or careless input, each asserting what the editor sees: the rule
code at the file and line, or the gate's refusal naming the page, with the old site left as it was.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zwgk import gate, pii
from zwgk.exports import csv_cell
from zwgk.project import load_project
from zwgk.rules import check

from .conftest import mkdocs_build

POLICY = gate.GatePolicy(site_host="www.junan.gov.cn")


def _messages(html: str, rel: str = "county/x/index.html") -> list[str]:
    return [f.message for f in gate.inspect_html(rel, html.encode("utf-8"), POLICY)]


@pytest.mark.parametrize(
    ("html", "expected"),
    [("<script>alert(1)</script>", "内联脚本"),
     ("<SCRIPT>window.x=1</SCRIPT>", "内联脚本"),
     ("<script src='https://evil.example/x.js'></script>", "其他网站的脚本"),
     ("<script src='//evil.example/x.js'></script>", "其他网站的脚本"),
     ("<script src='../../content/evil.js'></script>", "不在允许清单中的脚本"),
     ("<img src=x onerror=alert(1)>", "事件属性 onerror"),
     ("<svg onload=alert(1)></svg>", "事件属性 onload"),
     ("<div ONCLICK='x()'>点</div>", "事件属性 onclick"),
     ("<a href='javascript:alert(1)'>点</a>", "不安全的链接"),
     ("<a href=' JaVaScRiPt:alert(1)'>点</a>", "不安全的链接"),
     ("<a href='java&#x09;script:alert(1)'>点</a>", "不安全的链接"),
     ("<a href='vbscript:msgbox(1)'>点</a>", "不安全的链接"),
     ("<iframe src='data:text/html,hi'></iframe>", "不安全的链接"),
     ("<form action='javascript:alert(1)'></form>", "不安全的链接"),
     ("<base href='https://evil.example/'>", "<base>"),
     ("<meta http-equiv='Refresh' content='0;url=https://evil.example/'>", "自动跳转"),
     ("<img src='https://evil.example/p.png'>", "其他网站（evil.example）"),
     ("<img src='//evil.example/p.png'>", "其他网站（evil.example）"),
     ("<img srcset='a.png 1x, https://evil.example/p.png 2x'>", "其他网站（evil.example）"),
     ("<video poster='https://evil.example/p.png'></video>", "其他网站"),
     ("<iframe src='https://evil.example/'></iframe>", "其他网站"),
     ("<object data='https://evil.example/x'></object>", "其他网站"),
     ("<svg><image href='https://evil.example/x.png'/></svg>", "其他网站"),
     ("<link rel='stylesheet' href='https://evil.example/x.css'>", "其他网站"),
     ("<link rel='icon' href='http://evil.example/x.ico'>", "其他网站"),
     ("<div style='background:url(https://evil.example/x.png)'>x</div>", "样式从其他网站"),
     ("<style>@import 'https://evil.example/x.css';</style>", "样式从其他网站"),
     ("<style>p{background:url(//evil.example/x.png)}</style>", "样式从其他网站"),
     ("<div style='width:expression(alert(1))'>x</div>", "可执行的写法")],
)
def test_gate_refuses(html: str, expected: str) -> None:
    found = _messages(f"<!doctype html><html><body>{html}</body></html>")
    assert any(expected in m for m in found), found


@pytest.mark.parametrize(
    "html",
    ["<a href='https://other.example/page'>外链</a>",  # a link to another site is fine; loading from it is not
     "<a href='tel:05397212345'>电话</a> <a href='mailto:a@b.cn'>信箱</a>",
     "<img src='../../assets/images/logo.png' alt='标志'>",
     "<img src='https://www.junan.gov.cn/logo.png'>",  # the site's own host
     "<script src='../../assets/javascripts/bundle.js'></script><script src='../../assets/zwgk/zwgk.js'></script>",
     "<script id='__config' type='application/json'>{\"base\": \"..\"}</script>",
     "<link rel='canonical' href='https://other.example/'><link rel='prev' href='../a/'>",
     "<p>办公电话 0539-7212345，邮编 276600，2020-12-28 10:00，第 1 2 3 4 5 6 7 8 9 10 11 12 项</p>"],
)
def test_gate_lets_through(html: str) -> None:
    assert _messages(f"<!doctype html><html><body>{html}</body></html>") == []


def test_gate_allows_the_themes_own_inline_scripts_only_as_written(tmp_path: Path) -> None:
    (tmp_path / "base.html").write_text(
        '<script>__md_scope=new URL({{ base_url | tojson }},location)</script>'
        '<script>window.location.replace(["{{ page.meta.location }}"].join(""))</script>', encoding="utf-8")
    policy = gate.GatePolicy(inline_scripts=gate.theme_inline_scripts([tmp_path]))

    def found(html: str) -> list[gate.GateFinding]:
        return gate.inspect_html("a/index.html", html.encode(), policy)

    assert found('<script>__md_scope=new URL("../..",location)</script>') == []
    assert found('<script>__md_scope=new URL("x"+alert(1)+"",location)</script>')  # the value is a path, or refused
    # a theme script whose value could carry editor text is never allowed
    assert found('<script>window.location.replace(["javascript:alert(1)"].join(""))</script>')


# Each disguise of a personal number, as an editor might type it (the ID numbers are GB 11643's own
# examples; the card passes Luhn).
DISGUISES = [
    ("11010519491231002X", "1101**********002X"),
    ("110105 19491231 002X", "1101**********002X"),
    ("1101-0519-4912-3100-2X", "1101**********002X"),
    ("４４０５２４１８８００１０１００１４", "4405**********0014"),
    ("13812345678", "138****5678"),
    ("138-1234-5678", "138****5678"),
    ("138 1234 5678", "138****5678"),
    ("138.1234.5678", "138****5678"),
    ("+86 138 1234 5678", "138****5678"),
    ("+8613812345678", "138****5678"),
    ("１３８１２３４５６７８", "138****5678"),
    ("138\u200b1234\u200b5678", "138****5678"),
    ("138\u00ad1234\u00ad5678", "138****5678"),
    ("138\u202e12345678", "138****5678"),
    ("6222 0202 0011 2233 446", "6222***********3446"),
    # mathematical digits (beyond the BMP; NFKC reads them as 0-9)
    ("".join(chr(0x1D7CE + int(d)) for d in "13812345678"), "138****5678"),
]
HTML_ONLY = [  # markup and entities only hide digits where text is read as HTML
    ("138<!-- x -->1234<!---->5678", "138****5678"),
    ("138<span>1234</span>5678", "138****5678"),
    ("&#49;&#51;&#56;12345678", "138****5678"),
    ("&#x31;3812345678", "138****5678"),
]


@pytest.mark.parametrize(("text", "masked"), DISGUISES + HTML_ONLY)
def test_gate_finds_disguised_numbers_in_a_page(text: str, masked: str) -> None:
    found = _messages(f"<!doctype html><html><body><p>联系人 {text} 住大店镇</p></body></html>")
    assert any(masked in m for m in found), found
    assert not any(text in m for m in found)  # never echoed in full


@pytest.mark.parametrize(("text", "masked"), DISGUISES)
def test_source_check_finds_disguised_numbers_at_their_line(repo: Path, text: str, masked: str) -> None:
    f = repo / "catalogues/county/shehui-jiuzhu.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("subcategory: 政策\n", f"subcategory: '政策 {text}'\n", 1),
                 encoding="utf-8")
    hits = [d for d in check(load_project(repo)) if d.code in ("ZW601", "ZW602", "ZW603")]
    assert [(d.file, d.line) for d in hits] == [("catalogues/county/shehui-jiuzhu.yaml", 9)], hits
    assert masked in hits[0].message


def test_a_number_the_gate_finds_is_traced_to_its_line_after_the_build_let_the_sources_go(repo: Path) -> None:
    """A build drops what the checks read of the sources once they have run (memory); when the gate
    then stops the build on a number, the error still names the source file and line."""
    from zwgk.plugin import ZwgkPlugin

    f = repo / "catalogues/county/shehui-jiuzhu.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("subcategory: 政策\n", "subcategory: '政策 138 1234 5678'\n", 1),
                 encoding="utf-8")
    plugin = ZwgkPlugin()
    plugin.root = repo
    plugin.project = load_project(repo)
    plugin.project.forget_sources()
    assert "catalogues/county/shehui-jiuzhu.yaml" not in plugin.project.sources
    finding = gate.GateFinding("county/shehui-jiuzhu/index.html", "有手机号码 138****5678", digits="13812345678")
    assert plugin._trace(finding) == "（来源：catalogues/county/shehui-jiuzhu.yaml:9）"


@pytest.mark.parametrize(("text", "masked"), DISGUISES + HTML_ONLY)
def test_source_check_finds_disguised_numbers_in_a_markdown_page(repo: Path, text: str, masked: str) -> None:
    (repo / "content/notice.md").write_text(f"# 公示\n\n名单：王五 {text}。\n", encoding="utf-8")
    hits = [d for d in check(load_project(repo)) if d.code in ("ZW601", "ZW602", "ZW603")]
    assert [(d.file, d.line, masked in d.message) for d in hits] == [("content/notice.md", 3, True)]


def test_numbers_in_file_names_and_site_settings(repo: Path) -> None:
    (repo / "content/王五13812345678.md").write_text("# 公示\n", encoding="utf-8")
    cfg = repo / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("site_name: 测试专栏",
                                                            "site_name: 测试专栏\nsite_author: 王五 139-1234-5678"),
                   encoding="utf-8")
    hits = sorted((d.code, d.file, d.line) for d in check(load_project(repo)) if d.code == "ZW602")
    assert hits == [("ZW602", "content/王五13812345678.md", 1), ("ZW602", "mkdocs.yml", 2)]
    assert gate.inspect_site  # the gate reads file names too:
    site = repo / "fake-site"
    (site / "王五13912345678").mkdir(parents=True)
    (site / "王五13912345678/index.html").write_text("<p>公示</p>", encoding="utf-8")
    found = gate.inspect_site(site, POLICY)
    assert [f.file for f in found if "139****5678" in f.message] == ["王五13912345678/index.html"]


def test_gate_reads_the_search_index_feed_and_downloads(tmp_path: Path) -> None:
    import zipfile

    (tmp_path / "search").mkdir()
    (tmp_path / "search/search_index.json").write_text(  # \u escapes, as the search plugin writes Chinese
        r'{"docs": [{"text": "\u7535\u8bdd \u0031\u0033\u0038 1234 5678"}]}', encoding="utf-8")
    (tmp_path / "feed.xml").write_text("<feed><content type='html'>&lt;p&gt;440524188001010014&lt;/p&gt;</content></feed>",
                                       encoding="utf-8")
    (tmp_path / "a.csv").write_text("名称,号码\n王五,6222 0202 0011 2233 446\n", encoding="utf-8-sig")
    with zipfile.ZipFile(tmp_path / "b.xlsx", "w") as z:
        z.writestr("xl/worksheets/sheet1.xml", "<c><is><t>11010519491231002X</t></is></c><c><f>1+1</f></c>")
    found = {(f.file, f.message.split("有")[-1]) for f in gate.inspect_site(tmp_path, POLICY)}
    assert ("search/search_index.json", "手机号码 138****5678") in found
    assert ("feed.xml", "居民身份证号码 4405**********0014") in found
    assert ("a.csv", "银行卡号 6222***********3446") in found
    assert any(f == "b.xlsx" and "1101**********002X" in m for f, m in found)
    assert any(f == "b.xlsx" and "公式" in m for f, m in found)


def test_the_site_read_in_two_parts_is_the_site_read_whole(tmp_path: Path) -> None:
    """The build reads the site except the search index while Pagefind writes it, then the index:
    together the same findings as one reading, the index's own included."""
    (tmp_path / "pagefind/fragment").mkdir(parents=True)
    (tmp_path / "pagefind/zwgk-search.json").write_text('{"words": "电话|13812345678"}', encoding="utf-8")
    (tmp_path / "pagefind/fragment/x.js").write_text("fetch('https://evil.example/x')", encoding="utf-8")
    (tmp_path / "downloads").mkdir()
    (tmp_path / "downloads/a.csv").write_text("名称,号码\n王五,6222 0202 0011 2233 446\n", encoding="utf-8-sig")
    (tmp_path / "index.html").write_text("<p>联系 139 1234 5678</p>", encoding="utf-8")
    whole = gate.inspect_site(tmp_path, POLICY)
    rest = gate.inspect_site(tmp_path, POLICY, skip="pagefind")
    index = gate.inspect_site(tmp_path, POLICY, only="pagefind")
    assert sorted(rest + index, key=repr) == sorted(whole, key=repr)
    assert {f.file for f in index} == {"pagefind/zwgk-search.json"} and "pagefind" not in {f.file[:8] for f in rest}
    assert {f.file for f in rest} == {"downloads/a.csv", "index.html"}


@pytest.mark.parametrize(
    "text",
    ["办公电话0539-7212345，邮编276600", "文号国办发〔2019〕54号，2020年12月31日", "110105194912310021 校验位不对",
     "公安备案 37132702000001号", "序号 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
     "2020.12.28 2021.01.05 2021.01.15", "共发布信息8981条（其中，政务公开类信息7960条，动态类信息1021条）",
     "13 1515000 14", "附件 12 3456789 01 23"],  # table cells read one after another in a search index
)
def test_ordinary_numbers_are_not_personal(text: str) -> None:
    assert pii.find_numbers(pii.normalise(text)) == []


def test_csv_cells_that_read_as_formulas_are_neutralised() -> None:
    cases = {"=1+1": "'=1+1", "+861": "'+861", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx",
             "\rx": "'\rx", "＝1": "'＝1", "社会救助": "社会救助", "1-2": "1-2"}
    assert {k: csv_cell(k) for k in cases} == cases


# --- names, titles, settings and page front matter ----------------------------------------------

def _codes(repo: Path, *codes: str) -> list[tuple[str, str, int]]:
    return sorted((d.code, d.file, d.line) for d in check(load_project(repo)) if d.code in codes)


def _edit(repo: Path, rel: str, old: str, new: str) -> None:
    f = repo / rel
    text = f.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    f.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("rel", "old", "new", "line"),
    [("catalogues/units.yaml", "name: 莒南县民政局", "name: 莒南县民政局<script>x()</script>", 7),
     ("catalogues/units.yaml", "aliases: [县民政局,", "aliases: ['县民政局\"><img src=x>',", 8),
     ("catalogues/domains.yaml", "name: 社会救助", "name: 社会救助&lt;b&gt;", None),
     ("bulletins/2024-q2/bulletin.yaml", "issuer: ", "issuer: <b>", None)],
)
def test_markup_in_a_name_that_becomes_a_title_is_refused(repo: Path, rel: str, old: str, new: str,
                                                          line: int | None) -> None:
    _edit(repo, rel, old, new)
    found = _codes(repo, "ZW108")
    assert [(c, f) for c, f, _ in found] == [("ZW108", rel)]
    if line is not None:
        assert found[0][2] == line


def test_invisible_and_bidi_characters_and_look_alike_names(repo: Path) -> None:
    _edit(repo, "catalogues/units.yaml", "name: 大店镇人民政府", "name: 大店镇\u202e府政民人")
    _edit(repo, "catalogues/units.yaml", "aliases: [县应急管理局]", "aliases: [县应急管理局, 县民政局\u200b]")
    _edit(repo, "catalogues/county/shehui-jiuzhu.yaml", "subjects: [县民政局]", "subjects: [县民政局\u200b]")
    found = _codes(repo, "ZW009", "ZW212")
    assert ("ZW009", "catalogues/units.yaml", 15) in found  # the right-to-left override
    assert ("ZW009", "catalogues/units.yaml", 25) in found and ("ZW212", "catalogues/units.yaml", 25) in found
    assert ("ZW009", "catalogues/county/shehui-jiuzhu.yaml", 24) in found


def test_look_alike_letters_and_full_width_forms_in_a_registry(repo: Path) -> None:
    # Cyrillic "о" and a full-width name read the same as names already registered
    _edit(repo, "catalogues/units.yaml", "aliases: [县应急管理局]", "aliases: [县应急管理局, 县民政局（ｔｅｓｔ）]")
    _edit(repo, "catalogues/units.yaml", "aliases: [县教体局, 教体局]", "aliases: [县教体局, 教体局, 县民政局(test)]")
    assert ("ZW212", "catalogues/units.yaml", 25) in _codes(repo, "ZW212")
    _edit(repo, "catalogues/county/shehui-jiuzhu.yaml", "subjects: [县民政局]", "subjects: [县民政局（ｔｅｓｔ）]")
    msgs = [d.message for d in check(load_project(repo)) if d.code == "ZW202"]
    assert msgs == [] or all("看起来是" in m for m in msgs)


@pytest.mark.parametrize(
    ("setting", "code"),
    [("contact: <script>window.__x=1</script>", "ZW704"),
     ("contact: 电话 0539-0000000\" onmouseover=\"x()", "ZW704"),
     ("report_url: javascript:alert(1)", "ZW704"),
     ("police_link: data:text/html,hi", "ZW704"),
     ("site_id_code: \"37130000<b>\"", "ZW704")],
)
def test_footer_settings_are_held_to_their_shapes(repo: Path, setting: str, code: str) -> None:
    cfg = repo / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8")
    key = setting.split(":")[0]
    lines = [f"    {setting}" if ln.strip().startswith(f"{key}:") else ln for ln in text.splitlines()]
    # MkDocs' own YAML tags (Material's emoji setup) must not switch the check off
    lines.append("markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji")
    cfg.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = _codes(repo, code)
    assert found and found[0][1] == "mkdocs.yml"
    assert found[0][2] == next(i for i, ln in enumerate(lines, 1) if ln.strip().startswith(f"{key}:"))


@pytest.mark.parametrize(
    ("front", "line"),
    [("hide: 5", 2), ("template: redirect.html", 2), ("updated: 2026-02-30", 2), ("title: <img src=x onerror=y>", 2),
     ("description: '\"><script>x()</script>'", 2), ("search: {boost: lots}", 2)],
)
def test_hand_written_page_front_matter_is_checked(repo: Path, front: str, line: int) -> None:
    (repo / "content/about.md").write_text(f"---\n{front}\n---\n\n# 关于\n", encoding="utf-8")
    found = _codes(repo, "ZW705")
    assert found == [("ZW705", "content/about.md", line)]


def test_multimarkdown_style_settings_are_read_as_mkdocs_reads_them(repo: Path) -> None:
    (repo / "content/about.md").write_text("Template: redirect.html\nLocation: javascript:x()\n\n# 关于\n",
                                           encoding="utf-8")
    assert [line for _, _, line in _codes(repo, "ZW705")] == [1, 2]


# --- paths, links and the staged site ----------------------------------------------------------

def test_symlinks_among_the_sources_are_refused(repo: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("HOME=/root\nTOKEN=abc\n", encoding="utf-8")
    (repo / "content/env.md").symlink_to(secret)
    (repo / "catalogues/county/extra.yaml").symlink_to(repo / "catalogues/county/jiuzai.yaml")
    (repo / "content/loop").symlink_to(repo / "content")  # a loop never hangs the walk
    found = _codes(repo, "ZW008")
    assert found == [("ZW008", "catalogues/county/extra.yaml", 1), ("ZW008", "content/env.md", 1),
                     ("ZW008", "content/loop", 1)]
    assert "content/env.md" not in load_project(repo).pages


@pytest.mark.parametrize("name", [".site.zwgk-new", "site"])
def test_a_committed_link_never_makes_the_build_write_elsewhere(repo: Path, tmp_path: Path, name: str) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("important", encoding="utf-8")
    (repo / name).symlink_to(elsewhere, target_is_directory=True)
    r = mkdocs_build(repo, repo / "site")
    assert r.returncode != 0 and "符号链接" in r.stderr and "Traceback" not in r.stderr
    assert sorted(p.name for p in elsewhere.iterdir()) == ["keep.txt"]
    assert (elsewhere / "keep.txt").read_text(encoding="utf-8") == "important"


def test_a_second_build_into_the_same_folder_is_refused_while_one_runs(repo: Path) -> None:
    import fcntl

    lock = repo / ".site.zwgk-lock"
    with lock.open("a+b") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        r = mkdocs_build(repo, repo / "site")
    assert r.returncode != 0 and "另一个构建正在写入" in r.stderr
    assert not (repo / "site").exists()


def test_a_site_path_that_is_a_file_stops_cleanly(repo: Path) -> None:
    (repo / "site").write_text("not a folder", encoding="utf-8")
    r = mkdocs_build(repo, repo / "site")
    assert r.returncode != 0 and "不是文件夹" in r.stderr and "Traceback" not in r.stderr


def test_the_gate_stops_what_no_source_check_sees_and_keeps_the_old_site(repo: Path) -> None:
    out = repo / "site"
    assert mkdocs_build(repo, out).returncode == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # files in the docs folder that MkDocs copies as they are
    (repo / "content/evil.html").write_text("<p>hi</p><script>window.__x=1</script>", encoding="utf-8")
    (repo / "content/logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg' onload='x()'/>",
                                           encoding="utf-8")
    (repo / "content/list.csv").write_text("王五,13812345678\n", encoding="utf-8")
    r = mkdocs_build(repo, out)
    assert r.returncode != 0 and "Traceback" not in r.stderr
    for expected in ("evil.html: 有不在允许清单中的内联脚本", "logo.svg: <svg> 有事件属性 onload",
                     "list.csv: 有手机号码 138****5678", "原来的网站不变"):
        assert expected in r.stderr, r.stderr
    assert "13812345678" not in r.stderr
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


# --- no tracebacks, bounded work -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("rel", "old", "new", "code"),
    [("catalogues/county/shehui-jiuzhu.yaml", "- id: zc", "- id: " + "a" * 300, "ZW106"),
     ("catalogues/settings.yaml", "max_omitted_share: 0.5", "max_omitted_share: 0.5\ninspection:\n  news_days: "
      + "9" * 400, "ZW106"),
     ("bulletins/2024-q2/bulletin.yaml", "year: 2024", "year: 99999", "ZW106")],
)
def test_absurd_values_are_findings_not_tracebacks(repo: Path, rel: str, old: str, new: str, code: str) -> None:
    _edit(repo, rel, old, new)
    r = subprocess.run([sys.executable, "-m", "zwgk.cli", "check", "--root", str(repo)], capture_output=True,
                       text=True, check=False)
    assert r.returncode == 1 and "Traceback" not in r.stderr and f": {code} error" in r.stdout


def _timed_check(repo: Path) -> float:
    start = time.perf_counter()
    check(load_project(repo))
    return time.perf_counter() - start


def _many_items(repo: Path, n: int) -> None:
    items = "".join(
        f"  - {{id: i{k}, category: 类{k}, subcategory: 项, elements: [要素], basis: [《社会救助暂行办法》], "
        f"time_limit: 10个工作日内, subjects: [未登记单位{k}], channels: [政府网站], audience: 全社会, "
        f"method: 主动, levels: [县级]}}\n" for k in range(n))
    (repo / "catalogues/county/jiuzai.yaml").write_text(
        "domain: jiuzai\nsource: 测试\nstatus: official\nupdated: 2024-05-01\nitems:\n" + items, encoding="utf-8")


def test_check_time_is_linear_in_the_number_of_findings(repo: Path) -> None:
    _many_items(repo, 3_000)
    small = min(_timed_check(repo) for _ in range(2))
    _many_items(repo, 30_000)
    large = _timed_check(repo)
    assert len([d for d in check(load_project(repo)) if d.code == "ZW202"]) == 30_000
    assert large < small * 25, (small, large)  # ten times the findings: about ten times the time


def test_check_time_is_linear_in_the_length_of_a_value(repo: Path) -> None:
    zone = repo / "catalogues/zones/dadian.yaml"
    text = zone.read_text(encoding="utf-8")

    def with_hours(n: int) -> float:
        zone.write_text(text.replace("hours: [周一至周五 09:00-12:00,", f"hours: ['{'周一 ' * n}x 09:00-', "), encoding="utf-8")
        return min(_timed_check(repo) for _ in range(2))

    small, large = with_hours(20_000), with_hours(200_000)  # 100 KB and 1 MB values
    assert large < small * 25 + 1, (small, large)
    assert os.environ.get("PYTHONHASHSEED") != "stop"  # (keeps the values above in the report on failure)


def test_downloads_keep_formula_like_cells_as_text(repo: Path) -> None:
    import zipfile

    _edit(repo, "catalogues/county/shehui-jiuzhu.yaml", "elements: [社会救助政策法规, 政策解读]",
          "elements: ['=HYPERLINK(\"http://evil.example\",\"点我\")', '+1', '@SUM(A1)']")
    out = repo / "site"
    r = mkdocs_build(repo, out)
    assert r.returncode == 0, r.stderr
    import csv

    rows = list(csv.reader((out / "downloads/county/shehui-jiuzhu.csv").read_text(encoding="utf-8-sig").splitlines()))
    elements = rows[1][rows[0].index("公开内容（要素）")]
    assert elements.startswith("'=HYPERLINK(")  # Excel shows it as text, never runs it
    with zipfile.ZipFile(out / "downloads/county/shehui-jiuzhu.xlsx") as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet and 't="inlineStr"' in sheet and "=HYPERLINK" in sheet


def test_gate_allows_the_404_pages_absolute_paths_under_site_url_only(tmp_path: Path) -> None:
    """The 404 page is served at any address, so MkDocs writes its URLs from site_url's path."""
    (tmp_path / "base.html").write_text('<script>__md_scope=new URL({{ base_url | tojson }},location)</script>',
                                        encoding="utf-8")
    policy = gate.GatePolicy(inline_scripts=gate.theme_inline_scripts([tmp_path], "/zwgk/"), base_path="/zwgk/")
    page = ('<script>__md_scope=new URL("/zwgk/",location)</script>'
            '<script src="/zwgk/assets/javascripts/bundle.js"></script><script src="/zwgk/assets/zwgk/zwgk.js"></script>')
    assert gate.inspect_html("404.html", page.encode(), policy) == []
    # another path on the same host is not the site's own script folder, nor another base
    other = [f.message for f in gate.inspect_html("404.html", (
        b'<script>__md_scope=new URL("/other/",location)</script>'
        b'<script src="/other/assets/javascripts/bundle.js"></script>'), policy)]
    assert len(other) == 2 and "内联脚本" in other[0] and "不在允许清单" in other[1]
