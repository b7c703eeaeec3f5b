"""One fix to Whoosh, applied on import of the schema: remember that a field has no length column.

Whoosh's per-document reader looks a field's length column up by checking the file system, and caches
the column only when it exists. Our gram fields are unscorable and have none, so every one of their
postings cost a stat() call while a segment was written: about 40 % of build time, measured with
cProfile on 300 synthetic articles (245,000 stat calls).
"""
from whoosh.codec import whoosh3

_cached_reader = whoosh3.W3PerDocReader._cached_reader


def _cached_reader_remembering_absence(self, fieldname, column):
    absent = self.__dict__.setdefault("_absent_columns", set())
    if fieldname in absent:
        return None
    reader = _cached_reader(self, fieldname, column)
    if reader is None:
        absent.add(fieldname)
    return reader


whoosh3.W3PerDocReader._cached_reader = _cached_reader_remembering_absence
