"""Searching the index: query words -> accepted vocabulary terms -> ranked documents.

1. Candidate terms for each query word come from B-tree look-ups only: the same word or stem (Term indexes) and
   words sharing enough trigrams (TermTrigram index), at most CANDIDATES_PER_WORD of each sort per query word.
2. Python accepts or rejects each candidate with one rule (`match_quality`), so both databases agree.
3. One index-only read of the accepted terms' postings; Python sums, per document, the best weight x quality of
   each query word, keeping only the documents every query word matched.
"""

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

from django.db import connection
from django.db.models import Q

from .models import Term
from .text import (
    LANGUAGES,
    MIN_PREFIX_LENGTH,
    MIN_SUBSTRING_LENGTH,
    STOP_WORDS,
    allowed_typos,
    edit_distance,
    inner_trigrams,
    prefix_trigrams,
    stem,
    tokenize,
    trigrams,
)

# How good a match of a query word is; multiplied by the weight of the fields the matched word occurs in.
EXACT, STEM, PREFIX, SUBSTRING, TYPO, TWO_TYPOS = 8, 6, 4, 3, 2, 1
MAX_QUERY_WORDS = 10  # the words after the tenth are ignored (a search box is not for essays)
CANDIDATES_PER_WORD = 200  # per query word and per sort of look-up (word part, typo): bounds the vocabulary step


@dataclass(frozen=True)
class QueryWord:
    text: str
    stems: dict  # {language: stem}
    typos: int  # edits allowed

    @classmethod
    def parse(cls, text, languages):
        return cls(text, {language: stem(text, language) for language in languages}, allowed_typos(text))


@dataclass(frozen=True)
class Candidate:
    id: int
    language: str
    word: str
    stem: str


def query_words(query, languages=LANGUAGES):
    """The distinct words of `query` to match, stop words left out unless there is nothing else."""
    words = list(dict.fromkeys(tokenize(query)))
    meaningful = [word for word in words if word not in STOP_WORDS] or words
    return [QueryWord.parse(word, languages) for word in meaningful[:MAX_QUERY_WORDS]]


def match_quality(query_word, term):
    """The one rule deciding whether a vocabulary term matches a query word, and how well (0: it does not).

    Same word; same stem in the term's language; the query word begins the term (4+ letters) or occurs inside it
    (5+ letters); the word or its stem is at most 1 edit away (5-8 letters) or 2 edits (9+ letters).
    """
    text = query_word.text
    if term.word == text:
        return EXACT
    query_stem = query_word.stems.get(term.language)
    if query_stem == term.stem:
        return STEM
    if len(text) >= MIN_PREFIX_LENGTH and term.word.startswith(text):
        return PREFIX
    if len(text) >= MIN_SUBSTRING_LENGTH and text in term.word:
        return SUBSTRING
    if query_word.typos:
        distance = min(
            edit_distance(text, term.word, query_word.typos),
            edit_distance(query_stem, term.stem, query_word.typos) if query_stem else query_word.typos + 1,
        )
        if distance <= query_word.typos:
            return TYPO if distance == 1 else TWO_TYPOS
    return 0


def placeholders(values):
    return ", ".join(["%s"] * len(values))


def part_candidates_sql(query_word):
    """Terms having every trigram a word must have to begin with the query word (4 letters) or contain it (5+)."""
    text = query_word.text
    if len(text) < MIN_PREFIX_LENGTH:
        return None
    wanted = sorted(inner_trigrams(text) if len(text) >= MIN_SUBSTRING_LENGTH else prefix_trigrams(text))
    sql = f"""
        SELECT term_id FROM search_termtrigram WHERE trigram IN ({placeholders(wanted)}) AND length >= %s
        GROUP BY term_id, length HAVING COUNT(*) = %s ORDER BY length, term_id LIMIT %s
    """
    return sql, [*wanted, len(text), len(wanted), CANDIDATES_PER_WORD]


def typo_candidates_sql(query_word):
    """Terms of about the query word's length sharing enough of its trigrams to be within its allowed edits.

    One edit changes at most four trigrams, so a word k edits away shares at least n - 4k of the query's n.
    """
    if not query_word.typos:
        return None
    wanted = sorted(trigrams(query_word.text))
    length, typos = len(query_word.text), query_word.typos
    sql = f"""
        SELECT term_id FROM search_termtrigram
        WHERE trigram IN ({placeholders(wanted)}) AND length BETWEEN %s AND %s
        GROUP BY term_id HAVING COUNT(*) >= %s ORDER BY COUNT(*) DESC, term_id LIMIT %s
    """
    return sql, [*wanted, length - typos, length + typos, max(1, len(wanted) - 4 * typos), CANDIDATES_PER_WORD]


def trigram_candidate_ids(words):
    """The ids of the terms the trigram look-ups of all query words propose, in one query."""
    parts = [part for word in words for part in (part_candidates_sql(word), typo_candidates_sql(word)) if part]
    if not parts:
        return []
    sql = " UNION ".join(f"SELECT term_id FROM ({sql}) AS part{index}" for index, (sql, _) in enumerate(parts))
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for _, params in parts for value in params])
        return sorted(term_id for (term_id,) in cursor.fetchall())


def candidate_terms(words, languages):
    """Every vocabulary term (of `languages`) that may match one of the query words.

    Two queries: the trigram look-ups, then the terms by id, word or stem. (Joining the first into the second
    made PostgreSQL scan the whole vocabulary for its hash join; an id list lets it use the primary key.)
    """
    condition = Q(id__in=trigram_candidate_ids(words)) | Q(word__in=sorted({word.text for word in words}))
    for language in languages:
        condition |= Q(language=language, stem__in=sorted({word.stems[language] for word in words}))
    # The languages are filtered here, not in SQL: SQLite would otherwise walk the (language, stem) index over the
    # whole vocabulary of a language instead of combining one index look-up per alternative.
    rows = Term.objects.filter(condition).values_list("id", "language", "word", "stem")
    return [Candidate(*row) for row in rows if row[1] in languages]


def accepted_matches(words, candidates):
    """[(query word index, term id, quality)] for every candidate the rule accepts."""
    return [
        (index, candidate.id, quality)
        for index, word in enumerate(words)
        for candidate in candidates
        if (quality := match_quality(word, candidate))
    ]


def word_postings_sql(index, qualities, kinds, word_column):
    """One query word's part of the postings query: per posting of the word's accepted terms, its document and the
    field weight x the term's match quality (`qualities`: {term id: quality}), worked out by the database.

    With several kinds the document is the number object id x len(kinds) + the kind's position: a plain int sorts as
    (object id, kind) and needs no tuple per posting in Python.
    """
    terms_by_quality = defaultdict(list)
    for term_id, quality in sorted(qualities.items()):
        terms_by_quality[int(quality)].append(term_id)
    if len(terms_by_quality) == 1:
        score, score_params = f"weight * {next(iter(terms_by_quality))}", []
    else:  # at most one branch per kind of match
        branches = [
            f"WHEN term_id IN ({placeholders(ids)}) THEN {quality}" for quality, ids in terms_by_quality.items()
        ]
        score, score_params = f"CASE {' '.join(branches)} END * weight", [*chain(*terms_by_quality.values())]
    document, document_params = "object_id", []
    if len(kinds) > 1:
        positions = " ".join(f"WHEN %s THEN {position}" for position in range(len(kinds)))
        document, document_params = f"object_id * {len(kinds)} + CASE kind {positions} END", list(kinds)
    word = f"{int(index)}, " if word_column else ""
    term_ids = sorted(qualities)
    sql = f"""
        SELECT {document}, {word}{score} FROM search_posting
        WHERE term_id IN ({placeholders(term_ids)}) AND kind IN ({placeholders(kinds)})
    """
    return sql, [*document_params, *score_params, *term_ids, *kinds]


def best_scores(matches, word_count, kinds):
    """Per query word, {document: best field weight x match quality among that word's terms}.

    One index-only read of the accepted terms' postings, each with its score (a product: no aggregation or sort in
    the database, which cost it ten times the reading). Per word, the pairs sorted by score go into a dict, which
    keeps the last, best, score of each document: C loops rather than a Python one per posting.
    """
    qualities = [{} for _ in range(word_count)]  # per query word: {term id: quality}
    for index, term_id, quality in matches:
        qualities[index][term_id] = quality
    several_words = word_count > 1
    parts = [word_postings_sql(index, terms, kinds, several_words) for index, terms in enumerate(qualities)]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(sql for sql, _ in parts), [value for _, params in parts for value in params])
        rows = cursor.fetchall()  # one call rather than Django's 100-row chunks
    if not several_words:
        rows.sort(key=itemgetter(1))
        return [dict(rows)]
    rows.sort(key=itemgetter(1, 2))  # by word, then score
    best, start = [], 0
    for index in range(word_count):
        end = bisect_right(rows, index, lo=start, key=itemgetter(1))
        part = rows[start:end]
        best.append(dict(zip(map(itemgetter(0), part), map(itemgetter(2), part), strict=True)))
        start = end
    return best


def ranked_documents(matches, word_count, kinds, among=None, limit=None):
    """[(document, score)] for the documents matched by every query word, best first.

    A document's score sums, over the query words, its best weight x quality for that word. Scores are integers and
    ties are broken by object id (then kind), so the order is the same on every database.
    """
    best = best_scores(matches, word_count, kinds)
    if word_count == 1:
        scored = list(best[0].items())
    else:
        others = sorted(best, key=len)
        found = others.pop(0)
        for scores in others:
            found = {document: score + scores[document] for document, score in found.items() if document in scores}
        scored = list(found.items())
    if among is not None:
        scored = [item for item in scored if item[0] // len(kinds) in among]
    # Two stable sorts in C: by document (object id, then kind), then by score, best first.
    scored.sort(key=itemgetter(0))
    scored.sort(key=itemgetter(1), reverse=True)
    return scored[:limit]


def rejoin_unknown_words(words, known, languages):
    """The query words with each run of neighbouring words that match nothing joined into one ("bio medicl" is
    "biomedicl", which finds "biomedical"), or None when there is no such run."""
    joined, run = [], []
    for index, word in enumerate(words):
        if index in known:
            joined += ["".join(run)] if run else []
            joined.append(word.text)
            run = []
        else:
            run.append(word.text)
    joined += ["".join(run)] if run else []
    if len(joined) == len(words):
        return None
    return [QueryWord.parse(text, languages) for text in joined]


def without_unknown_words(matches):
    """The matches renumbered without the query words that match no word of the index at all, and how many words are
    left: "amp law" searches for "law" (a word nobody uses cannot narrow anything), while "computer philosophy" still
    needs both, since both occur somewhere."""
    known = sorted({index for index, _, _ in matches})
    position = {index: number for number, index in enumerate(known)}
    return [(position[index], *rest) for index, *rest in matches], len(known)


def search(kinds, query, language=None, limit=None, among=None):
    """The documents matching every word of `query`, best first.

    `kinds`: one kind (then the result is [(object_id, score)]) or several (then [(kind, object_id, score)]).
    `language`: only documents in that language, matched with its stemmer; by default every language.
    `among`: only these object ids (a facet filter's result, say). `limit`: at most this many results.
    """
    single_kind = isinstance(kinds, str)
    kinds = [kinds] if single_kind else sorted(set(kinds))
    if language and language not in LANGUAGES:
        raise ValueError(f"Unknown search language {language!r}: use one of {LANGUAGES}.")
    languages = (language,) if language else LANGUAGES
    words = query_words(query, languages)
    if not words or not kinds or (limit is not None and limit <= 0):
        return []
    matches = accepted_matches(words, candidate_terms(words, languages))
    rejoined = rejoin_unknown_words(words, {index for index, _, _ in matches}, languages)
    if rejoined is not None:
        words, matches = rejoined, accepted_matches(rejoined, candidate_terms(rejoined, languages))
    matches, word_count = without_unknown_words(matches)
    if not word_count:
        return []
    among = None if among is None else set(among)
    ranked = ranked_documents(matches, word_count, kinds, among, limit)
    if single_kind:
        return ranked
    count = len(kinds)
    return [(kinds[document % count], document // count, score) for document, score in ranked]
