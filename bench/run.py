"""Benchmark: zwgk against the same pages written as plain Markdown, built by MkDocs side by side.

    python bench/run.py --scale 1            # 5 runs of each build, alternating
    python bench/run.py --scale 10 --runs 3

Both builds are cold (fresh output folder, fresh process). Prints a table, then one JSON line:
scale, pages, zwgk_build_s, peer_build_s, ratio, check_s, parse_floor_s, peak_mib (zwgk's build),
peer_peak_mib, cores. Synthetic sources are generated into a temporary folder and never published.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import yaml  # noqa: E402

from generate import generate, source_files  # noqa: E402
from peer import write_peer  # noqa: E402


def timed_build(root: Path, site: Path) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one `mkdocs build` in its own process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "mkdocs", "build", "-q", "-f",
           str(root / "mkdocs.yml"), "-d", str(site)]
    start = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if r.returncode != 0:
        raise SystemExit(f"build failed in {root}:\n{r.stderr[-3000:]}")
    peak_kib = int(r.stderr.strip().splitlines()[-1])
    return elapsed, peak_kib / 1024


def check_seconds(root: Path) -> float:
    """`zwgk check` in-process (load, validate, all rules), as the CLI runs it."""
    from zwgk.project import load_project
    from zwgk.rules import check, clear_caches

    clear_caches()  # each measured run is cold, like a fresh `zwgk check`
    start = time.perf_counter()
    check(load_project(root))
    return time.perf_counter() - start


def parse_floor(root: Path) -> float:
    """The bare libyaml load of the same sources: the least any checker must spend."""
    files = source_files(root)
    start = time.perf_counter()
    for f in files:
        yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--runs", type=int, default=None, help="builds of each kind (default 5 at S=1, 3 above)")
    ap.add_argument("--keep", type=Path, help="keep the generated repositories in this folder")
    args = ap.parse_args()
    runs = args.runs or (5 if args.scale == 1 else 3)
    work = args.keep or Path(tempfile.mkdtemp(prefix="zwgk-bench-"))
    repo, peer = work / "zwgk", work / "peer"
    generate(repo, args.scale)
    write_peer(repo, peer)
    results: dict[str, list[float]] = {"zwgk": [], "peer": [], "zwgk_mib": [], "peer_mib": []}
    for n in range(runs):  # alternate, so that drift on the machine hits both alike
        for kind, root in (("zwgk", repo), ("peer", peer)) if n % 2 == 0 else (("peer", peer), ("zwgk", repo)):
            seconds, mib = timed_build(root, work / f"site-{kind}-{n}")
            results[kind].append(seconds)
            results[f"{kind}_mib"].append(mib)
            print(f"  run {n + 1}/{runs} {kind:4}  {seconds:7.2f} s  {mib:7.0f} MiB", file=sys.stderr)
    checks = [check_seconds(repo) for _ in range(runs)]
    floors = [parse_floor(repo) for _ in range(runs)]
    site = work / "site-zwgk-0"
    pages = sum(1 for _ in site.rglob("index.html"))
    out = {
        "scale": args.scale,
        "pages": pages,
        "zwgk_build_s": round(statistics.median(results["zwgk"]), 3),
        "peer_build_s": round(statistics.median(results["peer"]), 3),
        "ratio": round(statistics.median(results["zwgk"]) / statistics.median(results["peer"]), 3),
        "check_s": round(statistics.median(checks), 3),
        "parse_floor_s": round(statistics.median(floors), 3),
        "check_over_floor": round(statistics.median(checks) / statistics.median(floors), 2),
        "peak_mib": round(max(results["zwgk_mib"])),
        "peer_peak_mib": round(max(results["peer_mib"])),
        "runs": runs,
        "cores": os.cpu_count(),
        "seconds_per_page": round(statistics.median(results["zwgk"]) / pages, 5),
    }
    print(f"\nscale {args.scale}: {pages} pages, {runs} runs each (median)")
    print(f"  {'':18}{'zwgk':>10}{'peer':>10}")
    print(f"  {'build (s)':18}{out['zwgk_build_s']:>10}{out['peer_build_s']:>10}")
    print(f"  {'peak memory (MiB)':18}{out['peak_mib']:>10}{out['peer_peak_mib']:>10}")
    print(f"  ratio zwgk/peer {out['ratio']}; zwgk check {out['check_s']} s, parse floor {out['parse_floor_s']} s")
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
