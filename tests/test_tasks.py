"""tasks.py: the README's set-up and commands, the same on Windows and Linux, without make."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import REPO


def _tasks_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("zwgk_tasks", REPO / "tasks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tasks(*args: str, env: dict[str, str] | None = None, cwd: Path = REPO,
          python: str = sys.executable) -> subprocess.CompletedProcess[str]:
    """Run ``python tasks.py …`` as the README says (``py -3.11 tasks.py …`` on Windows)."""
    return subprocess.run([python, str(cwd / "tasks.py"), *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, **(env or {})}, check=False)


def _commands(r: subprocess.CompletedProcess[str], venv: Path) -> list[str]:
    """The dry run's commands, with the venv's python written as ``PY``."""
    assert r.returncode == 0, r.stderr
    return [line.replace(f"{venv}/bin/python", "PY") for line in r.stdout.splitlines()]


POSIX_ONLY = pytest.mark.skipif(os.name == "nt", reason="the dry run is compared in POSIX quoting")

SETUP = [f"{sys.executable} -m venv VENV", "PY -m pip install --quiet --upgrade pip",
         "PY -m pip install --quiet -c constraints.txt -e .[test]"]


@POSIX_ONLY
@pytest.mark.parametrize(
    ("command", "steps"),
    [
        ("setup", []),
        ("check", ["PY -m zwgk.cli check"]),
        ("site", ["PY -m zwgk.cli check --min-severity warning", "PY -m mkdocs build --strict"]),
        ("serve", ["PY -m mkdocs serve --livereload -f mkdocs.preview.yml"]),
        ("lint", ["PY -m ruff check plugins tests bench tasks.py", "PY -m mypy"]),
        ("test", ["PY -m ruff check plugins tests bench tasks.py", "PY -m mypy", "PY -m pytest"]),
    ],
)
def test_each_command_sets_up_then_runs_the_makefile_steps(tmp_path: Path, command: str,
                                                           steps: list[str]) -> None:
    venv = tmp_path / "venv"
    r = tasks("--dry-run", "--venv", str(venv), command)
    found = [c.replace(str(venv), "VENV") for c in _commands(r, venv)]
    # `test` may add the apt commands for Chromium when it is missing (as `make browsers` did)
    found = [c for c in found if not c.startswith("apt-get ")]
    assert found == [*SETUP, *steps]


@POSIX_ONLY
def test_arguments_after_the_command_go_to_its_last_step(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    r = tasks("--dry-run", "--venv", str(venv), "check", "--format", "json")
    assert _commands(r, venv)[-1] == "PY -m zwgk.cli check --format json"
    r = tasks("--dry-run", "--venv", str(venv), "test", "-k", "loading")
    assert _commands(r, venv)[-1] == "PY -m pytest -k loading"
    r = tasks("--dry-run", "--venv", str(venv), "zwgk", "rules")
    assert _commands(r, venv)[-1] == "PY -m zwgk.cli rules"


@pytest.mark.parametrize(
    ("args", "words"),
    [(["build"], "没有「build」这个命令"), ([], "请写明要运行的命令"), (["--venv"], "--venv 后面要写"),
     (["lint", "-x"], "「lint」后面不能再写参数")],
)
def test_wrong_arguments_are_answered_in_chinese(args: list[str], words: str) -> None:
    r = tasks(*args)
    assert r.returncode == 2
    assert words in r.stderr and "py -3.11 tasks.py" in r.stderr  # with the usage, Windows form included


def test_help_lists_every_command() -> None:
    r = tasks("--help")
    assert r.returncode == 0
    for command in ("setup", "check", "site", "serve", "test", "browsers", "zwgk"):
        assert f"\n  {command} " in r.stdout


def test_windows_paths_and_activation(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    t = _tasks_module()
    monkeypatch.setattr(t, "WINDOWS", True)
    monkeypatch.chdir(tmp_path)
    venv = tmp_path / ".venv"
    assert t.venv_python(venv) == venv / "Scripts" / "python.exe"
    assert t.activate_hint(venv) == ".venv\\Scripts\\activate"
    monkeypatch.setattr(t, "WINDOWS", False)
    assert t.venv_python(venv) == venv / "bin" / "python"
    assert t.activate_hint(venv) == "source .venv/bin/activate"


def test_zwgk_without_set_up_says_how(tmp_path: Path) -> None:
    r = tasks("--venv", str(tmp_path / "none"), "zwgk", "check")
    assert r.returncode == 2 and "请先在仓库根目录运行 python3 tasks.py setup" in r.stderr


def test_browsers_advice_names_a_way_to_get_one(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    t = _tasks_module()
    monkeypatch.setattr(t, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setattr(t.sys, "platform", "win32")
    assert t.Runner(tmp_path / "venv", dry_run=False).browsers() == 0
    err = capsys.readouterr().err
    assert "浏览器测试" in err and "跳过" in err and "python3 tasks.py browsers" in err


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_makefile_targets_call_tasks_py() -> None:
    # as from a plain shell, also when this test itself runs under `make test`
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PYTHON", "VENV")}
    for target in ("setup", "check", "site", "serve", "lint", "test", "browsers", "clean"):
        r = subprocess.run(["make", "--no-print-directory", "-n", target], capture_output=True, text=True,
                           cwd=REPO, env=env, check=False)
        assert r.stdout.strip() == f"python3 tasks.py --venv .venv {target}", r.stderr
    ci = (REPO / ".ci/run").read_text(encoding="utf-8")
    assert "make test\nmake site\n" in ci


def test_gbk_console_reads_chinese() -> None:
    r = subprocess.run([sys.executable, str(REPO / "tasks.py"), "--help"], capture_output=True,
                       env={**os.environ, "PYTHONIOENCODING": "gbk"}, check=False)
    assert r.returncode == 0
    assert "检查全部数据源" in r.stdout.decode("gbk")


def _fresh_clone(dest: Path) -> Path:
    ignore = shutil.ignore_patterns(".venv", ".git", "site", "__pycache__", "*.egg-info", ".*_cache",
                                    ".hypothesis", "test-artifacts")
    shutil.copytree(REPO, dest, ignore=ignore)
    return dest


def test_fresh_clone_sets_up_and_checks_as_the_readme_says(tmp_path: Path) -> None:
    """The README's Linux commands in a fresh copy: set up, activate, `zwgk check` (about a minute)."""
    python3 = shutil.which("python3") or sys.executable  # Windows: `py -3.11`, i.e. this interpreter
    root = _fresh_clone(tmp_path / "zwgk")
    r = tasks("setup", cwd=root, python=python3)
    assert r.returncode == 0, r.stderr
    windows = os.name == "nt"
    assert (".venv\\Scripts\\activate" if windows else "source .venv/bin/activate") in r.stderr
    again = tasks("setup", cwd=root, python=python3)  # installed: nothing to do
    assert again.returncode == 0 and "安装依赖" not in again.stderr
    shell = (["cmd", "/c", ".venv\\Scripts\\activate.bat && zwgk check --min-severity warning"] if windows
             else ["bash", "-c", "source .venv/bin/activate && zwgk check --min-severity warning"])
    r = subprocess.run(shell, capture_output=True, text=True, cwd=root, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 个错误" in r.stderr
    r = tasks("check", "--min-severity", "error", cwd=root, python=python3)
    assert r.returncode == 0 and "0 个错误" in r.stderr
