"""What a build guarantees: every internal link and anchor resolves, the same commit gives the same
bytes, and a failed build never replaces or mixes the previous site."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

from bs4 import BeautifulSoup

from .conftest import mkdocs_build


def _ids(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        cache[path] = {t["id"] for t in soup.select("[id]")} | {t["name"] for t in soup.select("a[name]")}
    return cache[path]


def test_no_broken_internal_link_or_anchor(shipped_site: Path) -> None:
    shipped = shipped_site
    broken: list[str] = []
    cache: dict[Path, set[str]] = {}
    pages = sorted(shipped.rglob("*.html"))
    assert len(pages) > 400
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for el in soup.find_all(tag):
                ref = el.get(attr)
                if not ref or ref.startswith(("mailto:", "tel:", "javascript:")):
                    continue
                url = urlparse(ref)
                if url.scheme or url.netloc:
                    continue  # links to other sites are allowed (never loaded as resources: see the browser test)
                base = shipped if url.path.startswith("/") else page.parent  # 404.html uses root paths
                target = page if not url.path else (base / unquote(url.path).lstrip("/")).resolve()
                if target.is_dir():
                    target = target / "index.html"
                if not target.is_file():
                    broken.append(f"{page.relative_to(shipped)} → {ref}")
                    continue
                if url.fragment and target.suffix == ".html" and url.fragment not in _ids(target, cache):
                    broken.append(f"{page.relative_to(shipped)} → {ref} (anchor)")
    assert broken == []


def test_two_builds_of_one_commit_are_byte_identical(repo: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    outs = []
    for n in (1, 2):
        out = tmp_path / f"site{n}"
        r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(repo / "mkdocs.yml"),
                            "-d", str(out)], capture_output=True, text=True, env={**env, "NO_MKDOCS_2_WARNING": "1"},
                           check=False)
        assert r.returncode == 0, r.stderr
        outs.append(out)
    files1 = sorted(p.relative_to(outs[0]) for p in outs[0].rglob("*") if p.is_file())
    files2 = sorted(p.relative_to(outs[1]) for p in outs[1].rglob("*") if p.is_file())
    assert files1 == files2
    different = [str(f) for f in files1 if (outs[0] / f).read_bytes() != (outs[1] / f).read_bytes()]
    assert different == []
    assert any(str(f).endswith(".xlsx") for f in files1) and Path("sitemap.xml.gz") in files1


def test_strict_warning_keeps_the_previous_site_and_leaves_nothing_behind(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert mkdocs_build(repo, out).returncode == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # a hand-written page with a broken link: MkDocs writes every page, then aborts for the warning
    (repo / "content/broken.md").write_text("# 坏链接\n\n[不存在](nowhere.md)\n", encoding="utf-8")
    r = mkdocs_build(repo, out)
    assert r.returncode != 0 and "nowhere.md" in r.stderr
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    # no staging folder left (the lock file stays: removing it while another build waits would break the lock)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.zwgk-lock", "repo", "site"]


def test_successful_build_replaces_the_site_whole(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "stale.html").write_text("old", encoding="utf-8")
    assert mkdocs_build(repo, out).returncode == 0
    assert not (out / "stale.html").exists() and (out / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.zwgk-lock", "repo", "site"]


def test_interrupted_build_never_touches_the_site(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert mkdocs_build(repo, out).returncode == 0
    before = (out / "county/shehui-jiuzhu/index.html").read_bytes()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-f", str(repo / "mkdocs.yml"), "-d", str(out)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staging = tmp_path / ".site.zwgk-new"
    for _ in range(2000):  # kill it while it writes into the staging folder
        if (staging / "index.html").exists() or proc.poll() is not None:
            break
        time.sleep(0.005)
    killed_while_staging = proc.poll() is None and staging.exists()
    proc.kill()
    proc.wait()
    assert killed_while_staging
    assert (out / "county/shehui-jiuzhu/index.html").read_bytes() == before
    # the next build clears what the killed one left
    assert mkdocs_build(repo, out).returncode == 0
    assert not staging.exists()


def test_generated_page_clash_is_reported(repo: Path, tmp_path: Path) -> None:
    (repo / "content/county").mkdir()
    (repo / "content/county/index.md").write_text("# 手写\n", encoding="utf-8")
    r = mkdocs_build(repo, tmp_path / "site")
    assert r.returncode != 0 and "content/county/index.md" in r.stderr
