"""What the publish gate adds to a build of the shipped site.

    python bench/gate.py --runs 5

Alternates cold builds of the shipped site (fresh process, fresh folder) with the gate and with the
gate replaced by a no-op (this script patches it in the child process only; the product has no
switch to turn the gate off). Prints one JSON line: runs, with_gate_s, without_gate_s (medians),
overhead.
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

REPO = Path(__file__).resolve().parent.parent
NO_GATE = ("import sys, zwgk.gate as g; g.inspect_site = lambda *a, **k: []; g.inspect_html = lambda *a, **k: [];"
           "from mkdocs.__main__ import cli; sys.argv = ['mkdocs', *sys.argv[1:]]; cli()")


def build(site: Path, gate: bool) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    args = ["build", "-q", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)]
    cmd = [sys.executable, "-m", "mkdocs", *args] if gate else [sys.executable, "-c", NO_GATE, *args]
    start = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if r.returncode != 0:
        raise SystemExit(r.stderr[-2000:])
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with_gate, without = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.runs):
            with_gate.append(build(Path(tmp) / f"a{n}", gate=True))
            without.append(build(Path(tmp) / f"b{n}", gate=False))
    a, b = statistics.median(with_gate), statistics.median(without)
    print(json.dumps({"runs": args.runs, "with_gate_s": round(a, 3), "without_gate_s": round(b, 3),
                      "overhead": round(a / b - 1, 3)}))


if __name__ == "__main__":
    main()
