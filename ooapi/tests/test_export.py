"""`manage.py export_ooapi` writes the feed as files a registry can take: each one what the endpoint answers."""

import json
from io import StringIO

from django.core.management import call_command
from django.test import Client

from .conformance import BASE


def test_the_feed_is_written_to_a_folder_of_json_files(site_tree, tmp_path):
    out = StringIO()
    call_command("export_ooapi", str(tmp_path), "--base-url", "https://programmes.example.edu", stdout=out)
    key = site_tree.programme.translation_key
    programme = json.loads((tmp_path / "programmes" / f"{key}.json").read_text())
    assert programme["name"][0]["value"] == "Master of European Social Security"
    assert programme["link"].startswith("https://programmes.example.edu/")
    listed = json.loads((tmp_path / "programmes.json").read_text())
    assert [item["programmeId"] for item in listed["items"]] == [str(key)]
    offerings = json.loads((tmp_path / "programmes" / str(key) / "programme-offerings.json").read_text())["items"]
    for offering in offerings:
        assert (tmp_path / "programme-offerings" / f"{offering['programmeOfferingId']}.json").exists()
    assert json.loads((tmp_path / "index.json").read_text()) == Client().get(f"{BASE}/").json()
    assert (tmp_path / f"organisations/{site_tree.school.translation_key}/programmes.json").exists()
    assert "Wrote" in out.getvalue()
