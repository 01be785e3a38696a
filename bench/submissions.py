"""Submissions from Excel at the county's size: forms out, 16 towns' workbooks in, then a check.

    python bench/submissions.py [--runs 3]

On a copy of the shipped sources (catalogues/, bulletins/, content/, mkdocs.yml), as the office
runs the commands: ``zwgk forms`` (16 towns and 26 county domains); then each town's form edited as
a town would screen it (synthetic edits made here with openpyxl, not timed: in every sheet one 公开时限
changed with its reason and the last item deleted with its reason; one domain marked 不涉及), each
imported by one ``zwgk import-town`` naming all 16 (town, workbook) pairs; then one ``zwgk check``;
then one town's import alone. Every command is a fresh process, as typed at a console. Prints one
JSON line with the medians: forms_s, import_16_s (the one command), check_s, import_and_check_s,
import_one_s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook

REPO = Path(__file__).resolve().parent.parent
COPY = ("catalogues", "bulletins", "content", "mkdocs.yml")


def zwgk(root: Path, *args: str, ok: tuple[int, ...] = (0,)) -> float:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    start = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "zwgk.cli", *args, "--root", str(root)], capture_output=True,
                       text=True, env=env, check=False)
    took = time.perf_counter() - start
    if r.returncode not in ok:
        raise SystemExit(f"zwgk {' '.join(args)} → {r.returncode}\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    return took


def screen(form: Path, out: Path) -> None:
    """A town's screening: reasons for every change and deletion, one domain not applicable."""
    wb = load_workbook(form)
    sheets = [ws for ws in wb.worksheets if ws.title != "填表说明"]
    for n, ws in enumerate(sheets):
        rows = [r for r in range(4, ws.max_row + 1) if ws.cell(r, 15).value]  # O 事项编号
        if n == len(sheets) - 1:
            ws.cell(rows[0], 18).value, ws.cell(rows[0], 19).value = "删除", "本镇不涉及该领域，由县直部门统一公开"
            for r in rows[1:]:
                ws.cell(r, 18).value, ws.cell(r, 19).value = "删除", "本镇不涉及该领域，由县直部门统一公开"
            continue
        ws.cell(rows[0], 6).value = "5个工作日内"
        ws.cell(rows[0], 18).value, ws.cell(rows[0], 19).value = "修改", "本镇办理时限更短"
        if len(rows) > 2:
            ws.cell(rows[-1], 18).value, ws.cell(rows[-1], 19).value = "删除", "本镇无此项工作"
    wb.save(out)


def once(tmp: Path) -> dict[str, float]:
    root = tmp / "repo"
    for name in COPY:
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / name)
    forms = zwgk(root, "forms", "--out", str(tmp / "forms"))
    towns = sorted(p.stem for p in (tmp / "forms/towns").glob("*.xlsx"))
    (tmp / "back").mkdir()
    for t in towns:
        screen(tmp / "forms/towns" / f"{t}.xlsx", tmp / "back" / f"{t}.xlsx")
    pairs = [a for t in towns for a in (t, str(tmp / "back" / f"{t}.xlsx"))]
    together = zwgk(root, "import-town", *pairs, "--submitted-on", "2026-12-01", ok=(0, 1))
    check = zwgk(root, "check", ok=(0, 1))
    one = zwgk(root, "import-town", towns[0], str(tmp / "back" / f"{towns[0]}.xlsx"), "--submitted-on", "2026-12-02",
               ok=(0, 1))
    return {"towns": len(towns), "forms_s": forms, "import_16_s": together, "import_one_s": one,
            "check_s": check, "import_and_check_s": together + check}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    runs = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(once(Path(tmp)))
    keys = runs[0].keys()
    print(json.dumps({"runs": args.runs, **{k: round(statistics.median(r[k] for r in runs), 3) for k in keys}}))


if __name__ == "__main__":
    main()
