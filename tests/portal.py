"""The fixture portal (测试用门户网站), served on 127.0.0.1 for the crawler's tests and timing.

``tests/fixtures/portal/site/`` holds the pages. A query string selects a file beside the page
(``list.html?pageNum=2`` is ``list.html__pageNum=2``), a path ending in ``/`` serves its
``index.html``, and ``_routes.json`` gives a path a status, a Content-Type or a slow answer.

Run ``python -m tests.portal`` from the repository root to time ``zwgk inspect`` on it per column,
with the default pause between requests and with none.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
PORTAL = FIXTURES / "portal"
SITE = PORTAL / "site"
PLACEHOLDER = "http://portal.test"


class PortalServer(ThreadingHTTPServer):
    daemon_threads = True
    base: str
    requests: list[tuple[str, str, float]]  # (path with query, User-Agent decoded as UTF-8, when)
    routes: dict[str, dict[str, object]]


class Handler(BaseHTTPRequestHandler):
    server: PortalServer

    def do_GET(self) -> None:
        agent = self.headers.get("User-Agent", "").encode("latin-1").decode("utf-8", "replace")
        self.server.requests.append((self.path, agent, time.monotonic()))
        path, _, query = self.path.partition("?")
        route = self.server.routes.get(path, {})
        if "sleep" in route:
            time.sleep(float(str(route["sleep"])))
        if "status" in route:
            self.send_error(int(str(route["status"])))
            return
        file = SITE / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        if query:
            file = file.with_name(f"{file.name}__{query}")
        if ".." in path or not file.is_file():
            self.send_error(404)
            return
        body = file.read_bytes()
        self.send_response(200)
        default = "text/plain; charset=utf-8" if file.suffix == ".txt" else "text/html"
        self.send_header("Content-Type", str(route.get("content_type", default)))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet


@contextmanager
def serve() -> Iterator[PortalServer]:
    """The fixture portal on a free port of 127.0.0.1, for the duration of the block."""
    server = PortalServer(("127.0.0.1", 0), Handler)
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    server.requests = []
    server.routes = json.loads((SITE / "_routes.json").read_text(encoding="utf-8"))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def make_repo(tmp: Path, base: str) -> Path:
    """A copy of the fixture repository whose column register points at the served portal."""
    repo = tmp / "repo"
    shutil.copytree(FIXTURES / "repo", repo)
    register = (PORTAL / "portal-columns.yaml").read_text(encoding="utf-8").replace(PLACEHOLDER, base)
    (repo / "catalogues" / "portal-columns.yaml").write_text(register, encoding="utf-8")
    return repo


def _time(delay: float) -> None:
    from zwgk import inspect

    with serve() as server, tempfile.TemporaryDirectory() as tmp:
        repo = make_repo(Path(tmp), server.base)
        log = io.StringIO()
        began = time.perf_counter()
        code = inspect.run(repo, "2020-q4", inspect.dt.date(2021, 1, 5), delay=delay, stream=log)
        total = time.perf_counter() - began
        lines = [ln for ln in log.getvalue().splitlines() if ln.startswith("[")]
        read = [float(x) for ln in lines for x in re.findall(r"([\d.]+) 秒）", ln)]
        print(f"--delay {delay:g}: exit {code}, {len(lines)} columns ({len(read)} fetched), "
              f"{len(server.requests)} requests, {total:.2f} s in all, "
              f"{total / len(read):.2f} s per fetched column")
        for ln in lines:
            print("   ", ln)


if __name__ == "__main__":
    for d in (1.0, 0.0):
        _time(d)
    sys.exit(0)
