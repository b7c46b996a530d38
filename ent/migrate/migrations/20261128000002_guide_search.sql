-- Full-text search of guide articles, one text search configuration per
-- language (German, Russian and English stemming; "simple" for Latvian,
-- which has no stemmer in PostgreSQL), each with unaccent in front so that
-- diacritics do not matter, and one expression index per language that
-- internal/guide's search query uses (its expression must stay the same as
-- pgDocument there). Written by hand: ent cannot describe these. Each
-- statement may run again without harm, as the release before versioned
-- migrations created the same objects at start-up.
CREATE EXTENSION IF NOT EXISTS unaccent;
-- Text search configuration and index for "de"
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'relocate_de' AND pg_ts_config_is_visible(oid)) THEN
    CREATE TEXT SEARCH CONFIGURATION relocate_de (COPY = german);
    ALTER TEXT SEARCH CONFIGURATION relocate_de ALTER MAPPING FOR hword, hword_part, word WITH unaccent, german_stem;
  END IF;
END
$$;
CREATE INDEX IF NOT EXISTS guide_article_search_de ON guide_article_translations USING GIN ((setweight(to_tsvector('relocate_de', title), 'A') || setweight(to_tsvector('relocate_de', summary), 'B') || setweight(to_tsvector('relocate_de', body), 'C'))) WHERE language = 'de';
-- Text search configuration and index for "lv"
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'relocate_lv' AND pg_ts_config_is_visible(oid)) THEN
    CREATE TEXT SEARCH CONFIGURATION relocate_lv (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION relocate_lv ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
  END IF;
END
$$;
CREATE INDEX IF NOT EXISTS guide_article_search_lv ON guide_article_translations USING GIN ((setweight(to_tsvector('relocate_lv', title), 'A') || setweight(to_tsvector('relocate_lv', summary), 'B') || setweight(to_tsvector('relocate_lv', body), 'C'))) WHERE language = 'lv';
-- Text search configuration and index for "ru"
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'relocate_ru' AND pg_ts_config_is_visible(oid)) THEN
    CREATE TEXT SEARCH CONFIGURATION relocate_ru (COPY = russian);
    ALTER TEXT SEARCH CONFIGURATION relocate_ru ALTER MAPPING FOR hword, hword_part, word WITH unaccent, russian_stem;
  END IF;
END
$$;
CREATE INDEX IF NOT EXISTS guide_article_search_ru ON guide_article_translations USING GIN ((setweight(to_tsvector('relocate_ru', title), 'A') || setweight(to_tsvector('relocate_ru', summary), 'B') || setweight(to_tsvector('relocate_ru', body), 'C'))) WHERE language = 'ru';
-- Text search configuration and index for "en"
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'relocate_en' AND pg_ts_config_is_visible(oid)) THEN
    CREATE TEXT SEARCH CONFIGURATION relocate_en (COPY = english);
    ALTER TEXT SEARCH CONFIGURATION relocate_en ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
  END IF;
END
$$;
CREATE INDEX IF NOT EXISTS guide_article_search_en ON guide_article_translations USING GIN ((setweight(to_tsvector('relocate_en', title), 'A') || setweight(to_tsvector('relocate_en', summary), 'B') || setweight(to_tsvector('relocate_en', body), 'C'))) WHERE language = 'en';
