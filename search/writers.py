"""Whoosh's multi-process writer, made to fail loudly: a worker that dies is found out, not waited on.

Whoosh's MpWriter collects each worker's segment with a one-second timeout and quietly goes on without
the ones that never came, so a build whose worker was killed committed an index short of that worker's
articles. Here a worker's death (any exit before it was told to finish, or a non-zero exit after) raises
BuildIncomplete, or StorageError when the worker ran out of disk space or permission; the live workers
are stopped, and nothing is committed.
"""
from __future__ import annotations

import ctypes
import os
import pickle
import queue
import signal
import sys

from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util import random_name

from search.errors import BuildIncomplete

POLL = 0.5                  # seconds between checks on the workers while handing out work
RESULT_WAIT = 30.0          # a worker that finished cleanly has already queued its segment
OSERROR_EXIT = 100          # a worker's exit code for an OSError: OSERROR_EXIT + errno
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """A worker whose parent was killed would wait on the job queue forever."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


class _Task(SubWriterTask):
    """A worker that ends with an exit code saying what went wrong, never with a traceback."""

    def run(self):
        _die_with_parent()
        try:
            super().run()
        except OSError as exc:
            sys.exit(OSERROR_EXIT + exc.errno if exc.errno and exc.errno < 150 else 1)
        except BaseException as exc:        # noqa: BLE001  (reported by exit code; the parent names it)
            print(f"index writer process {os.getpid()}: {type(exc).__name__}: {exc}", file=sys.stderr)
            sys.exit(1)


class CheckedMpWriter(MpWriter):
    """MpWriter (multisegment) whose workers are checked whenever work is handed out and at commit."""

    def _new_task(self):
        task = _Task(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs,
                     self.multisegment)
        self.tasks.append(task)
        task.start()
        return task

    def _check(self, finished: bool = False) -> None:
        for task in self.tasks:
            code = task.exitcode
            if code is None or (finished and code == 0):
                continue
            if code > OSERROR_EXIT:
                err = code - OSERROR_EXIT
                raise OSError(err, os.strerror(err))
            how = f"was killed by signal {-code}" if code < 0 else f"ended with code {code}"
            raise BuildIncomplete(f"an index writer process (pid {task.pid}) {how} before finishing; "
                                  "its articles would be missing, so nothing was changed")

    def _put(self, job, finished: bool = False) -> None:
        while True:
            self._check(finished)
            try:
                self.jobqueue.put(job, timeout=POLL)
                return
            except queue.Full:
                continue

    def _enqueue(self):
        filename = f"{random_name()}.doclist"
        with self.temp_storage().create_file(filename).raw_file() as f:
            for item in self.docbuffer:
                pickle.dump(item, f, 2)
        if len(self.tasks) < self.procs:
            self._new_task()
        job, self.docbuffer = (filename, len(self.docbuffer)), []
        self._put(job)

    def _commit(self, mergetype, optimize, merge):
        """MpWriter's multisegment commit, with every worker accounted for."""
        if self.docbuffer:
            self._enqueue()
        for _ in self.tasks:
            self._put(None, finished=True)        # a worker told first may already have ended
        segments = self._merge_segments(mergetype, optimize, merge)
        for task in self.tasks:
            while task.exitcode is None:
                task.join(POLL)
                self._check(finished=True)
        self._check(finished=True)
        try:
            results = [self.resultqueue.get(timeout=RESULT_WAIT) for _ in self.tasks]
        except queue.Empty:
            raise BuildIncomplete("an index writer process finished without handing back its articles; "
                                  "nothing was changed") from None
        segments += [segment for _, _, segment in results]
        if self._added:
            segments.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(segments)
        self._finish()

    def cancel(self):
        for task in self.tasks:
            if task.is_alive():
                task.terminate()
        for task in self.tasks:
            task.join(POLL)
        super().cancel()


