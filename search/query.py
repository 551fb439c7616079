"""Searching the index: query words -> accepted vocabulary terms -> ranked documents.

1. Candidate terms for each query word come from B-tree look-ups only: the same word or stem (Term indexes) and
   words sharing enough trigrams (TermTrigram index), at most CANDIDATES_PER_WORD of each sort per query word.
2. Python accepts or rejects each candidate with one rule (`match_quality`), so both databases agree.
3. One SQL query sums, per document, the best weight x quality of each query word over the postings of the
   accepted terms, keeping only the documents every query word matched.
"""

from dataclasses import dataclass

from django.db import connection

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


def same_word_or_stem_sql(words, languages):
    texts = sorted({word.text for word in words})
    parts = [(f"SELECT id AS term_id FROM search_term WHERE word IN ({placeholders(texts)})", texts)]
    for language in languages:
        stems = sorted({word.stems[language] for word in words})
        sql = f"SELECT id AS term_id FROM search_term WHERE language = %s AND stem IN ({placeholders(stems)})"
        parts.append((sql, [language, *stems]))
    return parts


def candidate_terms(words, languages):
    """Every vocabulary term (of `languages`) that may match one of the query words, in one query.

    Each part of the union is one index look-up, bounded by CANDIDATES_PER_WORD where a look-up could be large.
    """
    parts = same_word_or_stem_sql(words, languages)
    for word in words:
        parts += [part for part in (part_candidates_sql(word), typo_candidates_sql(word)) if part]
    union = " UNION ".join(f"SELECT term_id FROM ({sql}) AS part{index}" for index, (sql, _) in enumerate(parts))
    sql = f"""
        SELECT t.id, t.language, t.word, t.stem FROM search_term t INNER JOIN ({union}) AS candidate
        ON t.id = candidate.term_id WHERE t.language IN ({placeholders(languages)})
    """
    params = [value for _, part_params in parts for value in part_params] + list(languages)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Candidate(*row) for row in cursor.fetchall()]


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
