"""Contract of search.whoosh_private: what it reads through Whoosh's private names equals Whoosh's own answers."""
from __future__ import annotations

import io
import pickle
import tracemalloc

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.filedb import structfile
from whoosh.multiproc import MpWriter

from search import layout, whoosh_private
from search.postings import postings


def leaf_matcher(leaf, field: str, term: str):
    """Whoosh's own raw matcher of a term in one segment: a W3LeafMatcher for a block-coded list (one too
    long to be stored inline in the term info)."""
    return leaf._terms.matcher(field, leaf._text_to_bytes(field, term), leaf.schema[field].format)


SAMPLE = 40          # terms per field: the most frequent ones (block-coded lists) and a spread of the rest


@pytest.fixture(scope="module")
def generated_index(tmp_path_factory):
    """300 articles in one segment: document numbers past 255, which Whoosh stores as differences."""
    from bench.generate import generate
    from search import indexer

    folder = tmp_path_factory.mktemp("generated")
    indexer.build(generate(300), folder, procs=1)
    return folder


@pytest.fixture(scope="module", params=["seeds", "generated"])
def reader(request, seed_index, generated_index):
    folder = seed_index if request.param == "seeds" else generated_index
    with whoosh_index.open_dir(layout.current_build(folder)).searcher() as searcher:
        yield searcher.reader()


def sampled_terms(reader, field):
    terms = [t.decode("utf-8") for t in reader.lexicon(field)]
    by_frequency = sorted(terms, key=lambda t: -reader.doc_frequency(field, t))
    return list(dict.fromkeys(by_frequency[:SAMPLE // 2] + terms[::max(1, len(terms) // (SAMPLE // 2))]))


def whoosh_postings(reader, field, term):
    matcher = reader.postings(field, term)
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def test_block_decoded_postings_equal_whooshs_in_every_field(reader):
    indexed = [name for name, field in reader.schema.items() if field.indexed]
    assert {"title_words", "body_words", "title_grams", "body_grams", "districts", "year", "id"} <= set(indexed)
    blocks_seen = differences_seen = 0
    for field in indexed:
        for term in sampled_terms(reader, field):
            ids, weights = postings(reader, field, term, with_weights=True)
            want_ids, want_weights = whoosh_postings(reader, field, term)
            assert ids.tolist() == list(reader.postings(field, term).all_ids()) == want_ids, (field, term)
            assert np.allclose(weights, want_weights), (field, term)
            matchers = [leaf_matcher(leaf, field, term) for leaf, _ in reader.leaf_readers()
                        if (field, term) in leaf]
            blocks_seen += any(isinstance(m, W3LeafMatcher) for m in matchers)
            differences_seen += any(isinstance(m, W3LeafMatcher) and not m._byteids for m in matchers)
    assert blocks_seen, "no sampled term had a block-coded posting list: the block path went untested"
    assert differences_seen or reader.doc_count_all() < 256, "ids stored as differences went untested"


def test_every_form_of_a_stored_block_is_decoded_as_whoosh_does(generated_index):
    """Weights stored as None (all 1), as one float (all equal) or one by one, and lists of many blocks:
    for each form, the first lists that have it are compared with Whoosh's matcher."""
    found = {}
    with whoosh_index.open_dir(layout.current_build(generated_index)).searcher() as searcher:
        reader = searcher.reader()
        for field in ("body_words", "title_words", "body_grams"):
            for leaf, _ in reader.leaf_readers():
                for (name, tbytes), info in leaf._terms.items_from(field, b""):
                    if name != field or len(found) == 4 and all(len(v) >= 3 for v in found.values()):
                        break
                    if info.is_inlined():
                        continue
                    blocks = list(whoosh_private._list_blocks(leaf._terms._postfile, info))
                    forms = {type(weights).__name__ for _, (_, weights, _) in blocks}
                    if len(blocks) > 1:
                        forms.add("many")
                    for form in forms:
                        found.setdefault(form, []).append((field, tbytes.decode("utf-8")))
        assert {"NoneType", "float", "many"} <= set(found) and len(found) == 4, set(found)
        for form, terms in found.items():
            for field, term in terms[:3]:
                ids, weights = postings(reader, field, term, with_weights=True)
                want_ids, want_weights = whoosh_postings(reader, field, term)
                assert ids.tolist() == want_ids and np.allclose(weights, want_weights), (form, field, term)


def test_block_decoded_first_places_equal_whooshs_values(reader):
    from search.postings import gram_postings
    from search.schema import FIRST

    blocks_seen = 0
    for field in ("title_grams", "body_grams"):
        for term in sampled_terms(reader, field):
            ids, firsts = gram_postings(reader, field, term)
            matcher = reader.postings(field, term)
            want = []
            while matcher.is_active():
                want.append((matcher.id(), FIRST.unpack(matcher.value())[0]))
                matcher.next()
            assert list(zip(ids.tolist(), firsts.tolist())) == want, (field, term)
            blocks_seen += any(isinstance(leaf_matcher(leaf, field, term), W3LeafMatcher)
                               for leaf, _ in reader.leaf_readers() if (field, term) in leaf)
    assert blocks_seen


def test_a_posting_list_offset_without_whooshs_tag_is_refused(reader):
    leaf = next(leaf for leaf, _ in reader.leaf_readers())
    term = max(sampled_terms(reader, "body_grams"), key=lambda t: leaf.doc_frequency("body_grams", t))
    info = leaf._terms.term_info("body_grams", leaf._text_to_bytes("body_grams", term))
    assert next(whoosh_private._list_blocks(leaf._terms._postfile, info))[0] > 0
    info._offset += 1
    with pytest.raises(ValueError, match="no posting list"):
        next(whoosh_private._list_blocks(leaf._terms._postfile, info))


def test_patched_field_length_equals_whooshs_for_every_document(reader):
    assert whoosh3.W3PerDocReader.doc_field_length is not whoosh_private.ORIGINAL_DOC_FIELD_LENGTH
    fields = list(reader.schema.names())
    for leaf, _ in reader.leaf_readers():
        perdoc = whoosh_private.per_doc_reader(leaf)
        for d in range(leaf.doc_count_all()):
            for field in fields:
                original = whoosh_private.ORIGINAL_DOC_FIELD_LENGTH(perdoc, d, field, -1)
                assert perdoc.doc_field_length(d, field, -1) == original, (d, field)
    assert any(reader.doc_field_length(d, "body_words") for d in range(reader.doc_count_all()))


def test_apply_is_idempotent_and_checks_the_version(monkeypatch):
    whoosh_private.apply()
    whoosh_private.apply()
    assert whoosh3.W3PerDocReader.doc_field_length is whoosh_private._doc_field_length
    assert structfile.BufferFile.__init__ is whoosh_private._buffer_file_init
    monkeypatch.setattr(whoosh_private, "version", lambda name: "9.9.9")
    with pytest.raises(RuntimeError, match="written against whoosh-reloaded 2.7.5"):
        whoosh_private.apply()


def test_mapped_reader_reads_as_bytesio_does():
    data = pickle.dumps({"周": list(range(300))}) + b"line one\nline two\n" + bytes(range(256))
    mapped, plain = whoosh_private.MappedReader(memoryview(data)), io.BytesIO(data)
    for f in (mapped, plain):
        f.seek(5)
        f.seek(-5, io.SEEK_CUR)
    assert mapped.peek(2)[:2] == data[:2] and mapped.tell() == 0            # a peek does not move
    assert pickle.load(mapped) == pickle.load(plain)
    assert mapped.tell() == plain.tell()
    assert [mapped.readline(), mapped.read(4), mapped.read(0)] == [plain.readline(), plain.read(4), plain.read(0)]
    assert mapped.seek(-3, io.SEEK_END) == plain.seek(-3, io.SEEK_END)
    assert mapped.read(10) == plain.read(10) and mapped.read() == plain.read() == b""
    mapped.seek(len(data) + 7)
    assert mapped.read() == b"" and mapped.tell() == len(data) + 7
    with pytest.raises(ValueError):
        mapped.seek(-1)


def test_opening_a_reader_does_not_copy_the_segment_files(generated_index):
    """Whoosh's BufferFile copied each segment's postings and term index into memory at open."""
    build = layout.current_build(generated_index)
    segment_bytes = sum(f.stat().st_size for f in build.glob("*.seg"))
    ix = whoosh_index.open_dir(build)
    tracemalloc.start()
    reader = ix.reader()
    opened = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    reader.close()
    assert segment_bytes > 1_000_000 and opened < segment_bytes / 10


def test_latest_generation_is_whooshs(seed_index):
    build = layout.current_build(seed_index)
    assert whoosh_private.latest_generation(build) == whoosh_index.open_dir(build).latest_generation()


def test_the_private_names_relied_on_exist(reader):
    leaf = next(leaf for leaf, _ in reader.leaf_readers())
    perdoc = whoosh_private.per_doc_reader(leaf)
    for obj, names in [(leaf, ["_terms", "_text_to_bytes", "_perdoc"]),
                       (perdoc, ["_doccount", "_cached_reader"]),
                       (whoosh3, ["_lenfield", "LENGTHS_COLUMN", "byte_to_length"]),
                       (whoosh3, ["WHOOSH3_HEADER_MAGIC"]),
                       (MpWriter, ["_new_task", "_enqueue", "_commit", "_merge_segments", "_finalize_segment",
                                   "_close_segment", "_commit_toc", "_finish", "temp_storage"])]:
        for name in names:
            assert hasattr(obj, name), name
    term = max(sampled_terms(reader, "body_grams"), key=lambda t: leaf.doc_frequency("body_grams", t))
    info = leaf._terms.term_info("body_grams", leaf._text_to_bytes("body_grams", term))
    assert not info.is_inlined() and isinstance(info._offset, int)
    assert hasattr(leaf._terms, "_postfile")


def test_length_bytes_decode_to_whooshs_field_lengths(reader):
    from search.postings import _lengths

    for leaf, _ in reader.leaf_readers():
        for field in ("title_words", "body_words", "body_grams"):        # body_grams: no length column
            want = [leaf.doc_field_length(d, field, 0) or 0 for d in range(leaf.doc_count_all())]
            assert _lengths(leaf, field).tolist() == want, field


def test_mapped_column_gives_each_documents_value(reader):
    for leaf, _ in reader.leaf_readers():
        mapped = whoosh_private.mapped_column(leaf, "compact")
        assert mapped is not None, "the segment file is not memory-mapped"
        source, starts, ends = mapped
        column = leaf.column_reader("compact", translate=False)
        assert [source[s:e] for s, e in zip(starts.tolist(), ends.tolist())] == [column[d] for d in range(leaf.doc_count_all())]


def test_postings_across_segments_and_deletions_equal_whooshs(tmp_path):
    from search import indexer
    from search.corpus import Article

    def art(i, body):
        return Article(id=f"m-{i}", title=f"标题{i}", body=body, source={"file": "m.jsonl", "order": i})

    indexer.build([art(i, "发展氢能产业。") for i in range(3)], tmp_path, procs=1)
    indexer.add([art(10, "氢能车上路。"), art(11, "桥梁检测。")], tmp_path)       # a second segment
    indexer.remove(["m-1"], tmp_path)                                              # a deletion in the first
    with whoosh_index.open_dir(layout.current_build(tmp_path)).searcher() as searcher:
        reader = searcher.reader()
        assert len(list(reader.leaf_readers())) == 2
        for field in ("body_grams", "body_words", "title_words"):
            for term in (t.decode("utf-8") for t in reader.lexicon(field)):
                ids = postings(reader, field, term)[0].tolist()
                live = [d for d in ids if not reader.is_deleted(d)]
                assert live == list(reader.postings(field, term).all_ids()), (field, term)
