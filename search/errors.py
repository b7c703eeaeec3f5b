"""Errors a user can act on; the CLI and the web layer turn them into messages, never tracebacks.

Each error carries the command line's exit code for it (README, "Exit codes"), so a script driving
`python -m search` can tell "try again later" (3) from "free some space" (4) from "fix the input" (2).
"""


class SearchError(Exception):
    """Base of the engine's errors: its message is shown to the user as is."""
    exit_code = 2


class CorpusError(SearchError):
    """A page or article file cannot be read (undecodable, empty, malformed)."""


class IndexMissing(SearchError):
    """There is no usable index at the given folder."""


class IndexOutdated(SearchError):
    """The index was written by an earlier version of the engine, in a format this one cannot read."""


class QueryError(SearchError):
    """A search request that cannot be answered (bad page number, unknown sort)."""


class NotFound(SearchError):
    """No article has the requested id, or a result page is past the last one."""


class IndexBusy(SearchError):
    """Another process is writing the index and did not finish within the wait allowed."""
    exit_code = 3


class StorageError(SearchError):
    """The index could not be written (disk full, permission denied); the live index is unchanged."""
    exit_code = 4


class BuildIncomplete(SearchError):
    """A build lost articles on the way (a writer process died); the live index is unchanged."""
    exit_code = 5
