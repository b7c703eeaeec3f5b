"""One fix to Whoosh, applied on import of the schema: look each field's length column up once.

Whoosh asks for a document's field length for every posting it writes. Each call rebuilt the column's
name and, for a field without lengths (our unscorable gram fields), checked the file system again,
because only columns that exist were cached: 245,000 stat() calls for 300 articles, about 40 % of build
time (cProfile). Here the column (or its absence) is remembered per field; the answers are unchanged.
"""
from whoosh.codec import whoosh3


def _doc_field_length(self, docnum, fieldname, default=0):
    if docnum > self._doccount:
        raise IndexError("Asked for docnum %r of %d" % (docnum, self._doccount))
    columns = self.__dict__.setdefault("_length_columns", {})
    if fieldname not in columns:
        columns[fieldname] = self._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
    column = columns[fieldname]
    if column is None:
        return default
    lbyte = column[docnum]
    if lbyte:
        return whoosh3.byte_to_length(lbyte)


whoosh3.W3PerDocReader.doc_field_length = _doc_field_length
