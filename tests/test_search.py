"""Site search (zwgk.search and assets/zwgk/search.js): the office's synonyms file, what is indexed,
and in Chromium the citizens' questions of tests/search_queries.yaml against the shipped site."""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from zwgk import search
from zwgk.project import load_project
from zwgk.rules import check

from .conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

from search import ARGS, evaluate, first_result_bytes, load_queries, results, serve

CHROMIUM = Path("/usr/bin/chromium")

# --- the synonyms file ------------------------------------------------------------------------------


def test_shipped_synonyms_load_clean() -> None:
    synonyms, diags = search.synonyms_of(load_project(REPO))
    assert diags == []
    assert search.Synonym("低保", ("最低生活保障",)) in synonyms


@pytest.mark.parametrize(
    ("body", "code", "line"),
    [("  - {word: 低保, means: [最低生活保障]}\n  - {word: 低保, means: [低保对象]}\n", "ZW801", 7),
     ("  - {word: 低保, means: [低保]}\n", "ZW801", 6),
     ("  - {word: 低 保, means: [最低生活保障]}\n", "ZW801", 6),
     ("  - {word: 低保, mean: [最低生活保障]}\n", "ZW103", 6),
     ("  - {word: 低保, means: []}\n", "ZW102", 6)],
    ids=["twice", "itself", "space", "misspelt-key", "empty"])
def test_bad_synonyms_are_findings_at_their_line(repo: Path, body: str, code: str, line: int) -> None:
    (repo / search.SYNONYMS).write_text(
        "# yaml-language-server: $schema=../plugins/zwgk/schemas/search-synonyms.schema.json\n"
        "source: 测试\nstatus: draft\nupdated: 2026-11-28\nsynonyms:\n" + body, encoding="utf-8")
    # zwgk check and the build report them like any other source finding, at their line
    found = [d for d in check(load_project(repo)) if d.file == search.SYNONYMS]
    assert (code, line) in [(d.code, d.line) for d in found], found


def test_question_words_never_swallow_a_synonym() -> None:
    for s in search.synonyms_of(load_project(REPO))[0]:
        assert s.word not in search.QUESTION_WORDS


# --- what is indexed -------------------------------------------------------------------------------


@pytest.mark.parametrize(("src", "dest"), [("county/x.md", "county/x/index.html"), ("index.md", "index.html"),
                                           ("towns/a/index.md", "towns/a/index.html")])
def test_dest_path_follows_directory_urls(src: str, dest: str) -> None:
    assert search.dest_path(src) == dest


def test_towns_copies_weigh_less_than_the_county_page_and_are_grouped() -> None:
    ranks = search.page_ranks(["shehui-jiuzhu"], ["shehui-jiuzhu"], {"dadian": ["shehui-jiuzhu"]}, ["minzheng"])
    county, copy = ranks["county/shehui-jiuzhu.md"], ranks["towns/dadian/shehui-jiuzhu.md"]
    template = ranks["towns/template/shehui-jiuzhu.md"]
    assert county.body > template.body > copy.body and copy.group == "shehui-jiuzhu" and not county.group


@pytest.mark.parametrize("word", ["低保", "最低生活保障", "12345", "a级"])
def test_spelling_is_letters_and_keeps_prefixes(word: str) -> None:
    spelt = search.spell(word)
    assert spelt.isascii() and spelt.isalnum()
    if all("\u4e00" <= ch <= "\u9fff" for ch in word):
        assert spelt.startswith(search.spell(word[:-1])) and len(spelt) == 2 + 4 * len(word)


def _fragments(site: Path) -> Iterator[dict[str, object]]:
    """Every page the index can return, over all its parts."""
    for bundle in sorted({f.parent.parent for f in (site / "pagefind").glob("**/fragment/*")}):
        yield from _fragments_of(bundle)


def _fragments_of(bundle: Path) -> Iterator[dict[str, object]]:
    """The pages of one Pagefind bundle (the index, or one of its parts)."""
    for f in sorted((bundle / "fragment").iterdir()):
        raw = gzip.decompress(f.read_bytes())
        yield json.loads(raw[raw.index(b"{"):])


def test_editor_guide_and_site_map_are_not_indexed(shipped_site: Path) -> None:
    urls = {str(f["url"]) for f in _fragments(shipped_site)}
    assert "/county/shehui-jiuzhu/" in urls and "/units/minzheng/" in urls
    assert not [u for u in urls if u.startswith("/guide/")] and "/sitemap/" not in urls
    assert not (shipped_site / "search").exists()  # Material's index (1.4 MB, loaded on every page) is gone
    assert not list((shipped_site / "pagefind").glob("pagefind-ui.*"))  # only what the site uses is shipped


def _index_data(site: Path) -> tuple[list[dict[str, object]], str]:
    """What a search can return (every page's fragment) and the script's vocabulary."""
    fragments = sorted(_fragments(site), key=lambda f: str(f["url"]))
    return fragments, (site / "pagefind" / search.CLIENT_DATA).read_text(encoding="utf-8")


def _reindex(site: Path) -> search.IndexStats:
    """Index a built site again, as the build does."""
    from zwgk import derive

    p = load_project(REPO)
    ranks = search.page_ranks([c.domain_id for c in p.county], [c.domain_id for c in p.template],
                              {t.town_id: [d.id for d in p.registry.domains if d.town] for t in p.towns},
                              [u.id for u in p.registry.units if u.id])
    synonyms, _ = search.synonyms_of(p)
    return search.write_index(site, ranks, search.excluded_pages(p.pages), synonyms,
                              derive.search_terms(p.registry, [*p.county, *p.template]))


def test_pages_read_during_the_build_index_as_the_written_files(shipped_site: Path, tmp_path: Path) -> None:
    """The build reads each page for the index in a second process as it is written; indexing the
    written files afterwards (as when there is one core, or the reader fails) gives the same index."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(shipped_site, site)
    stats = _reindex(site)
    assert stats.pages > 300
    assert _index_data(site) == _index_data(shipped_site)


@pytest.fixture(scope="module")
def parted_site(shipped_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The shipped site indexed in parts of 300 KB of text (a site ten times the county's is
    indexed in parts of PART_BYTES: one Pagefind run holds about 30 MB for each MB it indexes)."""
    import shutil

    site = tmp_path_factory.mktemp("parted") / "site"
    shutil.copytree(shipped_site, site)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(search, "PART_BYTES", 300_000)
        stats = _reindex(site)
    assert stats.parts >= 5
    yield site


def test_the_shipped_site_is_indexed_in_one_part(shipped_site: Path) -> None:
    data = json.loads((shipped_site / "pagefind" / search.CLIENT_DATA).read_text(encoding="utf-8"))
    assert data["parts"] == [] and not list((shipped_site / "pagefind").glob("part-*"))


def test_an_index_in_parts_holds_every_page_once(parted_site: Path, shipped_site: Path) -> None:
    data = json.loads((parted_site / "pagefind" / search.CLIENT_DATA).read_text(encoding="utf-8"))
    parts = [parted_site / "pagefind" / part for part in data["parts"]]
    assert len(parts) >= 4 and all((part / "pagefind-entry.json").is_file() for part in parts)
    for part in [parted_site / "pagefind", *parts]:
        search.verify_index(part)  # each part is a whole Pagefind bundle
    urls = [str(f["url"]) for f in _fragments(parted_site)]
    assert len(urls) == len(set(urls))
    assert sorted(urls) == sorted(str(f["url"]) for f in _fragments(shipped_site))


def test_every_index_file_the_search_loads_is_whole(shipped_site: Path) -> None:
    out = shipped_site / "pagefind"
    search.verify_index(out)  # the index the build wrote
    entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(lang["page_count"] for lang in entry["languages"].values()) > 300


@pytest.mark.parametrize(("cut", "keep"), [("pagefind-entry.json", 0), ("wasm.unknown.pagefind", 0),
                                          ("pagefind.js", 0), ("meta", 0), ("wasm.unknown.pagefind", 65536),
                                          ("fragment", 20)])
def test_an_index_left_cut_short_is_refused(shipped_site: Path, tmp_path: Path, cut: str, keep: int) -> None:
    """Pagefind's Python service once left files empty or cut at 64 KiB (it answered before its
    writes were done and was stopped): a build must stop rather than publish a search that fails."""
    import shutil

    out = tmp_path / "pagefind"
    shutil.copytree(shipped_site / "pagefind", out)
    victim = {"meta": lambda: next(out.glob("pagefind.*.pf_meta")),
              "fragment": lambda: next((out / "fragment").iterdir())}.get(cut, lambda: out / cut)()
    victim.write_bytes(victim.read_bytes()[:keep])
    with pytest.raises(RuntimeError, match="搜索索引不完整"):
        search.verify_index(out)


def test_a_failed_reader_leaves_the_files_to_be_read() -> None:
    reader = search.PageReader()
    reader.start()
    reader.submit("county/x/index.html", "<html><body><article class='md-content__inner'><p>低保</p></article></body></html>")
    reader._jobs.append(reader._pool.submit(os._exit, 3))  # type: ignore[union-attr]  # the reader dies
    assert reader.records() == {}


# --- in Chromium -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_url(shipped_site: Path) -> Iterator[str]:
    with serve(shipped_site) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make browsers)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


def test_citizens_questions_find_their_page(browser: object, base_url: str) -> None:
    queries = load_queries()
    assert len(queries) >= 40
    score = evaluate(browser, base_url, queries)
    print(f"\nsearch: {score.total} questions, hit@1 {score.at1:.1%}, hit@3 {score.at3:.1%}")
    for m in score.misses:
        print(f"  {m['q']}: expected {m['expect']}, got {m['got']}")
    assert score.at1 >= 0.90 and score.at3 >= 0.97, score.misses


def test_an_index_in_parts_answers_as_one(browser: object, parted_site: Path) -> None:
    """The search script merges the parts: the citizens' questions find their pages wherever the
    page's part is (the county's domain pages are not in the first part)."""
    first = {str(f["url"]) for f in _fragments_of(parted_site / "pagefind")}
    queries = load_queries()
    assert [q for q in queries if q.expect and "/" + q.expect not in first]  # the test reaches other parts
    with serve(parted_site) as base:
        score = evaluate(browser, base, queries)
    print(f"\nsearch in parts: {score.total} questions, hit@1 {score.at1:.1%}, hit@3 {score.at3:.1%}")
    assert score.at1 >= 0.90 and score.at3 >= 0.97, score.misses


def test_a_page_view_fetches_no_search_file_and_a_search_fetches_little(browser: object, base_url: str) -> None:
    cost = first_result_bytes(browser, base_url, "低保怎么申请")
    print(f"\nbefore the first result: {cost}")
    assert cost["page_gzip"] <= 80_000  # a catalogue page on a phone, before any search
    assert cost["search_gzip"] <= 160_000 and cost["total_raw"] <= 700_000


def _page(browser: object, base_url: str, path: str = "", width: int = 1280) -> object:
    context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(base_url + path, wait_until="networkidle")
    return page


def test_pasted_or_spoken_text_is_searched_without_a_key(browser: object, base_url: str) -> None:
    page = _page(browser, base_url)
    page.focus("input.md-search__input")
    # what paste and voice input do: the value changes and an input event fires, no key event
    page.evaluate("""() => { const i = document.querySelector('input.md-search__input');
                             i.value = '低保怎么申请'; i.dispatchEvent(new InputEvent('input', {bubbles: true})); }""")
    page.locator(".zwgk-search__link").first.wait_for(timeout=15000)
    assert results(page, base_url, "低保怎么申请")[0] == "county/shehui-jiuzhu/"
    page.context.close()


def test_towns_copies_do_not_crowd_the_top(browser: object, base_url: str) -> None:
    page = _page(browser, base_url)
    found = results(page, base_url, "低保")
    assert found[0] == "county/shehui-jiuzhu/"
    copies = [u for u in found if u.startswith("towns/") and u.count("/") == 3 and "/template/" not in u]
    assert len(copies) <= 1  # one result for the 16 towns' copies, with the others listed inside it
    group = page.locator(".zwgk-search__item:has(.zwgk-search__towns)")
    assert group.count() == 1 and group.locator(".zwgk-search__towns a").count() >= 2
    page.context.close()


def test_the_whole_term_is_highlighted_on_the_page_found(browser: object, base_url: str) -> None:
    page = _page(browser, base_url)
    results(page, base_url, "低保")
    page.locator(".zwgk-search__link").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.split("?")[0].endswith("/county/shehui-jiuzhu/")
    marks = set(page.eval_on_selector_all("article mark.zwgk-hit", "ms => ms.map(m => m.textContent)"))
    assert marks and marks <= {"低保", "最低生活保障"} and "最低生活保障" in marks
    page.context.close()


def test_no_answer_says_so_and_names_the_hotline(browser: object, base_url: str) -> None:
    page = _page(browser, base_url)
    page.fill("input.md-search__input", "火星移民")
    none = page.locator(".zwgk-search__none")
    none.wait_for(state="visible", timeout=15000)
    assert "12345" in none.inner_text()
    page.context.close()


def test_keyboard_reaches_the_results_and_escape_closes(browser: object, base_url: str) -> None:
    page = _page(browser, base_url + "county/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("招生")
    page.locator(".zwgk-search__link").first.wait_for(timeout=15000)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('zwgk-search__link')")
    page.keyboard.press("Escape")
    assert not page.is_checked("#__search")
    page.context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_open_search_has_no_serious_accessibility_violations(browser: object, base_url: str, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = _page(browser, base_url, "county/shehui-jiuzhu/", width)
    results(page, base_url, "低保")
    bad = [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in Axe().run(page).response["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == []
    page.context.close()
