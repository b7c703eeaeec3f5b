"""Benchmark of the search engine against the jieba + Whoosh tutorial stack; see bench/README.md."""
