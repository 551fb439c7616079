"""The bench's publish storm: publish one programme revision every INTERVAL seconds for SECONDS seconds.

Run by scripts/bench/run.py beside the gunicorn it loads, with the same settings, database and Redis, so that every
publish sets a new page-cache generation for the whole site, as an editor's would:

    python scripts/bench/storm.py SECONDS INTERVAL SKIP_URL_PATH

Programmes are taken from across the tree, never the one at SKIP_URL_PATH (the one wrk loads). Prints "ready" once
Django is set up, and starts publishing; when done, waits for its standard input to close (so that its PostgreSQL
backend's CPU time can still be read), then prints `STORM publishes=N mean_ms=... max_ms=...`.
"""

import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def setup_django():
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def programmes_to_publish(count, skip_url_path):
    """`count` programme ids spread over the tree (so over every school), without the loaded one."""
    from programmes.models import ProgrammePage

    ids = list(
        ProgrammePage.objects.live().exclude(url_path=skip_url_path).order_by("path").values_list("pk", flat=True)
    )
    step = max(1, len(ids) // max(1, count))
    return [ids[(n * step + n) % len(ids)] for n in range(count)]


def publish(pk, n):
    from programmes.models import ProgrammePage

    page = ProgrammePage.objects.get(pk=pk)
    page.summary = f"Generated programme, republished by the bench's publish storm (#{n})."
    page.save_revision().publish()


def main():
    seconds, interval, skip_url_path = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    setup_django()
    ids = programmes_to_publish(int(seconds // interval), skip_url_path)
    print("ready", flush=True)
    started = time.monotonic()
    durations = []
    for n, pk in enumerate(ids):
        time.sleep(max(0.0, started + n * interval - time.monotonic()))
        before = time.monotonic()
        publish(pk, n)
        durations.append(time.monotonic() - before)
    sys.stdin.read()
    mean = 1000 * sum(durations) / len(durations) if durations else 0
    print(f"STORM publishes={len(durations)} mean_ms={mean:.1f} max_ms={1000 * max(durations, default=0):.1f}")
    sys.stdout.flush()
    os._exit(0)  # skip the connection pool's shutdown wait


if __name__ == "__main__":
    main()
