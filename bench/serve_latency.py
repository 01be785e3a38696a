"""Preview latency: save a change to one source file under `mkdocs serve`, time until the browser shows it.

    python bench/serve_latency.py                               # a catalogue edit, the preview configuration
    python bench/serve_latency.py --config mkdocs.yml           # the published configuration
    python bench/serve_latency.py --edit town                   # catalogue, town, bulletin or inspection
    python bench/serve_latency.py --edit all --config mkdocs.yml   # the four, one after the other
    python bench/serve_latency.py --scale 1                     # a generated county (bench/generate.py)

Runs `mkdocs serve --livereload` on 127.0.0.1 on a copy of the repository, opens the page that shows
the edited source in Debian's Chromium, rewrites one value in the source file, and measures until the
page (reloaded by livereload) shows the new text. The edits:

- catalogue: the first 二级事项 of catalogues/county/shehui-jiuzhu.yaml, on its domain page;
- town: the 来源 (source) of catalogues/towns/dadian.yaml, on the town's page;
- bulletin: the opening paragraph of bulletins/2020-q4/bulletin.yaml, on the bulletin's page;
- inspection: a column name in an inspections.yaml, on its bulletin's page (the shipped content has no
  inspection records yet: the test fixture's synthetic 2024-q2 quarter is copied in for this edit).

Prints each measurement and one JSON line per edit kind with the median.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FIXTURE_QUARTER = REPO / "tests/fixtures/repo/bulletins/2024-q2"  # synthetic inspection records
sys.path.insert(0, str(HERE))


@dataclass(frozen=True)
class Edit:
    """One kind of edit: which file, which value in it (a regex whose group 1 is kept), which page shows it."""

    source: str
    pattern: str
    page: str


EDITS = {
    "catalogue": Edit("catalogues/county/shehui-jiuzhu.yaml", r"(?m)^(\s*subcategory: ).*$", "county/shehui-jiuzhu/"),
    "town": Edit("catalogues/towns/dadian.yaml", r"(?m)^(source: ).*$", "towns/dadian/"),
    "bulletin": Edit("bulletins/2020-q4/bulletin.yaml", r"(?m)^(opening: ).*$", "bulletins/2020-q4/"),
    "inspection": Edit("bulletins/2024-q2/inspections.yaml", r"(column: )本级文件", "bulletins/2024-q2/"),
}
SHOWN = "m => { const a = document.querySelector('article'); return a !== null && a.textContent.includes(m); }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=int, default=0, help="0: the shipped content; N: a generated site of N counties")
    ap.add_argument("--config", default="mkdocs.preview.yml")
    ap.add_argument("--edit", choices=[*EDITS, "all"], default="catalogue", help="which source to edit")
    ap.add_argument("--edits", type=int, default=5, help="how many edits of each kind")
    args = ap.parse_args()
    kinds = list(EDITS) if args.edit == "all" else [args.edit]
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="zwgk-serve-"))
    if args.scale:
        from generate import generate

        root = generate(work / "repo", args.scale)
        shutil.copyfile(REPO / "mkdocs.preview.yml", root / "mkdocs.preview.yml")
    else:
        root = work / "repo"
        shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".venv", "site", ".git", "test-artifacts"))
    if "inspection" in kinds:
        shutil.copytree(FIXTURE_QUARTER, root / "bulletins" / FIXTURE_QUARTER.name)
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    serve = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f", str(root / args.config),
                              "-a", f"127.0.0.1:{port}"], cwd=root, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                        args=["--no-sandbox", "--disable-background-networking"])
            page = browser.new_page()
            for kind in kinds:
                edit = EDITS[kind]
                url = f"http://127.0.0.1:{port}/{edit.page}"
                for _ in range(600):  # wait for the first build
                    try:
                        if page.goto(url, timeout=2000).ok:
                            break
                    except PlaywrightError:  # the server is not up yet
                        time.sleep(0.2)
                page.wait_for_selector("article")
                source = root / edit.source
                text = source.read_text(encoding="utf-8")
                samples: list[float] = []
                for n in range(args.edits):
                    marker = f"预览测试{kind}{n}"
                    time.sleep(1.5)  # let the watcher settle
                    changed = re.sub(edit.pattern, lambda m, marker=marker: m[1] + marker, text, count=1)
                    assert changed != text, f"{edit.source}: nothing to edit"
                    start = time.perf_counter()
                    source.write_text(changed, encoding="utf-8")
                    page.wait_for_function(SHOWN, arg=marker, timeout=120000, polling=50)
                    samples.append(time.perf_counter() - start)
                    print(f"  {kind} edit {n + 1}: {samples[-1]:.2f} s", file=sys.stderr)
                source.write_text(text, encoding="utf-8")  # put it back, and let that rebuild finish
                page.wait_for_function(f"m => !({SHOWN})(m)", arg=marker, timeout=120000, polling=50)
                results.append({"scale": args.scale, "config": args.config, "edit": kind, "edits": len(samples),
                                "serve_latency_s": round(statistics.median(samples), 2),
                                "max_s": round(max(samples), 2), "cores": os.cpu_count()})
            browser.close()
    finally:
        serve.terminate()
        serve.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)
    for r in results:
        print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
