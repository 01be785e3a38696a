"""The editor guide (content/guide/) says only what is true: every command and option it names
exists, every tasks.py command exists, every YAML example passes `zwgk check` where it says it
goes, every code it names is a rule, and every link in the built guide leads somewhere."""

from __future__ import annotations

import argparse
import importlib.util
import re
import shlex
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from zwgk import cli
from zwgk import diagnostics as dg
from zwgk.project import load_project
from zwgk.rules import check

from .conftest import FIXTURES, REPO, soup

GUIDE = REPO / "content" / "guide"
# the pages of the guide this test answers for (records.md is tested in test_inspect.py)
PAGES = ("index.md", "git.md", "commands.md", "files.md", "submissions.md")


def _tasks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("zwgk_tasks_for_guide", REPO / "tasks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TASKS = _tasks()


# --- reading the guide ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    """A fenced code block: its page, its first line number, language, marker comment and text."""

    page: str
    line: int
    lang: str
    marker: str | None
    text: str


FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>\w*)\s*$")
MARKER = re.compile(r"^\s*<!-- zwgk-example: (?P<what>.+?) -->\s*$")


def blocks(text: str, page: str = "") -> list[Block]:
    """Every fenced code block of a page, with the ``<!-- zwgk-example: … -->`` line just above it."""
    lines = text.splitlines()
    out: list[Block] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m is None or not m["lang"]:
            i += 1
            continue
        indent, start = m["indent"], i
        body: list[str] = []
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
            i += 1
        above = MARKER.match(lines[start - 1]) if start else None
        out.append(Block(page, start + 1, m["lang"], above["what"] if above else None, "\n".join(body) + "\n"))
        i += 1
    return out


def prose(text: str) -> str:
    """The page without its fenced code blocks."""
    return re.sub(r"^( *)```\w*\n.*?^\1```$", "", text, flags=re.S | re.M)


def inline_code(text: str) -> list[str]:
    return re.findall(r"`([^`\n]+)`", prose(text))


def page_text(name: str) -> str:
    return (GUIDE / name).read_text(encoding="utf-8")


def commands_in(text: str) -> Iterator[str]:
    """Each command line the guide shows: code block lines and inline code, comments dropped."""
    for b in blocks(text):
        if b.lang in ("sh", "powershell", "bat"):
            for line in b.text.splitlines():
                line = re.split(r"\s+#\s", line)[0].strip()
                if line:
                    yield line
    yield from inline_code(text)


# --- zwgk commands -------------------------------------------------------------------------------

ZWGK = re.compile(r"(?:^|\s|[\\/])zwgk (?=[a-z-]+(?:\s|$))(?P<args>.*)$")


def subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = cli._parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def options_of(p: argparse.ArgumentParser) -> set[str]:
    return {o for a in p._actions for o in a.option_strings}


def zwgk_args(line: str) -> list[str] | None:
    """The arguments after ``zwgk`` on a command line (``zwgk``, ``.venv\\Scripts\\zwgk``,
    ``tasks.py zwgk``), or None when the line runs no zwgk command."""
    if line.startswith(("pip ", "pre-commit")):
        return None
    m = ZWGK.search(line)
    if m is None:
        m = re.search(r"tasks\.py (?:check) (?P<args>.*)$", line)
        return ["check", *shlex.split(m["args"], posix=False)] if m else None
    return shlex.split(m["args"].replace("\\", "/"))


def test_the_guide_is_read_as_its_commands() -> None:
    """The reader itself: a code line, an inline command and a Windows path are each found."""
    text = "运行 `zwgk check --format json`：\n\n```powershell\n.venv\\Scripts\\zwgk rules  # 列出\n```\n"
    found = [zwgk_args(c) for c in commands_in(text)]
    assert ["rules"] in found and ["check", "--format", "json"] in found


def _parse(args: list[str]) -> str | None:
    """Why the zwgk command line ``args`` does not parse, or None."""
    try:
        cli._parser().parse_args(args)
    except SystemExit as e:
        return f"exit {e.code}"
    return None


def test_every_zwgk_command_line_in_the_guide_parses(capsys: pytest.CaptureFixture[str]) -> None:
    subs = subparsers()
    seen: set[str] = set()
    problems: list[str] = []
    for name in PAGES:
        for line in commands_in(page_text(name)):
            args = zwgk_args(line)
            if not args or "…" in line:
                continue
            if args[0] not in subs:
                problems.append(f"{name}: 没有 zwgk {args[0]}：{line}")
                continue
            seen.add(args[0])
            unknown = [a.split("=")[0] for a in args[1:] if a.startswith("--") and a.split("=")[0] not in options_of(subs[args[0]])]
            if unknown:
                problems.append(f"{name}: zwgk {args[0]} 没有 {unknown}：{line}")
            elif len(args) > 1 and "--help" not in args and (why := _parse(args)) is not None:
                problems.append(f"{name}: 不能运行（{why}）：{line}")
    capsys.readouterr()
    assert problems == []
    assert seen == set(subs), f"guide never shows: {set(subs) - seen}"


def test_a_wrong_command_or_option_is_caught() -> None:
    """The checks above can fail: an option of another command, a command that does not exist."""
    assert zwgk_args("zwgk import-town dadian a.xlsx --out x") == ["import-town", "dadian", "a.xlsx", "--out", "x"]
    assert "--out" not in options_of(subparsers()["import-town"])
    assert "publish" not in subparsers()
    assert _parse(["new-town"]) is not None  # the town is required


def _section(text: str, command: str) -> str:
    m = re.search(rf"^## zwgk {re.escape(command)} .*?$(?P<body>.*?)(?=^## |\Z)", text, re.S | re.M)
    assert m is not None, f"commands.md has no section for zwgk {command}"
    return m["body"]


@pytest.mark.parametrize("command", sorted(subparsers()))
def test_commands_page_names_each_option_of_each_command(command: str) -> None:
    """Each command's section in commands.md names every option the command has, and no other."""
    body = _section(page_text("commands.md"), command)
    p = subparsers()[command]
    have = options_of(p) - {"-h", "--help"}
    named = {c.split()[0] for c in inline_code(body) if c.startswith("--")}
    assert have - named == set(), f"zwgk {command}: options not in the guide"
    assert named - have - {"--help"} == set(), f"zwgk {command}: the guide names options it does not have"
    positionals = [a.dest for a in p._actions if not a.option_strings and a.dest != "help"]
    shown = [args for c in commands_in(body) if (args := zwgk_args(c)) and args[0] == command]
    for args in shown:
        assert _parse(args) is None, args
    if positionals:
        assert any(len(args) > len(positionals) for args in shown), f"zwgk {command}: no example with its {positionals}"


def _other_options() -> set[str]:
    """Options the guide may name that belong to tasks.py or to mkdocs build, checked to exist."""
    from mkdocs.__main__ import cli as mkdocs_cli

    build = mkdocs_cli.commands["build"]  # type: ignore[attr-defined]
    mkdocs = {o for p in build.params for o in p.opts}
    ok = {o for o in ("--dry-run", "--venv") if TASKS.Arguments([o, *(["x"] if o == "--venv" else []), "setup"]).problem is None}
    return mkdocs | ok


def test_every_option_the_guide_names_exists() -> None:
    every = set().union(*(options_of(p) for p in subparsers().values())) | _other_options()
    assert "--strict" in every and "--dry-run" in every
    for name in PAGES:
        named = {c.split()[0] for c in inline_code(page_text(name)) if re.fullmatch(r"--[a-z][a-z-]*(?: .*)?", c)}
        assert named - every == set(), name


# --- tasks.py ------------------------------------------------------------------------------------

TASKS_LINE = re.compile(r"(?:py(?: -3\.\d+)?|python3?) tasks\.py(?P<args>(?: \S+)*)")


def tasks_commands(text: str) -> list[list[str]]:
    out = []
    for line in commands_in(text):
        for m in TASKS_LINE.finditer(line):
            out.append(m["args"].split())
    return out


def test_every_tasks_command_in_the_guide_exists() -> None:
    found = [args for name in PAGES for args in tasks_commands(page_text(name))]
    assert ["setup"] in found and ["serve"] in found
    for args in found:
        if "…" in args:
            args = args[:args.index("…")]
        parsed = TASKS.Arguments(args)
        assert parsed.problem is None and parsed.command is not None, (args, parsed.problem)
        if parsed.command in ("zwgk", "check") and parsed.args:
            assert _parse(["check", *parsed.args] if parsed.command == "check" else parsed.args) is None, args


def test_tasks_commands_are_read_and_checked() -> None:
    assert tasks_commands("`py -3.11 tasks.py --dry-run site`") == [["--dry-run", "site"]]
    assert TASKS.Arguments(["publish"]).problem is not None


def test_guide_lists_every_tasks_command() -> None:
    index = page_text("index.md")
    named = {TASKS.Arguments(args).command for args in tasks_commands(index)}
    assert set(TASKS.HELP) - {"lint", "browsers"} <= named | {"help"}


# --- YAML examples -------------------------------------------------------------------------------

def examples() -> list[Block]:
    return [b for name in PAGES for b in blocks(page_text(name), name) if b.lang == "yaml"]


def test_every_yaml_block_is_a_marked_example() -> None:
    found = examples()
    assert len(found) >= 10
    unmarked = [f"{b.page}:{b.line}" for b in found if b.marker is None]
    assert unmarked == [], "a ```yaml block without <!-- zwgk-example: path --> above it"


def place(repo: Path, example: Block) -> str:
    """Put an example into the repository copy where its marker says; its path."""
    assert example.marker is not None
    path, _, how = example.marker.partition(" ")
    target = repo / path
    target.parent.mkdir(parents=True, exist_ok=True)
    if how == "append":
        data = yaml.safe_load(target.read_text(encoding="utf-8"))
        last = list(data)[-1]
        assert isinstance(yaml.safe_load(example.text), list), "an appended example is list items"
        assert isinstance(data[last], list), f"{path}: its last key {last} is not a list"
        target.write_text(target.read_text(encoding="utf-8").rstrip("\n") + "\n" + example.text, encoding="utf-8")
    else:
        assert how == "", example.marker
        target.write_text(example.text, encoding="utf-8")
    return path


def check_example(tmp_path: Path, example: Block) -> list[dg.Diagnostic]:
    """The errors and warnings of the fixture repository with the example in place."""
    repo = tmp_path / "repo"
    if repo.exists():
        shutil.rmtree(repo)
    shutil.copytree(FIXTURES / "repo", repo)
    path = place(repo, example)
    project = load_project(repo)
    assert path in project.sources, f"{path} was not read as a source"
    return [d for d in check(project) if d.severity is not dg.Severity.INFO]


@pytest.mark.parametrize("example", examples(), ids=lambda b: f"{b.page}:{b.line}")
def test_yaml_example_passes_check_where_it_goes(tmp_path: Path, example: Block) -> None:
    assert check_example(tmp_path, example) == []


def test_a_broken_example_fails(tmp_path: Path) -> None:
    """The example check can fail: the town example without its reason, the settings with a bad date."""
    town = next(b for b in examples() if b.marker == "catalogues/towns/dadian.yaml" and "reason:" in b.text)
    broken = Block(town.page, town.line, "yaml", town.marker, re.sub(r"\n\s*reason: .*", "", town.text))
    assert {d.code for d in check_example(tmp_path, broken)} == {"ZW320"}
    unit = next(b for b in examples() if b.marker == "catalogues/units.yaml append")
    broken = Block(unit.page, unit.line, "yaml", unit.marker, unit.text.replace("kind: department", "kind: bureau"))
    assert "ZW104" in {d.code for d in check_example(tmp_path, broken)}
    screened = next(b for b in examples() if "screening_note:" in b.text)
    broken = Block(screened.page, screened.line, "yaml", screened.marker, re.sub(r"\nscreening_note: .*", "", screened.text))
    assert {d.code for d in check_example(tmp_path, broken)} == {"ZW304"}  # what the guide says it is for


# --- what the guide says about 序号 on import ----------------------------------------------------

def test_seq_is_kept_by_import_town_and_only_reported_by_import_xlsx(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """files.md, commands.md and submissions.md: import-town keeps each row's 序号 (seq) and the check
    reports a gap at the workbook cell (ZW205); import-xlsx names the cell and writes no seq."""
    from openpyxl import load_workbook

    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "repo", repo)
    assert cli.main(["forms", "--out", str(tmp_path / "forms"), "--root", str(repo)]) == 0
    for kind, name in (("towns", "dadian"), ("county", "shehui-jiuzhu")):
        wb = load_workbook(tmp_path / "forms" / kind / f"{name}.xlsx")
        wb["社会救助"]["A5"], wb["社会救助"]["A6"] = 3, 4
        wb.save(tmp_path / f"{name}.xlsx")
    capsys.readouterr()
    assert cli.main(["import-town", "dadian", str(tmp_path / "dadian.xlsx"), "--root", str(repo),
                     "--submitted-on", "2020-12-20"]) == 1
    assert "社会救助!A5: ZW205 error 目录序号缺项：序号从 1 跳到 3，缺少 2" in capsys.readouterr().out
    town = yaml.safe_load((repo / "catalogues/towns/dadian.yaml").read_text(encoding="utf-8"))
    assert [e.get("seq") for e in town["domains"][0]["items"]] == [1, 3, 4]
    gap = [d for d in check(load_project(repo)) if d.code == "ZW205"]
    assert [d.message.endswith("（报送表格 社会救助!A5）") for d in gap] == [True]
    out = tmp_path / "county.yaml"
    assert cli.main(["import-xlsx", str(tmp_path / "shehui-jiuzhu.xlsx"), "--sheet", "社会救助",
                     "--domain", "shehui-jiuzhu", "--out", str(out), "--root", str(repo)]) == 0
    assert "shehui-jiuzhu.xlsx:社会救助!A5: 目录序号缺项：序号从 1 跳到 3" in capsys.readouterr().err
    assert "seq:" not in out.read_text(encoding="utf-8")


# --- rule codes ----------------------------------------------------------------------------------

def test_every_code_the_guide_names_is_a_rule() -> None:
    codes = {r.code for r in dg.all_rules()}
    for name in PAGES:
        named = set(re.findall(r"ZW\d{3}", page_text(name)))
        assert named - codes == set(), name


def test_common_findings_table_says_each_codes_level() -> None:
    text = page_text("index.md")
    table = text.split("<!-- zwgk-codes -->", 1)[1].split("\n\n", 1)[0]
    rows = re.findall(r"^\| (ZW\d{3}) \| (\S+) \|", table, re.M)
    assert len(rows) >= 15
    level = {dg.Severity.ERROR: "错误", dg.Severity.WARNING: "警告", dg.Severity.INFO: "提示"}
    for code, said in rows:
        assert said == level[dg.rule_of(code).severity], code


# --- the built guide -----------------------------------------------------------------------------

def guide_pages(site: Path) -> list[Path]:
    return [site / "guide" / ("index.html" if n == "index.md" else f"{n.removesuffix('.md')}/index.html") for n in PAGES]


def test_every_link_in_the_built_guide_resolves(shipped_site: Path) -> None:
    for page in guide_pages(shipped_site):
        article = soup(page).select_one("article")
        assert article is not None, page
        links = [a["href"] for a in article.select("a[href]")]
        assert links, page
        for href in map(str, links):
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(shipped_site)}: {href}"
            if parts.fragment:
                assert soup(target).find(id=unquote(parts.fragment)) is not None, \
                    f"{page.relative_to(shipped_site)}: {href} (no such anchor)"


def test_every_guide_page_is_reachable_from_the_guide_index(shipped_site: Path) -> None:
    index = soup(shipped_site / "guide/index.html").select_one("article")
    assert index is not None
    hrefs = {str(a["href"]).split("#")[0] for a in index.select("a[href]")}
    for name in (*PAGES[1:], "records.md", "rules.md", "fields.md", "sources.md"):
        assert f"{name.removesuffix('.md')}/" in hrefs, name


def test_every_code_block_is_shown_as_code(shipped_site: Path) -> None:
    """Python-Markdown shows a fence indented inside a list as text: each block must come out as one."""
    for name, page in zip(PAGES, guide_pages(shipped_site), strict=True):
        article = soup(page).select_one("article")
        assert article is not None
        shown = [pre.get_text() for pre in article.select("pre")]
        written = blocks(page_text(name))
        assert len(shown) == len(written), name
        for pre, block in zip(shown, written, strict=True):
            assert pre.strip() == block.text.strip(), f"{name}:{block.line}"


def test_the_examples_markers_are_not_shown(shipped_site: Path) -> None:
    html = (shipped_site / "guide/files/index.html").read_text(encoding="utf-8")
    page = soup(shipped_site / "guide/files/index.html")
    assert "zwgk-example" not in page.get_text() and "zwgk-example" not in html
    # and the examples are there, as code
    assert any("town: dadian" in c.get_text() for c in page.select("article pre code"))
