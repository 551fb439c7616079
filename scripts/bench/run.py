"""`make bench`: load-test every public page type of a generated portal (BENCH_PROGRAMMES programmes, default 2,000),
cache off and on, then under a publish storm.

1. Creates the benchmark database (BENCH_DATABASE_URL, default .../portal_bench) and generates the portal into it
   (`generate_bench_portal --programmes BENCH_PROGRAMMES`, skipped when a portal of that size is already there; a
   generated portal of another size is dropped with its database first).
2. Counts each page's SQL queries in-process, uncached, with production settings.
3. Serves the portal with gunicorn (production settings, 2 sync workers) and drives it with wrk (-t2 -c8,
   BENCH_SECONDS per page, default 5), once with the page cache off and once on (Redis db BENCH_REDIS_DB, default 3).
   Application CPU per request is the gunicorn workers' user+system CPU time over the run divided by the requests
   served; PostgreSQL CPU per request the same for the server processes connected to the benchmark database.
4. Publish storm, page cache on: one wrk rotating over five pages (home, a programme, the finder, the events listing,
   a school) for BENCH_STORM_SECONDS (default 30), once quiet and once while `storm.py` publishes a programme
   revision (never the loaded one) every BENCH_STORM_INTERVAL seconds (default 2); the page cache's hit ratio is
   counted from the X-Page-Cache response headers (`mix.lua`).
5. Measures the floor: a raw WSGI app returning a 30 KB body under the same gunicorn, and each cached page's share of it.
6. Prints markdown tables and the workers' memory, and writes them to var/bench/.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BIN = Path(PYTHON).parent
OUT_DIR = BASE_DIR / "var" / "bench"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
REDIS_URL = f"redis://127.0.0.1:6379/{os.environ.get('BENCH_REDIS_DB', '3')}"
DATABASE_NAME = DATABASE_URL.rsplit("/", 1)[1]
PROGRAMMES = int(os.environ.get("BENCH_PROGRAMMES", "2000"))
DURATION = int(os.environ.get("BENCH_SECONDS", "5"))
STORM_SECONDS = int(os.environ.get("BENCH_STORM_SECONDS", "30"))
STORM_INTERVAL = float(os.environ.get("BENCH_STORM_INTERVAL", "2"))
GENERATED_SITE_NAME = "Generated benchmark portal"  # generate_bench_portal's site name, followed by the sizes
PORT = int(os.environ.get("BENCH_PORT", "8765"))
FLOOR_PORT = PORT + 1
# What Chromium sends: a cached page goes out gzipped, as it would to a browser.
ACCEPT_ENCODING = os.environ.get("BENCH_ACCEPT_ENCODING", "gzip, deflate, br, zstd")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
STORM_PAGES = ["home", "programme", "finder", "events listing", "school"]  # the publish storm's mix
WRK_OPTIONS = ["-t2", "-c8", "--latency", "-H", f"Accept-Encoding: {ACCEPT_ENCODING}"]

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "DATABASE_URL": DATABASE_URL,
    "SECRET_KEY": "bench-only-" + "x" * 60,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "TASKS_BACKEND": "immediate",
    "REDIS_URL": REDIS_URL,
    "STATIC_ROOT": str(BASE_DIR / "var" / "bench" / "static"),
    "LOG_LEVEL": "WARNING",
    "PORTAL_VAR_DIR": str(BASE_DIR / "var" / "bench"),
}


def step(message):
    print(f"==> {message}", flush=True)


def ensure_wrk():
    if shutil.which("wrk"):
        return
    step("Installing wrk (Debian package)")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)


def generated_programmes():
    """How many programmes the generated portal in the benchmark database has (None: no generated portal there)."""
    import psycopg

    try:
        with psycopg.connect(DATABASE_URL) as connection:
            row = connection.execute("SELECT site_name FROM wagtailcore_site WHERE is_default_site").fetchone()
    except psycopg.Error:  # no database, or not migrated yet
        return None
    found = re.search(r"(\d+) programmes", row[0]) if row and row[0].startswith(GENERATED_SITE_NAME) else None
    return int(found.group(1)) if found else None


def ensure_database():
    """Create the benchmark database; drop it first when it holds a generated portal of another size."""
    import psycopg

    size = generated_programmes()
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        if size is not None and size != PROGRAMMES:
            step(f"Dropping {DATABASE_NAME}: it holds {size:,} programmes, not {PROGRAMMES:,}")
            connection.execute(f'DROP DATABASE "{DATABASE_NAME}" WITH (FORCE)')
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone():
            step(f"Creating the database {DATABASE_NAME}")
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def vacuum_database():
    """VACUUM (ANALYZE) the benchmark database, as autovacuum would on a production server (it may be off, as in
    this CI's PostgreSQL). Generating the portal leaves dead rows behind (the search index's title norms rewrite the
    whole table): 170,000 dead rows beside 30,000 live ones made Wagtail's index upkeep on every publish six times
    slower (111 MB scanned instead of 15 MB), and the publish storm measured that bloat rather than the portal."""
    import psycopg

    with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")


def manage(*args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=ENV, check=True)


def setup_django():
    os.environ.update(ENV)
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def page_urls():
    """The URL of one page of each type in the generated portal."""
    from core.models import HomePage
    from events.models import EventIndexPage, EventPage
    from programmes.models import ProgrammeIndexPage, ProgrammePage
    from schools.models import SchoolPage

    school = SchoolPage.objects.live().order_by("path")[3]
    programme = ProgrammePage.objects.live().order_by("path")[PROGRAMMES * 7 // 20]
    event = EventPage.objects.live().order_by("path")[PROGRAMMES * 3 // 20]
    finder = ProgrammeIndexPage.objects.live().first().url
    return [
        ("home", HomePage.objects.first().url),
        ("school", school.url),
        ("programme", programme.url),
        ("finder", finder),
        ("finder: 3 facets + query", f"{finder}?q=generated&subject=law&language=en&mode=on_campus"),
        ("events listing", EventIndexPage.objects.live().first().url),
        ("event", event.url),
        ("search", "/en/search/?q=generated+law"),
        (".ics feed", "/en/events/feed.ics"),
        ("OOAPI programmes (100)", "/ooapi/v6/programmes?pageSize=100"),
        ("OOAPI programme", f"/ooapi/v6/programmes/{programme.translation_key}"),
    ]


def count_queries(urls):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    counts = {}
    with override_settings(PAGE_CACHE_ENABLED=False):
        for name, url in urls:
            client = Client()
            response = client.get(url)  # first render: renditions, connection pool
            assert response.status_code == 200, (name, url, response.status_code)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            counts[name] = len(queries)
    return counts


class Gunicorn:
    def __init__(self, app, port, env):
        self.port = port
        command = [
            str(BIN / "gunicorn"),
            app,
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(command, cwd=BASE_DIR, env=env, start_new_session=True)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2)
                return
            except Exception:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not start on port {port}")

    def workers(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def cpu_seconds(self):
        total = 0
        for pid in self.workers():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / CLOCK_TICKS

    def max_rss_mb(self):
        """The largest resident set of the workers, in MB."""
        sizes = [0]
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1)))
        return max(sizes) / 1024

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def process_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def postgres_backends():
    """CPU seconds so far of each PostgreSQL server process connected to the benchmark database, by pid.

    A backend's process title is "postgres: <cluster>: <user> <database> <client> <state>"; other databases' backends
    and the shared background processes (checkpointer, WAL writer...) are left out.
    """
    cpu = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").split()
            if title[:1] == ["postgres:"] and DATABASE_NAME in title:
                cpu[int(entry.name)] = process_seconds(entry.name)
        except (OSError, IndexError):  # gone meanwhile
            continue
    return cpu


def postgres_seconds_since(before):
    """PostgreSQL CPU seconds spent since `before` (a `postgres_backends()`); backends that exited meanwhile are lost."""
    return sum(seconds - before.get(pid, 0) for pid, seconds in postgres_backends().items())


def to_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def to_bytes(text):
    value, unit = re.fullmatch(r"([\d.]+)(B|KB|MB|GB)", text).groups()
    return float(value) * {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[unit]


def warm_up(url):
    for _ in range(3):  # renditions, connection pools, the page cache
        urllib.request.urlopen(url, timeout=60).read()


def warm_every_worker(url):
    """Have each of the 2 workers render `url` once (two at a time, past the page cache), so that each builds the
    site-wide lookups it keeps (the finder's catalogue: 1.7 s of CPU at 20,000 programmes). Without it the worker
    that only ever served hits built them at the storm's first publish, and the storm measured that cold start."""
    with ThreadPoolExecutor(2) as pool:
        for round_ in range(2):
            batch = [f"{url}{'&' if '?' in url else '?'}warm={round_}-{n}" for n in range(2)]
            list(pool.map(lambda each: urllib.request.urlopen(each, timeout=120).read(), batch))


def measured(server, command):
    """Run wrk (`command`); returns its output with the application and PostgreSQL CPU seconds it cost."""
    cpu_before, postgres_before = server.cpu_seconds(), postgres_backends()
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return output, server.cpu_seconds() - cpu_before, postgres_seconds_since(postgres_before)


def wrk(url, server):
    """Drive `url` for DURATION seconds; returns requests/s, p50 and p99 latency, application and PostgreSQL CPU ms
    and KB per request."""
    warm_up(url)
    output, cpu, postgres_cpu = measured(server, ["wrk", *WRK_OPTIONS, f"-d{DURATION}s", url])
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return {
        "rps": rps,
        "kb": to_bytes(re.search(r"Transfer/sec:\s+(\S+)", output).group(1)) / rps / 1024 if rps else 0,
        "p50": to_ms(re.search(r"^\s*50%\s+(\S+)", output, re.M).group(1)),
        "p99": to_ms(re.search(r"^\s*99%\s+(\S+)", output, re.M).group(1)),
        "cpu": 1000 * cpu / requests if requests else 0,
        "pg_cpu": 1000 * postgres_cpu / requests if requests else 0,
    }


def portal_server(page_cache):
    env = {**ENV, "PAGE_CACHE": "1" if page_cache else "0"}
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], check=True, stdout=subprocess.DEVNULL)
    return Gunicorn("portal.wsgi", PORT, env)


def run_pages(urls, page_cache, rss):
    server = portal_server(page_cache)
    label = "cached" if page_cache else "uncached"
    try:
        results = {}
        for name, url in urls:
            results[name] = wrk(f"http://127.0.0.1:{PORT}{url}", server)
            rss[f"{label} {name}"] = server.max_rss_mb()
            step(f"{label} {name}: {results[name]['rps']:.0f} req/s")
        return results
    finally:
        server.stop()


def wrk_mix(paths, server, storm_skip=None):
    """Drive the rotating mix of `paths` for STORM_SECONDS with one wrk (`mix.lua`), while `storm.py` publishes when
    `storm_skip` (the programme's URL path to leave alone) is given."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
        listing.write("\n".join(paths) + "\n")
        listing.flush()
        script = str(Path(__file__).parent / "mix.lua")
        # A 10 s timeout (wrk's default is 2 s): a request queued behind re-renders counts in p99 instead of vanishing.
        options = [*WRK_OPTIONS, "--timeout", "10s", f"-d{STORM_SECONDS}s", "-s", script]
        command = ["wrk", *options, f"http://127.0.0.1:{PORT}/"]
        os.environ["BENCH_MIX_URLS"] = listing.name
        storm = start_storm(storm_skip) if storm_skip else None
        output, cpu, postgres_cpu = measured(server, command)
        storm_output = storm.communicate(timeout=60)[0] if storm else ""
    return mix_result(output, storm_output, cpu, postgres_cpu)


def start_storm(skip_url_path):
    """Start `storm.py` and return once it is about to publish its first revision."""
    command = [PYTHON, str(Path(__file__).parent / "storm.py"), str(STORM_SECONDS), str(STORM_INTERVAL), skip_url_path]
    storm = subprocess.Popen(command, env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    if storm.stdout.readline().strip() != "ready":
        storm.kill()
        raise RuntimeError("storm.py did not start")
    return storm


def mix_result(output, storm_output, cpu, postgres_cpu):
    counts = dict(re.findall(r"(\w+)=([\d.]+)", re.search(r"^MIX requests=.*$", output, re.M).group(0)))
    latency = dict(re.findall(r"(\w+)=([\d.]+)", re.search(r"^MIX latency_ms.*$", output, re.M).group(0)))
    requests = int(counts["requests"])
    if int(counts["bad"]):
        raise RuntimeError(f"mix: {counts['bad']} error responses\n{output}")
    storm = dict(re.findall(r"(\w+)=([\d.]+)", storm_output))
    cache_answers = int(counts["hits"]) + int(counts["misses"])
    return {
        "rps": requests / float(counts["duration_s"]),
        "p50": float(latency["p50"]),
        "p99": float(latency["p99"]),
        "cpu": 1000 * cpu / requests if requests else 0,
        "pg_cpu": 1000 * postgres_cpu / requests if requests else 0,
        "socket_errors": int(counts["socket_errors"]),
        "hits": int(counts["hits"]),
        "misses": int(counts["misses"]),
        "hit_ratio": int(counts["hits"]) / cache_answers if cache_answers else 0,
        "publishes": int(storm.get("publishes", 0)),
        "publish_ms": float(storm.get("mean_ms", 0)),
    }


def run_storm(urls, rss):
    """The five-page mix, page cache on, quiet and then under the publish storm."""
    by_name = dict(urls)
    paths = [by_name[name] for name in STORM_PAGES]
    server = portal_server(page_cache=True)
    try:
        for path in paths:
            warm_every_worker(f"http://127.0.0.1:{PORT}{path}")
            warm_up(f"http://127.0.0.1:{PORT}{path}")
        quiet = wrk_mix(paths, server)
        step(f"mix, no publishing: {quiet['rps']:.0f} req/s, {100 * quiet['hit_ratio']:.1f}% page-cache hits")
        storm = wrk_mix(paths, server, storm_skip=programme_url_path(by_name["programme"]))
        rss["publish storm"] = server.max_rss_mb()
        step(f"mix, publish storm: {storm['rps']:.0f} req/s, {100 * storm['hit_ratio']:.1f}% page-cache hits")
        return {"no publishing": quiet, f"one publish / {STORM_INTERVAL:g} s": storm}
    finally:
        server.stop()


def programme_url_path(url):
    """The loaded programme's Wagtail url_path (the site root's path, then the URL below its language prefix)."""
    from core.models import HomePage

    return HomePage.objects.first().url_path + url.split("/", 2)[2]


def run_floor():
    server = Gunicorn("floor_app:application", FLOOR_PORT, {**ENV, "PYTHONPATH": str(Path(__file__).parent)})
    try:
        return wrk(f"http://127.0.0.1:{FLOOR_PORT}/", server)
    finally:
        server.stop()


def portal_sizes():
    """What the generated portal holds, from its site name, e.g. "200 schools, 20000 programmes, ..."."""
    from wagtail.models import Site

    name = Site.objects.get(is_default_site=True).site_name
    return re.sub(r"^.*\(seed \d+, (.*)\)$", r"\1", name)


def table(urls, queries, uncached, cached, floor):
    lines = [
        f"# Benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Generated portal ({portal_sizes()}); gunicorn 2 sync workers, "
        f"production settings, PostgreSQL, Redis; `wrk -t2 -c8 -d{DURATION}s` sending "
        f"`Accept-Encoding: {ACCEPT_ENCODING}`; {os.cpu_count()} CPUs.",
        f"Raw WSGI floor (30 KB body): **{floor['rps']:.0f} req/s**, p50 {floor['p50']:.2f} ms, "
        f"CPU {floor['cpu']:.2f} ms/request.",
        "KB/resp is what went over the wire per response, headers included (cached pages are sent gzipped). "
        "PG ms/req is the CPU time of the PostgreSQL processes serving the benchmark database over the run, per request.",
        "",
        "| page | SQL | uncached req/s | p50 ms | p99 ms | CPU ms/req | PG ms/req | cached req/s | p50 ms | p99 ms "
        "| CPU ms/req | PG ms/req | KB/resp | cached / floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, _url in urls:
        u, c = uncached[name], cached[name]
        lines.append(
            f"| {name} | {queries[name]} | {u['rps']:.1f} | {u['p50']:.1f} | {u['p99']:.1f} | {u['cpu']:.1f} "
            f"| {u['pg_cpu']:.2f} | {c['rps']:.0f} | {c['p50']:.2f} | {c['p99']:.2f} | {c['cpu']:.2f} "
            f"| {c['pg_cpu']:.3f} | {c['kb']:.1f} | {100 * c['rps'] / floor['rps']:.0f}% |"
        )
    return "\n".join(lines) + "\n"


def storm_table(storm):
    lines = [
        f"## Publish storm: page cache on, {', '.join(STORM_PAGES)} in turn (one wrk, `-t2 -c8 -d{STORM_SECONDS}s`)",
        "",
        "While publishing, PG ms/req includes the publishing process's own queries. Hit ratio: X-Page-Cache hit / "
        "(hit + miss).",
        "",
        "| run | req/s | p50 ms | p99 ms | CPU ms/req | PG ms/req | page-cache hits | misses | hit ratio "
        "| publishes | ms/publish | timeouts (10 s) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in storm.items():
        lines.append(
            f"| {name} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['cpu']:.2f} | {r['pg_cpu']:.3f} "
            f"| {r['hits']} | {r['misses']} | {100 * r['hit_ratio']:.2f}% | {r['publishes']} | {r['publish_ms']:.0f} "
            f"| {r['socket_errors']} |"
        )
    return "\n".join(lines) + "\n"


def rss_line(rss):
    uncached = max(value for name, value in rss.items() if name.startswith("uncached"))
    cached = max(value for name, value in rss.items() if name.startswith("cached"))
    return (
        f"Worker RSS (largest of the 2 gunicorn workers after each run): page cache off up to {uncached:.0f} MB, "
        f"on up to {cached:.0f} MB, after the publish storm {rss['publish storm']:.0f} MB.\n"
    )


def main():
    started = time.time()
    ensure_wrk()
    ensure_database()
    step(f"Migrating {DATABASE_URL}")
    manage("migrate", "--noinput", "-v0")
    step(f"Generating the benchmark portal, {PROGRAMMES:,} programmes (once)")
    manage("generate_bench_portal", "--programmes", str(PROGRAMMES))
    manage("collectstatic", "--noinput", "-v0")
    step("Vacuuming the database (dead rows left by generating it)")
    vacuum_database()
    setup_django()
    urls = page_urls()
    step("Counting SQL queries per page (uncached)")
    queries = count_queries(urls)
    rss = {}
    step("Load test, page cache off")
    uncached = run_pages(urls, page_cache=False, rss=rss)
    step("Load test, page cache on")
    cached = run_pages(urls, page_cache=True, rss=rss)
    step(f"Publish storm, page cache on: {STORM_SECONDS} s quiet, {STORM_SECONDS} s publishing")
    storm = run_storm(urls, rss)
    step("Load test, raw WSGI floor")
    floor = run_floor()
    report = "\n".join([table(urls, queries, uncached, cached, floor), storm_table(storm), rss_line(rss)])
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"bench-{datetime.now(UTC):%Y%m%d-%H%M%S}.md"
    path.write_text(report)
    (OUT_DIR / "latest.md").write_text(report)
    print()
    print(report)
    print(f"Written to {path.relative_to(BASE_DIR)} in {time.time() - started:.0f} s.")


if __name__ == "__main__":
    main()
