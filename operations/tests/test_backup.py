"""`make backup` / `make restore` round trip: the demo, backed up and restored into a fresh database and media
directory, has every page, revision, image (with its file) and announcement; refusals and errors are clear."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from announcements.models import Announcement

BASE_DIR = Path(__file__).resolve().parents[2]
SCRIPT = BASE_DIR / "scripts" / "backup.py"


def url_for(name):
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"


def run_script(*args, **env):
    environment = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "MEDIA_ROOT")}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], env={**environment, **env}, capture_output=True, text=True, timeout=300
    )


def drop_database(name):
    with psycopg.connect(url_for("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def rows(database_url, table, columns):
    with psycopg.connect(database_url) as db:
        return set(db.execute(f"SELECT {columns} FROM {table}").fetchall())


# What must survive, per table: identity and the content that matters.
CHECKS = {
    Page: "id, path, url_path, title, live, content_type_id, latest_revision_id",
    Revision: "id, object_id, content_type_id, created_at, md5(content::text)",
    get_image_model(): "id, title, file, width, height, file_hash",
    Announcement: "id, text, level, link_url, audience, live, expire_at",
}


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    """The demo content, committed so that pg_dump sees it, with its images in a media directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=StringIO())
    return tmp_path / "media"


@pytest.fixture
def restored_name():
    name = f"{connection.settings_dict['NAME']}_restored"
    drop_database(name)
    yield name
    drop_database(name)


def test_a_backup_restored_into_a_fresh_database_has_every_page_revision_image_and_announcement(
    demo, restored_name, tmp_path
):
    source_url = url_for(connection.settings_dict["NAME"])
    made = run_script("backup", "--dest", str(tmp_path / "backups"), DATABASE_URL=source_url, MEDIA_ROOT=str(demo))
    assert made.returncode == 0, made.stderr
    [backup] = (tmp_path / "backups").iterdir()
    assert sorted(path.name for path in backup.iterdir()) == ["database.dump", "manifest.json", "media.tar.gz"]
    assert "==> Dumping the database" in made.stdout and "Backup complete" in made.stdout

    restored_media = tmp_path / "restored-media"
    target_url = url_for(restored_name)
    done = run_script("restore", str(backup), "--database-url", target_url, "--media-root", str(restored_media))
    assert done.returncode == 0, done.stderr
    assert "Restore complete" in done.stdout

    for model, columns in CHECKS.items():
        table = model._meta.db_table
        original = rows(source_url, table, columns)
        assert original, f"the demo has {model.__name__} rows"
        assert rows(target_url, table, columns) == original, model.__name__

    images = get_image_model().objects.all()
    assert images.exists()
    for image in images:
        restored_file = restored_media / image.file.name
        assert restored_file.read_bytes() == (demo / image.file.name).read_bytes(), image.file.name
    assert {path.relative_to(restored_media) for path in restored_media.rglob("*") if path.is_file()} == {
        path.relative_to(demo) for path in demo.rglob("*") if path.is_file()
    }

    again = run_script("restore", str(backup), "--database-url", target_url, "--media-root", str(restored_media))
    assert again.returncode == 1
    assert "already has" in again.stderr and "--replace" in again.stderr
    assert "Traceback" not in again.stderr

    replaced = run_script(
        "restore", str(backup), "--database-url", target_url, "--media-root", str(restored_media), "--replace"
    )
    assert replaced.returncode == 0, replaced.stderr
    assert rows(target_url, Page._meta.db_table, CHECKS[Page]) == rows(source_url, Page._meta.db_table, CHECKS[Page])


def test_a_damaged_backup_is_refused_before_anything_is_touched(tmp_path):
    backup = tmp_path / "20260101T000000Z"
    backup.mkdir()
    (backup / "database.dump").write_bytes(b"not a dump")
    (backup / "media.tar.gz").write_bytes(b"")
    (backup / "manifest.json").write_text(
        '{"created_at": "x", "database": {"name": "portal"}, "files": {"database.dump": {"sha256": "0"}}}'
    )
    result = run_script("restore", str(backup), "--database-url", url_for("never_created_h7b"))
    assert result.returncode == 1
    assert "does not match its checksum" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("database_url", "message"),
    [
        ("", "DATABASE_URL must be a PostgreSQL URL"),
        ("sqlite:///var/portal.sqlite3", "DATABASE_URL must be a PostgreSQL URL"),
        ("postgres://postgres@127.0.0.1:1/portal", "pg_dump failed"),
    ],
)
def test_a_backup_without_a_reachable_postgresql_fails_clearly(tmp_path, database_url, message):
    result = run_script("backup", "--dest", str(tmp_path), DATABASE_URL=database_url)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == [], "no partial backup is left behind"
