"""PA12: the directory's full-text index and its search SQL, one per database.

The text searched is a profile's name (weighted above) and its descriptions, kept in
`profile_search` (one row per profile, its integer id the index's row id) by the use case, in
the transaction that saves the profile (`reindex`). SQLite indexes it with an FTS5
external-content table (`profile_fts`, content `profile_search`); PostgreSQL with a stored
`tsvector` column of `profile_search` and a GIN index, queried with
`websearch_to_tsquery('simple', q)` and ranked by `ts_rank`. Both tokenizers keep accents and
fold case. A listed profile is published and its partner approved: joined on every read, so a
profile vanishes the moment either changes.

Paging: without `q`, by name then slug from the previous page's last (a keyset: stable while
profiles come and go); with `q`, by rank then name, the cursor being an offset (a profile saved
between two pages may shift the later ones by a place)."""
import re

import peewee

from services.common import db as dbmod

from .models import ProfileSearch

COLUMNS = ("slug", "name", "city", "region", "country", "languages", "specialities", "website", "descriptions",
           "logo_type")
SELECT = "SELECT " + ", ".join(f"p.{c}" for c in COLUMNS)
LISTED = ("JOIN partner r ON r.organization_id = p.organization_id "
          "WHERE p.published = %s AND r.status = 'approved'")
POSTGRES_DOCUMENT = ("setweight(to_tsvector('simple', name), 'A') || setweight(to_tsvector('simple', body), 'B')")


def is_postgres(db):
    return dbmod.is_postgres(db.obj if isinstance(db, peewee.DatabaseProxy) else db)


def install(db):
    """Migration step 13: the index on this database."""
    db.create_tables([ProfileSearch])
    if is_postgres(db):
        db.execute_sql(f"ALTER TABLE profile_search ADD COLUMN document tsvector "
                       f"GENERATED ALWAYS AS ({POSTGRES_DOCUMENT}) STORED")
        db.execute_sql("CREATE INDEX profile_search_document ON profile_search USING GIN (document)")
    else:
        db.execute_sql("CREATE VIRTUAL TABLE profile_fts USING fts5(name, body, content='profile_search', "
                       "content_rowid='id', tokenize='unicode61 remove_diacritics 0')")
        # `rank`: BM25 with a word of the name worth four of a description's
        db.execute_sql("INSERT INTO profile_fts(profile_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)')")
    db.execute_sql("CREATE INDEX profile_listing ON profile (published, name, slug)")


def reindex(db, profile):
    """Keep the index in step with `profile` (inside the caller's transaction)."""
    body = "\n".join(profile.descriptions[language] for language in sorted(profile.descriptions))
    row = ProfileSearch.get_or_none(ProfileSearch.organization_id == profile.organization_id)
    if row is None:
        row = ProfileSearch.create(organization_id=profile.organization_id, name=profile.name, body=body)
    elif (row.name, row.body) != (profile.name, body):
        if not is_postgres(db):  # an external-content index forgets a row by its old text
            db.execute_sql("INSERT INTO profile_fts(profile_fts, rowid, name, body) VALUES ('delete', ?, ?, ?)",
                           (row.id, row.name, row.body))
        ProfileSearch.update(name=profile.name, body=body).where(ProfileSearch.id == row.id).execute()
    else:
        return
    if not is_postgres(db):
        db.execute_sql("INSERT INTO profile_fts(rowid, name, body) VALUES (?, ?, ?)", (row.id, profile.name, body))


def fts5_query(q):
    """The words of `q` as an FTS5 query: each quoted (no syntax reaches FTS5), all required;
    `or` between two words makes either do, as websearch_to_tsquery reads it."""
    words = [w for w in re.findall(r"\w+", q)]
    parts = []
    for index, word in enumerate(words):
        if word.lower() == "or" and parts and index + 1 < len(words):
            parts.append("OR")
        else:
            parts.append('"' + word + '"')
    return " ".join(parts)


def _filters(filters):
    sql, params = "", []
    for column in ("country", "region"):
        if filters.get(column):
            sql += f" AND p.{column} = %s"
            params.append(filters[column])
    for column, key in (("languages", "language"), ("specialities", "speciality")):
        if filters.get(key):  # JSON text of codes from a fixed list: the quoted code is unambiguous
            sql += f" AND p.{column} LIKE %s"
            params.append(f'%"{filters[key]}"%')
    return sql, params


def search(db, filters, after, offset, limit):
    """Up to `limit` + 1 listed profiles (dicts) matching `filters` (q, country, region, language,
    speciality). Without q: those after `after` ((name, slug) or None) in name order; with q: from
    `offset` in rank order."""
    where, params = _filters(filters)
    if not filters.get("q"):
        keyset = " AND (p.name, p.slug) > (%s, %s)" if after else ""
        sql = f"{SELECT} FROM profile p {LISTED}{where}{keyset} ORDER BY p.name, p.slug LIMIT %s"
        return _rows(db, sql, [True, *params, *(after or ()), limit + 1])
    if is_postgres(db):
        sql = (f"{SELECT} FROM profile_search s CROSS JOIN websearch_to_tsquery('simple', %s) query "
               f"JOIN profile p ON p.organization_id = s.organization_id {LISTED} AND s.document @@ query"
               f"{where} ORDER BY ts_rank(s.document, query) DESC, p.name, p.slug LIMIT %s OFFSET %s")
        return _rows(db, sql, [filters["q"], True, *params, limit + 1, offset])
    return _sqlite_ranked(db, fts5_query(filters["q"]), where, params, offset, limit)


def _sqlite_ranked(db, match, where, params, offset, limit):
    """Ranking every match is most of a search's time, joining each to its profile the rest: the
    best `best` matches are joined first, which is the answer when the page lies strictly within
    them; else (filters leaving too few, a tie at the cut) the whole ranking is joined."""
    best = 2 * (offset + limit + 1) + (200 if where else 20)
    sql = (f"WITH hits AS (SELECT rowid, rank FROM profile_fts WHERE profile_fts MATCH %s ORDER BY rank LIMIT %s) "
           f"{SELECT}, f.rank, (SELECT max(rank) FROM hits), (SELECT count(*) FROM hits) "
           f"FROM hits f JOIN profile_search s ON s.id = f.rowid JOIN profile p ON p.organization_id = s.organization_id "
           f"{LISTED}{where} ORDER BY f.rank, p.name, p.slug LIMIT %s OFFSET %s")
    rows = db.execute_sql(sql.replace("%s", "?"), [match, best, True, *params, limit + 1, offset]).fetchall()
    complete = rows and rows[0][-1] < best  # no row: maybe every best match filtered out
    if complete or (rows and len(rows) == limit + 1 and rows[-1][-3] < rows[-1][-2]):
        return [dict(zip(COLUMNS, row)) for row in rows]
    sql = (f"{SELECT} FROM profile_fts f JOIN profile_search s ON s.id = f.rowid "
           f"JOIN profile p ON p.organization_id = s.organization_id {LISTED} AND profile_fts MATCH %s"
           f"{where} ORDER BY f.rank, p.name, p.slug LIMIT %s OFFSET %s")
    return _rows(db, sql, [True, match, *params, limit + 1, offset])


def _rows(db, sql, params):
    if not is_postgres(db):
        sql = sql.replace("%s", "?")
    return [dict(zip(COLUMNS, row)) for row in db.execute_sql(sql, params).fetchall()]
