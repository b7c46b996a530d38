CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;
CREATE TEXT SEARCH CONFIGURATION public.relocate_de (
    PARSER = pg_catalog."default" );
ALTER TEXT SEARCH CONFIGURATION public.relocate_de
    ADD MAPPING FOR asciiword WITH german_stem;
ALTER TEXT SEARCH CONFIGURATION public.relocate_de
    ADD MAPPING FOR word WITH public.unaccent, german_stem;
ALTER TEXT SEARCH CONFIGURATION public.relocate_de
    ADD MAPPING FOR numword WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_de
    ADD MAPPING FOR email WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_de
    ADD MAPPING FOR url WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_de
    ADD MAPPING FOR host WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_de
    ADD MAPPING FOR sfloat WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_de
    ADD MAPPING FOR version WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_de
    ADD MAPPING FOR hword_numpart WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_de
    ADD MAPPING FOR hword_part WITH public.unaccent, german_stem;
ALTER TEXT SEARCH CONFIGURATION public.relocate_de
    ADD MAPPING FOR hword_asciipart WITH german_stem;
ALTER TEXT SEARCH CONFIGURATION public.relocate_de
    ADD MAPPING FOR numhword WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_de
    ADD MAPPING FOR asciihword WITH german_stem;
ALTER TEXT SEARCH CONFIGURATION public.relocate_de
    ADD MAPPING FOR hword WITH public.unaccent, german_stem;
ALTER TEXT SEARCH CONFIGURATION public.relocate_de
    ADD MAPPING FOR url_path WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_de
    ADD MAPPING FOR file WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_de
    ADD MAPPING FOR "float" WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_de
    ADD MAPPING FOR "int" WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_de
    ADD MAPPING FOR uint WITH simple;
CREATE TEXT SEARCH CONFIGURATION public.relocate_en (
    PARSER = pg_catalog."default" );
ALTER TEXT SEARCH CONFIGURATION public.relocate_en
    ADD MAPPING FOR asciiword WITH english_stem;
ALTER TEXT SEARCH CONFIGURATION public.relocate_en
    ADD MAPPING FOR word WITH public.unaccent, english_stem;
ALTER TEXT SEARCH CONFIGURATION public.relocate_en
    ADD MAPPING FOR numword WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_en
    ADD MAPPING FOR email WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_en
    ADD MAPPING FOR url WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_en
    ADD MAPPING FOR host WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_en
    ADD MAPPING FOR sfloat WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_en
    ADD MAPPING FOR version WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_en
    ADD MAPPING FOR hword_numpart WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_en
    ADD MAPPING FOR hword_part WITH public.unaccent, english_stem;
ALTER TEXT SEARCH CONFIGURATION public.relocate_en
    ADD MAPPING FOR hword_asciipart WITH english_stem;
ALTER TEXT SEARCH CONFIGURATION public.relocate_en
    ADD MAPPING FOR numhword WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_en
    ADD MAPPING FOR asciihword WITH english_stem;
ALTER TEXT SEARCH CONFIGURATION public.relocate_en
    ADD MAPPING FOR hword WITH public.unaccent, english_stem;
ALTER TEXT SEARCH CONFIGURATION public.relocate_en
    ADD MAPPING FOR url_path WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_en
    ADD MAPPING FOR file WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_en
    ADD MAPPING FOR "float" WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_en
    ADD MAPPING FOR "int" WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_en
    ADD MAPPING FOR uint WITH simple;
CREATE TEXT SEARCH CONFIGURATION public.relocate_lv (
    PARSER = pg_catalog."default" );
ALTER TEXT SEARCH CONFIGURATION public.relocate_lv
    ADD MAPPING FOR asciiword WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_lv
    ADD MAPPING FOR word WITH public.unaccent, simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_lv
    ADD MAPPING FOR numword WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_lv
    ADD MAPPING FOR email WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_lv
    ADD MAPPING FOR url WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_lv
    ADD MAPPING FOR host WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_lv
    ADD MAPPING FOR sfloat WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_lv
    ADD MAPPING FOR version WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_lv
    ADD MAPPING FOR hword_numpart WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_lv
    ADD MAPPING FOR hword_part WITH public.unaccent, simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_lv
    ADD MAPPING FOR hword_asciipart WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_lv
    ADD MAPPING FOR numhword WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_lv
    ADD MAPPING FOR asciihword WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_lv
    ADD MAPPING FOR hword WITH public.unaccent, simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_lv
    ADD MAPPING FOR url_path WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_lv
    ADD MAPPING FOR file WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_lv
    ADD MAPPING FOR "float" WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_lv
    ADD MAPPING FOR "int" WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_lv
    ADD MAPPING FOR uint WITH simple;
CREATE TEXT SEARCH CONFIGURATION public.relocate_ru (
    PARSER = pg_catalog."default" );
ALTER TEXT SEARCH CONFIGURATION public.relocate_ru
    ADD MAPPING FOR asciiword WITH english_stem;
ALTER TEXT SEARCH CONFIGURATION public.relocate_ru
    ADD MAPPING FOR word WITH public.unaccent, russian_stem;
ALTER TEXT SEARCH CONFIGURATION public.relocate_ru
    ADD MAPPING FOR numword WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_ru
    ADD MAPPING FOR email WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_ru
    ADD MAPPING FOR url WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_ru
    ADD MAPPING FOR host WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_ru
    ADD MAPPING FOR sfloat WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_ru
    ADD MAPPING FOR version WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_ru
    ADD MAPPING FOR hword_numpart WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_ru
    ADD MAPPING FOR hword_part WITH public.unaccent, russian_stem;
ALTER TEXT SEARCH CONFIGURATION public.relocate_ru
    ADD MAPPING FOR hword_asciipart WITH english_stem;
ALTER TEXT SEARCH CONFIGURATION public.relocate_ru
    ADD MAPPING FOR numhword WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_ru
    ADD MAPPING FOR asciihword WITH english_stem;
ALTER TEXT SEARCH CONFIGURATION public.relocate_ru
    ADD MAPPING FOR hword WITH public.unaccent, russian_stem;
ALTER TEXT SEARCH CONFIGURATION public.relocate_ru
    ADD MAPPING FOR url_path WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_ru
    ADD MAPPING FOR file WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_ru
    ADD MAPPING FOR "float" WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_ru
    ADD MAPPING FOR "int" WITH simple;
ALTER TEXT SEARCH CONFIGURATION public.relocate_ru
    ADD MAPPING FOR uint WITH simple;
CREATE TABLE public.audit_entries (
    id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    action character varying NOT NULL,
    operation character varying DEFAULT ''::character varying NOT NULL,
    actor_email character varying DEFAULT ''::character varying NOT NULL,
    object_ids jsonb,
    ip character varying DEFAULT ''::character varying NOT NULL,
    request_id character varying DEFAULT ''::character varying NOT NULL,
    actor_id bigint
);
ALTER TABLE public.audit_entries ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.audit_entries_id_seq
    START WITH 51539607552
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE public.glossary_term_translations (
    id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    language character varying NOT NULL,
    status character varying DEFAULT 'PUBLISHED'::character varying NOT NULL,
    source_revision bigint DEFAULT 1 NOT NULL,
    machine_translated boolean DEFAULT false NOT NULL,
    translation character varying DEFAULT ''::character varying NOT NULL,
    explanation text NOT NULL,
    term_id bigint NOT NULL
);
ALTER TABLE public.glossary_term_translations ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.glossary_term_translations_id_seq
    START WITH 4294967296
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE public.glossary_terms (
    id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    key character varying NOT NULL,
    status character varying DEFAULT 'DRAFT'::character varying NOT NULL,
    source_revision bigint DEFAULT 1 NOT NULL,
    term character varying NOT NULL,
    sort_key character varying NOT NULL
);
ALTER TABLE public.glossary_terms ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.glossary_terms_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE public.guide_article_related (
    guide_article_id bigint NOT NULL,
    related_id bigint NOT NULL
);
CREATE TABLE public.guide_article_revisions (
    id bigint NOT NULL,
    language character varying NOT NULL,
    title character varying NOT NULL,
    slug character varying NOT NULL,
    summary text NOT NULL,
    body text NOT NULL,
    source_revision bigint NOT NULL,
    change character varying NOT NULL,
    changed_fields jsonb,
    author_name character varying DEFAULT ''::character varying NOT NULL,
    created_at timestamp with time zone NOT NULL,
    article_id bigint NOT NULL,
    author_id bigint
);
ALTER TABLE public.guide_article_revisions ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.guide_article_revisions_id_seq
    START WITH 55834574848
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE public.guide_article_translations (
    id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    language character varying NOT NULL,
    status character varying DEFAULT 'PUBLISHED'::character varying NOT NULL,
    source_revision bigint DEFAULT 1 NOT NULL,
    machine_translated boolean DEFAULT false NOT NULL,
    slug character varying NOT NULL,
    title character varying NOT NULL,
    summary text DEFAULT ''::text NOT NULL,
    body text DEFAULT ''::text NOT NULL,
    article_id bigint NOT NULL
);
ALTER TABLE public.guide_article_translations ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.guide_article_translations_id_seq
    START WITH 12884901888
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE public.guide_articles (
    id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    key character varying NOT NULL,
    status character varying DEFAULT 'DRAFT'::character varying NOT NULL,
    source_revision bigint DEFAULT 1 NOT NULL,
    "position" bigint DEFAULT 0 NOT NULL,
    category_id bigint NOT NULL
);
ALTER TABLE public.guide_articles ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.guide_articles_id_seq
    START WITH 8589934592
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE public.guide_categories (
    id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    key character varying NOT NULL,
    status character varying DEFAULT 'DRAFT'::character varying NOT NULL,
    source_revision bigint DEFAULT 1 NOT NULL,
    icon character varying,
    "position" bigint DEFAULT 0 NOT NULL,
    parent_id bigint
);
ALTER TABLE public.guide_categories ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.guide_categories_id_seq
    START WITH 17179869184
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE public.guide_category_translations (
    id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    language character varying NOT NULL,
    status character varying DEFAULT 'PUBLISHED'::character varying NOT NULL,
    source_revision bigint DEFAULT 1 NOT NULL,
    machine_translated boolean DEFAULT false NOT NULL,
    slug character varying NOT NULL,
    name character varying NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    category_id bigint NOT NULL
);
ALTER TABLE public.guide_category_translations ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.guide_category_translations_id_seq
    START WITH 21474836480
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE public.inquiries (
    id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    kind character varying NOT NULL,
    name character varying NOT NULL,
    email character varying NOT NULL,
    phone character varying DEFAULT ''::character varying NOT NULL,
    company_name character varying DEFAULT ''::character varying NOT NULL,
    language character varying NOT NULL,
    preferred_language character varying NOT NULL,
    topics jsonb,
    message text NOT NULL,
    consented_at timestamp with time zone NOT NULL,
    status character varying DEFAULT 'NEW'::character varying NOT NULL
);
ALTER TABLE public.inquiries ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.inquiries_id_seq
    START WITH 47244640256
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE public.languages (
    id bigint NOT NULL,
    code character varying NOT NULL,
    native_name character varying NOT NULL,
    english_name character varying NOT NULL,
    is_source boolean DEFAULT false NOT NULL,
    "position" bigint DEFAULT 0 NOT NULL
);
ALTER TABLE public.languages ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.languages_id_seq
    START WITH 25769803776
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE public.place_categories (
    id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    key character varying NOT NULL,
    status character varying DEFAULT 'DRAFT'::character varying NOT NULL,
    source_revision bigint DEFAULT 1 NOT NULL,
    icon character varying,
    "position" bigint DEFAULT 0 NOT NULL
);
ALTER TABLE public.place_categories ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.place_categories_id_seq
    START WITH 34359738368
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE public.place_category_translations (
    id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    language character varying NOT NULL,
    status character varying DEFAULT 'PUBLISHED'::character varying NOT NULL,
    source_revision bigint DEFAULT 1 NOT NULL,
    machine_translated boolean DEFAULT false NOT NULL,
    name character varying NOT NULL,
    category_id bigint NOT NULL
);
ALTER TABLE public.place_category_translations ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.place_category_translations_id_seq
    START WITH 38654705664
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE public.place_translations (
    id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    language character varying NOT NULL,
    status character varying DEFAULT 'PUBLISHED'::character varying NOT NULL,
    source_revision bigint DEFAULT 1 NOT NULL,
    machine_translated boolean DEFAULT false NOT NULL,
    name character varying DEFAULT ''::character varying NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    place_id bigint NOT NULL
);
ALTER TABLE public.place_translations ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.place_translations_id_seq
    START WITH 42949672960
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE public.places (
    id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    key character varying NOT NULL,
    status character varying DEFAULT 'DRAFT'::character varying NOT NULL,
    source_revision bigint DEFAULT 1 NOT NULL,
    name character varying NOT NULL,
    street character varying DEFAULT ''::character varying NOT NULL,
    postal_code character varying DEFAULT ''::character varying NOT NULL,
    city character varying DEFAULT 'Magdeburg'::character varying NOT NULL,
    latitude double precision,
    longitude double precision,
    phone character varying DEFAULT ''::character varying NOT NULL,
    email character varying DEFAULT ''::character varying NOT NULL,
    website character varying DEFAULT ''::character varying NOT NULL,
    opening_hours jsonb,
    spoken_languages jsonb,
    wheelchair_accessible boolean,
    category_id bigint NOT NULL
);
ALTER TABLE public.places ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.places_id_seq
    START WITH 30064771072
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE public.sessions (
    id bigint NOT NULL,
    token_hash character varying NOT NULL,
    kind character varying NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    user_id bigint NOT NULL
);
ALTER TABLE public.sessions ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.sessions_id_seq
    START WITH 60129542144
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE public.users (
    id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    email character varying NOT NULL,
    display_name character varying NOT NULL,
    preferred_language character varying DEFAULT 'de'::character varying NOT NULL,
    password_hash character varying NOT NULL,
    roles jsonb NOT NULL,
    translation_languages jsonb,
    company_id bigint,
    case_id bigint,
    active boolean DEFAULT true NOT NULL,
    last_login_at timestamp with time zone
);
ALTER TABLE public.users ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.users_id_seq
    START WITH 64424509440
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
ALTER TABLE ONLY public.audit_entries
    ADD CONSTRAINT audit_entries_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.glossary_term_translations
    ADD CONSTRAINT glossary_term_translations_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.glossary_terms
    ADD CONSTRAINT glossary_terms_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.guide_article_related
    ADD CONSTRAINT guide_article_related_pkey PRIMARY KEY (guide_article_id, related_id);
ALTER TABLE ONLY public.guide_article_revisions
    ADD CONSTRAINT guide_article_revisions_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.guide_article_translations
    ADD CONSTRAINT guide_article_translations_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.guide_articles
    ADD CONSTRAINT guide_articles_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.guide_categories
    ADD CONSTRAINT guide_categories_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.guide_category_translations
    ADD CONSTRAINT guide_category_translations_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.inquiries
    ADD CONSTRAINT inquiries_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.languages
    ADD CONSTRAINT languages_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.place_categories
    ADD CONSTRAINT place_categories_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.place_category_translations
    ADD CONSTRAINT place_category_translations_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.place_translations
    ADD CONSTRAINT place_translations_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.places
    ADD CONSTRAINT places_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);
CREATE INDEX auditentry_actor_id_created_at ON public.audit_entries USING btree (actor_id, created_at);
CREATE INDEX auditentry_created_at ON public.audit_entries USING btree (created_at);
CREATE UNIQUE INDEX glossary_terms_key_key ON public.glossary_terms USING btree (key);
CREATE UNIQUE INDEX glossarytermtranslation_language_term_id ON public.glossary_term_translations USING btree (language, term_id);
CREATE INDEX guide_article_search_de ON public.guide_article_translations USING gin ((((setweight(to_tsvector('public.relocate_de'::regconfig, (title)::text), 'A'::"char") || setweight(to_tsvector('public.relocate_de'::regconfig, summary), 'B'::"char")) || setweight(to_tsvector('public.relocate_de'::regconfig, body), 'C'::"char")))) WHERE ((language)::text = 'de'::text);
CREATE INDEX guide_article_search_en ON public.guide_article_translations USING gin ((((setweight(to_tsvector('public.relocate_en'::regconfig, (title)::text), 'A'::"char") || setweight(to_tsvector('public.relocate_en'::regconfig, summary), 'B'::"char")) || setweight(to_tsvector('public.relocate_en'::regconfig, body), 'C'::"char")))) WHERE ((language)::text = 'en'::text);
CREATE INDEX guide_article_search_lv ON public.guide_article_translations USING gin ((((setweight(to_tsvector('public.relocate_lv'::regconfig, (title)::text), 'A'::"char") || setweight(to_tsvector('public.relocate_lv'::regconfig, summary), 'B'::"char")) || setweight(to_tsvector('public.relocate_lv'::regconfig, body), 'C'::"char")))) WHERE ((language)::text = 'lv'::text);
CREATE INDEX guide_article_search_ru ON public.guide_article_translations USING gin ((((setweight(to_tsvector('public.relocate_ru'::regconfig, (title)::text), 'A'::"char") || setweight(to_tsvector('public.relocate_ru'::regconfig, summary), 'B'::"char")) || setweight(to_tsvector('public.relocate_ru'::regconfig, body), 'C'::"char")))) WHERE ((language)::text = 'ru'::text);
CREATE UNIQUE INDEX guide_articles_key_key ON public.guide_articles USING btree (key);
CREATE UNIQUE INDEX guide_categories_key_key ON public.guide_categories USING btree (key);
CREATE INDEX guidearticle_category_id_position ON public.guide_articles USING btree (category_id, "position");
CREATE INDEX guidearticlerevision_article_id_language_created_at ON public.guide_article_revisions USING btree (article_id, language, created_at);
CREATE UNIQUE INDEX guidearticletranslation_language_article_id ON public.guide_article_translations USING btree (language, article_id);
CREATE UNIQUE INDEX guidearticletranslation_language_slug ON public.guide_article_translations USING btree (language, slug);
CREATE INDEX guidecategory_parent_id_position ON public.guide_categories USING btree (parent_id, "position");
CREATE UNIQUE INDEX guidecategorytranslation_language_category_id ON public.guide_category_translations USING btree (language, category_id);
CREATE UNIQUE INDEX guidecategorytranslation_language_slug ON public.guide_category_translations USING btree (language, slug);
CREATE INDEX inquiry_status_created_at ON public.inquiries USING btree (status, created_at);
CREATE UNIQUE INDEX language_code ON public.languages USING btree (code);
CREATE UNIQUE INDEX place_categories_key_key ON public.place_categories USING btree (key);
CREATE UNIQUE INDEX placecategorytranslation_language_category_id ON public.place_category_translations USING btree (language, category_id);
CREATE UNIQUE INDEX places_key_key ON public.places USING btree (key);
CREATE UNIQUE INDEX placetranslation_language_place_id ON public.place_translations USING btree (language, place_id);
CREATE UNIQUE INDEX sessions_token_hash_key ON public.sessions USING btree (token_hash);
CREATE UNIQUE INDEX user_email ON public.users USING btree (email);
ALTER TABLE ONLY public.audit_entries
    ADD CONSTRAINT audit_entries_users_actor FOREIGN KEY (actor_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.glossary_term_translations
    ADD CONSTRAINT glossary_term_translations_glossary_terms_translations FOREIGN KEY (term_id) REFERENCES public.glossary_terms(id);
ALTER TABLE ONLY public.guide_article_related
    ADD CONSTRAINT guide_article_related_guide_article_id FOREIGN KEY (guide_article_id) REFERENCES public.guide_articles(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.guide_article_related
    ADD CONSTRAINT guide_article_related_related_id FOREIGN KEY (related_id) REFERENCES public.guide_articles(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.guide_article_revisions
    ADD CONSTRAINT guide_article_revisions_guide_articles_revisions FOREIGN KEY (article_id) REFERENCES public.guide_articles(id);
ALTER TABLE ONLY public.guide_article_revisions
    ADD CONSTRAINT guide_article_revisions_users_author FOREIGN KEY (author_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.guide_article_translations
    ADD CONSTRAINT guide_article_translations_guide_articles_translations FOREIGN KEY (article_id) REFERENCES public.guide_articles(id);
ALTER TABLE ONLY public.guide_articles
    ADD CONSTRAINT guide_articles_guide_categories_articles FOREIGN KEY (category_id) REFERENCES public.guide_categories(id);
ALTER TABLE ONLY public.guide_categories
    ADD CONSTRAINT guide_categories_guide_categories_children FOREIGN KEY (parent_id) REFERENCES public.guide_categories(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.guide_category_translations
    ADD CONSTRAINT guide_category_translations_guide_categories_translations FOREIGN KEY (category_id) REFERENCES public.guide_categories(id);
ALTER TABLE ONLY public.place_category_translations
    ADD CONSTRAINT place_category_translations_place_categories_translations FOREIGN KEY (category_id) REFERENCES public.place_categories(id);
ALTER TABLE ONLY public.place_translations
    ADD CONSTRAINT place_translations_places_translations FOREIGN KEY (place_id) REFERENCES public.places(id);
ALTER TABLE ONLY public.places
    ADD CONSTRAINT places_place_categories_places FOREIGN KEY (category_id) REFERENCES public.place_categories(id);
ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_users_sessions FOREIGN KEY (user_id) REFERENCES public.users(id);
INSERT INTO public.users VALUES (64424509440, '2026-11-29 06:44:50.637159+00', '2026-11-29 06:44:51.306757+00', 'admin@legacy.example', 'Anna Admin', 'de', '$argon2id$v=19$m=19456,t=2,p=1$lLUk/bvyArtcKMLd+MKHVA$JwN+ls9OzgVTDzxKjfQ8/MKyUFvJRW66YTZUaMwOVcg', '["ADMIN"]', 'null', NULL, NULL, true, '2026-11-29 06:44:51.256511+00');
INSERT INTO public.users VALUES (64424509441, '2026-11-29 06:44:51.552075+00', '2026-11-29 06:44:51.552076+00', 'editor@legacy.example', 'Eva Editor', 'de', '$argon2id$v=19$m=19456,t=2,p=1$f7bMwDCYJa6ZW0odj+Zb5w$mWn8SUbwsnYwxla3RzITjkplQB6URmd9XyZ8qIa6x34', '["EDITOR"]', 'null', NULL, NULL, true, NULL);
INSERT INTO public.audit_entries VALUES (51539607552, '2026-11-29 06:44:50.641414+00', 'MUTATION', 'cli: user add', 'command line', '["64424509440"]', '', 'command-line', NULL);
INSERT INTO public.audit_entries VALUES (51539607553, '2026-11-29 06:44:51.087571+00', 'LOGIN_FAILED', 'login', 'admin@legacy.example', 'null', '127.0.0.1', '5b7c78b1cccdae5b', NULL);
INSERT INTO public.audit_entries VALUES (51539607554, '2026-11-29 06:44:51.240472+00', 'LOGIN', 'login', 'admin@legacy.example', '["64424509440"]', '127.0.0.1', '35c5748a9eb0e342', 64424509440);
INSERT INTO public.audit_entries VALUES (51539607555, '2026-11-29 06:44:51.307616+00', 'LOGIN', 'login', 'admin@legacy.example', '["64424509440"]', '127.0.0.1', 'c74bc2c2203a0da7', 64424509440);
INSERT INTO public.audit_entries VALUES (51539607556, '2026-11-29 06:44:51.553502+00', 'MUTATION', 'cli: user add', 'command line', '["64424509441"]', '', 'command-line', NULL);
INSERT INTO public.languages VALUES (25769803776, 'de', 'Deutsch', 'German', true, 0);
INSERT INTO public.languages VALUES (25769803777, 'lv', 'Latviešu', 'Latvian', false, 1);
INSERT INTO public.languages VALUES (25769803778, 'ru', 'Русский', 'Russian', false, 2);
INSERT INTO public.languages VALUES (25769803779, 'en', 'English', 'English', false, 3);
INSERT INTO public.sessions VALUES (60129542144, 'da4b8d20aef1dee70d968476f66474997b9bca1557cc1fe04996e85400cb3304', 'BEARER', '2026-11-29 06:44:51.130646+00', '2026-11-29 18:44:51.130646+00', NULL, 64424509440);
INSERT INTO public.sessions VALUES (60129542145, '71e7af5c0013b1225d3f3f3a8f54a92582c45b58b6e9cc1f20fe2045cbc190c2', 'BEARER', '2026-11-29 06:44:51.256511+00', '2026-11-29 18:44:51.256511+00', NULL, 64424509440);
SELECT pg_catalog.setval('public.audit_entries_id_seq', 51539607556, true);
SELECT pg_catalog.setval('public.inquiries_id_seq', 47244640256, false);
SELECT pg_catalog.setval('public.languages_id_seq', 25769803779, true);
SELECT pg_catalog.setval('public.sessions_id_seq', 60129542145, true);
SELECT pg_catalog.setval('public.users_id_seq', 64424509441, true);
