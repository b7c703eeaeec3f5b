"""What takes an index's bytes: per file kind (postings, term index, each column) and per field.

    python bench/anatomy.py INDEX_DIR          # the folder handed to `search build --index`

File kinds come from the directory of each compound segment file (`.seg`); a field's share of the
postings (`.pst`) is the sum of its terms' posting extents, its share of the term index (`.trm`) the
bytes of its keys and term infos; the stored-fields column is split by field on a sample of documents
(pickled size of each value).
"""
from __future__ import annotations

import pickle
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from whoosh import index as whoosh_index  # noqa: E402
from whoosh.codec.whoosh3 import W3TermInfo  # noqa: E402
from whoosh.filedb.compound import CompoundStorage  # noqa: E402

from search.layout import current_build  # noqa: E402

STORED_SAMPLE = 2000


def by_file(folder: Path) -> Counter:
    """Bytes per file kind: the part after the segment name (`pst`, `compact.col`, …) or the file's name."""
    sizes: Counter = Counter()
    for path in folder.iterdir():
        if path.suffix == ".seg":
            with open(path, "rb") as f:
                from whoosh.filedb.structfile import StructFile
                compound = CompoundStorage(StructFile(f))
                for name, entry in compound._dir.items():
                    sizes[name.split(".", 1)[1]] += entry["length"]
                sizes["(segment directories)"] += path.stat().st_size - sum(e["length"] for e in compound._dir.values())
                compound.close()
        elif path.is_file():
            sizes[path.name if not path.name.startswith("_MAIN") else "(table of contents)"] += path.stat().st_size
    return sizes


def by_field(reader) -> tuple[Counter, Counter, Counter]:
    """(posting bytes, term-index bytes, term count) per field, over every segment."""
    postings, terms, count = Counter(), Counter(), Counter()
    for leaf, _ in reader.leaf_readers():
        tr = leaf._terms
        for key, value in tr._tindex.items():
            field = tr._keydecoder(key)[0]
            info = W3TermInfo.from_bytes(value)
            terms[field] += len(key) + len(value)
            count[field] += 1
            if not info.is_inlined():
                postings[field] += info._length[0]  # Whoosh unpacks it as a 1-tuple
    return postings, terms, count


def stored_share(reader) -> Counter:
    """Pickled bytes per stored field over a sample of documents (the whole column is one pickle per doc)."""
    sizes: Counter = Counter()
    n = reader.doc_count_all()
    for d in range(0, n, max(1, n // STORED_SAMPLE)):
        for name, value in reader.stored_fields(d).items():
            sizes[name] += len(pickle.dumps(value, -1))
    return sizes


def main(argv=None) -> None:
    index_dir = Path((argv or sys.argv[1:])[0])
    folder = current_build(index_dir)
    files = by_file(folder)
    total = sum(files.values())
    print(f"{folder}: {total / 1e6:,.1f} MB")
    print("\n| file kind | MB | share |\n|---|---:|---:|")
    for name, size in files.most_common():
        print(f"| {name} | {size / 1e6:,.1f} | {size / total:.1%} |")
    ix = whoosh_index.open_dir(folder)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        print(f"\n{len(list(reader.leaf_readers()))} segments, {reader.doc_count()} documents")
        postings, terms, count = by_field(reader)
        print("\n| field | terms (over segments) | postings MB | term index MB |\n|---|---:|---:|---:|")
        for field in sorted(count, key=lambda f: -(postings[f] + terms[f])):
            print(f"| {field} | {count[field]:,} | {postings[field] / 1e6:,.1f} | {terms[field] / 1e6:,.1f} |")
        stored = stored_share(reader)
        whole = sum(stored.values())
        print("\n| stored field | share of _stored.col |\n|---|---:|")
        for name, size in stored.most_common():
            print(f"| {name} | {size / whole:.1%} |")


if __name__ == "__main__":
    main()
