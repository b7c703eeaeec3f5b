"""Full-text search engine for a Zhengzhou newspaper archive: corpus, analysis, index, queries."""
