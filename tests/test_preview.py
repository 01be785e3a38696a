"""The preview (`mkdocs serve`) on a copy of the fixture repository, over HTTP as a browser asks for it:
a broken source shows its findings on the page instead of hanging every request, fixing the file
brings the page back, and the pages a long-running preview keeps between rebuilds are the pages a
fresh preview writes. `mkdocs build` of a broken source still fails."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from zwgk import diagnostics as dg
from zwgk.render import environment, preview_findings

from .conftest import mkdocs_build

BROKEN = ("catalogues/county/shehui-jiuzhu.yaml", "    subcategory: 政策\n", "    subcategory：政策\n")
DOMAIN_PAGE = "county/shehui-jiuzhu/"
REQUEST_TIMEOUT = 15  # seconds: a request the old preview would have left hanging until the file was fixed
DEADLINE = 60  # seconds for a rebuild to show, on a loaded test machine


@dataclass
class Served:
    """A running `mkdocs serve`: its address and its log."""

    base: str
    log: Path

    def get(self, path: str) -> tuple[int, str]:
        """Status and text of one page; the request must not hang."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=REQUEST_TIMEOUT) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")

    def wait_for(self, path: str, shown: Callable[[BeautifulSoup], bool], what: str) -> BeautifulSoup:
        """The page at ``path`` once ``shown`` holds for it (livereload's rebuild is done)."""
        deadline = time.monotonic() + DEADLINE
        while True:
            status, text = self.get(path)
            page = BeautifulSoup(text, "lxml")
            if status == 200 and shown(page):
                return page
            if time.monotonic() > deadline:
                pytest.fail(f"{what}: not shown at {path} after {DEADLINE} s (HTTP {status})\n"
                            + self.log.read_text(encoding="utf-8", errors="replace")[-3000:])
            time.sleep(0.3)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(root: Path, config: str = "mkdocs.yml") -> Iterator[Served]:
    """`mkdocs serve --livereload` on ``root``, as an editor runs it; stopped afterwards."""
    port = _free_port()
    log = root.parent / f"serve-{port}.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f", str(root / config),
                                 "-a", f"127.0.0.1:{port}"], cwd=root, env=env, stdout=out, stderr=out)
    served = Served(f"http://127.0.0.1:{port}/", log)
    try:
        deadline = time.monotonic() + 120
        while True:  # the first build
            try:
                served.get("")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("mkdocs serve did not start:\n" + log.read_text(encoding="utf-8", errors="replace"))
                time.sleep(0.3)
        yield served
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{rel} has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _findings(page: BeautifulSoup) -> list[tuple[str, str]]:
    """The findings the preview lists on a page: (where, the rest of the line)."""
    return [(li.code.get_text(), li.get_text(" ", strip=True)) for li in page.select(".zwgk-preview-findings li")]


def _catalogue_cell(page: BeautifulSoup, text: str) -> bool:
    return any(td.get_text(strip=True) == text for td in page.select("table.zwgk-catalogue td"))


def test_a_broken_source_shows_its_finding_on_the_page_and_fixing_it_brings_the_page_back(repo: Path) -> None:
    with serve(repo) as site:
        site.wait_for(DOMAIN_PAGE, lambda p: _catalogue_cell(p, "政策"), "the domain page")
        rel, good, bad = BROKEN
        _edit(repo, rel, good, bad)
        page = site.wait_for(DOMAIN_PAGE, lambda p: bool(_findings(p)), "the findings")
        findings = _findings(page)
        assert [w for w, _ in findings] == [f"{rel}:9:16"]
        assert "ZW002 错误" in findings[0][1] and "全角冒号" in findings[0][1]
        assert page.select_one(".zwgk-preview-findings summary").get_text(strip=True).startswith("预览：数据源有 1 个错误")
        assert _catalogue_cell(page, "政策"), "the last good page stays under the findings"
        assert "livereload" in page.find_all("script")[-1].get_text(), "the page reloads itself once fixed"
        # every page says so, not only the one whose source broke
        assert [w for w, _ in _findings(site.wait_for("towns/dadian/", lambda p: True, "a town page"))] == [f"{rel}:9:16"]
        _edit(repo, rel, bad, good.replace("政策", "政策法规"))
        page = site.wait_for(DOMAIN_PAGE, lambda p: _catalogue_cell(p, "政策法规"), "the fixed page")
        assert _findings(page) == [] and page.select(".zwgk-preview-findings") == []


def test_a_preview_started_on_a_broken_source_shows_the_findings_at_its_home(repo: Path) -> None:
    rel, good, bad = BROKEN
    _edit(repo, rel, good, bad)
    with serve(repo) as site:
        page = site.wait_for("", lambda p: bool(_findings(p)), "the findings")
        assert page.html is not None and page.html["lang"] == "zh-CN"
        assert [w for w, _ in _findings(page)] == [f"{rel}:9:16"]
        assert "还没有成功构建" in page.select_one(".zwgk-preview-findings p").get_text()
        status, text = site.get(DOMAIN_PAGE)  # no page there yet: the same findings, not a hang
        assert status == 404 and [w for w, _ in _findings(BeautifulSoup(text, "lxml"))] == [f"{rel}:9:16"]
        _edit(repo, rel, bad, good)
        site.wait_for(DOMAIN_PAGE, lambda p: _catalogue_cell(p, "政策"), "the site once fixed")
        assert _findings(BeautifulSoup(site.get("")[1], "lxml")) == []


def test_the_published_build_of_a_broken_source_still_fails_and_keeps_the_old_site(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert mkdocs_build(repo, site).returncode == 0
    before = (site / DOMAIN_PAGE / "index.html").read_bytes()
    rel, good, bad = BROKEN
    _edit(repo, rel, good, bad)
    r = mkdocs_build(repo, site)
    assert r.returncode != 0
    assert f"{rel}:9:16: ZW002" in r.stderr and "已停止构建" in r.stderr
    assert (site / DOMAIN_PAGE / "index.html").read_bytes() == before
    assert not (tmp_path / "fresh").exists() and mkdocs_build(repo, tmp_path / "fresh").returncode != 0
    assert not (tmp_path / "fresh" / "index.html").exists()


_LIVERELOAD = re.compile(r"<script>\s*var livereload = function.*?</script>", re.DOTALL)


def _site_pages(site: Served) -> dict[str, str]:
    """Every page of a running preview (from its sitemap.xml), without what differs from one server to
    another (its address, livereload's counters)."""
    locs = BeautifulSoup(site.get("sitemap.xml")[1], "xml").find_all("loc")
    pages = {}
    for loc in locs:
        path = loc.get_text().split("/", 3)[3]
        status, text = site.get(path)
        assert status == 200, path
        pages[path] = _LIVERELOAD.sub("", text).replace(site.base, "/")
    return pages


def test_pages_kept_between_rebuilds_are_the_pages_a_fresh_preview_writes(repo: Path) -> None:
    """The preview reuses what did not change (records, rendered pages); after edits of each kind,
    including a domain's name (in every page's navigation), it serves exactly what a fresh one does."""
    edits = [  # (file, old, new, page, what the page then shows)
        ("catalogues/county/shehui-jiuzhu.yaml", "subcategory: 政策\n", "subcategory: 政策文件\n", DOMAIN_PAGE, "政策文件"),
        ("catalogues/towns/dadian.yaml", "（测试用说明）", "（测试用说明，改）", "towns/dadian/", "测试用说明，改"),
        ("bulletins/2024-q2/bulletin.yaml", "opening: 现将测试情况通报如下：", "opening: 现将测试情况通报如下（改）：",
         "bulletins/2024-q2/", "现将测试情况通报如下（改）："),
        ("bulletins/2024-q2/inspections.yaml", "column: 本级文件", "column: 本级文件改", "bulletins/2024-q2/", "本级文件改"),
        ("catalogues/domains.yaml", "name: 义务教育", "name: 义务教育（改）", "county/yiwu-jiaoyu/", "义务教育（改）"),
    ]
    with serve(repo) as site:
        site.wait_for(DOMAIN_PAGE, lambda p: _catalogue_cell(p, "政策"), "the domain page")
        for rel, old, new, path, shown in edits:
            _edit(repo, rel, old, new)
            site.wait_for(path, lambda p, shown=shown: p.article is not None and shown in p.article.get_text(),
                          f"the edit of {rel}")
        kept = _site_pages(site)
    with serve(repo) as site:
        fresh = _site_pages(site)
    assert len(kept) > 20 and kept.keys() == fresh.keys()
    assert [p for p in kept if kept[p] != fresh[p]] == []
    # the domain's new name is in the navigation of a page whose own sources did not change
    nav = BeautifulSoup(kept["towns/dadian/"], "lxml").select_one("nav.md-nav--primary")
    assert nav is not None and "义务教育（改）" in nav.get_text()


def test_a_finding_in_a_submitted_workbook_is_shown_at_its_cell() -> None:
    diags = [
        dg.Diagnostic("catalogues/submissions/towns/dadian/2024-05-01-大店镇.xlsx", 7, 4, "ZW321", dg.Severity.ERROR,
                      "单元格填写不规范", sheet="社会救助", cell="D7"),
        dg.Diagnostic("catalogues/towns/dadian.yaml", 3, 1, "ZW211", dg.Severity.WARNING, "依据不在登记表中"),
        dg.Diagnostic("catalogues/towns/dadian.yaml", 1, 1, "ZW317", dg.Severity.INFO, "待筛选"),
    ]
    page = BeautifulSoup(preview_findings(environment(), diags), "lxml")
    assert [w for w, _ in _findings(page)] == [
        "catalogues/submissions/towns/dadian/2024-05-01-大店镇.xlsx:社会救助!D7", "catalogues/towns/dadian.yaml:3:1"]
    assert page.summary is not None and page.summary.get_text(strip=True) == "预览：数据源有 1 个错误、1 个警告，网站没有更新"
