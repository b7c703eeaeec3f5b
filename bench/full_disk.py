"""Reliability check on a really full disk: the index on a small tmpfs, writes that run out of space.

tests/test_reliability.py stages ENOSPC inside the process; this runs the real commands on a real full
file system, which needs root (`mount -t tmpfs`). Each step prints PASS or FAIL; the exit code is the
number of failures (2 without the rights to mount).

    sudo python bench/full_disk.py [--size-mb 8]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "search", *args], cwd=ROOT, capture_output=True, text=True)


def total(index: Path) -> int:
    return json.loads(cli("query", "", "--index", str(index), "--json").stdout)["total"]


def fill(disk: Path, leave_kb: int) -> Path:
    """A file taking all but `leave_kb` of the disk's free space."""
    filler = disk / "filler"
    stat = os.statvfs(disk)
    size = max(stat.f_bavail * stat.f_frsize - leave_kb * 1024, 0)
    with open(filler, "wb") as f:
        f.truncate(0)
        chunk = b"\0" * (1 << 20)
        while size > 0:
            size -= f.write(chunk[:min(size, len(chunk))])
    return filler


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mb", type=int, default=8)
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="full-disk-"))
    disk = work / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={args.size_mb}m", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode:
        print(f"cannot mount a tmpfs here ({mounted.stderr.strip()}): run as root; the in-process "
              "ENOSPC tests in tests/test_reliability.py cover the same paths")
        return 2
    failures = 0

    def check(name: str, ok: bool, detail: str = "") -> None:
        nonlocal failures
        failures += not ok
        print(f"{'PASS' if ok else 'FAIL'}  {name}" + (f"\n      {detail}" if detail and not ok else ""))

    try:
        index = disk / "index"
        built = cli("build", "--seeds", str(SEEDS), "--index", str(index))
        check("seed build fits on the disk", built.returncode == 0, built.stderr)
        before = total(index)
        extra = work / "extra.jsonl"
        extra.write_text("\n".join(json.dumps({"id": f"fd-{i}", "title": f"满盘测试{i}", "body": "氢能产业新闻。" * 200},
                                              ensure_ascii=False) for i in range(300)), encoding="utf-8")
        live = (index / "current").resolve()
        files = sorted(os.listdir(live))
        filler = fill(disk, leave_kb=64)
        free_before = shutil.disk_usage(disk).free
        added = cli("add", str(extra), "--index", str(index))
        check("add on a full disk: exit 4, a message, no traceback",
              added.returncode == 4 and "disk full" in added.stderr and "Traceback" not in added.stderr,
              added.stderr)
        check("the failed add left no partial files, and its space is free again",
              sorted(os.listdir(live)) == files and shutil.disk_usage(disk).free >= free_before,
              f"{sorted(set(os.listdir(live)) - set(files))}")
        rebuilt = cli("build", "--seeds", str(SEEDS), "--index", str(index))
        check("build on a full disk: exit 4, a message, no traceback",
              rebuilt.returncode == 4 and "disk full" in rebuilt.stderr and "Traceback" not in rebuilt.stderr,
              rebuilt.stderr)
        check("the live index is whole after both", total(index) == before and (index / "current").resolve() == live)
        filler.unlink()
        again = cli("add", str(extra), "--index", str(index))
        check("with space again, the same add works", again.returncode == 0 and total(index) == before + 300,
              again.stderr)
    finally:
        subprocess.run(["umount", str(disk)])
        shutil.rmtree(work, ignore_errors=True)
    return failures


if __name__ == "__main__":
    sys.exit(main())
