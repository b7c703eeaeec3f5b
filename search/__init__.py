"""Full-text search engine for a Zhengzhou newspaper archive. A map of the package, stage by stage.

Indexing: file → `Article` → document → index
    corpus      reads page files (.txt) and article files (.jsonl) and hands on `Article`s (article.py);
                pages.py splits a page's text into articles in three stages: lines.py (what each line
                is), assembler.py (which lines make which article), pages.py (drafts to articles), with
                headlines.py, bylines.py, metadata.py (paper, date, page from the file name or a
                sidecar) and districts.py (which districts an article is about)
    schema      turns an `Article` into a Whoosh document: jieba words for ranking and CJK bigrams for
                finding (analysis.py), the compact text phrases are confirmed against, stored fields
    indexer     writes documents into a new build and swaps it in (writelock.py: one writer per index;
                layout.py: the index folder; the checked multi-process writer is whoosh_private.py's);
                slogans.py derives the slogan book stored beside each build

Searching: text → `ParsedQuery` → mask → ranked documents → `SearchResult`
    query       parses the user's text into units, OR groups, exclusions, `district:` filters and notices
    snapshot    one opened build: searcher, per-document columns (postings.py) and slogan book
    matching    the documents a `ParsedQuery` selects, as a boolean mask over document numbers
    facets      district and year filters on the mask, and the counts beside them
    ranking     the matched documents in order: per-field BM25 sum and a proximity rerank, or by date
    hits        each ranked document as a `Hit`, highlighted (highlight.py: marks and snippets)
    engine      puts a search together under its lock and returns a `SearchResult` (results.py: the
                result objects and the request checks every front end shares); related.py: an
                article's related articles, from the key terms stored with its body

Beside the stages: cli.py (`python -m search`), errors.py (the errors a user can act on and their exit
codes), checkpages.py (the splitter measured against annotated pages), whoosh_private.py (every use of
Whoosh's private names: block-decoded postings, the field-length fix, the checked multi-process writer).
The web front end is the `web` package.
"""
