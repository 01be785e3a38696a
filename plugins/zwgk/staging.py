"""The staged site (暂存网站): build beside the published folder, swap it in whole, or leave the old.

A failed or interrupted build never leaves a mixed site; a second build into the same folder waits
for the lock or is refused; neither the site folder nor the staging folder is ever followed through
a symbolic link (a committed ``site`` link must not make a build wipe a folder elsewhere).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path
from typing import IO


class StagingError(Exception):
    """The staged site cannot be prepared or swapped in; the message is for the editor (Chinese)."""


class StagedSite:
    """``site/`` is built as ``.site.zwgk-new`` and renamed into place once everything passed."""

    def __init__(self, final: Path, wait_seconds: float = 0) -> None:
        self.final = Path(os.path.abspath(final))  # absolute, but never resolved through a link
        self.staging = self.final.parent / f".{self.final.name}.zwgk-new"
        self.old = self.final.parent / f".{self.final.name}.zwgk-old"
        self.lock_path = self.final.parent / f".{self.final.name}.zwgk-lock"
        self.wait_seconds = wait_seconds
        self._lock: IO[bytes] | None = None

    def begin(self) -> Path:
        """Take the lock, clear a staging folder left by an interrupted build; returns where to build."""
        for p, what in ((self.final, "网站文件夹"), (self.staging, "暂存文件夹"), (self.old, "旧网站文件夹"),
                        (self.lock_path, "锁文件")):
            if p.is_symlink():
                raise StagingError(f"{what} {p} 是符号链接：构建不会写入或删除链接指向的地方，请删除这个链接后重试")
        if self.final.exists() and not self.final.is_dir():
            raise StagingError(f"{self.final} 不是文件夹：请删除或改名后重试")
        self._take_lock()
        _remove(self.staging)
        _remove(self.old)
        return self.staging

    def commit(self) -> None:
        """Replace the published folder by the staged one (two renames; the old one is then removed)."""
        try:
            if self.staging.is_symlink() or self.final.is_symlink():
                raise StagingError("构建期间网站文件夹或暂存文件夹被换成了符号链接：已停止，旧网站不变")
            if self.final.exists():
                self.final.rename(self.old)
            self.staging.rename(self.final)
            _remove(self.old)
        except OSError as e:
            if not self.final.exists() and self.old.exists():
                with contextlib.suppress(OSError):
                    self.old.rename(self.final)
            raise StagingError(f"无法把新网站放到 {self.final}：{e.strerror or e}（请检查文件夹权限），旧网站不变") from None
        finally:
            self._release()

    def abort(self) -> None:
        """Drop the staged folder; the published one stays as it was."""
        _remove(self.staging)
        self._release()

    def _take_lock(self) -> None:
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        f = open(self.lock_path, "a+b")  # noqa: SIM115 - held until commit or abort
        deadline = time.monotonic() + self.wait_seconds
        while True:
            if _try_lock(f):
                self._lock = f
                return
            if time.monotonic() >= deadline:
                f.close()
                raise StagingError(f"另一个构建正在写入 {self.final}：请等它结束后再试（两个构建同时写入会得到不完整的网站）")
            time.sleep(0.2)

    def _release(self) -> None:
        if self._lock is not None:
            _unlock(self._lock)
            self._lock.close()
            self._lock = None


def _remove(path: Path) -> None:
    """Remove a folder we own; a link is only unlinked, never followed."""
    if path.is_symlink():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


try:  # POSIX
    import fcntl

    def _try_lock(f: IO[bytes]) -> bool:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(f: IO[bytes]) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(f: IO[bytes]) -> bool:
        try:
            f.seek(0)
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True

    def _unlock(f: IO[bytes]) -> None:
        with contextlib.suppress(OSError):
            f.seek(0)
            msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
