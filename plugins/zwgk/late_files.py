"""Generated files that are not pages (the feed, the downloads), made while MkDocs writes the pages.

The workbooks, CSV and JSON of every catalogue take a good part of the build when made in the
build's own process (at 160 towns, several seconds); nothing in the pages depends on their bytes,
only on their names. So ``LateFiles.start`` forks a process that writes them into a scratch folder
while MkDocs renders the pages, and ``place`` copies them into the site after the last page, before
the search index and the publish gate read the site. MkDocs is told of each file up front (so links
to it resolve) with an empty stand-in that ``place`` overwrites; a build that fails before ``place``
is thrown away with its staging folder.

The writer also runs the publish gate over each file's bytes as it writes them (``inspect``), so
that the gate need not read them again after the last page; ``place`` returns what it found and
which files it read. Where no second core or no ``fork`` exists, or the writer process fails, the
files are made in the build's own process at ``place`` instead and left for the gate to read there:
slower, never different.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from .gate import GateFinding

Make = Callable[[], Iterable[tuple[str, bytes]]]
Inspect = Callable[[str, bytes], list[GateFinding]]
FINDINGS = "findings.json"  # beside the files' folder in the scratch folder, never among them
WAIT = 900  # seconds the build waits for the writer after its last page (160 towns take about 10)


class LateFiles:
    """The generated files of one build: their names at once, their bytes by ``place``."""

    def __init__(self, names: list[str], make: Make) -> None:
        self.names = names  # paths in the site, as ``make`` yields them
        self._make = make
        self._scratch = tempfile.TemporaryDirectory(prefix="zwgk-files-")
        self._files = Path(self._scratch.name, "files")
        self._process: multiprocessing.process.BaseProcess | None = None

    @classmethod
    def start(cls, names: list[str], make: Make, background: bool = True, inspect: Inspect | None = None) -> LateFiles:
        """Begin making the files (in a forked process when ``background`` and the machine allow),
        each inspected by ``inspect`` there."""
        late = cls(names, make)
        if background and (os.cpu_count() or 1) >= 2 and "fork" in multiprocessing.get_all_start_methods():
            late._process = multiprocessing.get_context("fork").Process(
                target=_write_all, args=(make, late._scratch.name, inspect), daemon=True)
            late._process.start()
        return late

    def place(self, site: Path) -> tuple[frozenset[str], list[GateFinding]]:
        """Wait for the files and copy each into ``site`` (made here if the writer failed). Returns
        the files the writer inspected (the very bytes copied) and what it found in them."""
        written = False
        if self._process is not None:
            self._process.join(WAIT)
            if self._process.is_alive():  # stuck (it never should be): make them here instead
                self._process.kill()
                self._process.join()
            written = self._process.exitcode == 0
            self._process = None
        inspected: frozenset[str] = frozenset()
        findings: list[GateFinding] = []
        if written and Path(self._scratch.name, FINDINGS).is_file():
            said = json.loads(Path(self._scratch.name, FINDINGS).read_text(encoding="utf-8"))
            inspected = frozenset(said["inspected"])
            findings = [GateFinding(*f) for f in said["findings"]]
        elif not written:
            _write_all(self._make, self._scratch.name)
        for name in self.names:
            target = site / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self._files / name, target)
        return inspected, findings

    def close(self) -> None:
        """Stop the writer if it still runs and remove the scratch folder."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._process = None
        self._scratch.cleanup()


def _write_all(make: Make, folder: str, inspect: Inspect | None = None) -> None:
    """Each file to ``folder``/files, one at a time (never every download in memory at once), and
    with ``inspect`` what the gate finds in each to ``folder``/findings.json, written last."""
    inspected, findings = [], []
    for name, content in make():
        target = Path(folder, "files", name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        if inspect is not None:
            findings += [[f.file, f.message, f.digits] for f in inspect(name, content)]
            inspected.append(name)
    if inspect is not None:
        Path(folder, FINDINGS).write_text(json.dumps({"inspected": inspected, "findings": findings},
                                                     ensure_ascii=False), encoding="utf-8")
