"""The command line on a Windows console or pipe in GBK (cp936): never a crash, Chinese stays Chinese."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from zwgk import diagnostics as dg

RARE = "𠮷"  # a CJK Extension B character: in GB18030 and UTF-8, not in GBK


def zwgk_gbk(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """`zwgk …` with its output going through a pipe in GBK, as on a Chinese Windows."""
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    return subprocess.run([sys.executable, "-m", "zwgk.cli", *args], capture_output=True, cwd=cwd,
                          env=env, check=False)


def _unit_out_of_gbk(repo: Path) -> None:
    f = repo / "catalogues/county/shehui-jiuzhu.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("subjects: [县民政局]", f"subjects: [县民政局{RARE}]", 1), encoding="utf-8")


def test_check_in_gbk_replaces_what_gbk_lacks(repo: Path) -> None:
    _unit_out_of_gbk(repo)
    r = zwgk_gbk("check", cwd=repo)
    assert r.returncode == 1
    out, err = r.stdout.decode("gbk"), r.stderr.decode("gbk")  # strict: the bytes are valid GBK
    line = next(x for x in out.splitlines() if " ZW202 " in x)
    assert "公开主体「县民政局?」不在单位登记表中" in line
    assert "Traceback" not in err and "1 个错误" in err


def test_json_in_gbk_stays_valid_json(repo: Path) -> None:
    _unit_out_of_gbk(repo)
    r = zwgk_gbk("check", "--format", "json", cwd=repo)
    data = json.loads(r.stdout.decode("gbk"))
    assert any(d["code"] == "ZW202" and "县民政局?" in d["message"] for d in data)


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [(["rules"], 0, "YAML 语法错误"), (["--help"], 0, "检查全部数据源"),
     (["check", "--format", "xml"], 2, "不是可选的值"), (["new-bulletin", "2024Q3"], 2, "不是「年份-q季度」的格式")],
)
def test_other_commands_in_gbk(args: list[str], code: int, words: str, tmp_path: Path) -> None:
    r = zwgk_gbk(*args, cwd=tmp_path)
    assert r.returncode == code
    assert words in (r.stdout + r.stderr).decode("gbk")


def test_every_rule_title_reads_in_gbk() -> None:
    for r in dg.all_rules():
        r.title.encode("gbk")  # strict: a console in GBK shows each title in full


@pytest.mark.parametrize("args", [["rules"], ["check"]])
def test_closed_pipe_is_not_a_crash(repo: Path, args: list[str]) -> None:
    """Like `zwgk rules | head -1`: the reader leaves before the output is written."""
    r, w = os.pipe()
    os.close(r)
    with subprocess.Popen([sys.executable, "-m", "zwgk.cli", *args], stdout=w, stderr=subprocess.PIPE,
                          cwd=repo) as p:
        os.close(w)
        _, err = p.communicate()
    assert "Traceback" not in err.decode("utf-8") and "Exception ignored" not in err.decode("utf-8")
