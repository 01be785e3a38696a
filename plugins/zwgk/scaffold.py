"""Editor commands that write files (编辑辅助): import a spreadsheet, start a bulletin, start a town.

Each writes the canonical layout, refuses to overwrite without ``--force``, and leaves what a person
must fill as 待填写, which ``zwgk check`` then names (ZW204) until it is filled.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import re
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.utils.exceptions import InvalidFileException

from . import importer, writer
from .project import BULLETINS, CATALOGUES, SLUG_QUARTER, Project, load_project
from .schema import SLUG


def _err(msg: str) -> None:
    print(f"zwgk: {msg}", file=sys.stderr)


def read_sources(root: Path) -> Project | None:
    """The repository's sources for a command, or None (the reason printed) when there are none."""
    try:
        return load_project(root)
    except FileNotFoundError as e:
        _err(str(e))
        return None


def _town_unit(project: Project, town_id: str) -> Any:
    """The registered town or street ``town_id``, or None (the reason printed)."""
    unit = project.registry.unit_by_id.get(town_id)
    if unit is None or unit.kind not in ("town", "street"):
        _err(f"「{town_id}」不是 catalogues/units.yaml 中的镇街编号")
        return None
    return unit


def _bad_town_id(town_id: str) -> bool:
    if re.fullmatch(SLUG, town_id):
        return False
    _err(f"「{town_id}」不是镇街编号：编号只能由小写拼音、数字和连字符组成，如 dadian")
    return True


def _write(path: Path, text: str, force: bool = False) -> bool:
    if path.exists() and not force:
        _err(f"{path} 已存在：如确需覆盖，请加 --force")
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    print(f"已写入 {path}", file=sys.stderr)
    return True


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls, .et and password-protected .xlsx
_ZIP = b"PK\x03\x04"
_XLSX = (".xlsx", ".xlsm", ".xltx", ".xltm")
_SAVE_AS = ("请用 Excel 打开它，点「文件 → 另存为」，「保存类型」选「Excel 工作簿 (*.xlsx)」；"
            "用 WPS 的，点「文件 → 另存为」，「文件类型」选 .xlsx（Microsoft Excel 文件）。"
            "保存后用新的 .xlsx 文件重新运行本命令")
_FORMATS = {".xls": "旧版 Excel 97-2003 工作簿（.xls）", ".et": "WPS 表格文件（.et）",
            ".xlsb": "Excel 二进制工作簿（.xlsb）", ".ods": "OpenDocument 表格（.ods）",
            ".csv": "CSV 文本文件（.csv）", ".txt": "文本文件（.txt）", ".numbers": "Numbers 表格（.numbers）",
            ".wps": "WPS 文字文档（.wps）", ".doc": "Word 文档（.doc）", ".docx": "Word 文档（.docx）"}


def workbook_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read as an .xlsx workbook, in Chinese with what to do, judged by its
    name and its first bytes (an old .xls renamed .xlsx is still an old .xls); None if it may be one."""
    try:
        with path.open("rb") as f:
            head = f.read(512)
    except OSError as e:
        return _os_problem(path, e)
    suffix = path.suffix.lower()
    if head.startswith(_OLE2):
        if suffix in _XLSX:
            return (f"「{path.name}」设置了打开密码（加密的工作簿无法读取）：请在 Excel 中打开，"
                    "点「文件 → 信息 → 保护工作簿 → 用密码进行加密」，清空密码后保存（WPS：「文件 → 文档加密 → "
                    "密码加密」中清空打开密码），再重新运行本命令")
        what = _FORMATS.get(suffix) if suffix in (".xls", ".et") else None
        return f"「{path.name}」是{what or '旧版 Excel 97-2003 工作簿（.xls 格式）'}，本命令只能读取 .xlsx：{_SAVE_AS}"
    if head.startswith(_ZIP):
        if suffix in _XLSX:
            return None
        what = _FORMATS.get(suffix) or f"{suffix or '没有扩展名的'}文件"
        return f"「{path.name}」是{what}，本命令只能读取 .xlsx：{_SAVE_AS}"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] == b"<":
        return (f"「{path.name}」其实是网页（HTML）或 XML 格式的表格，只是扩展名为 {suffix or '空'}"
                f"（一些系统导出的「Excel」是这样）：{_SAVE_AS}")
    if suffix in _FORMATS:
        return f"「{path.name}」是{_FORMATS[suffix]}，本命令只能读取 .xlsx：{_SAVE_AS}"
    return f"无法读取「{path.name}」：它不是 Excel 工作簿（.xlsx），或者文件已损坏。{_SAVE_AS}"


def _os_problem(path: Path, e: OSError) -> str:
    if isinstance(e, PermissionError):
        return f"没有权限读取「{path.name}」（文件可能正在 Excel 或 WPS 中打开）：请关闭后重试"
    return f"无法读取「{path.name}」：请确认文件存在、没有被其他程序占用"


def import_xlsx(args: argparse.Namespace) -> int:
    if not args.xlsx.is_file():
        _err(f"找不到文件 {args.xlsx}")
        return 2
    problem = workbook_problem(args.xlsx)
    if problem is not None:
        _err(problem)
        return 2
    project = read_sources(args.root)
    if project is None:
        return 2

    def progress(done: int, total: int) -> None:
        print(f"已读取 {done}/{total} 行", file=sys.stderr)

    try:
        sheets = importer.import_workbook(args.xlsx, project.registry, args.sheet, args.id_prefix, progress)
    except KeyError:
        # openpyxl's words are English and name its internals: the editor gets what to do instead
        _err(f"工作簿中没有工作表「{args.sheet}」" if args.sheet
             else f"「{args.xlsx.name}」的内容不完整（文件可能已损坏）：{_SAVE_AS}")
        return 2
    except OSError as e:
        _err(_os_problem(args.xlsx, e))
        return 2
    except (ValueError, zipfile.BadZipFile, InvalidFileException):  # not a workbook, or damaged
        _err(f"无法读取「{args.xlsx.name}」（不是有效的 .xlsx 工作簿，或文件已损坏）：{_SAVE_AS}")
        return 2
    if len(sheets) > 1 and args.out is not None and args.out.suffix:
        _err("工作簿有多个工作表：--out 请给一个文件夹，或用 --sheet 指定一个工作表")
        return 2
    if len(sheets) > 1 and args.out is None:
        _err("工作簿有多个工作表：请用 --out 指定输出文件夹，或用 --sheet 指定一个工作表")
        return 2
    written = 0
    for sh in sheets:
        for issue in sh.issues:
            print(f"{args.xlsx.name}:{issue}", file=sys.stderr)
        # names come from the registry and our own arguments only: the workbook (its hidden
        # properties included) is the sender's, and never chooses a file name or a YAML key
        domain = args.domain or sh.domain
        registered = project.registry.domain_by_id.get(domain or "")
        if registered is None:
            what = f"领域编号「{domain}」不在 catalogues/domains.yaml 中" if domain else "不是领域名称"
            _err(f"工作表「{sh.sheet}」{what}：请用 --domain 指定登记表中的领域编号")
            return 2
        if not sh.items:
            _err(f"工作表「{sh.sheet}」没有读到任何事项")
            continue
        items_meta = sh.meta.get("items")
        extra: dict[str, object] = items_meta if isinstance(items_meta, dict) else {}
        for it in sh.items:
            more = extra.get(str(it["id"]))
            if isinstance(more, dict):
                it.update({k: v for k, v in more.items() if k in ("source", "status") and isinstance(v, str)})
        updated = args.updated or _date(sh.meta.get("updated")) or dt.date.today()
        status = str(args.status or (sh.meta["status"] if sh.meta.get("status") in ("draft", "official") else "draft"))
        text = writer.catalogue_yaml(
            registered.id, f"{registered.name}领域基层政务公开标准目录",
            args.source or str(sh.meta.get("source") or f"由 {args.xlsx.name} 导入，待核实"),
            status, updated, sh.items)
        if args.out is None:
            sys.stdout.write(text)
            written += 1
        elif _write(args.out / f"{registered.id}.yaml" if len(sheets) > 1 else args.out, text, args.force):
            written += 1
    return 0 if written else 1


def _date(v: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(v)) if v else None
    except ValueError:
        return None


BULLETIN_TEMPLATE = """\
# yaml-language-server: $schema=../../plugins/zwgk/schemas/bulletin.schema.json
# {label}政务公开工作情况通报：把「待填写」换成实际内容；没有的部分整段删除。
# 草稿（status: draft）不会发布，只在预览中显示；印发后把 status 改为 official
title: 关于{year}年第{qcn}季度全县政务公开工作情况的通报
# doc_number: 印发后照文件填写发文字号（文号）；没有或未核实的不写
issuer: 莒南县人民政府办公室
recipients: 各镇街人民政府（办事处），县直有关部门、单位
date: {date}
year: {year}
quarter: {quarter}
disclosure: 此件公开发布
source: 待填写（如：莒南县人民政府办公室 {year}年X月X日印发的通报原文）
status: draft
updated: {today}
opening: 待填写（开头一段）
sections:
  - heading: 一、基本工作情况
    body: |
      待填写
  - heading: 二、存在的问题
    body: |
      待填写
  - heading: 三、下一步工作要求
    body: |
      待填写
figures: []
annexes: []
"""


def new_bulletin(root: Path, quarter: str, force: bool = False) -> int:
    m_ = SLUG_QUARTER.match(quarter)
    if m_ is None:
        _err(f"「{quarter}」不是「年份-q季度」的格式，如 2026-q4")
        return 2
    year, q = int(m_.group(1)), int(m_.group(2))
    end_month = 3 * q
    next_start = dt.date(year + (q == 4), 1 if q == 4 else end_month + 1, 1)
    text = BULLETIN_TEMPLATE.format(label=f"{year}年第{'一二三四'[q - 1]}季度", year=year, quarter=q,
                                    qcn="一二三四"[q - 1], date=next_start.isoformat(),
                                    today=dt.date.today().isoformat())
    return 0 if _write(root / BULLETINS / quarter / "bulletin.yaml", text, force) else 1


def new_town(root: Path, town_id: str, force: bool = False) -> int:
    if _bad_town_id(town_id):
        return 2
    project = read_sources(root)
    if project is None:
        return 2
    unit = _town_unit(project, town_id)
    if unit is None:
        return 2
    lines = ["# yaml-language-server: $schema=../../plugins/zwgk/schemas/town-catalogue.schema.json",
             f"# {unit.name}基层政务公开标准目录（镇街级）：逐项筛选，修改的写明 reason，删除的写明 omit 理由",
             f"town: {town_id}",
             f"source: 由镇街级目录模板生成的待筛选目录；{unit.short_name}尚未按模板逐项筛选",
             "status: pending", f"updated: {dt.date.today().isoformat()}", "domains:"]
    for d in project.registry.domains:
        if not d.town:
            continue
        tmpl = project.template_catalogue(d.id)
        lines += [f"  - domain: {d.id}  # {d.name}", "    items:"]
        for it in tmpl.items if tmpl else []:
            lines.append(f"      - template: {it.id}  # {it.category}/{it.subcategory}")
    path = root / CATALOGUES / "towns" / f"{town_id}.yaml"
    return 0 if _write(path, "\n".join(lines) + "\n", force) else 1


# --- submissions from Excel (报送表格) ---------------------------------------------------------

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .xls (Excel 97–2003) or .et


@contextlib.contextmanager
def _merges_without_borders() -> Iterator[None]:
    """While reading a workbook for its values: openpyxl redraws the borders of every merged range
    as it reads a sheet (about 4 ms a range, 80 % of reading a form with its merged 一级事项), which
    an import never looks at. The review workbook is read normally, borders and all."""
    from openpyxl.worksheet.merge import MergedCellRange

    original = MergedCellRange.format
    MergedCellRange.format = lambda self: None  # type: ignore[method-assign]
    try:
        yield
    finally:
        MergedCellRange.format = original  # type: ignore[method-assign]


def open_book(path: Path) -> tuple[Any, str | None]:
    """The workbook at ``path`` (openpyxl), or why it cannot be read, in Chinese."""
    from openpyxl import load_workbook

    if not path.is_file():
        return None, f"找不到文件 {path}"
    head = path.read_bytes()[:8]
    if head == OLE2 or path.suffix.lower() in (".xls", ".et"):
        return None, (f"{path.name} 是旧版 Excel 格式（.xls），无法读取：请用 Excel 打开，选「文件 → 另存为」，"
                      "保存类型选「Excel 工作簿 (*.xlsx)」；用 WPS 的，选「文件 → 另存为」，文件类型选「Microsoft Excel 文件 (*.xlsx)」，"
                      "再导入另存的 .xlsx 文件")
    if not head.startswith(b"PK"):
        return None, f"{path.name} 不是 Excel 表格（.xlsx）：请确认收到的是目录表格，必要时请报送单位重新发送"
    try:
        with _merges_without_borders():
            return load_workbook(path), None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, InvalidFileException):
        return None, f"{path.name} 已损坏或不是有效的 .xlsx 表格：请报送单位用 Excel 或 WPS 重新保存后再发送"


def _emit(diags: list[Any], fmt: str) -> None:
    from . import diagnostics as dg

    sys.stdout.write(dg.FORMATTERS[fmt](diags))


def import_town(args: argparse.Namespace) -> int:
    """``zwgk import-town TOWN BOOK.xlsx [TOWN BOOK.xlsx …]``: each town's workbook becomes its
    catalogue (relations to the template), the workbook is kept unchanged, every finding is shown at
    its cell. Several towns in one command share one reading of the sources and one check."""
    from . import diagnostics as dg
    from . import submissions
    from .rules import check

    root: Path = args.root
    pairs: list[str] = args.pairs
    if len(pairs) % 2:
        _err("镇街编号和表格要成对写：zwgk import-town 镇街编号 表格.xlsx [镇街编号 表格.xlsx …]")
        return 2
    jobs = [(t, Path(b)) for t, b in zip(pairs[::2], pairs[1::2], strict=True)]
    if any(_bad_town_id(town_id) for town_id, _ in jobs):
        return 2
    repeated = sorted({t for t, _ in jobs if [j for j, _ in jobs].count(t) > 1})
    if repeated:
        _err(f"同一镇街写了两次：{'、'.join(repeated)}")
        return 2
    many = len(jobs) > 1
    if many and args.review is not None and args.review.suffix.lower() == ".xlsx":
        _err("导入多个镇街时，--review 写一个文件夹，各镇街的审查意见表格写在其中")
        return 2
    project = read_sources(root)
    if project is None:
        return 2
    done: list[_TownImport] = []
    worst = 0
    for town_id, book in jobs:
        outcome = _relate_town(project, town_id, book, args)
        if isinstance(outcome, int):
            worst = max(worst, outcome)
        else:
            done.append(outcome)
    if not done:
        return worst
    after = load_project(root)
    diags = check(after)
    everything: list[Any] = []
    total_errors = 0
    for job in done:
        town = job.town
        mine = [d for d in diags if d.file == job.target]
        findings = [submissions.at_workbook(d, job.kept) for d in mine] + job.problems
        findings.sort(key=lambda d: (d.sheet or "", d.line, d.column, d.code))
        if many and args.format == "text":
            print(f"—— {town.name}（{job.book.name}）——", file=sys.stderr)
        shown = [d for d in findings if d.severity is not dg.Severity.INFO or args.format != "text"]
        if args.format == "text":
            _emit(shown, args.format)
        else:
            everything.extend(shown)
        now = after.town(town.id)
        if now is not None:
            for line in submissions.changes_since(job.previous, now):
                print(f"与上次报送相比：{line}", file=sys.stderr)
        if args.review:
            out = args.review / f"{town.id}-审查意见.xlsx" if many else args.review
            out.parent.mkdir(parents=True, exist_ok=True)
            submissions.review_workbook(job.book, [d for d in findings if d.severity is not dg.Severity.INFO],
                                              out, f"{town.name}基层政务公开标准目录审查意见")
            print(f"已写出审查意见表格 {out}", file=sys.stderr)
        errors = dg.count(findings, dg.Severity.ERROR)
        total_errors += errors
        label = f"{town.name}：" if many else ""
        print(f"zwgk import-town: {label}{errors} 个错误，{dg.count(findings, dg.Severity.WARNING)} 个警告", file=sys.stderr)
    if args.format != "text":
        _emit(everything, args.format)
    if many:
        print(f"zwgk import-town: 导入 {len(done)} 个镇街（共 {len(jobs)} 个），{total_errors} 个错误", file=sys.stderr)
    return max(worst, 1 if total_errors else 0)


@dataclass
class _TownImport:
    """One town's workbook as imported, before the check."""

    town: Any
    book: Path
    kept: str  # the kept copy, relative to the repository
    target: str  # catalogues/towns/<town>.yaml
    previous: Any
    problems: list[Any]


def _relate_town(project: Any, town_id: str, book: Path, args: argparse.Namespace) -> _TownImport | int:
    """Read one town's workbook, keep it and write its catalogue; the exit code when it cannot."""
    from . import submissions
    from .importer import import_sheet

    root: Path = args.root
    town = _town_unit(project, town_id)
    if town is None:
        return 2
    wb, problem = open_book(book)
    if wb is None:
        _err(problem or "")
        return 2
    previous = project.town(town_id)
    if previous is not None and previous.status == "approved" and not args.force:
        _err(f"{town.name}的目录已审定：如确需用新表格替换，请加 --force")
        return 1
    sheets = [import_sheet(wb[name], name, project.registry, id_prefix="") for name in wb.sheetnames
              if name not in ("填表说明", "审查意见")]
    template = {c.domain_id: c for c in project.template}
    submitted = args.submitted_on or dt.date.today()
    kept = submissions.keep_workbook(book, root.resolve(), "towns", town.id, submitted)
    rel_path = kept.relative_to(root.resolve()).as_posix()
    sha = submissions.file_sha256(kept)
    rel = submissions.relate_town(town, sheets, template, project.registry, rel_path)
    source = (f"{town.name}报送的目录表格 {rel_path}（{book.name}，SHA-256 {sha}），"
              f"{submitted.isoformat()} 收到，由 zwgk import-town 导入")
    text = submissions.town_yaml(town, rel, source, rel_path, sha, submitted, template, dt.date.today())
    target = root / CATALOGUES / "towns" / f"{town.id}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="\n")
    print(f"已写入 {target.relative_to(root).as_posix()}；报送表格原样保存在 {rel_path}", file=sys.stderr)
    return _TownImport(town, book, rel_path, target.relative_to(root).as_posix(), previous, list(rel.problems))


def write_forms(root: Path, out: Path) -> int:
    """``zwgk forms --out DIR``: the workbooks the office sends out."""
    from . import forms

    project = read_sources(root)
    if project is None:
        return 2
    paths = forms.write_all(out, project)
    for p in paths:
        print(p, file=sys.stderr)
    print(f"已写出 {len(paths)} 个报送表到 {out}", file=sys.stderr)
    return 0


def import_dept(args: argparse.Namespace) -> int:
    """``zwgk import-dept DOMAIN BOOK.xlsx``: a department's resubmission of its county domain,
    judged against the current catalogue like a town's (deletions, trimmed elements and changes
    need reasons); the domain file is rewritten from the workbook, which is kept unchanged."""
    from . import diagnostics as dg
    from . import submissions
    from .importer import import_sheet

    root: Path = args.root
    project = read_sources(root)
    if project is None:
        return 2
    cat = project.county_catalogue(args.domain) if re.fullmatch(SLUG, args.domain) else None
    if cat is None or cat.domain is None:
        _err(f"「{args.domain}」不是县级目录的领域编号：请用 catalogues/county/ 下的文件名，如 shehui-jiuzhu")
        return 2
    wb, problem = open_book(args.book)
    if wb is None:
        _err(problem or "")
        return 2
    sheets = [import_sheet(wb[name], name, project.registry, id_prefix="") for name in wb.sheetnames
              if name not in ("填表说明", "审查意见")]
    submitted = args.submitted_on or dt.date.today()
    kept = submissions.keep_workbook(args.book, root.resolve(), "county", cat.domain_id, submitted)
    rel_path = kept.relative_to(root.resolve()).as_posix()
    sha = submissions.file_sha256(kept)
    related, rel = submissions.relate_department(cat, sheets, project.registry, rel_path)
    if related is None:
        _err(f"表格中找不到「{cat.domain.name}」的目录表：请确认工作表名或标题中有领域名称")
        return 2
    judged, cells = submissions.judge_department(cat, related, project.registry, project.settings, rel_path, sha)
    kept_findings = [{"code": d.code, "sheet": d.sheet, "cell": d.cell, "message": d.message}
                     for d in [*judged, *rel.problems] if d.severity is not dg.Severity.INFO]
    findings = judged + cells + rel.problems
    items = submissions.department_items(cat, related)
    if items:
        source = (f"由部门报送的表格 {rel_path}（{args.book.name}，SHA-256 {sha}）导入，{submitted.isoformat()} 收到；"
                  f"此前：{cat.source}")
        text = writer.catalogue_yaml(cat.domain_id, f"{cat.domain.name}领域基层政务公开标准目录", source, cat.status,
                                     dt.date.today(), items, extra={"submitted_on": submitted, "workbook": rel_path,
                                                                   "workbook_sha256": sha},
                                     findings=kept_findings)
        target = root / CATALOGUES / "county" / f"{cat.domain_id}.yaml"
        target.write_text(text, encoding="utf-8", newline="\n")
        print(f"已写入 {target.relative_to(root).as_posix()}；报送表格原样保存在 {rel_path}", file=sys.stderr)
    else:
        print("表格删除了全部事项：县级目录文件未改动，请与报送部门核实", file=sys.stderr)
    findings.sort(key=lambda d: (d.sheet or "", d.line, d.column, d.code))
    _emit(findings, args.format)
    if args.review:
        submissions.review_workbook(args.book, findings, args.review, f"{cat.domain.name}领域目录审查意见")
        print(f"已写出审查意见表格 {args.review}", file=sys.stderr)
    errors = dg.count(findings, dg.Severity.ERROR)
    print(f"zwgk import-dept: {errors} 个错误，{dg.count(findings, dg.Severity.WARNING)} 个警告", file=sys.stderr)
    return 1 if errors else 0


def submissions_overview(root: Path, fmt: str, today: dt.date | None, quarter: str | None = None,
                         force: bool = False) -> int:
    """``zwgk submissions``: each town's and department's submission state (报送情况); with
    ``quarter``, the towns' states also recorded in that bulletin's compilation.yaml."""
    import json

    from . import submissions
    from .rules import check

    if quarter is not None and SLUG_QUARTER.match(quarter) is None:
        _err(f"「{quarter}」不是「年份-q季度」的格式，如 2026-q4")
        return 2
    project = read_sources(root)
    if project is None:
        return 2
    rows = submissions.overview(project, check(project), today)
    if quarter is not None:
        text = compilation_yaml(rows, project.registry, today or dt.date.today())
        if not _write(root / BULLETINS / quarter / "compilation.yaml", text, force):
            return 1
    if fmt == "json":
        print(json.dumps([{"kind": r.kind, "id": r.owner, "name": r.name, "state": r.state,
                           "state_label": r.state_label, "submitted_on": r.submitted_on and r.submitted_on.isoformat(),
                           "approved_on": r.approved_on and r.approved_on.isoformat(), "late": r.late,
                           "workbook": r.workbook, "file": r.file,
                           "findings": [{"code": c, "title": t, "count": n} for c, t, n in r.findings]}
                          for r in rows], ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(submissions.overview_text(rows, project.settings.town_due))
    return 0


def compilation_yaml(rows: list[Any], registry: Any, on: dt.date) -> str:
    """bulletins/<quarter>/compilation.yaml: the towns' catalogue submissions as they stand on ``on``
    (problems: the 3xx rules their catalogue files break; lateness is ``late``, not a problem)."""
    lines = ["# yaml-language-server: $schema=../../plugins/zwgk/schemas/compilation.schema.json",
             f"# 由 zwgk submissions 于 {on.isoformat()} 写出：写通报时各镇街目录的报送情况，通报发布后不随目录改动",
             f"source: zwgk submissions（{on.isoformat()} 各镇街目录的报送情况）", "status: official",
             f"updated: {on.isoformat()}", f"as_of: {on.isoformat()}", "entries:"]
    names = {u.id: u.short_name for u in registry.units if u.id}
    count = 0
    for r in rows:
        if r.kind != "town":
            continue
        state = r.state if r.state in ("missing", "overdue", "submitted", "approved") else "missing"
        fields = [f"unit: {names.get(r.owner, r.name)}", f"state: {state}"]
        if state in ("submitted", "approved") and r.submitted_on is not None:
            fields.append(f"submitted_on: {r.submitted_on.isoformat()}")
            if r.late:
                fields.append("late: true")
        problems = [code for code, _, _ in r.findings if code.startswith("ZW3") and code != "ZW303"]
        if problems:
            fields.append(f"problems: [{', '.join(problems)}]")
        lines.append("  - {" + ", ".join(fields) + "}")
        count += 1
    if not count:
        lines[-1] = "entries: []"
    return "\n".join(lines) + "\n"
