"""The index folder's layout; the one module that knows it (indexer writes it, snapshot reads it).

    current -> builds/<stamp>     symlink, replaced with one rename: readers see the old or the new build
    builds/<stamp>-<pid>-<x>/     Whoosh files, MANIFEST.json, slogans.json, slogan_uses.json.gz, coverage.json
    WRITER.lock                   held by the one process writing (search.writelock)
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from search.errors import IndexMissing
from search.whoosh_private import latest_generation

CURRENT = "current"
BUILDS = "builds"
MANIFEST = "MANIFEST.json"
LOCK_FILE = "WRITER.lock"


def current_build(index_dir: str | os.PathLike) -> Path:
    """The live build folder, or IndexMissing with the command that makes one."""
    link = Path(index_dir) / CURRENT
    if not link.is_dir() or latest_generation(link) < 0:      # no commit (read from file names, not opened)
        raise IndexMissing(f"{index_dir} 下还没有索引：请运行 `make run` 或 `python -m search build --index {index_dir}` 建立索引")
    return link.resolve()


def live_target(index_dir: str | os.PathLike) -> str:
    """Where `current` points now (cheap: one readlink), to notice a rebuild without opening anything."""
    return os.path.realpath(Path(index_dir) / CURRENT)


def previous_build(index_dir: Path) -> Path | None:
    link = index_dir / CURRENT
    return link.resolve() if link.is_symlink() else None


def new_build(index_dir: Path) -> Path:
    """An empty build folder named <stamp>-<pid>-<random>, so an unfinished one names its writer."""
    (index_dir / BUILDS).mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=time.strftime(f"%Y%m%dT%H%M%S-{os.getpid()}-"), dir=index_dir / BUILDS))


def write_manifest(build: Path, manifest: dict) -> None:
    """Written last: a build folder with a manifest is a finished one."""
    (build / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")


def swap(index_dir: Path, build: Path) -> None:
    """Point `current` at build with one rename."""
    tmp_link = index_dir / f".{CURRENT}.{os.getpid()}"
    if tmp_link.is_symlink():
        tmp_link.unlink()
    os.symlink(Path(BUILDS) / build.name, tmp_link)
    os.replace(tmp_link, index_dir / CURRENT)


def _writer_pid(folder: Path) -> int | None:
    parts = folder.name.split("-")
    return int(parts[1]) if len(parts) >= 3 and parts[1].isdigit() else None


def _being_written(folder: Path) -> bool:
    pid = _writer_pid(folder)
    if (folder / MANIFEST).exists() or pid is None or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def prune(index_dir: Path, keep: set[Path]) -> None:
    """Drop old builds but the new and the previous one, so a reader still open on it is not broken.
    Whatever `current` points at now, and any build a living process is still writing, is kept too."""
    keep = keep | {(index_dir / CURRENT).resolve()}
    for folder in (index_dir / BUILDS).iterdir():
        if folder.resolve() not in keep and not _being_written(folder):
            shutil.rmtree(folder, ignore_errors=True)
