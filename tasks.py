"""Set-up and everyday commands (安装与常用命令), the same on Windows and Linux; standard library only.

    python3 tasks.py site        (Windows: py -3.11 tasks.py site)
    python3 tasks.py test        (Windows: py -3.11 tasks.py test)

Each command first makes sure ``.venv`` exists and holds the versions pinned in constraints.txt
(``pip install -c constraints.txt -e ".[test]"``), then runs the same steps as the Makefile's
target of the same name (the Makefile calls this file, so both give the same result).
``--dry-run`` prints the commands instead of running them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent
WINDOWS = os.name == "nt"
CHROMIUM = Path("/usr/bin/chromium")
MIN_PYTHON = (3, 11)

# what `make site`, `make test` … ran; each step is one argument list (the venv's python stands first)
LINT = [["-m", "ruff", "check", "plugins", "tests", "bench", "tasks.py"], ["-m", "mypy"]]
STEPS: dict[str, list[list[str]]] = {
    "setup": [],
    "check": [["-m", "zwgk.cli", "check"]],
    "site": [["-m", "zwgk.cli", "check", "--min-severity", "warning"], ["-m", "mkdocs", "build", "--strict"]],
    "serve": [["-m", "mkdocs", "serve", "--livereload", "-f", "mkdocs.preview.yml"]],
    "lint": LINT,
    "test": [*LINT, ["-m", "pytest"]],
    "zwgk": [["-m", "zwgk.cli"]],
}
PASS_ON = ("check", "site", "serve", "test", "zwgk")  # their last step takes the arguments that follow
HELP = {
    "setup": "建立 .venv 并按 constraints.txt 安装固定版本的依赖",
    "check": "检查全部数据源（zwgk check）",
    "site": "检查并构建网站到 site/（mkdocs build --strict）",
    "serve": "本地预览 http://127.0.0.1:8000/ ，保存文件后自动刷新",
    "lint": "ruff 和 mypy",
    "test": "ruff + mypy + pytest（含浏览器测试；Linux 上以 root 运行时自动安装 Chromium）",
    "browsers": "安装 Debian 的 Chromium（浏览器测试用，需要 root）",
    "zwgk": "用 .venv 中的 zwgk 运行其后的参数，如：tasks.py zwgk rules",
    "clean": "删除 site/ 和各工具的缓存",
}


def say(message: str) -> None:
    """Progress and advice for the person at the console, on stderr (stdout stays the tools')."""
    print(message, file=sys.stderr, flush=True)


def scripts_dir(venv: Path) -> Path:
    """Where a venv keeps its programs: ``Scripts`` on Windows, ``bin`` elsewhere."""
    return venv / ("Scripts" if WINDOWS else "bin")


def venv_python(venv: Path) -> Path:
    return scripts_dir(venv) / ("python.exe" if WINDOWS else "python")


def activate_hint(venv: Path) -> str:
    """The one line that puts ``zwgk`` on the PATH of the current console window."""
    try:
        shown = venv.relative_to(Path.cwd())
    except ValueError:
        shown = venv
    if WINDOWS:
        return f"{shown}\\Scripts\\activate"
    return f"source {shown.as_posix()}/bin/activate"


def _fingerprint() -> str:
    """What the installed environment depends on; a change means installing again."""
    h = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        h.update((ROOT / name).read_bytes().replace(b"\r\n", b"\n"))
    return h.hexdigest()


class Runner:
    """Runs (or, with ``dry_run``, prints) each command from the repository root."""

    def __init__(self, venv: Path, dry_run: bool) -> None:
        self.venv, self.dry_run = venv, dry_run
        self.env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

    def run(self, cmd: Sequence[str | Path]) -> int:
        args = [str(c) for c in cmd]
        if self.dry_run:
            print(subprocess.list2cmdline(args) if WINDOWS else " ".join(_quote(a) for a in args))
            return 0
        try:
            return subprocess.run(args, cwd=ROOT, env=self.env, check=False).returncode
        except FileNotFoundError:
            say(f"找不到程序 {args[0]}")
            return 127
        except KeyboardInterrupt:  # Ctrl+C in `serve`: the server stopped, which is what was asked
            return 0

    def setup(self) -> int:
        """Create the venv and install the pinned versions, unless that is already done."""
        py, stamp = venv_python(self.venv), self.venv / ".zwgk-installed"
        wanted = _fingerprint()
        if not self.dry_run and py.is_file() and stamp.is_file() \
                and stamp.read_text(encoding="utf-8").strip() == wanted:
            return 0
        if self.dry_run or not py.is_file():
            say(f"建立 {self.venv} …")
            rc = self.run([sys.executable, "-m", "venv", self.venv])
            if rc != 0:
                say("无法建立虚拟环境 .venv：Debian/Ubuntu 上请先安装 python3-venv"
                    "（sudo apt-get install python3-venv）；Windows 上请从 python.org 安装 Python 3.11，"
                    "安装时勾选「Add python.exe to PATH」")
                return rc
        say("安装依赖（按 constraints.txt 固定的版本，首次约需几分钟）…")
        for cmd in (["-m", "pip", "install", "--quiet", "--upgrade", "pip"],
                    ["-m", "pip", "install", "--quiet", "-c", "constraints.txt", "-e", ".[test]"]):
            rc = self.run([py, *cmd])
            if rc != 0:
                say("安装依赖失败：请检查网络（或 pip 的镜像设置）后重新运行同一命令")
                return rc
        if not self.dry_run:
            stamp.write_text(wanted + "\n", encoding="utf-8")
            say("安装完成。")
        return 0

    def browsers(self) -> int:
        """Debian's Chromium for the browser tests: installed with apt when we are root on Linux."""
        if CHROMIUM.exists():
            return 0
        can_apt = sys.platform.startswith("linux") and shutil.which("apt-get") is not None \
            and hasattr(os, "geteuid") and os.geteuid() == 0
        if can_apt or self.dry_run:
            self.env["DEBIAN_FRONTEND"] = "noninteractive"
            rc = self.run(["apt-get", "update", "-qq"])
            if rc == 0:
                rc = self.run(["apt-get", "install", "-y", "-qq", "chromium", "fonts-noto-cjk"])
            if rc == 0:
                return 0
        if sys.platform.startswith("linux"):
            say("未能安装 Chromium：请以 root 运行 python3 tasks.py browsers"
                "（或 sudo apt-get install chromium fonts-noto-cjk）；浏览器测试将被跳过（CI 中不会跳过）")
        else:
            say("浏览器测试使用 Debian 的 Chromium（/usr/bin/chromium），只在 Linux 上运行，本机将跳过这些测试；"
                "其余测试照常运行。如需运行浏览器测试，请在 Linux（Debian/Ubuntu）上以 root 运行 "
                "python3 tasks.py browsers，或在 WSL 中运行 python3 tasks.py test")
        return 0

    def clean(self) -> int:
        for name in ("site", ".pytest_cache", ".mypy_cache", ".ruff_cache"):
            if self.dry_run:
                print(f"rm -rf {name}")
            else:
                shutil.rmtree(ROOT / name, ignore_errors=True)
        return 0


def _quote(arg: str) -> str:
    return arg if arg and all(c.isalnum() or c in "-_./=:[]" for c in arg) else "'" + arg.replace("'", "'\\''") + "'"


USAGE = """用法：python3 tasks.py [--venv 路径] [--dry-run] 命令 [参数…]
      （Windows：py -3.11 tasks.py 命令）

命令：
{commands}

  check、site、serve、test、zwgk 之后的参数原样传给最后一步（zwgk、mkdocs 或 pytest），
  如：tasks.py check --format json、tasks.py test -k loading
  --venv 路径   虚拟环境的位置（默认仓库中的 .venv，也可用环境变量 ZWGK_VENV 指定）
  --dry-run     只列出将要运行的命令，不运行
"""


def usage() -> str:
    return USAGE.format(commands="\n".join(f"  {k:<9} {v}" for k, v in HELP.items()))


class Arguments:
    """The command line: a few options, one command, and what follows it for zwgk or mkdocs."""

    def __init__(self, argv: Sequence[str]) -> None:
        self.venv = Path(os.environ.get("ZWGK_VENV") or ROOT / ".venv")
        self.dry_run = False
        self.command: str | None = None
        self.args: list[str] = []
        self.problem: str | None = None
        rest = list(argv)
        while rest and self.command is None:
            a = rest.pop(0)
            if a in ("-h", "--help", "help"):
                self.command = "help"
            elif a == "--dry-run":
                self.dry_run = True
            elif a == "--venv" or a.startswith("--venv="):
                value = a.partition("=")[2] if "=" in a else (rest.pop(0) if rest else "")
                if not value:
                    self.problem = "--venv 后面要写虚拟环境的位置"
                    return
                self.venv = Path(value)
            elif a in HELP:
                self.command = a
            else:
                self.problem = f"没有「{a}」这个命令"
                return
        self.args = rest
        if self.command is None:
            self.problem = "请写明要运行的命令"
        elif rest and self.command not in PASS_ON:
            self.problem = f"「{self.command}」后面不能再写参数（{'、'.join(PASS_ON)} 之后的参数才会传下去）"


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # a Windows pipe or an old console may be GBK: never die on a character while reporting
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    if sys.version_info < MIN_PYTHON:
        say(f"需要 Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} 或更高版本（现在是 {sys.version.split()[0]}）："
            "Windows 上请运行 py -3.11 tasks.py …，Linux 上请安装 python3.11")
        return 2
    args = Arguments(sys.argv[1:] if argv is None else argv)
    if args.command == "help":
        print(usage())
        return 0
    if args.problem is not None or args.command is None:
        say(f"tasks.py：{args.problem}\n\n{usage()}")
        return 2
    runner = Runner(args.venv.absolute(), args.dry_run)
    if args.command == "clean":
        return runner.clean()
    if args.command == "browsers":
        return runner.browsers()
    if args.command == "zwgk" and not args.dry_run and not venv_python(runner.venv).is_file():
        say("还没有安装：请先在仓库根目录运行 "
            + ("py -3.11 tasks.py setup" if WINDOWS else "python3 tasks.py setup"))
        return 2
    rc = runner.setup()
    if rc != 0 or args.command == "setup":
        if rc == 0:
            say(f"在仓库根目录使用 zwgk 命令：每打开一个新的命令行窗口，先运行一次 {activate_hint(runner.venv)}，"
                "之后即可运行 zwgk check；不激活也可以写全路径 "
                + (".venv\\Scripts\\zwgk check" if WINDOWS else ".venv/bin/zwgk check"))
        return rc
    if args.command == "test":
        runner.browsers()
    py = venv_python(runner.venv)
    steps = STEPS[args.command]
    for i, step in enumerate(steps):
        extra = args.args if i == len(steps) - 1 else []
        rc = runner.run([py, *step, *extra])
        if rc != 0:
            return rc
    return 0


if __name__ == "__main__":
    sys.exit(main())
