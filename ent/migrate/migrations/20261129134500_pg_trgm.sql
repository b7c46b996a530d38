-- Trigram indexes (free-text search of cases) need the pg_trgm extension (PostgreSQL contrib).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
