"""One writer at a time per index folder: build, add and remove hold this lock while they write.

Whoosh locks one build folder's writer only, but a build writes a fresh folder and swaps `current`, so
two builds, or an add during a build, never met that lock and silently lost each other's work. This
lock is an flock on `<index>/WRITER.lock`: the kernel drops it when its holder dies, however it dies,
so a lock can never be left held by a dead process. The file's text (pid, command, start time) names
the holder in messages; finding text left in it means the previous holder died while writing.
"""
from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from search.errors import IndexBusy
from search.layout import LOCK_FILE

DEFAULT_WAIT = 60.0          # seconds a writer waits for another before giving up
POLL = 0.2


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _read(fd: int) -> dict:
    try:
        record = json.loads(os.pread(fd, 4096, 0).decode("utf-8") or "{}")
    except ValueError:
        return {}
    return record if isinstance(record, dict) else {}


def describe(holder: dict) -> str:
    if not holder:
        return "another process"
    return f"pid {holder.get('pid')} ({holder.get('command', '?')}, since {holder.get('since', '?')})"


def _alive(pid) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ProcessLookupError, ValueError, TypeError):
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def writer_lock(index_dir, command: str, wait: float = DEFAULT_WAIT, say=_say):
    """Hold the index's writer lock; wait up to `wait` seconds for another holder, then IndexBusy."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(index_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    locked = False
    try:
        deadline = time.monotonic() + max(wait, 0.0)
        told = False
        while not locked:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                locked = True
            except BlockingIOError:
                holder, left = _read(fd), deadline - time.monotonic()
                if left <= 0:
                    raise IndexBusy(f"{index_dir} is being written by {describe(holder)}; gave up after "
                                    f"waiting {wait:g} s (use --wait to wait longer)") from None
                if not told:
                    say(f"{index_dir}: waiting up to {wait:g} s for {describe(holder)} to finish writing")
                    told = True
                time.sleep(min(POLL, left))
        left_behind = _read(fd)
        if left_behind:
            state = "still running" if _alive(left_behind.get("pid")) else "no longer running"
            say(f"{index_dir}: taking over the writer lock left by {describe(left_behind)}, {state}; "
                f"it did not finish")
        record = {"pid": os.getpid(), "command": command, "since": time.strftime("%Y-%m-%dT%H:%M:%S")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record).encode("utf-8"), 0)
        yield
    finally:
        if locked:
            os.ftruncate(fd, 0)            # a clean release leaves no holder behind
        os.close(fd)                       # and closing drops the flock
