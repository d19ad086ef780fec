"""The SQL behind the search index, shared by migration 0001 and `search.services`.

`search_member_refresh(ids)` rebuilds the documents of some members from the accounts tables in
one set-based statement; the row triggers call it for the member a write touched, in the same
transaction, so a profile edit is searchable the moment it commits. A bulk load (COPY into the
accounts tables) rebuilds everything at once with `search_member_refresh(NULL)`.
"""

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION search_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

CREATE OR REPLACE FUNCTION search_key(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(btrim(regexp_replace(public.search_unaccent($1), '\s+', ' ', 'g'))) $$;

CREATE OR REPLACE FUNCTION search_member_refresh(ids bigint[]) RETURNS void
    LANGUAGE sql VOLATILE
    AS $$
    INSERT INTO search_memberdocument AS d (
        member_id, name, document, industry, location, location_key, company_key,
        past_company_keys, school_keys, is_visible, open_to_out_of_network
    )
    SELECT
        u.id,
        search_key(u.first_name || ' ' || u.last_name),
        setweight(to_tsvector('simple', search_unaccent(u.first_name || ' ' || u.last_name)),
            'A')
        || setweight(to_tsvector('english', search_unaccent(u.first_name || ' ' || u.last_name)),
            'A')
        || setweight(to_tsvector('english', search_unaccent(concat_ws(' ',
            p.headline, p.current_title, p.current_company,
            array_to_string(coalesce(p.skills, '{}'::varchar[]), ' ')))), 'B')
        || setweight(to_tsvector('english', search_unaccent(concat_ws(' ',
            h.companies, h.titles, e.schools))), 'C')
        || setweight(to_tsvector('english', search_unaccent(coalesce(p.summary, ''))), 'D'),
        coalesce(p.industry, ''),
        coalesce(p.location, ''),
        coalesce(search_key(p.location), ''),
        coalesce(search_key(p.current_company), ''),
        coalesce(h.past_keys, '{}'),
        coalesce(e.school_keys, '{}'),
        u.is_active AND u.deactivated_at IS NULL,
        u.profile_visible_to_out_of_network
    FROM accounts_user u
    LEFT JOIN accounts_profile p ON p.member_id = u.id
    LEFT JOIN LATERAL (
        SELECT string_agg(company, ' ') AS companies, string_agg(title, ' ') AS titles,
               array_agg(DISTINCT search_key(company))
                   FILTER (WHERE end_date IS NOT NULL) AS past_keys
        FROM accounts_position WHERE member_id = u.id
    ) h ON true
    LEFT JOIN LATERAL (
        SELECT string_agg(school, ' ') AS schools,
               array_agg(DISTINCT search_key(school)) AS school_keys
        FROM accounts_education WHERE member_id = u.id
    ) e ON true
    WHERE ids IS NULL OR u.id = ANY(ids)
    ON CONFLICT (member_id) DO UPDATE SET
        name = EXCLUDED.name, document = EXCLUDED.document, industry = EXCLUDED.industry,
        location = EXCLUDED.location, location_key = EXCLUDED.location_key,
        company_key = EXCLUDED.company_key, past_company_keys = EXCLUDED.past_company_keys,
        school_keys = EXCLUDED.school_keys, is_visible = EXCLUDED.is_visible,
        open_to_out_of_network = EXCLUDED.open_to_out_of_network
    $$;

CREATE OR REPLACE FUNCTION search_member_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        IF TG_TABLE_NAME = 'accounts_user' THEN
            PERFORM search_member_refresh(ARRAY[NEW.id]::bigint[]);
        ELSIF TG_OP = 'DELETE' THEN
            PERFORM search_member_refresh(ARRAY[OLD.member_id]::bigint[]);
        ELSIF TG_OP = 'UPDATE' AND OLD.member_id <> NEW.member_id THEN
            PERFORM search_member_refresh(ARRAY[OLD.member_id, NEW.member_id]::bigint[]);
        ELSE
            PERFORM search_member_refresh(ARRAY[NEW.member_id]::bigint[]);
        END IF;
        RETURN NULL;
    END
    $$;
"""

TRIGGERS = """
CREATE TRIGGER search_user_changed
    AFTER INSERT OR UPDATE OF first_name, last_name, is_active, deactivated_at,
        profile_visible_to_out_of_network
    ON accounts_user FOR EACH ROW EXECUTE FUNCTION search_member_changed();
CREATE TRIGGER search_profile_changed AFTER INSERT OR UPDATE OR DELETE
    ON accounts_profile FOR EACH ROW EXECUTE FUNCTION search_member_changed();
CREATE TRIGGER search_position_changed AFTER INSERT OR UPDATE OR DELETE
    ON accounts_position FOR EACH ROW EXECUTE FUNCTION search_member_changed();
CREATE TRIGGER search_education_changed AFTER INSERT OR UPDATE OR DELETE
    ON accounts_education FOR EACH ROW EXECUTE FUNCTION search_member_changed();
"""

TRIGGER_TABLES = {
    "accounts_user": "search_user_changed",
    "accounts_profile": "search_profile_changed",
    "accounts_position": "search_position_changed",
    "accounts_education": "search_education_changed",
}

REVERSE = """
DROP TRIGGER IF EXISTS search_user_changed ON accounts_user;
DROP TRIGGER IF EXISTS search_profile_changed ON accounts_profile;
DROP TRIGGER IF EXISTS search_position_changed ON accounts_position;
DROP TRIGGER IF EXISTS search_education_changed ON accounts_education;
DROP FUNCTION IF EXISTS search_member_changed();
DROP FUNCTION IF EXISTS search_member_refresh(bigint[]);
DROP FUNCTION IF EXISTS search_key(text);
DROP FUNCTION IF EXISTS search_unaccent(text);
"""

BACKFILL = "SELECT search_member_refresh(NULL);"

# Group search (migration 0002): the document is an expression over `groups_group` with a GIN
# index of its own, so there is no table or trigger to keep: an edit is searchable at once.
# A name in both `simple` and `english` (weight A, as for members), the description C.
# Functions in an index expression name what they call with its schema: PostgreSQL 17 and
# later build and maintain indexes with `search_path` set to `pg_catalog, pg_temp`.
GROUP_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION search_key(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(btrim(regexp_replace(public.search_unaccent($1), '\s+', ' ', 'g'))) $$;

CREATE OR REPLACE FUNCTION search_group_document(name text, description text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT
        setweight(to_tsvector('simple'::regconfig, public.search_unaccent(coalesce(name, ''))), 'A')
        || setweight(to_tsvector('english'::regconfig,
            public.search_unaccent(coalesce(name, ''))), 'A')
        || setweight(to_tsvector('english'::regconfig,
            public.search_unaccent(coalesce(description, ''))), 'C') $$;

CREATE INDEX search_group_document_idx ON groups_group
    USING gin (search_group_document(name, description));
CREATE INDEX search_group_name_idx ON groups_group USING gin (search_key(name) gin_trgm_ops);
"""

GROUP_REVERSE = """
DROP INDEX IF EXISTS search_group_name_idx;
DROP INDEX IF EXISTS search_group_document_idx;
DROP FUNCTION IF EXISTS search_group_document(text, text);
"""

# The member documents' GIN indexes, all without a pending list since migration 0006 (a bulk
# rebuild queues into one meanwhile: search.services.search_index_rebuild).
MEMBER_GIN_INDEXES = (
    "search_document_fts_idx",
    "search_document_head_fts_idx",
    "search_document_name_idx",
    "search_document_past_idx",
    "search_document_school_idx",
    "search_member_name_prefix_idx",
)

# The head index (migration 0008, search_document_head_fts_idx): the full-text index again,
# over the first HEAD_MEMBERS member ids only. GIN hands over every match of a scan as one
# bitmap before the first row is read (279,105 for "engineer" at 1M members, 28 ms), so a
# search's `early` (search.selectors.people.pool) reads the head's matches first and the
# rest's only when the head has too few: a word common enough to make a search broad stops
# there, with a tenth of the bitmap at 1M members. The predicate is `member_id + 0`, and so is
# the search's clause: on `member_id` itself the planner reads the head through the primary
# key instead, testing the document of every row in id order (34 ms for "engineer" in the 2nd
# degree, against 10 ms through this index).
HEAD_MEMBERS = 100_000  # migration 0008's bound: another one needs a migration of its own
IN_HEAD = f"(d.member_id + 0) < {HEAD_MEMBERS}"  # the search's clause, `d` the documents

# Typeahead of members (migration 0003): the words typed are prefixes of the name's words, so
# the prefix scan reads a name-only index instead of the whole document's (where "mar" also
# hits every "marketing" in a headline, fetched and rechecked for nothing).
MEMBER_NAME_PREFIX = """
CREATE INDEX search_member_name_prefix_idx ON search_memberdocument
    USING gin (to_tsvector('simple'::regconfig, name));
"""

MEMBER_NAME_PREFIX_REVERSE = "DROP INDEX IF EXISTS search_member_name_prefix_idx;"

# Group documents stored (migration 0004): the GIN index must recheck a weighted query (the
# typeahead's `mar:*A`) and ts_rank reads the document, and recomputing the expression costs
# ~70 µs a group (48 ms for 660 matches at 20,000 groups). A stored generated column keeps it
# with the row; the groups app's model does not name it and needs not to.
GROUP_DOCUMENT_STORED = """
ALTER TABLE groups_group ADD COLUMN search_document tsvector
    GENERATED ALWAYS AS (public.search_group_document(name, description)) STORED;
CREATE INDEX search_group_stored_document_idx ON groups_group USING gin (search_document);
DROP INDEX IF EXISTS search_group_document_idx;
"""

GROUP_DOCUMENT_STORED_REVERSE = """
CREATE INDEX IF NOT EXISTS search_group_document_idx ON groups_group
    USING gin (search_group_document(name, description));
DROP INDEX IF EXISTS search_group_stored_document_idx;
ALTER TABLE groups_group DROP COLUMN IF EXISTS search_document;
"""

# Endorsed skills rank higher (migration 0005): every skill the member lists that at least one
# member endorsed is written into the document a second time at weight B, so ts_rank counts a
# keyword match on it twice (an endorsed "Python" outranks a plain one at equal text). The
# endorsement trigger refreshes the endorsed member's document in the same transaction.
_SUMMARY_PART = (
    "        || setweight(to_tsvector('english', search_unaccent(coalesce(p.summary, ''))), 'D'),"
)
_ENDORSED_PART = (
    "        || setweight(to_tsvector('english', search_unaccent(coalesce(k.skills, ''))), 'B')\n"
)
_EDUCATION_JOIN = "    ) e ON true\n"
_ENDORSED_JOIN = """    LEFT JOIN LATERAL (
        SELECT string_agg(DISTINCT skill, ' ') AS skills
        FROM accounts_endorsement WHERE member_id = u.id
    ) k ON true
"""
assert FUNCTIONS.count(_SUMMARY_PART) == 1 and FUNCTIONS.count(_EDUCATION_JOIN) == 1
ENDORSED_FUNCTIONS = FUNCTIONS.replace(_SUMMARY_PART, _ENDORSED_PART + _SUMMARY_PART).replace(
    _EDUCATION_JOIN, _EDUCATION_JOIN + _ENDORSED_JOIN
)

ENDORSEMENT_TRIGGER = """
CREATE TRIGGER search_endorsement_changed AFTER INSERT OR UPDATE OR DELETE
    ON accounts_endorsement FOR EACH ROW EXECUTE FUNCTION search_member_changed();
"""

ENDORSED_REVERSE = "DROP TRIGGER IF EXISTS search_endorsement_changed ON accounts_endorsement;"

TRIGGER_TABLES["accounts_endorsement"] = "search_endorsement_changed"

# One member's refresh reads one member (migration 0007). PostgreSQL plans a SQL function's
# statement for any `ids`, so `ids IS NULL OR u.id = ANY(ids)` cannot use the primary key: every
# profile edit scanned accounts_user whole (120-240 ms at 1M members on PostgreSQL 15). In
# PL/pgSQL the two cases are two statements, each with a plan of its own: the bulk rebuild
# reads every member, a trigger's refresh looks its members up by id.
_REFRESH_START = "CREATE OR REPLACE FUNCTION search_member_refresh(ids bigint[]) RETURNS void\n"
_REFRESH_END = "    $$;\n"
_WHERE_ANY = "    WHERE ids IS NULL OR u.id = ANY(ids)\n"
_refresh_at = ENDORSED_FUNCTIONS.index(_REFRESH_START)
REFRESH_0005 = ENDORSED_FUNCTIONS[
    _refresh_at : ENDORSED_FUNCTIONS.index(_REFRESH_END, _refresh_at) + len(_REFRESH_END)
]
_insert = REFRESH_0005[REFRESH_0005.index("    INSERT") : -len(_REFRESH_END)].rstrip()
assert _insert.count(_WHERE_ANY) == 1
REFRESH_BY_ID = f"""{_REFRESH_START}    LANGUAGE plpgsql VOLATILE
    AS $$
    BEGIN
    IF ids IS NULL THEN
{_insert.replace(_WHERE_ANY, "")};
    ELSE
{_insert.replace(_WHERE_ANY, "    WHERE u.id = ANY(ids)\n")};
    END IF;
    END
    $$;
"""
