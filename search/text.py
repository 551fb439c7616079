"""Words: tokenising, stemming per language, trigrams and edit distance. No database access here.

Everything that decides whether a query word matches a vocabulary word lives in this module, in Python, so that
SQLite and PostgreSQL (which only supply candidates) always agree on the results.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# The languages documents may be written in, with their Snowball stemmer.
STEMMERS = {"en": "english", "nl": "dutch"}
LANGUAGES = tuple(STEMMERS)

MAX_WORD_LENGTH = 64  # longer tokens (hashes, run-together junk) are not indexed nor searched
MIN_PREFIX_LENGTH = 4  # "biom" finds "biomedical"
MIN_SUBSTRING_LENGTH = 5  # "governance" finds "egovernance"
MIN_TYPO_LENGTH = 5  # shorter words have too many neighbours at distance 1 to be useful
LONG_WORD_LENGTH = 9  # from this length two edits are allowed

WORD = re.compile(r"[^\W_]+")  # a run of letters and digits (str.isalnum characters)

# Words that carry no meaning on their own; left out of a query that has other words.
ENGLISH_STOP_WORDS = {"a", "an", "and", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with"}
DUTCH_STOP_WORDS = {"de", "den", "der", "des", "een", "en", "het", "in", "met", "of", "op", "te", "van", "voor"}
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS | DUTCH_STOP_WORDS)


def fold(text):
    """`text` casefolded with its accents removed: "Université" -> "universite", "Straße" -> "strasse"."""
    text = str(text).casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def tokenize(text):
    """The folded words of `text`, in order: runs of letters and digits; everything else separates words."""
    return [word for word in WORD.findall(fold(text or "")) if len(word) <= MAX_WORD_LENGTH]


@lru_cache(maxsize=8)
def stemmer(language):
    return snowballstemmer.stemmer(STEMMERS[language])


@lru_cache(maxsize=200_000)
def stem(word, language):
    """The stem of a folded word in `language`; cached because vocabularies are small and stemming is slow."""
    return stemmer(language).stemWord(word)


def allowed_typos(word):
    """How many edits a query word may be away from a vocabulary word: none for short words."""
    if len(word) >= LONG_WORD_LENGTH:
        return 2
    if len(word) >= MIN_TYPO_LENGTH:
        return 1
    return 0


def trigrams(word):
    """The distinct trigrams of `word` padded with "^" and "$", so that its start and end count too.

    A word of n letters has n trigrams; one edit changes at most four of them (a transposition), which bounds how
    many a typo query word must still share with the word it means.
    """
    padded = f"^{word}$"
    return {padded[index : index + 3] for index in range(len(padded) - 2)}


def prefix_trigrams(word):
    """The trigrams every word starting with `word` has."""
    padded = f"^{word}"
    return {padded[index : index + 3] for index in range(len(padded) - 2)}


def inner_trigrams(word):
    """The trigrams every word containing `word` has."""
    return {word[index : index + 3] for index in range(len(word) - 2)}


def edit_distance(first, second, limit):
    """The Damerau-Levenshtein distance (optimal string alignment) of two words, or limit + 1 once it exceeds limit."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous_row = None
    row = list(range(len(second) + 1))
    for i in range(1, len(first) + 1):
        before, previous_row = previous_row, row
        row = [i] + [0] * len(second)
        for j in range(1, len(second) + 1):
            cost = first[i - 1] != second[j - 1]
            row[j] = min(previous_row[j] + 1, row[j - 1] + 1, previous_row[j - 1] + cost)
            if i > 1 and j > 1 and first[i - 1] == second[j - 2] and first[i - 2] == second[j - 1]:
                row[j] = min(row[j], before[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
    return min(row[-1], limit + 1)
