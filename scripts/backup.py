"""Back up and restore the portal: its PostgreSQL database (pg_dump, custom format) and its uploaded media (a tar).

    scripts/backup.py backup  [--dest var/backups]
        DATABASE_URL and MEDIA_ROOT (default var/media) of the environment → var/backups/<UTC timestamp>/ with
        database.dump, media.tar.gz and manifest.json (sizes and SHA-256 checksums). Written to <timestamp>.partial
        first and renamed when complete, so an interrupted backup never looks like a good one.

    scripts/backup.py restore BACKUP_DIR [--database-url URL] [--media-root DIR] [--replace]
        Into TARGET_DATABASE_URL / TARGET_MEDIA_ROOT (default: DATABASE_URL / MEDIA_ROOT). A missing database is
        created. A database with tables, or a media directory with files, is only overwritten with --replace.
        Checksums are verified before anything is touched.

`make backup` and `make restore BACKUP=...` run it. Passwords travel in PGPASSWORD, never on a command line.
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))
DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"
MANIFEST_FILE = "manifest.json"


class BackupError(Exception):
    """A problem the operator can fix; printed without a traceback."""


def step(message):
    print(f"==> {message}", flush=True)


def detail(message):
    print(f"    {message}", flush=True)


def size_text(size):
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000


# --- The database --------------------------------------------------------------------------------------------


class Database:
    """A PostgreSQL database named by a URL; its libpq environment carries the password."""

    def __init__(self, url):
        parts = urlsplit(url or "")
        if parts.scheme not in ("postgres", "postgresql", "pgsql"):
            shown = f"'{parts.scheme}://…'" if parts.scheme else "not set"
            raise BackupError(f"DATABASE_URL must be a PostgreSQL URL (postgres://user@host:port/name); it is {shown}.")
        self.name = unquote(parts.path.lstrip("/"))
        if not self.name:
            raise BackupError("The database URL names no database (postgres://user@host:port/NAME).")
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 5432
        self.user = unquote(parts.username or "postgres")
        self.password = unquote(parts.password) if parts.password else None

    def __str__(self):
        return f"'{self.name}' on {self.host}:{self.port}"

    def env(self, database=None):
        env = {**os.environ, "PGHOST": self.host, "PGPORT": str(self.port), "PGUSER": self.user}
        env["PGDATABASE"] = database or self.name
        env.pop("PGPASSWORD", None)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def psql(self, sql, database=None):
        """One value from a query (psql -At), or a BackupError with psql's message."""
        result = run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql], self.env(database))
        return result.stdout.strip()

    def exists(self):
        found = self.psql(f"SELECT 1 FROM pg_database WHERE datname = {quote_literal(self.name)}", "postgres")
        return found == "1"

    def table_count(self):
        return int(self.psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))

    def create(self):
        self.psql(f"CREATE DATABASE {quote_identifier(self.name)}", "postgres")


def quote_literal(value):
    return "'" + value.replace("'", "''") + "'"


def quote_identifier(value):
    return '"' + value.replace('"', '""') + '"'


def run(command, env):
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} was not found: install the PostgreSQL client tools (postgresql-client).")
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        message = result.stderr.strip() or result.stdout.strip() or f"exit status {result.returncode}"
        raise BackupError(f"{command[0]} failed: {message}")
    return result


# --- Files ---------------------------------------------------------------------------------------------------


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_root(explicit=None, variable="MEDIA_ROOT"):
    return Path(explicit or os.environ.get(variable) or os.environ.get("MEDIA_ROOT") or VAR_DIR / "media")


def has_files(directory):
    return directory.is_dir() and any(directory.iterdir())


# --- Commands ------------------------------------------------------------------------------------------------


def backup(args):
    database = Database(os.environ.get("DATABASE_URL"))
    media = media_root()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    destination = Path(args.dest) / stamp
    if destination.exists():
        raise BackupError(f"{destination} already exists; wait a second and run the backup again.")
    partial = destination.with_name(f"{stamp}.partial")
    partial.mkdir(parents=True)
    started = time.monotonic()
    try:
        step(f"Dumping the database {database}")
        run(["pg_dump", "--format=custom", "--file", str(partial / DATABASE_FILE)], database.env())
        detail(f"{DATABASE_FILE}: {size_text((partial / DATABASE_FILE).stat().st_size)}")

        step(f"Archiving the media files in {media}")
        count = 0
        with tarfile.open(partial / MEDIA_FILE, "w:gz") as archive:
            if media.is_dir():
                for path in sorted(media.rglob("*")):
                    if path.is_file() and not path.is_symlink():
                        archive.add(path, arcname=str(path.relative_to(media)), recursive=False)
                        count += 1
            else:
                detail(f"{media} does not exist: the archive is empty")
        detail(f"{MEDIA_FILE}: {count} files, {size_text((partial / MEDIA_FILE).stat().st_size)}")

        manifest = {
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {"name": database.name, "host": database.host, "port": database.port},
            "media_root": str(media),
            "media_files": count,
            "files": {
                name: {"bytes": (partial / name).stat().st_size, "sha256": sha256(partial / name)}
                for name in (DATABASE_FILE, MEDIA_FILE)
            },
        }
        (partial / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n")
        partial.rename(destination)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    step(f"Backup complete in {time.monotonic() - started:.1f}s: {destination}")
    return destination


def verified_manifest(source):
    if not (source / MANIFEST_FILE).is_file():
        raise BackupError(f"{source} is not a complete backup (no {MANIFEST_FILE}).")
    manifest = json.loads((source / MANIFEST_FILE).read_text())
    for name, expected in manifest["files"].items():
        path = source / name
        if not path.is_file():
            raise BackupError(f"{path} is missing.")
        if sha256(path) != expected["sha256"]:
            raise BackupError(f"{path} does not match its checksum: the backup is damaged.")
    return manifest


def restore(args):
    source = Path(args.backup)
    step(f"Checking the backup {source}")
    manifest = verified_manifest(source)
    detail(f"made {manifest['created_at']} from the database '{manifest['database']['name']}'; checksums match")

    database = Database(args.database_url or os.environ.get("TARGET_DATABASE_URL") or os.environ.get("DATABASE_URL"))
    media = media_root(args.media_root, "TARGET_MEDIA_ROOT")
    exists = database.exists()
    tables = database.table_count() if exists else 0
    if tables and not args.replace:
        raise BackupError(f"The database {database} already has {tables} tables; pass --replace to overwrite it.")
    if has_files(media) and not args.replace:
        raise BackupError(f"The media directory {media} is not empty; pass --replace to overwrite it.")

    if not exists:
        step(f"Creating the database {database}")
        database.create()
    step(f"Restoring the database into {database}")
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if tables:
        command += ["--clean", "--if-exists"]
    run([*command, "--dbname", database.name, str(source / DATABASE_FILE)], database.env())
    detail(f"{database.table_count()} tables")

    step(f"Restoring the media files into {media}")
    media.parent.mkdir(parents=True, exist_ok=True)
    incoming = media.with_name(f".{media.name}.restoring")
    shutil.rmtree(incoming, ignore_errors=True)
    with tarfile.open(source / MEDIA_FILE, "r:gz") as archive:
        archive.extractall(incoming, filter="data")  # refuses absolute paths, "..", links out of the directory
    if media.exists():
        old = media.with_name(f".{media.name}.replaced")
        shutil.rmtree(old, ignore_errors=True)
        media.rename(old)
        incoming.rename(media)
        shutil.rmtree(old)
    else:
        incoming.rename(media)
    detail(f"{sum(1 for path in media.rglob('*') if path.is_file())} files")
    step("Restore complete")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Back up or restore the portal's database and media files.")
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup", help="dump DATABASE_URL and archive MEDIA_ROOT")
    make.add_argument("--dest", default=str(VAR_DIR / "backups"), help="where backups go (default: var/backups)")
    load = commands.add_parser("restore", help="restore a backup into a database and a media directory")
    load.add_argument("backup", help="a backup directory, e.g. var/backups/20261202T170800Z")
    load.add_argument("--database-url", help="target database (default: TARGET_DATABASE_URL, then DATABASE_URL)")
    load.add_argument("--media-root", help="target media directory (default: TARGET_MEDIA_ROOT, then MEDIA_ROOT)")
    load.add_argument("--replace", action="store_true", help="overwrite a database or media directory in use")
    args = parser.parse_args(argv)
    try:
        backup(args) if args.command == "backup" else restore(args)
    except BackupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
