"""Site search (站内搜索): the index a phone loads in small pieces, and the words it understands.

The published site is searched with Pagefind (its index is written next to the pages, fetched in
small chunks only when someone searches; nothing loads on a page view). Pagefind's own Chinese
handling segments pages and queries with two different segmenters, so here every page is segmented
once with jieba (taught the column's own terms) and indexed as space-separated words; the site's
search script (``assets/zwgk/search.js``) segments a query against the same vocabulary, drops
question words (怎么、如何、在哪里…) and tries the office's colloquial synonyms
(``catalogues/search-synonyms.yaml``: 低保 → 最低生活保障).

Ranking follows the page's place in the column: a county domain page and a unit page outrank the
town template, and the 16 towns' copies of one template table weigh little and are grouped into one
result by the script. The editor guide (everything under ``guide/``) and pages whose front matter
says ``search: {exclude: true}`` are not indexed.

Nothing here imports MkDocs: the plugin hands each page to a ``PageReader`` as it is written (read
in a second process while MkDocs writes the others) and calls ``write_index`` on the staged site,
before the gate; pages the reader did not see are read there.
"""

from __future__ import annotations

import concurrent.futures
import functools
import gzip
import html
import json
import multiprocessing
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from . import diagnostics as dg
from . import loading
from .diagnostics import Diagnostic
from .project import SYNONYMS
from .urls import URLS

INDEX_DIR = "pagefind"
CLIENT_DATA = "zwgk-search.json"  # inside INDEX_DIR: vocabulary, synonyms and question words
EDITOR_SECTION = "guide/"  # the editor guide: for editors, never in citizens' search
LANGUAGE = "und"  # not zh: Pagefind would re-segment with a segmenter the browser does not share
MARK = "qz"  # begins a word written in letters (see spell)
# Pagefind holds all it indexes in one run in memory, about 30 MB for each MB of text (1 GB for the
# 34 MB of ten counties' pages): the index is written in parts of at most this much text, one run
# each, two at a time; the search script merges them (Pagefind's mergeIndex). The county's own
# site (about 3.5 MB) is one part.
PART_BYTES = 6_000_000
PART_DIR = "part-{}"  # inside INDEX_DIR: the second part and on

# Words that make a query a question but name nothing to find (longest first when applied).
QUESTION_WORDS = (
    "怎么样", "怎么办", "怎么", "如何", "怎样", "在哪里", "在哪儿", "在哪", "去哪里", "去哪儿", "去哪",
    "哪里", "哪儿", "哪个", "哪些", "什么", "多少", "多久", "是否", "能否", "能不能", "可不可以", "可以",
    "需要", "请问", "我想", "我要", "想要", "到哪了", "办到", "找谁", "有没有", "有哪些", "吗", "呢", "了",
    "呀", "啊", "吧", "的", "么",
)
# Words kept in a first try but dropped when nothing has every word (申请 is in 申请条件, but a page
# on 公租房 may not say it).
SOFT_WORDS = ("申请", "办理", "领取", "查询", "咨询", "电话", "地址", "通知", "名单", "目录", "领", "办", "交",
              "补助", "补贴", "政策", "信息")

@dataclass(frozen=True)
class Synonym:
    """A colloquial word (低保) and what the catalogues call it (最低生活保障)."""

    word: str
    means: tuple[str, ...]


def synonyms_of(project: Any) -> tuple[list[Synonym], list[Diagnostic]]:
    """The office's synonyms (catalogues/search-synonyms.yaml, loaded and validated with the other
    sources), each word once, never pointing only at itself."""
    src = project.sources.get(SYNONYMS)
    out: list[Synonym] = []
    diags: list[Diagnostic] = []
    seen: dict[str, int] = {}
    for entry in project.synonyms:
        word = _norm(entry.word)
        means = tuple(dict.fromkeys(m for m in (_norm(x) for x in entry.means) if m and m != word))
        line, col = src.at(entry.path) if src is not None else (1, 1)
        line, col = src.at((*entry.path, "word")) if src is not None else (line, col)
        if not word or re.search(r"\s", word):
            diags.append(dg.make(dg.SEARCH_SYNONYM, SYNONYMS, line, col, f"同义词「{entry.word}」为空或含空格：每项写一个词"))
        elif word in seen:
            diags.append(dg.make(dg.SEARCH_SYNONYM, SYNONYMS, line, col,
                                 f"「{word}」已在第 {seen[word]} 行写过：请把两处的 means 合并到一项"))
        elif not means:
            diags.append(dg.make(dg.SEARCH_SYNONYM, SYNONYMS, line, col,
                                 f"「{word}」的 means 只写了它自己：请写目录中的说法，如「最低生活保障」"))
        else:
            seen[word] = line
            out.append(Synonym(word, means))
    return out, diags


def check_synonyms(project: Any) -> list[Diagnostic]:
    return synonyms_of(project)[1]


def _norm(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip().lower()


# --- which pages, how much they weigh -------------------------------------------------------------

@dataclass(frozen=True)
class PageRank:
    """How a page takes part in search: the weight of its title and of its text (1 = a county
    domain page) and, for the towns' copies of one template table, the group the search script
    folds them into."""

    title: float
    body: float
    group: str = ""


DEFAULT_RANK = PageRank(1.0, 0.6)


def page_ranks(county: Iterable[str], template: Iterable[str], towns: dict[str, list[str]],
               units: Iterable[str]) -> dict[str, PageRank]:
    """Ranks by page source path (``county/shehui-jiuzhu.md``), from the domain, town and unit ids
    and the site's URL table."""
    out: dict[str, PageRank] = {}
    for d in county:
        out[URLS.domain(d)] = PageRank(1.0, 1.0)
    for u in units:  # a unit's page repeats rows of the domain pages: found by its name first
        out[URLS.unit(u)] = PageRank(1.0, 0.35)
    for d in template:
        out[URLS.template(d)] = PageRank(0.4, 0.35)
    for t, domains in towns.items():
        out[URLS.town(t)] = PageRank(0.8, 0.3)
        out[URLS.town_diff(t)] = PageRank(0.1, 0.1)
        for d in domains:
            out[URLS.town_domain(t, d)] = PageRank(0.15, 0.1, group=d)
    # overview pages list a bit of everything: found by their titles, not by each row they list
    for src in (URLS.home, URLS.county_index, URLS.towns_index, URLS.units_index, URLS.template_index):
        out.setdefault(src, PageRank(0.5, 0.2))
    for src in (URLS.towns_matrix, URLS.zones_matrix, URLS.trends):
        out.setdefault(src, PageRank(0.3, 0.1))
    return out


def excluded_pages(pages: dict[str, str]) -> frozenset[str]:
    """Hand-written pages (``content/…`` path → Markdown) whose front matter says
    ``search: {exclude: true}``, by their path in the docs folder."""
    out = set()
    for path, text in pages.items():
        src, _ = loading.load_front_matter(text, path)
        meta = src.data if src is not None and isinstance(src.data, dict) else {}
        search = meta.get("search")
        if isinstance(search, dict) and search.get("exclude") is True:
            out.add(path.split("/", 1)[1] if "/" in path else path)
    return frozenset(out)


def dest_path(src_uri: str, directory_urls: bool = True) -> str:
    """Where MkDocs writes a page: ``county/x.md`` → ``county/x/index.html``."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


# --- segmentation ---------------------------------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[\w\u3400-\u9fff\uf900-\ufaff]", re.U)


class Segmenter:
    """jieba with the column's own terms, remembering what it already cut (the 16 towns repeat the
    template's rows)."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        import jieba  # a dependency of the site; imported late: it takes a while to start

        jieba.setLogLevel(60)
        self._tok = jieba.Tokenizer()
        self._tok.initialize()  # the dictionary (about a second)
        self._memo: dict[str, tuple[str, ...]] = {}
        self._parts: dict[str, tuple[str, ...]] = {}
        self.teach(words)

    def teach(self, words: Iterable[str]) -> None:
        """Keep ``words`` whole from now on."""
        for w in words:
            if 2 <= len(w) <= 16:
                self._tok.add_word(w, freq=2000)
        self._memo.clear()
        self._parts.clear()

    def words(self, text: str) -> tuple[str, ...]:
        """The words of ``text``, lower-cased, without spaces or punctuation."""
        text = unicodedata.normalize("NFKC", text).lower()
        out: list[str] = []
        for run in re.split(r"\s+", text):
            if not run:
                continue
            cut = self._memo.get(run)
            if cut is None:
                cut = self._memo[run] = tuple(w for w in self._tok.cut(run, HMM=True) if _WORD.search(w))
            out.extend(cut)
        return tuple(out)

    def parts(self, word: str) -> tuple[str, ...]:
        """Dictionary words inside a longer word (最低生活保障 → 最低、生活、保障), so a query that
        names part of it finds it."""
        if len(word) < 3 or not _CJK.search(word):
            return ()
        cut = self._parts.get(word)
        if cut is None:
            cut = self._parts[word] = tuple(
                w for w in self._tok.cut_for_search(word, HMM=False) if w != word and len(w) >= 2)
        return cut


@functools.lru_cache(maxsize=1 << 16)
def spell(word: str) -> str:
    """A Chinese word as Pagefind indexes it: ``qz`` and four letters per character (base 26 of the
    code point). Pagefind 1.5's browser side cuts Chinese words it is given into pieces of its own
    and then misses words the index holds whole (养老院 finds nothing); in letters, a word is a word,
    and a prefix of it is still a prefix. assets/zwgk/search.js spells queries the same way and
    reads the letters back for excerpts."""
    if not _CJK.search(word):
        return word
    out = [MARK]
    for ch in word:
        n = ord(ch)
        digits = []
        for _ in range(4):
            n, r = divmod(n, 26)
            digits.append(chr(97 + r))
        out.append("".join(reversed(digits)))
    return "".join(out)


# --- records: what of each page is indexed --------------------------------------------------------

_DROP = ("script", "style", "h1", ".zwgk-textsize", "[data-search-exclude]", ".headerlink", ".zwgk-tools",
         ".md-source-file", ".zwgk-downloads", "[hidden]")


@dataclass
class Record:
    """One page as the index sees it."""

    url: str
    title: str
    words: tuple[str, ...]
    head: int  # how many of ``words`` are the title's
    parts: list[str] = field(default_factory=list)
    rank: PageRank = DEFAULT_RANK


def page_record(rel: str, data: bytes, rank: PageRank, seg: Segmenter) -> Record | None:
    """The record of one staged page (``rel``: its path in the site), or None when it has no content."""
    tree = LexborHTMLParser(data)
    article = tree.css_first("article.md-content__inner") or tree.css_first(".md-content")
    if article is None:
        return None
    head_title = tree.css_first("title")
    title = head_title.text(strip=True).rsplit(" - ", 1)[0] if head_title is not None else rel
    for sel in _DROP:
        for node in article.css(sel):
            node.decompose()
    body = article.text(separator=" ", strip=True)
    head = seg.words(title)
    words = head + seg.words(body)
    parts = sorted({p for w in set(words) for p in seg.parts(w)} - set(words))
    url = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return Record(url, title, words, len(head), parts, rank)


_ARTICLE = '<article class="md-content__inner'


def essentials(page_html: str) -> str:
    """What ``page_record`` reads of a written page: its ``<title>`` and its article (not the
    header, navigation and footer, often more than half the bytes), sent to the reader process.
    A page without Material's article is sent whole."""
    start, end = page_html.find(_ARTICLE), page_html.rfind("</article>")
    t0, t1 = page_html.find("<title>"), page_html.find("</title>")
    if start < 0 or end < start or t0 < 0 or t1 < t0:
        return page_html
    return (f"<!doctype html><html><head>{page_html[t0:t1 + 8]}</head><body>"
            f"{page_html[start:end + 10]}</body></html>")


def index_html(rec: Record) -> str:
    """The HTML Pagefind reads for a record: title, text and inner words, each with its weight;
    the page's own title and rank as metadata."""
    r = rec.rank
    esc = html.escape
    meta = [f'<span data-pagefind-meta="title">{esc(rec.title)}</span>',
            f'<span data-pagefind-meta="head">{rec.head}</span>']
    if r.group:
        meta.append(f'<span data-pagefind-meta="group">{esc(r.group)}</span>')
    return (f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8"></head><body>'
            f'<main data-pagefind-body>'
            f'<p data-pagefind-weight="{10 * r.title:.2f}">{esc(_spelled(rec.words[:rec.head]))}</p>'
            f'<p data-pagefind-weight="{r.body:.2f}">{esc(_spelled(rec.words[rec.head:]))}</p>'
            f'<p data-pagefind-weight="{0.5 * r.body:.2f}">{esc(_spelled(rec.parts))}</p>'
            f'</main><div hidden>{"".join(meta)}</div></body></html>')  # outside the body: metadata, not text


def _spelled(words: Iterable[str]) -> str:
    return " ".join(spell(w) for w in words)


class PageReader:
    """Makes each page's record in a second process while MkDocs writes the other pages (the build
    itself uses one core), so that segmenting every page with jieba adds little to the build time;
    jieba's dictionary then never loads in the build's own process. Where no second core exists,
    or the reader fails, ``write_index`` reads the written files instead."""

    BATCH = 20

    def __init__(self) -> None:
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._jobs: list[concurrent.futures.Future[list[tuple[str, Record | None]]]] = []  # in order: one worker
        self._batch: list[tuple[str, bytes]] = []
        self._read: dict[str, Record | None] = {}

    def start(self) -> None:
        """A fresh reader for one build, loading jieba's dictionary while the sources are checked.
        Forked before the build holds the project (it starts small), never spawned: spawning
        imports the caller's main script again, which not every script that builds can stand."""
        self.close()
        if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return
        self._pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        self._jobs.append(self._pool.submit(_start_reader, None))

    def teach(self, words: list[str]) -> None:
        """The words the segmenter keeps whole (see ``vocabulary``), before the first page."""
        if self._pool is not None:
            self._jobs.append(self._pool.submit(_start_reader, words))

    def submit(self, rel: str, html_text: str) -> None:
        """A page as written, by its path in the site."""
        if self._pool is None:
            return
        self._batch.append((rel, html_text.encode("utf-8")))
        if len(self._batch) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._batch and self._pool is not None:
            try:
                self._jobs.append(self._pool.submit(_read_batch, self._batch))
                self._batch = []
                keep_up(self._jobs)
                while self._jobs and self._jobs[0].done():
                    self._take(self._jobs.pop(0))
            except Exception:  # a broken reader: the files are read after the build instead
                self.close()

    def _take(self, job: concurrent.futures.Future[list[tuple[str, Record | None]]]) -> None:
        """A batch's records, each word kept once however many pages hold it (each page's words
        arrive from the reader as strings of their own)."""
        for rel, rec in job.result():
            if rec is not None:
                rec.words = tuple(map(sys.intern, rec.words))
                rec.parts = list(map(sys.intern, rec.parts))
            self._read[rel] = rec

    def records(self) -> dict[str, Record | None]:
        """Wait for the pages submitted so far; their records by path (empty if the reader failed)."""
        if self._pool is None:
            return {}
        self._flush()
        if self._pool is None:
            return {}
        try:
            for job in self._jobs:
                self._take(job)
            out = self._read
        except Exception:  # a broken reader costs time, never the index: the files are read instead
            out = {}
        self.close()
        return out

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
        self._pool, self._jobs, self._batch, self._read = None, [], [], {}


PENDING = 4  # batches of pages a worker may lag behind the build


def keep_up(jobs: Sequence[concurrent.futures.Future[Any]]) -> None:
    """Wait while a second process lags more than ``PENDING`` batches behind the build: the pages
    it has not read yet are held in memory until it does."""
    waiting = [j for j in jobs[-2 * PENDING:] if not j.done()]
    if len(waiting) > PENDING:
        concurrent.futures.wait(waiting[: len(waiting) - PENDING])


_reader: Segmenter | None = None


def _start_reader(words: list[str] | None) -> list[tuple[str, Record | None]]:
    """In the reader: jieba loaded (``None``), then taught the column's words."""
    global _reader
    if _reader is None:
        _reader = Segmenter()
    _reader.teach(words or ())
    return []


def _read_batch(batch: list[tuple[str, bytes]]) -> list[tuple[str, Record | None]]:
    assert _reader is not None
    return [(rel, page_record(rel, data, DEFAULT_RANK, _reader)) for rel, data in batch]


def site_pages(site: Path) -> Iterator[tuple[str, Path]]:
    """The HTML pages of a built site, by path in the site, never through a link."""
    for path in sorted(site.rglob("*.html")):
        if path.is_symlink() or any(p.is_symlink() for p in path.relative_to(site).parents if p != Path(".")):
            continue
        yield path.relative_to(site).as_posix(), path


@dataclass
class IndexStats:
    """What ``write_index`` wrote: pages indexed, vocabulary size, files and bytes."""

    pages: int
    words: int
    files: int
    bytes: int
    parts: int = 1


def vocabulary(terms: Iterable[str], synonyms: list[Synonym]) -> list[str]:
    """The words the segmenter keeps whole: the column's terms and both sides of every synonym."""
    return [*terms, *(s.word for s in synonyms), *(m for s in synonyms for m in s.means)]


def write_index(site: Path, ranks: dict[str, PageRank], excluded: Iterable[str], synonyms: list[Synonym],
                terms: Iterable[str], *, directory_urls: bool = True,
                read: dict[str, Record | None] | None = None,
                meanwhile: Callable[[], None] | None = None) -> IndexStats:
    """Index the built site in ``site`` into ``site/pagefind/`` with the search script's data.

    ``ranks`` and ``excluded`` are by page source path (``county/x.md``); ``terms`` are words the
    segmenter keeps whole (domain names, keywords, unit names …); ``read`` holds the records a
    ``PageReader`` already made, by path in the site (the others are read from the files here);
    ``meanwhile`` runs while Pagefind indexes (the publish gate reads the rest of the site then)."""
    by_dest = {dest_path(src, directory_urls): r for src, r in ranks.items()}
    skip = {dest_path(src, directory_urls) for src in excluded}
    words_kept = vocabulary(terms, synonyms)
    read = read or {}
    seg: Segmenter | None = None
    records = []
    for rel, path in site_pages(site):
        if rel.startswith((EDITOR_SECTION, INDEX_DIR + "/")) or rel in skip or rel in ("404.html", "sitemap/index.html"):
            continue
        if rel in read:
            rec = read[rel]
        else:
            seg = seg or Segmenter(words_kept)
            rec = page_record(rel, path.read_bytes(), DEFAULT_RANK, seg)
        if rec is not None and rec.words:
            rec.rank = by_dest.get(rel, DEFAULT_RANK)
            records.append(rec)
    out = site / INDEX_DIR
    if out.is_symlink():
        raise OSError(f"{out} 是符号链接")
    if out.exists():
        shutil.rmtree(out)
    dirs = _pagefind(records, out, meanwhile)
    for d in dirs:
        for extra in _UNUSED:
            for p in d.glob(extra):
                p.unlink()
        verify_index(d)
    words = sorted({w for r in records for w in (*r.words, *r.parts) if _CJK.search(w) and len(w) >= 2}
                   | {w for w in words_kept if _CJK.search(w) and len(w) >= 2})
    data = {"words": "|".join(words), "synonyms": {s.word: list(s.means) for s in synonyms},
            "question": sorted(QUESTION_WORDS, key=len, reverse=True), "soft": list(SOFT_WORDS),
            "parts": [d.relative_to(out).as_posix() + "/" for d in dirs[1:]]}
    (out / CLIENT_DATA).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    files = [p for p in out.rglob("*") if p.is_file()]
    return IndexStats(len(records), len(words), len(files), sum(p.stat().st_size for p in files), len(dirs))


def verify_index(out: Path) -> None:
    """Refuse an index Pagefind left incomplete (an empty or cut file breaks search on every page):
    the entry file names its language indexes, and every file the search script loads is there
    and not empty. Raises RuntimeError with what is missing."""
    entry = out / "pagefind-entry.json"
    try:
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
        needed = [out / "pagefind.js", out / "pagefind-worker.js",
                  *(out / f"pagefind.{lang['hash']}.pf_meta" for lang in languages.values())]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise RuntimeError(f"搜索索引不完整：{entry.name} 无法读取（{e}）") from None
    needed += [p for p in out.glob("wasm.*.pagefind")]
    bad = [p.name for p in needed if not p.is_file() or p.stat().st_size == 0]
    if bad or not any(out.glob("wasm.*.pagefind")):
        raise RuntimeError(f"搜索索引不完整：{'、'.join(bad) or 'wasm 文件'} 缺失或为空")
    for p in out.rglob("*"):  # Pagefind's data files are gzip: a cut one does not read to its end
        if p.relative_to(out).parts[0].startswith(PART_DIR.format("")):
            continue  # another part: verified on its own
        data = p.read_bytes() if p.is_file() and p.suffix != ".js" and p.name != CLIENT_DATA else b""
        if data[:2] == b"\x1f\x8b":
            try:
                gzip.decompress(data)
            except (OSError, EOFError, zlib.error):
                raise RuntimeError(f"搜索索引不完整：{p.relative_to(out).as_posix()} 不完整") from None


# Pagefind's ready-made interfaces: the site drives its JavaScript API from assets/zwgk/search.js
_UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")


def _pagefind(records: list[Record], out: Path, meanwhile: Callable[[], None] | None = None) -> list[Path]:
    """Index the records into ``out``: written as small HTML files in a scratch folder beside it,
    in parts of at most PART_BYTES bytes (by weight, then in site order, so a town's
    pages stay together), one Pagefind run per part (at most two at a time: two runs' memory),
    each part indexed while the next is written; ``meanwhile`` runs here after the last.
    The first part's index ends up in ``out``, the others in ``out/part-2/`` … Returns the folders.

    Pagefind's own command, not its Python service: the service answered "written" while its files
    were still being written and was then stopped, leaving a cut file now and then (a wasm file of
    exactly 64 KiB: search failed on every page); the command exits when all is written."""
    from pagefind.service import get_executable

    exe = get_executable()
    if exe is None:
        raise RuntimeError("找不到 Pagefind 程序：请重新安装依赖（python3 tasks.py setup）")
    failed: list[str] = []
    ready: queue.SimpleQueue[Path | None] = queue.SimpleQueue()

    def run_all() -> None:
        while (part := ready.get()) is not None:
            if failed:
                continue  # (the rest is not indexed: the build stops)
            run = subprocess.run([str(exe), "--site", str(part), "--output-path", str(part) + "-index",
                                  "--force-language", LANGUAGE, "--silent"],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
            if run.returncode != 0:
                said = run.stdout.decode("utf-8", "replace").strip()[-500:]
                failed.append(f"Pagefind 出错（退出码 {run.returncode}）：{said}")

    dirs = [out]
    with tempfile.TemporaryDirectory(prefix=".zwgk-search-", dir=out.parent) as tmp:
        # the parts are indexed two at a time where there are two cores: this process has little
        # left to do by then (the gate's reading of the index comes after)
        workers = [threading.Thread(target=run_all, name=f"zwgk-pagefind-{k}")
                   for k in range(min(2, os.cpu_count() or 1))]
        for worker in workers:
            worker.start()
        try:
            part = Path(tmp, "1")  # (a site with nothing to index still gets its empty index)
            part.mkdir()
            size = 0
            # the pages that answer most questions (county domains first, the towns' copies last)
            # are indexed together: a page is ranked against the others of its part (word counts)
            for rec in sorted(records, key=lambda r: -r.rank.body):
                text = index_html(rec).encode("utf-8")
                if size and size + len(text) > PART_BYTES:
                    ready.put(part)
                    part = Path(tmp, str(len(dirs) + 1))
                    dirs.append(out / PART_DIR.format(len(dirs) + 1))
                    size = 0
                size += len(text)
                rel = rec.url.strip("/")
                path = part / rel / "index.html" if rec.url.endswith("/") else part / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(text)
            ready.put(part)
            if meanwhile is not None:
                meanwhile()
        finally:
            for _ in workers:
                ready.put(None)
            for worker in workers:
                worker.join()
        if not failed:  # each run wrote beside its pages (no run writes into another's folder)
            for k, dest in enumerate(dirs, start=1):
                os.replace(Path(tmp, f"{k}-index"), dest)
    if failed:
        raise RuntimeError(failed[0])
    return dirs
