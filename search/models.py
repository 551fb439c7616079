"""The search index: a vocabulary of words per language, their trigrams, and which documents contain them.

Documents are not stored here, only referred to by (kind, object id), so the engine knows nothing of the models
it indexes. Every look-up the engine makes is served by one of the B-tree indexes below, on SQLite and PostgreSQL.
"""

from django.db import models


class Term(models.Model):
    """One folded word as it occurs in documents of one language, with its stem in that language."""

    language = models.CharField(max_length=8)
    word = models.CharField(max_length=64)
    stem = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["word", "language"], name="search_term_word_language")]
        indexes = [models.Index(fields=["language", "stem"], name="search_term_stem")]

    def __str__(self):
        return f"{self.word} ({self.language})"


class TermTrigram(models.Model):
    """A trigram of a term's word, with the word's length, so that candidates for a misspelt or partial query word
    are found through the (trigram, length) index instead of by comparing the query with every word."""

    trigram = models.CharField(max_length=3)
    length = models.PositiveSmallIntegerField()
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="trigrams")

    class Meta:
        db_table = "search_termtrigram"  # named in the raw SQL of search.query and search.indexing
        # Unique so that two processes adding the same new word cannot count its trigrams twice (the length is the
        # term's, so this is one row per trigram and term).
        constraints = [models.UniqueConstraint(fields=["trigram", "length", "term"], name="search_trigram_lookup")]

    def __str__(self):
        return self.trigram


class Posting(models.Model):
    """A term occurs in a document; `weight` is the sum of the weights of the fields it occurs in."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="postings", db_index=False)
    kind = models.CharField(max_length=50)
    object_id = models.BigIntegerField()
    weight = models.PositiveIntegerField()

    class Meta:
        db_table = "search_posting"  # named in the raw SQL of search.query
        indexes = [
            # Covers the search: from a term to its documents of some kinds and their weights, without the table.
            models.Index(fields=["term", "kind", "object_id", "weight"], name="search_posting_lookup"),
            models.Index(fields=["kind", "object_id"], name="search_posting_document"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.term_id} ×{self.weight}"
