"""`zwgk check`: the contract other tools rely on (formats, exit codes, relative paths)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .conftest import FIXTURES, zwgk


def test_clean_repository_exits_zero_and_prints_infos(repo: Path) -> None:
    r = zwgk("check", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "catalogues/county/yiwu-jiaoyu.yaml:4:9: ZW209 info 「义务教育」目录是草稿："
        "据《义务教育领域基层政务公开标准指引》起草的测试草稿",
        "catalogues/county/yiwu-jiaoyu.yaml:7:5: ZW215 info 事项「xxml」（教育概况／义务教育学校名录）是草稿，"
        "没有写明所据的网页：请在本事项的 source 中写明它依照的已公开目录的网址（http:// 或 https://）、单位和日期；"
        "找不到公开依据的行不要凭记忆起草",
        "catalogues/zones/dadian.yaml:2:7: ZW506 info 体验区未掌握：1 项要求的达标情况，页面标注为「暂未掌握」",
        "mkdocs.yml:1:1: ZW706 info mkdocs.yml 没有填写 site_url（专栏的正式网址）：sitemap.xml 中没有页面网址，"
        "搜索引擎和政府网站检查无法据此收录；部署到正式地址后，在 mkdocs.yml 写上 site_url: http://…/",
    ]
    assert "0 个错误" in r.stderr


def test_errors_exit_one_with_file_line_column(repo: Path) -> None:
    shutil.copyfile(FIXTURES / "bad" / "not_allowed.yaml", repo / "catalogues/county/shehui-jiuzhu.yaml")
    r = zwgk("check", "--root", str(repo))
    assert r.returncode == 1
    line = next(x for x in r.stdout.splitlines() if "ZW104" in x)
    assert line.startswith("catalogues/county/shehui-jiuzhu.yaml:28:13: ZW104 error ")
    assert "「依申请公开」" in line and "是否应为「依申请」" in line


def test_json_format(repo: Path) -> None:
    shutil.copyfile(FIXTURES / "bad" / "duplicate_id.yaml", repo / "catalogues/county/shehui-jiuzhu.yaml")
    r = zwgk("check", "--format", "json", cwd=repo)
    assert r.returncode == 1
    data = json.loads(r.stdout)
    dup = [d for d in data if d["code"] == "ZW201"]
    assert dup == [{"file": "catalogues/county/shehui-jiuzhu.yaml", "line": 19, "column": 9,
                    "code": "ZW201", "severity": "error",
                    "message": dup[0]["message"]}]
    assert "第 8 行已有" in dup[0]["message"]
    assert all(set(d) == {"file", "line", "column", "code", "severity", "message"} for d in data)


def test_github_format(repo: Path) -> None:
    shutil.copyfile(FIXTURES / "bad" / "unknown_unit.yaml", repo / "catalogues/county/shehui-jiuzhu.yaml")
    r = zwgk("check", "--format", "github", cwd=repo)
    assert r.returncode == 1
    errors = [x for x in r.stdout.splitlines() if x.startswith("::error ")]
    assert errors[0].startswith("::error file=catalogues/county/shehui-jiuzhu.yaml,line=25,col=16,title=ZW202::")
    assert any(x.startswith("::notice ") for x in r.stdout.splitlines())


def test_cannot_run_exits_two(tmp_path: Path) -> None:
    r = zwgk("check", "--root", str(tmp_path / "nowhere"))
    assert r.returncode == 2
    r = zwgk("check", "--root", str(tmp_path))  # a folder without catalogues/
    assert r.returncode == 2 and "catalogues" in r.stderr
    r = zwgk("check", "--format", "xml")
    assert r.returncode == 2


def test_rules_listing_has_every_code_once() -> None:
    r = zwgk("rules")
    codes = [x.split("\t")[0] for x in r.stdout.splitlines()]
    assert r.returncode == 0 and len(codes) == len(set(codes)) and "ZW205" in codes
