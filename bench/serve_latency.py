"""Preview latency: save a change to one YAML file under `mkdocs serve`, time until the browser shows it.

    python bench/serve_latency.py                 # the shipped site, preview configuration
    python bench/serve_latency.py --scale 1       # a generated county (bench/generate.py)
    python bench/serve_latency.py --config mkdocs.yml   # the full configuration, for comparison

Runs `mkdocs serve --livereload` on 127.0.0.1, opens a catalogue page in Debian's Chromium, rewrites
one item's 二级事项 in its YAML file, and measures until the page (reloaded by livereload) shows the
new text. Prints each measurement and one JSON line with the median.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=int, default=0, help="0: the shipped content; N: a generated site of N counties")
    ap.add_argument("--config", default="mkdocs.preview.yml")
    ap.add_argument("--edits", type=int, default=5)
    args = ap.parse_args()
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="zwgk-serve-"))
    if args.scale:
        from generate import generate

        root = generate(work / "repo", args.scale)
        domain = "shehui-jiuzhu"
        shutil.copyfile(REPO / "mkdocs.preview.yml", root / "mkdocs.preview.yml")
    else:
        root = work / "repo"
        shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".venv", "site", ".git", "test-artifacts"))
        domain = "shehui-jiuzhu"
    source = root / "catalogues/county" / f"{domain}.yaml"
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    serve = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f", str(root / args.config),
                              "-a", f"127.0.0.1:{port}"], cwd=root, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples: list[float] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                        args=["--no-sandbox", "--disable-background-networking"])
            page = browser.new_page()
            url = f"http://127.0.0.1:{port}/county/{domain}/"
            for _ in range(600):  # wait for the first build
                try:
                    if page.goto(url, timeout=2000).ok:
                        break
                except PlaywrightError:  # the server is not up yet
                    time.sleep(0.2)
            page.wait_for_selector("table.zwgk-catalogue")
            text = source.read_text(encoding="utf-8")
            first_sub = next(line for line in text.splitlines() if line.strip().startswith("subcategory:"))
            for n in range(args.edits):
                marker = f"预览测试{n}"
                time.sleep(1.5)  # let the watcher settle
                start = time.perf_counter()
                source.write_text(text.replace(first_sub, f"    subcategory: {marker}", 1), encoding="utf-8")
                page.wait_for_function(
                    "m => document.querySelector('table.zwgk-catalogue') && "
                    "document.querySelector('table.zwgk-catalogue').textContent.includes(m)", arg=marker,
                    timeout=120000, polling=50)
                samples.append(time.perf_counter() - start)
                print(f"  edit {n + 1}: {samples[-1]:.2f} s", file=sys.stderr)
            browser.close()
    finally:
        serve.terminate()
        serve.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({"scale": args.scale, "config": args.config, "edits": len(samples),
                      "serve_latency_s": round(statistics.median(samples), 2),
                      "max_s": round(max(samples), 2), "cores": os.cpu_count()}))


if __name__ == "__main__":
    main()
