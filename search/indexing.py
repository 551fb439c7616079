"""Writing the index: a document's words become postings of vocabulary terms, replacing what it had before."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice

from django.db import connection, transaction

from .models import Posting, Term
from .text import LANGUAGES, stem, tokenize, trigrams

# The weight of each named field; a field may also be given by its weight directly (an int key).
FIELD_WEIGHTS = {"title": 10, "keywords": 5, "summary": 3, "body": 1}
BATCH_SIZE = 1000  # documents per transaction and bulk insert in index_documents
LOOKUP_CHUNK = 500  # values per IN (...) list, well below SQLite's limit on query parameters


@dataclass
class Document:
    """A document to index: `fields` maps a field name of FIELD_WEIGHTS (or a positive int weight) to its text."""

    kind: str
    object_id: int
    language: str
    fields: dict = field(default_factory=dict)


def field_weight(key):
    if isinstance(key, int) and not isinstance(key, bool) and key > 0:
        return key
    if key in FIELD_WEIGHTS:
        return FIELD_WEIGHTS[key]
    raise ValueError(f"Unknown search field {key!r}: use one of {sorted(FIELD_WEIGHTS)} or a positive int weight.")


def word_weights(fields):
    """{word: summed weight of the fields it occurs in}; a word counts once per field however often it occurs."""
    weights = {}
    for key, text in fields.items():
        weight = field_weight(key)
        for word in set(tokenize(text)):
            weights[word] = weights.get(word, 0) + weight
    return weights


def check_language(language):
    if language not in LANGUAGES:
        raise ValueError(f"Unknown search language {language!r}: use one of {LANGUAGES}.")


def chunked(items, size):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def term_ids(keys):
    """{(language, word): term id} for the given keys, creating the terms (and their trigrams) that are missing.

    Conflicting inserts are ignored and the ids read back, so two processes indexing the same new word both succeed.
    """
    ids = existing_term_ids(keys)
    missing = [key for key in keys if key not in ids]
    if missing:
        Term.objects.bulk_create(
            [Term(language=language, word=word, stem=stem(word, language)) for language, word in missing],
            batch_size=LOOKUP_CHUNK,
            ignore_conflicts=True,
        )
        created = existing_term_ids(missing)
        insert_trigrams(
            (trigram, len(word), created[(language, word)])
            for language, word in missing
            for trigram in sorted(trigrams(word))
        )
        ids.update(created)
    return ids


def existing_term_ids(keys):
    ids = {}
    wanted = set(keys)
    for words in chunked(sorted({word for _, word in wanted}), LOOKUP_CHUNK):
        for term_id, language, word in Term.objects.filter(word__in=words).values_list("id", "language", "word"):
            if (language, word) in wanted:
                ids[(language, word)] = term_id
    return ids


def index_documents(documents: Iterable[Document]):
    """Index many documents, replacing their previous postings: one transaction and a few bulk queries per batch."""
    count = 0
    for batch in chunked(documents, BATCH_SIZE):
        index_batch(batch)
        count += len(batch)
    return count


def index_batch(batch):
    latest = {(doc.kind, doc.object_id): doc for doc in batch}  # a document given twice: its last version counts
    words = {}
    for key, doc in latest.items():
        check_language(doc.language)
        words[key] = word_weights(doc.fields)
    with transaction.atomic():
        ids = term_ids(sorted({(doc.language, word) for key, doc in latest.items() for word in words[key]}))
        delete_postings(latest)
        insert_postings(
            (ids[(doc.language, word)], kind, object_id, weight)
            for (kind, object_id), doc in latest.items()
            for word, weight in sorted(words[(kind, object_id)].items())
        )


def insert_trigrams(rows):
    """Insert (trigram, length, term id) rows, skipping those another process inserted for the same new term."""
    rows = list(rows)
    if connection.vendor == "postgresql":
        sql = "INSERT INTO search_termtrigram (trigram, length, term_id) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"
    else:
        sql = "INSERT OR IGNORE INTO search_termtrigram (trigram, length, term_id) VALUES (%s, %s, %s)"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def insert_postings(rows):
    """Insert (term id, kind, object id, weight) rows: COPY on PostgreSQL, executemany elsewhere.

    bulk_create would build a model instance per posting; at 20,000 documents (700,000 postings) that alone takes
    over a minute, where COPY takes a few seconds.
    """
    columns = "term_id, kind, object_id, weight"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY search_posting ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO search_posting ({columns}) VALUES (%s, %s, %s, %s)", list(rows))


def delete_postings(documents):
    by_kind = {}
    for kind, object_id in documents:
        by_kind.setdefault(kind, []).append(object_id)
    for kind, object_ids in by_kind.items():
        for chunk in chunked(object_ids, LOOKUP_CHUNK):
            Posting.objects.filter(kind=kind, object_id__in=chunk).delete()


def index_document(kind, object_id, language, fields):
    """Index one document (replacing its previous postings). `fields`: {field name or int weight: text}."""
    index_documents([Document(kind, object_id, language, fields)])


def remove_document(kind, object_id):
    """Take a document out of the index."""
    Posting.objects.filter(kind=kind, object_id=object_id).delete()


def remove_kind(kind):
    """Take every document of a kind out of the index (before a full reindex of that kind)."""
    Posting.objects.filter(kind=kind).delete()


def prune_terms():
    """Delete the vocabulary terms no document uses any more; returns how many. Optional housekeeping: unused
    terms only cost a little space and a few extra candidates to check."""
    _, per_model = Term.objects.filter(postings__isnull=True).delete()
    return per_model.get("search.Term", 0)


def refresh_statistics():
    """After a bulk (re)index on PostgreSQL: fresh planner statistics and visibility map for the search tables.

    Without them the planner still sees the tables as they were before (measured at 20,000 programmes, statistics
    taken while the index was nearly empty: a sequential scan of 541,000 postings, 130 ms per search, instead of an
    index-only scan, 3 ms). VACUUM cannot run inside a transaction; there ANALYZE alone is done.
    """
    if connection.vendor != "postgresql":
        return
    tables = "search_posting, search_term, search_termtrigram"
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}" if connection.in_atomic_block else f"VACUUM (ANALYZE) {tables}")
