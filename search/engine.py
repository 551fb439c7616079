"""The search engine's public API: index documents identified by (kind, object id), search them.

    index_document("programme", 12, "en", {"title": "Biomedical Sciences", "summary": "...", "keywords": "Leuven"})
    search("programme", "biomedicl") -> [(12, 80), ...]

It knows nothing of the models it indexes; a caller maps its objects to a language and weighted fields.
"""

from .indexing import (
    FIELD_WEIGHTS,
    Document,
    index_document,
    index_documents,
    prune_terms,
    refresh_statistics,
    remove_document,
    remove_kind,
)
from .query import search
from .text import LANGUAGES, fold, tokenize

__all__ = [
    "FIELD_WEIGHTS",
    "LANGUAGES",
    "Document",
    "fold",
    "index_document",
    "index_documents",
    "prune_terms",
    "refresh_statistics",
    "remove_document",
    "remove_kind",
    "search",
    "tokenize",
]
