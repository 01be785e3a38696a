"""Command line (命令行): ``zwgk check``, ``zwgk inspect`` and helpers, on the same core as the MkDocs plugin.

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 could not run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from . import diagnostics as dg
from . import inspect, scaffold, schema, sources
from .rules import check

# argparse speaks English; editors read Chinese. Its few fixed phrases are translated on the way out.
_HELP_WORDS = (("usage: ", "用法："), ("positional arguments:", "参数："), ("options:", "选项："),
               ("show this help message and exit", "显示本帮助并退出"))
_ERRORS = (
    (re.compile(r"argument (?P<a>\S+): invalid choice: '(?P<v>.*)' \(choose from (?P<c>.*)\)"),
     "{a} 的值「{v}」不是可选的值，可选：{c}"),
    (re.compile(r"argument (?P<a>\S+): invalid fromisoformat value: '(?P<v>.*)'"),
     "{a} 的值「{v}」不是日期：请写成 2027-01-05 这样的格式"),
    (re.compile(r"argument (?P<a>\S+): invalid (?P<t>\w+) value: '(?P<v>.*)'"), "{a} 的值「{v}」格式不对"),
    (re.compile(r"argument (?P<a>\S+): expected one argument"), "{a} 后面要写一个值"),
    (re.compile(r"the following arguments are required: (?P<a>.*)"), "缺少参数：{a}"),
    (re.compile(r"unrecognized arguments: (?P<a>.*)"), "无法识别的参数：{a}"),
    (re.compile(r"ambiguous option: (?P<a>\S+) could match (?P<c>.*)"), "{a} 不明确，可能是：{c}"),
)


class _ChineseParser(argparse.ArgumentParser):
    """An argument parser whose help and errors read in Chinese (exit code 2 as before)."""

    def format_usage(self) -> str:
        return _chinese_help(super().format_usage())

    def format_help(self) -> str:
        return _chinese_help(super().format_help())

    def error(self, message: str) -> NoReturn:
        for pattern, chinese in _ERRORS:
            if (m := pattern.fullmatch(message)) is not None:
                message = chinese.format(**m.groupdict())
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：{message}\n")


def _chinese_help(text: str) -> str:
    for english, chinese in _HELP_WORDS:
        text = text.replace(english, chinese)
    return text


def _parser() -> argparse.ArgumentParser:
    p = _ChineseParser(prog="zwgk", description="基层政务公开专栏：检查数据源并辅助编辑")
    sub = p.add_subparsers(dest="command", required=True, metavar="命令", parser_class=_ChineseParser)
    c = sub.add_parser("check", help="检查全部数据源，按「文件:行:列: 代码 级别 说明」输出")
    c.add_argument("--root", type=Path, default=Path("."), help="仓库根目录（默认当前目录）")
    c.add_argument("--format", choices=sorted(dg.FORMATTERS), default="text", help="输出格式")
    c.add_argument("--min-severity", choices=[s.value for s in dg.Severity], default="info",
                   help="只输出不低于此级别的结果（默认全部输出）")
    sub.add_parser("rules", help="列出全部检查规则代码及含义")
    so = sub.add_parser("sources", help="按领域统计目录事项的出处：写明出处网页的事项数、不同网页数、没有出处的草稿事项")
    so.add_argument("--root", type=Path, default=Path("."), help="仓库根目录（默认当前目录）")
    so.add_argument("--format", choices=sorted(sources.FORMATTERS), default="text", help="输出格式")
    s = sub.add_parser("schemas", help="把 JSON Schema 写入 plugins/zwgk/schemas/")
    s.add_argument("--out", type=Path, default=schema.SCHEMA_DIR, help="输出目录")
    s.add_argument("--check", action="store_true", help="只检查已提交的 Schema 是否最新（不写文件）")
    i = sub.add_parser("import-xlsx", help="把标准目录 Excel 表格转换为 YAML 目录文件")
    i.add_argument("xlsx", type=Path, help="Excel 文件（.xlsx）")
    i.add_argument("--root", type=Path, default=Path("."), help="仓库根目录（默认当前目录）")
    i.add_argument("--sheet", help="只导入这个工作表（默认全部）")
    i.add_argument("--domain", help="领域编号（工作表名不是领域名称时必须指定）")
    i.add_argument("--out", type=Path, help="写入的 YAML 文件；导入多个工作表时为文件夹。不指定则输出到屏幕")
    i.add_argument("--force", action="store_true", help="允许覆盖已有文件")
    i.add_argument("--source", help="来源说明（默认：由 Excel 文件名导入）")
    i.add_argument("--status", choices=["draft", "official"], help="状态（默认 draft）")
    i.add_argument("--updated", type=dt.date.fromisoformat, help="更新日期（默认今天）")
    i.add_argument("--id-prefix", help="没有「事项编号」列时，编号的前缀（如 shjz）")
    fo = sub.add_parser("forms", help="写出发给各镇街和部门的目录报送表（.xlsx）")
    fo.add_argument("--out", type=Path, required=True, help="输出文件夹（写入 towns/ 和 county/ 两个子文件夹）")
    fo.add_argument("--root", type=Path, default=Path("."), help="仓库根目录（默认当前目录）")
    it = sub.add_parser("import-town", help="导入镇街报送的目录表格（.xlsx），写出镇街目录并把检查结果标到单元格")
    it.add_argument("pairs", nargs="+", metavar="TOWN BOOK",
                    help="镇街编号和它报送的 Excel 表格（.xlsx），如 dadian 大店镇.xlsx；可以写多对，一次导入多个镇街")
    it.add_argument("--root", type=Path, default=Path("."), help="仓库根目录（默认当前目录）")
    it.add_argument("--submitted-on", type=dt.date.fromisoformat, help="报送日期，如 2026-12-20（默认今天）")
    it.add_argument("--force", action="store_true", help="替换已审定的镇街目录")
    it.add_argument("--format", choices=sorted(dg.FORMATTERS), default="text", help="检查结果的输出格式")
    it.add_argument("--review", type=Path,
                    help="写出审查意见表格（在原表格上标出问题单元格并加批注）；导入多个镇街时写一个文件夹")
    idp = sub.add_parser("import-dept", help="导入部门报送的县级目录表格（.xlsx），对照现行目录检查并改写该领域目录")
    idp.add_argument("domain", help="领域编号，如 shehui-jiuzhu")
    idp.add_argument("book", type=Path, help="部门报送的 Excel 表格（.xlsx）")
    idp.add_argument("--root", type=Path, default=Path("."), help="仓库根目录（默认当前目录）")
    idp.add_argument("--submitted-on", type=dt.date.fromisoformat, help="报送日期，如 2026-12-20（默认今天）")
    idp.add_argument("--format", choices=sorted(dg.FORMATTERS), default="text", help="检查结果的输出格式")
    idp.add_argument("--review", type=Path, help="写出审查意见表格（在原表格上标出问题单元格并加批注）")
    su = sub.add_parser("submissions", help="列出各镇街和部门的目录报送情况（未报送、报送日期、逾期、问题）")
    su.add_argument("--root", type=Path, default=Path("."), help="仓库根目录（默认当前目录）")
    su.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
    su.add_argument("--today", type=dt.date.fromisoformat, help="按这一天判断是否已过截止日期（默认今天）")
    su.add_argument("--quarter", help="同时把镇街目录的报送情况记入该季度通报文件夹的 compilation.yaml，如 2026-q4")
    su.add_argument("--force", action="store_true", help="覆盖已有的 compilation.yaml")
    b = sub.add_parser("new-bulletin", help="为下一季度建立通报文件夹（需要填写的地方会被 zwgk check 指出）")
    b.add_argument("quarter", help="如 2026-q4")
    b.add_argument("--root", type=Path, default=Path("."), help="仓库根目录")
    b.add_argument("--force", action="store_true", help="覆盖已有的通报文件")
    t = sub.add_parser("new-town", help="按模板为一个镇街建立待筛选的目录文件")
    t.add_argument("town", help="镇街编号，如 dadian")
    t.add_argument("--root", type=Path, default=Path("."), help="仓库根目录")
    t.add_argument("--force", action="store_true", help="覆盖已有的镇街目录文件（会丢掉已填写的筛选结果）")
    r = sub.add_parser("inspect", help="读网检查：读取登记表中各栏目的列表页，写入该季度的 inspections.yaml")
    r.add_argument("--quarter", required=True, help="检查的季度，如 2026-q4")
    r.add_argument("--until", type=dt.date.fromisoformat, help="检查截至日期，如 2027-01-05（默认今天）")
    r.add_argument("--root", type=Path, default=Path("."), help="仓库根目录（默认当前目录）")
    r.add_argument("--delay", type=float, default=1.0, help="两次请求之间至少间隔的秒数（默认 1）")
    r.add_argument("--resume", action="store_true", help="接着上次中断或失败的地方继续，已读取的栏目不再读取")
    r.add_argument("--timeout", type=float, default=30.0, help="每次请求最多等待的秒数（默认 30）")
    r.add_argument("--max-pages", type=int, default=50, help="每个栏目最多读取的列表页数（默认 50）")
    return p


_RANK = {dg.Severity.INFO: 0, dg.Severity.WARNING: 1, dg.Severity.ERROR: 2}


def run_check(root: Path, fmt: str, min_severity: str = "info") -> int:
    if not root.is_dir():
        print(f"zwgk: 找不到目录 {root}", file=sys.stderr)
        return 2
    project = scaffold.read_sources(root)
    if project is None:
        return 2
    diags = check(project)
    floor = _RANK[dg.Severity(min_severity)]
    shown = [d for d in diags if _RANK[d.severity] >= floor]
    sys.stdout.write(dg.FORMATTERS[fmt](shown))
    errors = dg.count(diags, dg.Severity.ERROR)
    print(f"zwgk check: {errors} 个错误，{dg.count(diags, dg.Severity.WARNING)} 个警告，"
          f"{dg.count(diags, dg.Severity.INFO)} 条提示", file=sys.stderr)
    return 1 if errors else 0


def run_sources(root: Path, fmt: str) -> int:
    """``zwgk sources``: the provenance report of the county catalogue and the town template."""
    if not root.is_dir():
        print(f"zwgk: 找不到目录 {root}", file=sys.stderr)
        return 2
    project = scaffold.read_sources(root)
    if project is None:
        return 2
    sys.stdout.write(sources.FORMATTERS[fmt](sources.report(project.county, project.template)))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``zwgk`` command."""
    for stream in (sys.stdout, sys.stderr):
        # Windows consoles and pipes may be GBK (cp936): a character GBK lacks becomes "?" instead
        # of a crash, and the Chinese around it stays Chinese
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    try:
        code = _run(_parser().parse_args(argv))
        sys.stdout.flush()  # here, where a closed pipe can still be handled, not at exit
        return code
    except BrokenPipeError:
        # the reader went away (`zwgk check | head`, `| Select-Object -First 5`): stop quietly, and
        # keep Python from failing again while flushing stdout at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _run(args: argparse.Namespace) -> int:
    if args.command == "check":
        return run_check(args.root, args.format, args.min_severity)
    if args.command == "sources":
        return run_sources(args.root, args.format)
    if args.command == "rules":
        for r in dg.all_rules():
            print(f"{r.code}\t{r.severity.value}\t{r.stage}\t{r.title}")
        return 0
    if args.command == "schemas":
        if args.check:
            stale = [k for k in schema.SCHEMAS if not schema.schema_path(k).is_file()
                     or schema.schema_path(k).read_text(encoding="utf-8") != schema.dump(k)]
            for k in stale:
                print(f"{schema.schema_path(k)} 不是最新：请运行 zwgk schemas 后提交", file=sys.stderr)
            return 1 if stale else 0
        for path in schema.write_all(args.out):
            print(path)
        return 0
    if args.command == "import-xlsx":
        return scaffold.import_xlsx(args)
    if args.command == "forms":
        return scaffold.write_forms(args.root, args.out)
    if args.command == "import-dept":
        return scaffold.import_dept(args)
    if args.command == "import-town":
        return scaffold.import_town(args)
    if args.command == "submissions":
        return scaffold.submissions_overview(args.root, args.format, args.today, args.quarter, args.force)
    if args.command == "new-bulletin":
        return scaffold.new_bulletin(args.root, args.quarter, args.force)
    if args.command == "new-town":
        return scaffold.new_town(args.root, args.town, args.force)
    if args.command == "inspect":
        if not args.root.is_dir():
            print(f"zwgk: 找不到目录 {args.root}", file=sys.stderr)
            return 2
        return inspect.run(args.root, args.quarter, args.until, delay=args.delay, resume=args.resume,
                           timeout=args.timeout, max_pages=args.max_pages)
    return 2  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
