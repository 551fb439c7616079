"""The search engine, on whichever database DATABASE_URL names (run it on SQLite and on PostgreSQL).

The golden results in EXPECTED are exact (ids and integer scores): the same module passing on both databases is
the proof that they give the same results.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import engine
from search.models import Posting, Term, TermTrigram
from search.query import match_quality, query_words
from search.text import edit_distance, fold, stem, tokenize

DOCUMENTS = [
    engine.Document(
        "programme",
        1,
        "en",
        {
            "title": "Master of Biomedical Sciences",
            "summary": "Study the science of the human body.",
            "keywords": "Medicine Leuven",
        },
    ),
    engine.Document(
        "programme",
        2,
        "en",
        {"title": "Bachelor of Philosophy", "summary": "Logic, ethics and metaphysics.", "keywords": "Leuven"},
    ),
    engine.Document(
        "programme",
        3,
        "en",
        {
            "title": "Master of Laws",
            "summary": "European and international legal practice.",
            "keywords": "Law Brussels",
        },
    ),
    engine.Document(
        "programme",
        4,
        "en",
        {"title": "Master of eGovernance", "summary": "Digital public services.", "keywords": "Public Administration"},
    ),
    engine.Document(
        "programme",
        5,
        "nl",
        {"title": "Master in de biomedische wetenschappen", "summary": "Het menselijk lichaam.", "keywords": "Leuven"},
    ),
    engine.Document(
        "programme",
        6,
        "en",
        {"title": "Master of Computer Science", "summary": "Algorithms and software.", "keywords": "Leuven"},
    ),
    engine.Document(
        "programme",
        7,
        "en",
        {"title": "Exchange Programme", "summary": "A semester at the Université de Montréal.", "keywords": "Montréal"},
    ),
    engine.Document(
        "programme",
        8,
        "nl",
        {"title": "Bachelor in de rechten", "summary": "Recht en maatschappij.", "keywords": "Rechten Kortrijk"},
    ),
    engine.Document(
        "programme",
        9,
        "en",
        {"title": "Master of Social Sciences", "summary": "Society, policy and governance.", "keywords": "Leuven"},
    ),
    engine.Document("event", 1, "en", {"title": "Philosophy Night", "body": "Talks on philosophy of science."}),
]

# query -> the exact results on every database: [(object id, score)], best first.
EXPECTED = {
    "biomedicl": [(1, 20), (5, 10)],  # a typo in the title; two edits from the Dutch "biomedische" (9+ letters)
    "philosphy": [(2, 20)],
    "biomed": [(1, 40), (5, 40)],  # the start of a title word, in both languages
    "governance": [(4, 30), (9, 24)],  # inside the title's "egovernance" beats exactly in a summary
    "science": [(6, 80), (1, 60), (9, 60)],  # exact in a title, then the same stem in a title
    "sciences": [(1, 80), (9, 80), (6, 60)],
    "law": [(3, 60)],  # "Laws" in the title (stem) outweighs "Law" in the keywords (exact)
    "wetenschap": [(5, 60)],
    "wetenschappen": [(5, 80)],
    "biomedische": [(5, 80)],
    "master science": [(6, 160), (1, 140), (9, 140)],
    "leuven science": [(6, 120), (1, 100), (9, 100)],
    "université": [(7, 24)],
    "universite montreal": [(7, 88)],
    "xyzzyqwert": [],
    "": [],
    "?!.,;:-- **": [],
    "the of": [(1, 128)],  # only stop words: then they count
    "Master of Biomedical Sciences, Leuven (Medicine)! " * 4: [(1, 320)],
}

# (language, query) -> the exact results of a search in that language: its documents only, stemmed in it. The Dutch
# rules are the English ones: word parts, stems and typos ("biomedsche", "wetenschapen") find the Dutch page.
EXPECTED_IN_LANGUAGE = {
    ("nl", "biomedische"): [(5, 80)],
    ("nl", "biomedisch"): [(5, 60)],  # the same stem
    ("nl", "biomedsche"): [(5, 20)],  # one letter left out
    ("nl", "wetenschap"): [(5, 60)],  # the singular finds "wetenschappen"
    ("nl", "wetenschapen"): [(5, 20)],  # one letter left out
    ("nl", "biomedische wetenschap"): [(5, 140)],
    ("nl", "biomedsche wetenschapen"): [(5, 40)],
    ("nl", "biomed"): [(5, 40)],  # a word part: the Dutch page only
    ("nl", "rechten"): [(8, 120)],
    ("nl", "rechtn"): [(8, 30)],
    ("nl", "menselijk"): [(5, 24)],
    ("nl", "master"): [(5, 80)],
    ("nl", "sciences"): [],  # English words do not find Dutch pages
    ("en", "biomed"): [(1, 40)],
    ("en", "sciences"): [(1, 80), (9, 80), (6, 60)],  # as without a language: there are no Dutch sciences
    ("en", "biomedicl"): [(1, 20)],
    ("en", "biomedische"): [],  # Dutch words do not find English pages
    ("en", "master"): [(1, 80), (3, 80), (4, 80), (6, 80), (9, 80)],
}


@pytest.fixture
def indexed(db):
    engine.index_documents(DOCUMENTS)


def ids(results):
    return [object_id for object_id, _ in results]


# --- Words -----------------------------------------------------------------------------------------------------------


def test_tokenize_casefolds_and_removes_accents():
    assert tokenize("Université de Montréal: Straße, ÉCOLE 2025!") == [
        "universite",
        "de",
        "montreal",
        "strasse",
        "ecole",
        "2025",
    ]
    assert tokenize("e-Governance/Law") == ["e", "governance", "law"]
    assert tokenize("") == [] and tokenize("?!.,") == []


def test_fold():
    assert fold("Ångström Ĳssel") == "angstrom ijssel"


def test_stems_per_language():
    assert stem("sciences", "en") == stem("science", "en")
    assert stem("wetenschappen", "nl") == stem("wetenschap", "nl")
    assert stem("biomedische", "nl") == stem("biomedisch", "nl")


@pytest.mark.parametrize(
    ("first", "second", "distance"),
    [
        ("biomedicl", "biomedical", 1),  # deletion
        ("philosphy", "philosophy", 1),
        ("biomedcial", "biomedical", 1),  # transposition
        ("law", "law", 0),
        ("kitten", "sitting", 3),
        ("", "abc", 3),
    ],
)
def test_edit_distance(first, second, distance):
    assert edit_distance(first, second, 5) == distance
    assert edit_distance(first, second, 0) == min(distance, 1)  # stops early: limit + 1


def test_query_words_leave_out_stop_words_unless_there_is_nothing_else():
    assert [word.text for word in query_words("Master of Law in Leuven")] == ["master", "law", "leuven"]
    assert [word.text for word in query_words("of the")] == ["of", "the"]
    assert [word.text for word in query_words("law LAW Law")] == ["law"]


def test_match_rule():
    (biomedicl,) = query_words("biomedicl")
    term = engine_term("biomedical")
    assert match_quality(biomedicl, term) > 0
    (law,) = query_words("law")
    assert match_quality(law, engine_term("laws")) > 0  # same stem
    assert match_quality(law, engine_term("lax")) == 0  # short words allow no typos
    (biom,) = query_words("biom")
    assert match_quality(biom, engine_term("biomedical")) > 0  # prefix of 4+
    assert match_quality(biom, engine_term("abiom")) == 0  # but no substring under 5 letters


def engine_term(word, language="en"):
    from search.query import Candidate

    return Candidate(0, language, word, stem(word, language))


# --- Searching: the same results on every database -------------------------------------------------------------------


@pytest.mark.parametrize("query", list(EXPECTED))
def test_golden_results(indexed, query):
    assert engine.search("programme", query) == EXPECTED[query]


@pytest.mark.parametrize(("language", "query"), list(EXPECTED_IN_LANGUAGE))
def test_golden_results_in_one_language(indexed, language, query):
    assert engine.search("programme", query, language=language) == EXPECTED_IN_LANGUAGE[language, query]


def test_typos(indexed):
    assert ids(engine.search("programme", "biomedicl")) == [1, 5]  # and, two edits away, "biomedische"
    assert ids(engine.search("programme", "philosphy")) == [2]
    assert ids(engine.search("programme", "biomedcial sciences")) == [1]


def test_word_parts(indexed):
    assert set(ids(engine.search("programme", "biomed"))) == {1, 5}
    assert 4 in ids(engine.search("programme", "governance"))  # inside "egovernance"


def test_stemming_both_ways(indexed):
    assert {1, 6, 9} <= set(ids(engine.search("programme", "science")))
    assert {1, 6, 9} <= set(ids(engine.search("programme", "sciences")))


def test_dutch_documents_are_stemmed_in_dutch(indexed):
    for query in ["wetenschap", "wetenschappen", "biomedische", "biomedisch"]:
        assert 5 in ids(engine.search("programme", query, language="nl")), query
    assert ids(engine.search("programme", "recht", language="nl")) == [8]


def test_language_restricts_documents(indexed):
    assert ids(engine.search("programme", "biomed", language="en")) == [1]
    assert ids(engine.search("programme", "biomed", language="nl")) == [5]


def test_extra_terms_are_searchable(indexed):
    assert ids(engine.search("programme", "law")) == [3]
    assert ids(engine.search("programme", "brussels")) == [3]
    assert 2 in ids(engine.search("programme", "leuven"))


def test_title_outweighs_summary(indexed):
    scores = dict(engine.search("programme", "governance"))
    assert scores[4] > scores[9]  # title (substring) beats summary (exact)


def test_every_word_must_match(indexed):
    assert ids(engine.search("programme", "master computer")) == [6]
    assert ids(engine.search("programme", "computer philosophy")) == []


def test_exact_beats_typo(indexed):
    engine.index_document("programme", 20, "en", {"title": "Biomedicl"})  # the misspelling, exactly
    results = engine.search("programme", "biomedicl")
    assert ids(results) == [20, 1, 5]


def test_accents_are_ignored(indexed):
    assert ids(engine.search("programme", "Université")) == [7]
    assert ids(engine.search("programme", "universite MONTREAL")) == [7]


def test_empty_punctuation_and_unknown_queries(indexed):
    for query in ["", "   ", "?!.,", "xyzzyqwert", None]:
        assert engine.search("programme", query) == []


def test_very_long_query_is_bounded(indexed):
    query = " ".join(["biomedical"] * 100 + ["science"] * 100 + [f"word{i}" for i in range(200)])
    with CaptureQueriesContext(connection) as queries:
        # Unknown words ("word17") are dropped, so the known ones still find the biomedical programme.
        assert ids(engine.search("programme", query)) == [1]
    assert len(queries) <= 25


def test_long_query_of_real_words(indexed):
    assert ids(engine.search("programme", "master of biomedical sciences in leuven medicine")) == [1]


def test_kinds_are_separate(indexed):
    assert ids(engine.search("event", "philosophy")) == [1]
    assert engine.search(["programme", "event"], "philosophy") == [("event", 1, 88), ("programme", 2, 80)]


def test_limit_and_among(indexed):
    everything = engine.search("programme", "master")
    assert ids(everything) == [1, 3, 4, 5, 6, 9]
    assert engine.search("programme", "master", limit=2) == everything[:2]
    assert engine.search("programme", "master", among={6, 9, 1234}) == [row for row in everything if row[0] in {6, 9}]
    assert engine.search("programme", "master", among={6, 9}, limit=1) == [row for row in everything if row[0] == 6][:1]


def test_reindexing_replaces_a_document(indexed):
    engine.index_document("programme", 2, "en", {"title": "Bachelor of Theology"})
    assert engine.search("programme", "philosophy") == []
    assert ids(engine.search("programme", "theology")) == [2]


def test_remove_document_and_prune(indexed):
    engine.remove_document("programme", 3)
    assert engine.search("programme", "law") == []
    assert engine.prune_terms() > 0
    assert not Term.objects.filter(word="brussels").exists()
    assert not TermTrigram.objects.filter(term__word="brussels").exists()
    assert ids(engine.search("programme", "philosophy")) == [2]


def test_unknown_field_or_language_is_refused(db):
    with pytest.raises(ValueError):
        engine.index_document("programme", 1, "en", {"tittle": "x"})
    with pytest.raises(ValueError):
        engine.index_document("programme", 1, "fr", {"title": "x"})
    with pytest.raises(ValueError):
        engine.search("programme", "x", language="fr")
    engine.index_document("programme", 1, "en", {7: "weighted by number"})
    assert engine.search("programme", "weighted") == [(1, 56)]


def test_indexing_a_word_again_adds_no_trigrams(indexed):
    trigrams = TermTrigram.objects.count()
    engine.index_documents(DOCUMENTS)
    engine.index_document("programme", 30, "en", {"title": "Biomedical philosophy"})
    assert TermTrigram.objects.count() == trigrams


def test_bulk_indexing_uses_few_queries(db):
    documents = [
        engine.Document("programme", number, "en", {"title": f"Programme {number}", "summary": "Shared words here."})
        for number in range(1, 301)
    ]
    with CaptureQueriesContext(connection) as queries:
        assert engine.index_documents(documents) == 300
    assert len(queries) < 20
    assert Posting.objects.filter(kind="programme").count() == 300 * 5
    assert ids(engine.search("programme", "programme 17")) == [17]


def test_a_word_split_by_junk_is_joined_again(indexed):
    # "bio" and "medicl" match nothing on their own; together they are a typo of "biomedical".
    assert 1 in ids(engine.search("programme", "bio medicl"))
