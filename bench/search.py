"""Search quality and weight, measured in Chromium against a built site.

    python bench/search.py --site site/                  # hit@1, hit@3 and the misses
    python bench/search.py --site site/ --bytes          # also the bytes before the first result
    python bench/search.py --site /tmp/old --engine material   # a site built with Material's search

The queries and the page each should find first are data: tests/search_queries.yaml. Each query is
typed into the site's own search box on a fresh page, as a citizen would, and the results are read
off the page in the order shown. ``--bytes`` opens a catalogue page on a fresh context (nothing
cached), types one query and adds up the response bodies until the first result shows: raw (as a
plain static server sends them) and gzip-equivalent (what a server with gzip on sends; files that
are already compressed count as they are).

Prints one JSON object. tests/test_search.py uses the same functions and asserts the thresholds.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

REPO = Path(__file__).resolve().parent.parent
QUERIES = REPO / "tests" / "search_queries.yaml"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--disable-gpu", "--no-first-run", "--disable-sync"]

# How each engine's results are read off the page: the search box, and the links of the results in
# the order shown (one per result: Material lists a page's sections under the page's own link).
ENGINES = {
    "material": {"box": "input.md-search__input",
                 "links": ".md-search-result__list > li.md-search-result__item > a.md-search-result__link",
                 "none": ".md-search-result__meta"},
    "zwgk": {"box": "input.md-search__input",
             "links": ".zwgk-search__list > li > a.zwgk-search__link",
             "none": ".zwgk-search__none"},
}


@dataclass(frozen=True)
class Query:
    """A question as a citizen types it, and the page (site path) that should come first."""

    q: str
    expect: str | None


def load_queries(path: Path = QUERIES) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Query(str(e["q"]), e.get("expect")) for e in data["queries"]]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """The built site on 127.0.0.1 (search needs http://, not file://); yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def site_path(url: str, base: str) -> str:
    """``http://127.0.0.1:1234/county/x/#frag`` → ``county/x/``."""
    path = urlsplit(url).path
    root = urlsplit(base).path
    path = path[len(root):] if path.startswith(root) else path.lstrip("/")
    return path.removesuffix("index.html")


def _open(page: Any) -> None:
    """On a phone the box sits behind the header's search button."""
    if (page.viewport_size or {}).get("width", 1280) < 960 and not page.is_checked("#__search"):
        page.locator("label.md-header__button[for=__search]").click()


def results(page: Any, base: str, query: str, engine: str = "zwgk", timeout: float = 15.0) -> list[str]:
    """Type ``query`` into the open page's search box; the site paths of the results, in order
    (empty when the engine says it found nothing)."""
    sel = ENGINES[engine]
    box = page.locator(sel["box"])
    _open(page)
    box.click()
    box.fill(query)
    if engine == "material":
        box.press("End")  # Material searches on key events only
    deadline = time.monotonic() + timeout
    last: list[str] | None = None
    stable = 0
    while time.monotonic() < deadline:
        hrefs = page.eval_on_selector_all(sel["links"], "as => as.map(a => a.href)")
        none = page.locator(sel["none"]).first
        if hrefs or (engine != "material" and none.count() and none.is_visible()):
            stable = stable + 1 if hrefs == last else 0
            if stable >= 2:  # the same list twice in a row: the engine has settled
                return [site_path(h, base) for h in hrefs]
            last = hrefs
        page.wait_for_timeout(150)
    return [site_path(h, base) for h in last or []]


@dataclass
class Score:
    """hit@1 and hit@3 over the queries that have an expected page, and what missed."""

    total: int
    hit1: int
    hit3: int
    misses: list[dict[str, object]]

    @property
    def at1(self) -> float:
        return self.hit1 / self.total if self.total else 0.0

    @property
    def at3(self) -> float:
        return self.hit3 / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, object]:
        return {"queries": self.total, "hit@1": round(self.at1, 3), "hit@3": round(self.at3, 3),
                "misses": self.misses}


def evaluate(browser: Any, base: str, queries: list[Query], engine: str = "zwgk", start: str = "") -> Score:
    """Each answerable query on a fresh page of one context (the index stays cached, as for a
    citizen who searches twice)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    score = Score(0, 0, 0, [])
    try:
        for query in queries:
            if query.expect is None:
                continue
            page.goto(base + start, wait_until="networkidle")
            found = results(page, base, query.q, engine)
            score.total += 1
            score.hit1 += found[:1] == [query.expect]
            score.hit3 += query.expect in found[:3]
            if found[:1] != [query.expect]:
                score.misses.append({"q": query.q, "expect": query.expect, "got": found[:3]})
    finally:
        context.close()
    return score


def first_result_bytes(browser: Any, base: str, query: str, engine: str = "zwgk",
                       start: str = "county/shehui-jiuzhu/", width: int = 375) -> dict[str, int]:
    """What a phone downloads from opening ``start`` (fresh context, nothing cached) until the first
    result of ``query`` shows: raw and gzip-equivalent bytes, all of it and the search's share."""
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    seen: list[tuple[str, bytes]] = []
    page.on("response", lambda r: seen.append((r.url, r.body())) if r.ok else None)
    try:
        page.goto(base + start, wait_until="networkidle")
        loaded = len(seen)
        first = _first_result(page, query, engine, lambda: len(seen))
        found = results(page, base, query, engine)  # the same query again: its results settle
        if not found:
            raise RuntimeError(f"{engine}: no result for {query!r}")
    finally:
        context.close()
    seen = seen[:first]
    def gz(url: str, body: bytes) -> int:
        return len(body) if body[:2] == b"\x1f\x8b" or url.endswith((".png", ".woff2")) else \
            len(gzip.compress(body, 6, mtime=0))
    raw = [len(b) for _, b in seen]
    packed = [gz(u, b) for u, b in seen]
    return {"page_raw": sum(raw[:loaded]), "page_gzip": sum(packed[:loaded]),
            "total_raw": sum(raw), "total_gzip": sum(packed),
            "search_raw": sum(raw) - sum(raw[:loaded]) + _search_share(seen[:loaded], raw[:loaded]),
            "search_gzip": sum(packed) - sum(packed[:loaded]) + _search_share(seen[:loaded], packed[:loaded]),
            "requests": len(seen)}


def _first_result(page: Any, query: str, engine: str, count: Any, timeout: float = 15.0) -> int:
    """Type ``query``; how many responses (``count()``) had arrived when the first result showed."""
    sel = ENGINES[engine]
    _open(page)
    box = page.locator(sel["box"])
    box.click()
    box.fill(query)
    if engine == "material":
        box.press("End")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.eval_on_selector_all(sel["links"], "as => as.filter(a => a.offsetParent).length"):
            return int(count())
        page.wait_for_timeout(20)
    raise RuntimeError(f"{engine}: no result for {query!r} within {timeout} s")


def _search_share(seen: list[tuple[str, bytes]], sizes: list[int]) -> int:
    """Bytes of search files fetched while the page loaded (Material fetches its index then)."""
    return sum(n for (u, _), n in zip(seen, sizes, strict=True)
               if "/search/" in u or "/workers/search" in u or "/pagefind/" in u)


def index_bytes(site: Path) -> dict[str, int]:
    """Size of the search index on disk: Material's JSON or Pagefind's folder."""
    files = [p for d in ("search", "pagefind") for p in (site / d).rglob("*") if p.is_file()] \
        if any((site / d).is_dir() for d in ("search", "pagefind")) else []
    raw = sum(p.stat().st_size for p in files)
    packed = sum(len(b) if b[:2] == b"\x1f\x8b" else len(gzip.compress(b, 6, mtime=0))
                 for b in (p.read_bytes() for p in files))
    return {"index_files": len(files), "index_raw": raw, "index_gzip": packed}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", type=Path, default=REPO / "site")
    ap.add_argument("--engine", choices=sorted(ENGINES), default="zwgk")
    ap.add_argument("--bytes", action="store_true", help="also measure the bytes before the first result")
    ap.add_argument("--query", default="低保怎么申请", help="the query for --bytes")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    out: dict[str, object] = {"site": str(args.site), "engine": args.engine, **index_bytes(args.site)}
    with serve(args.site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        out.update(evaluate(browser, base, load_queries(), args.engine).as_dict())
        if args.bytes:
            out["first_result"] = first_result_bytes(browser, base, args.query, args.engine)
        browser.close()
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
