"""Name search through an index, so its time does not grow with the clinic (issue 15).

PostgreSQL: a stored generated column, `name_folded` = `mesodesk_fold(' ' || family || ' ' ||
given)`, with a GIN trigram index (pg_trgm), searched with `LIKE '% word%'` (a word's start,
anywhere in the name). The column exists on PostgreSQL only (migration 0007), not in the model.
SQLite: an FTS5 table over the names with external content (patients_patient), kept in step
by triggers, folded by its unicode61 tokenizer, searched by token prefix. Both fold case and
accents, so "muller" finds "Müller" and "helene" finds "Hélène". Migrations 0006 and 0007 create
them.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL

from mesodesk.patients.models import Patient

FTS_TABLE = "patients_patient_fts"

# The accented letters of French and German names and their plain forms, one for one: the
# SQL function mesodesk_fold (PostgreSQL) translates with this very table, so a query folded
# here in Python meets the index's folding exactly.
# Hyphens and apostrophes part words ("Jean-Pierre" is found by "pierre", "O'Brien" by "brien").
ACCENTED = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿ-'’"
PLAIN = "aaaaaaceeeeiiiinooooouuuuyy   "
# Letters that fold to two (the same in both).
LIGATURES = (("ß", "ss"), ("œ", "oe"), ("æ", "ae"))


def fold(text: str) -> str:
    """Lower case, accents off, as mesodesk_fold does in the database."""
    folded = text.lower().translate(str.maketrans(ACCENTED, PLAIN))
    for letter, plain in LIGATURES:
        folded = folded.replace(letter, plain)
    return folded


def fold_function_sql(language: str = "sql") -> str:
    """The PostgreSQL function that folds a name: IMMUTABLE (pure text translation), so a stored
    generated column may call it. In SQL (migration 0007) it is inlined and cheap to call on
    each write; the PL/pgSQL form with a high COST is migration 0006's, kept for its reversal."""
    accented = ACCENTED.replace("'", "''")
    body = f"translate(lower(name), '{accented}', '{PLAIN}')"
    for letter, plain in LIGATURES:
        body = f"replace({body}, '{letter}', '{plain}')"
    head = "CREATE OR REPLACE FUNCTION mesodesk_fold(name text) RETURNS text "
    if language == "plpgsql":
        return (
            f"{head}LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 1000 "
            f"AS $$ BEGIN RETURN {body}; END $$"
        )
    return f"{head}LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE RETURN {body}"


# The generated column (PostgreSQL only): the index's recheck reads it rather than folding each
# candidate's name again (docs/performance.md, Patient search: most of the search's time).
FOLDED_NAME = '"patients_patient"."name_folded"'


def _like_escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_phrase(word: str) -> str:
    # A quoted FTS5 string is taken literally (its own quotes doubled); the * makes it a prefix.
    return '"' + word.replace('"', '""') + '"*'


def name_search(patients: QuerySet[Patient], words: list[str]) -> QuerySet[Patient]:
    """The patients whose names have a word starting with each of `words`."""
    words = [w for w in words if w.strip()]
    if not words:
        return patients
    if connection.vendor == "postgresql":
        condition = Q()
        for word in words:
            # Django's own LIKE escapes the pattern; RawSQL keeps the expression the index's.
            condition &= Q(folded_name__contains=f" {fold(word)}")
        folded = RawSQL(FOLDED_NAME, [])  # noqa: S611 - a constant expression, no input in it
        # The list's order with a NULLS clause no index keeps (names are NOT NULL): PostgreSQL
        # sorts what the trigram index found, rather than walk the name index testing each
        # row (the calendar's chooser and the API take their slices in this order).
        by_name = [F(name).asc(nulls_first=True) for name in ("family_name", "given_name", "id")]
        # alias, not annotate: the answer's rows do not carry the folded name back.
        return patients.alias(folded_name=folded).filter(condition).order_by(*by_name)
    match = " ".join(_fts_phrase(word) for word in words)
    # The table is FTS_TABLE, spelled out; the query is a parameter. A page sorts the matches
    # by name: its cost grows with the matches of the words, not with the clinic.
    matches = "SELECT rowid FROM patients_patient_fts WHERE patients_patient_fts MATCH %s"
    return patients.filter(id__in=RawSQL(matches, [match]))  # noqa: S611
