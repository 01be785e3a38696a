"""A draft bulletin (status: draft) is kept off the published site; the preview shows it, bannered."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from lxml import etree

from zwgk.project import load_project
from zwgk.rules import check

from .conftest import FIXTURES, mkdocs_build, soup

DRAFT = """\
title: 关于2024年第三季度全县政务公开工作情况的通报
doc_number: 莒政办字〔2024〕99号
issuer: 莒南县人民政府办公室
recipients: 各镇街人民政府（办事处），县直有关部门、单位
date: 2024-10-15
year: 2024
quarter: 3
disclosure: 此件公开发布
source: 测试用数据
status: draft
updated: 2024-10-15
sections:
  - heading: 一、基本工作情况
    body: |
      第三季度县政府门户网站共发布信息罕见词草稿通报专用137条。
      县民政局的部门文件栏目超半年未更新。
figures:
  - {id: posts, label: 县政府门户网站发布信息, value: 137, unit: 条}
annexes:
  - number: 1
    title: 2024年第三季度部门(单位)网站内容保障情况通报表
    kind: departments
    rows:
      - {unit: 县民政局, column: 部门文件, problems: [超半年未更新]}
"""
TITLE = "关于2024年第三季度全县政务公开工作情况的通报"
WORD = "罕见词草稿通报专用"


def _repo(tmp: Path) -> Path:
    root = tmp / "repo"
    shutil.copytree(FIXTURES / "repo", root)
    (root / "bulletins/2024-q3").mkdir()
    (root / "bulletins/2024-q3/bulletin.yaml").write_text(DRAFT, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site with a draft bulletin, built as published (with the site's own search index)."""
    root = _repo(tmp_path_factory.mktemp("drafts"))
    cfg = root / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8").replace("  - search:\n      lang: en\n", "")
    text = text.replace("      search: false  #", "      search: true  #")
    cfg.write_text("site_url: http://zwgk.example/\n" + text, encoding="utf-8")  # MkDocs' sitemap.xml needs it
    out = root / "site"
    r = mkdocs_build(root, out)
    assert r.returncode == 0, r.stderr
    return out


def test_no_page_for_the_draft(published: Path) -> None:
    assert not (published / "bulletins/2024-q3").exists()
    assert (published / "bulletins/2024-q2/index.html").is_file()


def test_draft_not_in_the_bulletin_index_or_trends(published: Path) -> None:
    index = soup(published / "bulletins/index.html")
    assert [a.get_text(strip=True) for a in index.select("ul.zwgk-bulletins a")] == [
        "关于2024年第二季度全县政务公开工作情况的通报"]
    trends = soup(published / "bulletins/trends/index.html")
    assert [td.get_text(strip=True) for td in trends.select("section#posts tbody td")] == [
        "2024年第二季度", "120 条"]


def test_draft_findings_not_on_unit_pages(published: Path) -> None:
    page = soup(published / "units/minzheng/index.html")
    links = {a["href"] for a in page.select("article a[href]") if "bulletins/" in a["href"]}
    assert links == {"../../bulletins/2024-q2/#annex-2", "../../bulletins/2024-q2/#annex-3"}


def test_draft_not_in_the_feed(published: Path) -> None:
    feed = etree.fromstring((published / "bulletins/feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.text for e in feed.findall("a:entry/a:title", ns)] == ["关于2024年第二季度全县政务公开工作情况的通报"]


def test_draft_not_in_the_site_maps(published: Path) -> None:
    page = soup(published / "sitemap/index.html")
    links = [a.get_text(strip=True) for a in page.select("article a")]
    assert "关于2024年第二季度全县政务公开工作情况的通报" in links and TITLE not in links
    xml = (published / "sitemap.xml").read_text(encoding="utf-8")
    assert "2024-q2/" in xml and "2024-q3" not in xml


def test_draft_not_in_the_search_index(published: Path) -> None:
    urls, text = set(), []
    for f in sorted((published / "pagefind/fragment").iterdir()):
        raw = gzip.decompress(f.read_bytes())
        frag = json.loads(raw[raw.index(b"{"):])
        urls.add(str(frag["url"]))
        text.append(str(frag.get("content", "")))
    assert "/bulletins/2024-q2/" in urls and not [u for u in urls if "2024-q3" in u]
    assert not [t for t in text if WORD in t.replace("\u200b", "").replace(" ", "")]


def test_preview_shows_the_draft_with_a_banner(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "mkdocs.preview.yml").write_text(
        "INHERIT: mkdocs.yml\nplugins:\n  - search:\n      lang: en\n  - zwgk:\n      search: false\n"
        "      drafts: true\n", encoding="utf-8")
    out = root / "site"
    r = mkdocs_build(root, out, "-f", str(root / "mkdocs.preview.yml"))
    assert r.returncode == 0, r.stderr
    page = soup(out / "bulletins/2024-q3/index.html")
    banner = page.select_one("div.zwgk-draft")
    assert banner is not None
    assert banner.select_one(".admonition-title").get_text(strip=True) == "草稿 · 尚未印发"
    assert page.select_one("p.zwgk-doc-number").get_text(strip=True) == "莒政办字〔2024〕99号"
    index = soup(out / "bulletins/index.html")
    items = [li.get_text(" ", strip=True) for li in index.select("ul.zwgk-bulletins li")]
    assert items[0].startswith(f"{TITLE} 草稿") and items[1].startswith("关于2024年第二季度")
    # the issued bulletin is not bannered
    assert soup(out / "bulletins/2024-q2/index.html").select_one("div.zwgk-draft") is None
    feed = (out / "bulletins/feed.xml").read_text(encoding="utf-8")
    assert TITLE not in feed


def test_check_says_the_draft_is_not_published(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    hits = [d for d in check(load_project(root)) if d.code == "ZW410"]
    assert [(d.file, d.line, d.severity.value) for d in hits] == [("bulletins/2024-q3/bulletin.yaml", 10, "info")]
    assert "不会发布到正式网站" in hits[0].message
