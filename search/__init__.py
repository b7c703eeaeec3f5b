"""Full-text search engine for a Zhengzhou newspaper archive. A map of the package, stage by stage.

Indexing: file → `Article` → document → index
    corpus      reads page files (.txt) and article files (.jsonl) and hands on `Article`s (article.py);
                pages.py splits a page's text into articles in three stages: lines.py (what each line
                is), assembler.py (which lines make which article), pages.py (drafts to articles), with
                headlines.py, bylines.py, metadata.py (paper, date, page from the file name or a
                sidecar) and districts.py (which districts an article is about)
    schema      turns an `Article` into a Whoosh document: jieba words for ranking and CJK bigrams for
                finding, each with where it first stands (analysis.py), the compact text phrases are
                confirmed against, stored fields
    indexer     writes documents into a new build and swaps it in (writelock.py: one writer per index;
                layout.py: the index folder; the checked multi-process writer is whoosh_private.py's);
                slogans.py derives the slogan book and coverage.py the archive's counts per year, month,
                district and paper, both stored beside each build

Searching: text → `ParsedQuery` → mask → ranked documents → `SearchResult`
    query       parses the user's text (parentheses, proximity, wildcards, `district:`, `reporter:`,
                `date:`) into a `ParsedQuery` (parsed.py): clauses of alternatives of units, exclusions,
                filters (dates.py: date ranges), the alias names added (aliases.py, data/aliases.tsv);
                clauses.py multiplies the tree out into clauses and applies the caps on a query's work
    snapshot    one opened build: searcher, per-document columns (postings.py; compact_column.py: every
                segment's compact text, searched in place), the reporters' column (reporters.py),
                decoded posting lists (posting_cache.py), slogan book and coverage
    matching    the documents a `ParsedQuery` selects, as a boolean mask over document numbers
                (patterns.py: proximity and wildcard units on the compact text, wildcard fillers)
    facets      district, reporter, year and month filters and date ranges on the mask, and the counts
                beside them, undated articles counted apart
    ranking     the matched documents in order: per-field BM25 sum and a proximity rerank, or by date
    hits        each ranked document as a `Hit`, highlighted (highlight.py: marks and snippets)
    engine      puts a search together under its lock and returns a `SearchResult` (results.py: the
                result objects and the request checks every front end shares); related.py: an
                article's related articles, from the key terms stored with its body

Views of a whole result set: `Engine.matches` → the same mask → numbers and files
    research    trends (trends.py: counts per year or month, shares of the coverage), keyword in context
                (kwic.py: every occurrence with its context, and the anchors the article page marks) and
                export rows (export.py: streamed CSV and JSON Lines); cite.py writes GB/T 7714, RIS and
                BibTeX citations

Beside the stages: cli.py (`python -m search`), errors.py (the errors a user can act on and their exit
codes), checkpages.py (the splitter measured against annotated pages), pinyin.py (pinyin keys for the
suggestion box), whoosh_private.py (every use of Whoosh's private names: block-decoded postings, the
field-length fix, the checked multi-process writer). The web front end is the `web` package.
"""
