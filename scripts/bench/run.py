"""`make bench`: load-test every public page type of a generated 2,000-programme portal, cache off and on.

1. Creates the benchmark database (BENCH_DATABASE_URL, default .../portal_bench) and generates the portal into it
   (`generate_bench_portal`, skipped when it is already there).
2. Counts each page's SQL queries in-process, uncached, with production settings.
3. Serves the portal with gunicorn (production settings, 2 sync workers) and drives it with wrk (-t2 -c8), once with
   the page cache off and once on (Redis db BENCH_REDIS_DB, default 3). Application CPU per request is the gunicorn
   workers' user+system CPU time over the run divided by the requests served.
4. Measures the floor: a raw WSGI app returning a 30 KB body under the same gunicorn, and each cached page's share of it.
5. Prints a markdown table and writes it to var/bench/.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BIN = Path(PYTHON).parent
OUT_DIR = BASE_DIR / "var" / "bench"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
REDIS_URL = f"redis://127.0.0.1:6379/{os.environ.get('BENCH_REDIS_DB', '3')}"
DURATION = int(os.environ.get("BENCH_SECONDS", "8"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
FLOOR_PORT = PORT + 1
# What Chromium sends: a cached page goes out gzipped, as it would to a browser.
ACCEPT_ENCODING = os.environ.get("BENCH_ACCEPT_ENCODING", "gzip, deflate, br, zstd")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

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


def ensure_database():
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            step(f"Creating the database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')


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
    programme = ProgrammePage.objects.live().order_by("path")[700]
    event = EventPage.objects.live().order_by("path")[300]
    finder = ProgrammeIndexPage.objects.live().first().url
    return [
        ("home", HomePage.objects.first().url),
        ("school", school.url),
        ("programme", programme.url),
        ("finder", finder),
        ("finder: 3 facets + query", f"{finder}?q=generated&subject=law&language=en&mode=on_campus"),
        ("events listing", EventIndexPage.objects.live().first().url),
        ("event", event.url),
        ("search", "/search/?q=generated+law"),
        (".ics feed", "/events/feed.ics"),
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

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def to_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def to_bytes(text):
    value, unit = re.fullmatch(r"([\d.]+)(B|KB|MB|GB)", text).groups()
    return float(value) * {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[unit]


def wrk(url, server=None):
    """Drive `url` for DURATION seconds; returns requests/s, p50 and p99 latency, CPU ms and KB per request."""
    for _ in range(3):  # warm up: renditions, connection pools, the page cache
        urllib.request.urlopen(url, timeout=30).read()
    cpu_before = server.cpu_seconds() if server else 0
    output = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{DURATION}s", "--latency", "-H", f"Accept-Encoding: {ACCEPT_ENCODING}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cpu = (server.cpu_seconds() - cpu_before) if server else 0
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
    }


def run_pages(urls, page_cache):
    env = {**ENV, "PAGE_CACHE": "1" if page_cache else "0"}
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], check=True, stdout=subprocess.DEVNULL)
    server = Gunicorn("portal.wsgi", PORT, env)
    try:
        results = {}
        for name, url in urls:
            results[name] = wrk(f"http://127.0.0.1:{PORT}{url}", server)
            step(f"{'cached' if page_cache else 'uncached'} {name}: {results[name]['rps']:.0f} req/s")
        return results
    finally:
        server.stop()


def run_floor():
    server = Gunicorn("floor_app:application", FLOOR_PORT, {**ENV, "PYTHONPATH": str(Path(__file__).parent)})
    try:
        return wrk(f"http://127.0.0.1:{FLOOR_PORT}/", server)
    finally:
        server.stop()


def table(urls, queries, uncached, cached, floor):
    lines = [
        f"# Benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Generated portal (20 schools, 2,000 programmes, 1,000 events, 50 announcements); gunicorn 2 sync workers, "
        f"production settings, PostgreSQL, Redis; `wrk -t2 -c8 -d{DURATION}s` sending "
        f"`Accept-Encoding: {ACCEPT_ENCODING}`; {os.cpu_count()} CPUs.",
        f"Raw WSGI floor (30 KB body): **{floor['rps']:.0f} req/s**, p50 {floor['p50']:.2f} ms, "
        f"CPU {floor['cpu']:.2f} ms/request.",
        "KB/resp is what went over the wire per response, headers included (cached pages are sent gzipped).",
        "",
        "| page | SQL | uncached req/s | p50 ms | p99 ms | CPU ms/req | cached req/s | p50 ms | p99 ms | CPU ms/req "
        "| KB/resp | cached / floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, _url in urls:
        u, c = uncached[name], cached[name]
        lines.append(
            f"| {name} | {queries[name]} | {u['rps']:.1f} | {u['p50']:.1f} | {u['p99']:.1f} | {u['cpu']:.1f} "
            f"| {c['rps']:.0f} | {c['p50']:.2f} | {c['p99']:.2f} | {c['cpu']:.2f} | {c['kb']:.1f} "
            f"| {100 * c['rps'] / floor['rps']:.0f}% |"
        )
    return "\n".join(lines) + "\n"


def main():
    started = time.time()
    ensure_wrk()
    ensure_database()
    step(f"Migrating {DATABASE_URL}")
    manage("migrate", "--noinput", "-v0")
    step("Generating the benchmark portal (once)")
    manage("generate_bench_portal")
    manage("collectstatic", "--noinput", "-v0")
    setup_django()
    urls = page_urls()
    step("Counting SQL queries per page (uncached)")
    queries = count_queries(urls)
    step("Load test, page cache off")
    uncached = run_pages(urls, page_cache=False)
    step("Load test, page cache on")
    cached = run_pages(urls, page_cache=True)
    step("Load test, raw WSGI floor")
    floor = run_floor()
    report = table(urls, queries, uncached, cached, floor)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"bench-{datetime.now(UTC):%Y%m%d-%H%M%S}.md"
    path.write_text(report)
    (OUT_DIR / "latest.md").write_text(report)
    print()
    print(report)
    print(f"Written to {path.relative_to(BASE_DIR)} in {time.time() - started:.0f} s.")


if __name__ == "__main__":
    main()
