"""The shipped site in Debian's Chromium, served on 127.0.0.1: tables render, nothing is fetched
from another host. Never skipped in CI: a missing browser is a failure there."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .conftest import REPO, mkdocs_build

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--disable-gpu", "--no-first-run", "--disable-sync"]

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing in CI: .ci/run must install Debian's chromium", pytrace=False)
    pytest.skip("Debian's chromium is not installed (make browsers)", allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("browser") / "site"
    r = mkdocs_build(REPO, site)
    assert r.returncode == 0, r.stderr
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


def _visit(browser: Browser, url: str, width: int = 1280) -> tuple[Page, list[str]]:
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    requested: list[str] = []
    page.on("request", lambda req: requested.append(req.url))
    page.goto(url, wait_until="networkidle")
    return page, requested


@pytest.mark.parametrize("path", ["", "county/", "county/shehui-jiuzhu/", "units/minzheng/"])
def test_pages_load_only_from_the_site_itself(browser: Browser, base_url: str, path: str) -> None:
    page, requested = _visit(browser, base_url + path)
    hosts = {urlparse(u).netloc for u in requested if urlparse(u).scheme in ("http", "https")}
    assert hosts == {urlparse(base_url).netloc}, requested
    assert page.title()
    page.context.close()


def test_catalogue_table_is_visible_with_its_rows(browser: Browser, base_url: str) -> None:
    page, _ = _visit(browser, base_url + "county/shehui-jiuzhu/")
    table = page.locator("table.zwgk-catalogue")
    assert table.is_visible()
    assert page.locator("table.zwgk-catalogue tbody tr").count() == 9
    cell = page.locator('tr#item-shjz-03 td[data-label="公开内容（要素）"]')
    assert "最低生活保障标准" in cell.inner_text()
    assert page.locator(".zwgk-draft").is_visible()
    page.context.close()


def test_search_finds_dibao_in_chinese(browser: Browser, base_url: str) -> None:
    page, _ = _visit(browser, base_url)
    page.click("input.md-search__input")
    page.fill("input.md-search__input", "最低生活保障")
    page.press("input.md-search__input", "End")  # Material queries on key events
    results = page.locator(".md-search-result__item h1")
    results.first.wait_for(timeout=15000)
    titles = [t.replace("\u200b", "") for t in results.all_inner_texts()]
    assert titles[0] == "社会救助领域基层政务公开标准目录"
    page.context.close()
