"""Errors a user can act on; the CLI and the web layer turn them into messages, never tracebacks."""


class SearchError(Exception):
    """Base of the engine's errors: its message is shown to the user as is."""


class CorpusError(SearchError):
    """A page or article file cannot be read (undecodable, empty, malformed)."""


class IndexMissing(SearchError):
    """There is no usable index at the given folder."""


class QueryError(SearchError):
    """A search request that cannot be answered (bad page number, unknown sort)."""


class NotFound(SearchError):
    """No article has the requested id."""
