"""Exit with one plain sentence when the PostgreSQL server of DATABASE_URL does not answer."""

import os
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg

url = os.environ["DATABASE_URL"]
parts = urlsplit(url)
if not parts.scheme.startswith("postgres"):
    sys.exit(f"The tests need PostgreSQL, but DATABASE_URL is {parts.scheme}://…; point it at a PostgreSQL server.")

# The tests create their own database, so ask the server's maintenance database whether it answers.
maintenance_url = urlunsplit(parts._replace(path="/postgres"))
try:
    psycopg.connect(maintenance_url, connect_timeout=3).close()
except psycopg.OperationalError:
    sys.exit(
        f"PostgreSQL does not answer at {parts.hostname}:{parts.port or 5432}; start one with "
        "`sudo pg_ctlcluster 15 main start` (Debian: `sudo apt-get install postgresql` first) or "
        "`docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:16`, or set DATABASE_URL."
    )
