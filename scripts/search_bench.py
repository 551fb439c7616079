"""Measure the engine on generated programme-like documents (default 20,000) on the database DATABASE_URL names.

    createdb -h 127.0.0.1 -U postgres portal_search_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_search_bench \\
        DJANGO_SETTINGS_MODULE=portal.settings.test .venv/bin/python scripts/search_bench.py
    DATABASE_URL=sqlite:////tmp/portal_search_bench.sqlite3 \\
        DJANGO_SETTINGS_MODULE=portal.settings.test .venv/bin/python scripts/search_bench.py

Arguments: [count [repeat [reindex (0: search what an earlier run indexed)]]]. It migrates that database,
replaces the index's "bench" documents, and prints index time, per-query wall time
(median of repeated runs) and, on PostgreSQL, the server's own time for the queries a search runs (EXPLAIN ANALYZE)
plus any sequential scan of the search tables in their plans.
"""

import hashlib
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, when run as scripts/search_bench.py

KIND = "bench"
SUBJECTS = [
    "Biomedical Sciences",
    "Law",
    "Philosophy",
    "eGovernance",
    "Computer Science",
    "Economics",
    "History",
    "Mathematics",
    "Physics",
    "Chemistry",
    "Biology",
    "Psychology",
    "Sociology",
    "Linguistics",
    "Literature",
    "Theology",
    "Archaeology",
    "Architecture",
    "Civil Engineering",
    "Mechanical Engineering",
    "Electrical Engineering",
    "Bioscience Engineering",
    "Pharmaceutical Sciences",
    "Medicine",
    "Dentistry",
    "Nursing",
    "Veterinary Medicine",
    "Geography",
    "Geology",
    "Astronomy",
    "Statistics",
    "Business Administration",
    "Accountancy",
    "Marketing",
    "Finance",
    "Political Science",
    "International Relations",
    "Public Administration",
    "Communication Studies",
    "Journalism",
    "Musicology",
    "Art History",
    "Anthropology",
    "Education",
    "Social Work",
    "Criminology",
    "Nutrition",
    "Kinesiology",
    "Rehabilitation Sciences",
    "Biochemistry",
    "Biotechnology",
    "Neuroscience",
    "Genetics",
    "Ecology",
    "Environmental Sciences",
    "Materials Engineering",
    "Nanotechnology",
    "Informatics",
    "Artificial Intelligence",
    "Cultural Studies",
    "Japanese Studies",
    "Slavonic Studies",
    "Arabic Studies",
    "Western Literature",
    "Classics",
    "Ancient History",
    "Medieval Studies",
    "Gender Studies",
    "Urban Planning",
    "Transport Economics",
]
FIELDS = [
    "Data Science",
    "Management",
    "Sustainability",
    "Health Care",
    "Policy",
    "Innovation",
    "Entrepreneurship",
    "Digital Society",
    "Research",
    "Global Development",
    "Energy",
    "Security Studies",
    "European Studies",
    "Quantitative Methods",
    "Ethics",
    "Teaching",
    "Industrial Design",
    "Human Rights",
    "Climate Change",
    "Molecular Methods",
]
DUTCH_SUBJECTS = [
    "Biomedische wetenschappen",
    "Rechten",
    "Wijsbegeerte",
    "Informatica",
    "Economische wetenschappen",
    "Geschiedenis",
    "Wiskunde",
    "Natuurkunde",
    "Scheikunde",
    "Biologie",
    "Psychologie",
    "Sociologie",
    "Taalkunde",
    "Letterkunde",
    "Godgeleerdheid",
    "Archeologie",
    "Architectuur",
    "Bouwkunde",
    "Geneeskunde",
    "Tandheelkunde",
    "Verpleegkunde",
    "Aardrijkskunde",
]
DUTCH_WORDS = [
    "de",
    "het",
    "een",
    "studie",
    "opleiding",
    "onderzoek",
    "student",
    "studenten",
    "universiteit",
    "wetenschap",
    "maatschappij",
    "kennis",
    "praktijk",
    "vaardigheden",
    "internationale",
    "stage",
    "project",
    "vakken",
    "programma",
    "masterproef",
    "methoden",
    "analyse",
    "ontwikkeling",
]
CITIES = [
    "Leuven",
    "Brussels",
    "Kortrijk",
    "Antwerp",
    "Ghent",
    "Bruges",
    "Geel",
    "Diepenbeek",
    "Aalst",
    "Sint-Katelijne-Waver",
]


SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "ti",
    "vo",
    "be",
    "da",
    "fe",
    "gi",
    "ho",
    "ju",
    "le",
    "mo",
    "nu",
    "pa",
    "ri",
    "se",
    "to",
    "vu",
    "wa",
    "xe",
    "yo",
    "ze",
    "bri",
    "stan",
    "dor",
    "vel",
]


def rare_word(rng):
    """A made-up word (a lecturer's name, say): with two per document the vocabulary grows to tens of thousands."""
    return "".join(rng.choice(SYLLABLES) for _ in range(3))


def documents(count, seed=2026):
    """Programme-like documents: a title, a summary of about 30 words, subjects and a city as keywords."""
    from faker.providers.lorem.en_US import Provider

    from search.engine import Document

    rng = random.Random(seed)
    english = list(Provider.word_list)
    for number in range(1, count + 1):
        city = rng.choice(CITIES)
        if rng.random() < 0.15:
            subject = rng.choice(DUTCH_SUBJECTS)
            title = f"Master in de {subject}"
            summary = " ".join([rng.choice(DUTCH_WORDS) for _ in range(28)] + [rare_word(rng), rare_word(rng)])
            yield Document(KIND, number, "nl", {"title": title, "summary": summary, "keywords": f"{subject} {city}"})
            continue
        subject, field = rng.choice(SUBJECTS), rng.choice(FIELDS)
        title = f"Master of {subject} in {field}"
        summary = " ".join([rng.choice(english) for _ in range(28)] + [rare_word(rng), rare_word(rng)])
        keywords = f"{subject} {rng.choice(SUBJECTS)} {city}"
        yield Document(KIND, number, "en", {"title": title, "summary": summary, "keywords": keywords})


def median_ms(function, repeat, clock=time.perf_counter):
    function()  # warm: caches, prepared plans
    times = []
    for _ in range(repeat):
        start = clock()
        function()
        times.append((clock() - start) * 1000)
    return statistics.median(times)


def server_profile(queries):
    """(total execution + planning ms on the server, sequential scans of search tables) for the captured SQL."""
    from django.db import connection

    total, seq_scans = 0.0, []
    with connection.cursor() as cursor:
        for query in queries:
            cursor.execute(f"EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) {query['sql']}")
            plan = cursor.fetchone()[0]
            plan = plan if isinstance(plan, list) else json.loads(plan)
            total += plan[0]["Execution Time"] + plan[0]["Planning Time"]
            seq_scans += [node for node in walk(plan[0]["Plan"]) if node.startswith("Seq Scan on search_")]
    return total, seq_scans


def walk(node):
    yield f"{node['Node Type']} on {node.get('Relation Name', '')}"
    for child in node.get("Plans", []):
        yield from walk(child)


def sqlite_plans(queries):
    """Full scans of search tables in SQLite's query plans for the captured SQL."""
    from django.db import connection

    scans = []
    with connection.cursor() as cursor:
        for query in queries:
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            scans += [row[-1] for row in cursor.fetchall() if row[-1].startswith("SCAN search_")]
    return scans


def index(count):
    from django.db import connection

    from search import engine

    engine.remove_kind(KIND)
    docs = list(documents(count))
    start = time.perf_counter()
    engine.index_documents(docs)
    print(f"{connection.vendor}: indexed {count} documents in {time.perf_counter() - start:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("search_posting", "search_term", "search_termtrigram"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main(count=20_000, repeat=15, reindex=1):
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search import engine
    from search.models import Posting, Term, TermTrigram

    call_command("migrate", verbosity=0)
    if reindex:
        index(count)
    print(
        f"{connection.vendor}: terms {Term.objects.count()}, trigrams {TermTrigram.objects.count()}, postings", end=" "
    )
    print(f"{Posting.objects.filter(kind=KIND).count()}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            sql = "SELECT g, g FROM generate_series(1, 20000) AS g"
            reference = median_ms(lambda: cursor.execute(sql) or cursor.fetchall(), repeat)
        print(f"  reference: fetching 20,000 rows of two ints takes {reference:.1f} ms here", end="")
    print(f"  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")

    queries = {
        "5% (a field)": "sustainability",
        "typo": "sustainabilty",
        "word part (prefix)": "biomed",
        "word part (inside)": "governance",
        "two words": "biomedical leuven",
        "match all": "master",
        "no match": "xyzzyqwert",
    }
    print(
        "  query | results (digest, equal on every database) | wall ms (median) | Python CPU ms | server ms | full scans"
    )
    for label, query in queries.items():
        results = engine.search(KIND, query)
        wall = median_ms(lambda query=query: engine.search(KIND, query), repeat)
        cpu = median_ms(lambda query=query: engine.search(KIND, query), repeat, time.process_time)
        with CaptureQueriesContext(connection) as captured:
            engine.search(KIND, query)
        if connection.vendor == "postgresql":
            server, scans = server_profile(captured.captured_queries)
            server_text = f"{server:.1f}"
        else:
            server_text, scans = "-", sqlite_plans(captured.captured_queries)
        digest = hashlib.sha1(repr(results).encode()).hexdigest()[:8]
        print(
            f"  {label} {query!r} | {len(results)} ({digest}) | {wall:.1f} | {cpu:.1f} | {server_text} | {scans or 'none'}"
        )


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:]))
