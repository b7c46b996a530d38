-- The search document of each guide article translation, stored: title
-- (weight A), summary (B) and body (C) as parsed by the text search
-- configuration of the translation's language. PostgreSQL keeps it
-- current on every write; a search then neither parses texts to match nor
-- to rank, which made searches slow in proportion to the texts that
-- match (1.6 s for one search at 100 times the demo content). One GIN
-- index per language serves the match and replaces the expression index
-- of 20261128000002_guide_search.sql. Written by hand: ent cannot describe
-- generated columns (internal/guide's search query reads this column;
-- migrations.SearchDocumentColumn keeps diffs from dropping it). Adding
-- the column computes the document of every existing row once.
ALTER TABLE guide_article_translations ADD COLUMN IF NOT EXISTS search_document tsvector GENERATED ALWAYS AS (
  CASE language
    WHEN 'de' THEN setweight(to_tsvector('relocate_de', title), 'A') || setweight(to_tsvector('relocate_de', summary), 'B') || setweight(to_tsvector('relocate_de', body), 'C')
    WHEN 'lv' THEN setweight(to_tsvector('relocate_lv', title), 'A') || setweight(to_tsvector('relocate_lv', summary), 'B') || setweight(to_tsvector('relocate_lv', body), 'C')
    WHEN 'ru' THEN setweight(to_tsvector('relocate_ru', title), 'A') || setweight(to_tsvector('relocate_ru', summary), 'B') || setweight(to_tsvector('relocate_ru', body), 'C')
    WHEN 'en' THEN setweight(to_tsvector('relocate_en', title), 'A') || setweight(to_tsvector('relocate_en', summary), 'B') || setweight(to_tsvector('relocate_en', body), 'C')
  END
) STORED;
DROP INDEX IF EXISTS guide_article_search_de;
CREATE INDEX IF NOT EXISTS guide_article_search_document_de ON guide_article_translations USING GIN (search_document) WHERE language = 'de';
DROP INDEX IF EXISTS guide_article_search_lv;
CREATE INDEX IF NOT EXISTS guide_article_search_document_lv ON guide_article_translations USING GIN (search_document) WHERE language = 'lv';
DROP INDEX IF EXISTS guide_article_search_ru;
CREATE INDEX IF NOT EXISTS guide_article_search_document_ru ON guide_article_translations USING GIN (search_document) WHERE language = 'ru';
DROP INDEX IF EXISTS guide_article_search_en;
CREATE INDEX IF NOT EXISTS guide_article_search_document_en ON guide_article_translations USING GIN (search_document) WHERE language = 'en';
