"""Searching the index: query words -> accepted vocabulary terms -> ranked documents.

1. Candidate terms for each query word come from B-tree look-ups only: the same word or stem (Term indexes) and
   words sharing enough trigrams (TermTrigram index), at most CANDIDATES_PER_WORD of each sort per query word.
2. Python accepts or rejects each candidate with one rule (`match_quality`), so both databases agree.
3. One SQL query sums, per document, the best weight x quality of each query word over the postings of the
   accepted terms, keeping only the documents every query word matched.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q

from .models import Term, TermTrigram
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


def part_candidate_ids(query_word):
    """Terms containing every trigram the query word's letters imply for a word it begins or is part of."""
    text = query_word.text
    if len(text) < MIN_PREFIX_LENGTH:
        return []
    wanted = inner_trigrams(text) if len(text) >= MIN_SUBSTRING_LENGTH else prefix_trigrams(text)
    rows = (
        TermTrigram.objects.filter(trigram__in=sorted(wanted), length__gte=len(text))
        .values("term_id", "length")
        .annotate(shared=Count("id"))
        .filter(shared=len(wanted))
        .order_by("length", "term_id")[:CANDIDATES_PER_WORD]
    )
    return [row["term_id"] for row in rows]


def typo_candidate_ids(query_word):
    """Terms of about the query word's length sharing enough of its trigrams to be within its allowed edits.

    One edit changes at most four trigrams, so a word k edits away shares at least n - 4k of the query's n.
    """
    if not query_word.typos:
        return []
    wanted = trigrams(query_word.text)
    length, typos = len(query_word.text), query_word.typos
    rows = (
        TermTrigram.objects.filter(trigram__in=sorted(wanted), length__range=(length - typos, length + typos))
        .values("term_id")
        .annotate(shared=Count("id"))
        .filter(shared__gte=max(1, len(wanted) - 4 * typos))
        .order_by("-shared", "term_id")[:CANDIDATES_PER_WORD]
    )
    return [row["term_id"] for row in rows]


def candidate_terms(words, languages):
    """Every vocabulary term (of `languages`) that may match one of the query words."""
    ids = set()
    for word in words:
        ids.update(part_candidate_ids(word))
        ids.update(typo_candidate_ids(word))
    condition = Q(word__in=[word.text for word in words]) | Q(id__in=sorted(ids))
    for language in languages:
        condition |= Q(language=language, stem__in=sorted({word.stems[language] for word in words}))
    rows = Term.objects.filter(condition, language__in=languages).values_list("id", "language", "word", "stem")
    return [Candidate(*row) for row in rows]


def accepted_matches(words, candidates):
    """[(query word index, term id, quality)] for every candidate the rule accepts."""
    return [
        (index, candidate.id, quality)
        for index, word in enumerate(words)
        for candidate in candidates
        if (quality := match_quality(word, candidate))
    ]


def ranked_documents(matches, word_count, kinds, limit=None):
    """[(kind, object id, score)] of the documents of `kinds` matched by every query word, best first.

    A document's score sums, over the query words, the best field weight x match quality of that word's terms.
    Scores are integers and ties are broken by object id, so the order is the same on every database.
    """
    values = ", ".join(["(%s, %s, %s)"] * len(matches))
    kind_list = ", ".join(["%s"] * len(kinds))
    sql = f"""
        SELECT kind, object_id, SUM(best) AS score FROM (
            SELECT p.kind, p.object_id, m.column1 AS word, MAX(p.weight * m.column3) AS best
            FROM search_posting p INNER JOIN (VALUES {values}) AS m ON p.term_id = m.column2
            WHERE p.kind IN ({kind_list})
            GROUP BY p.kind, p.object_id, m.column1
        ) AS per_word
        GROUP BY kind, object_id
        HAVING COUNT(*) = %s
        ORDER BY score DESC, object_id
    """
    params = [value for match in matches for value in match] + list(kinds) + [word_count]
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def search(kinds, query, language=None, limit=None, among=None):
    """The documents matching every word of `query`, best first.

    `kinds`: one kind (then the result is [(object_id, score)]) or several (then [(kind, object_id, score)]).
    `language`: only documents in that language, matched with its stemmer; by default every language.
    `among`: only these object ids (a facet filter's result, say). `limit`: at most this many results.
    """
    single_kind = isinstance(kinds, str)
    kinds = [kinds] if single_kind else sorted(set(kinds))
    languages = (language,) if language else LANGUAGES
    words = query_words(query, languages)
    if not words or not kinds or (limit is not None and limit <= 0):
        return []
    matches = accepted_matches(words, candidate_terms(words, languages))
    if {index for index, _, _ in matches} != set(range(len(words))):
        return []  # some word matches nothing at all
    sql_limit = limit if single_kind and among is None else None
    rows = ranked_documents(matches, len(words), kinds, sql_limit)
    if among is not None:
        among = set(among)
        rows = [row for row in rows if row[1] in among]
    if not single_kind:
        rows.sort(key=lambda row: (-row[2], row[1], row[0]))
        return [tuple(row) for row in rows[:limit]]
    return [(object_id, score) for _, object_id, score in rows[:limit]]
