"""`manage.py export_ooapi FOLDER`: the whole OOAPI feed as JSON files, for a static push to a registry.

Each file is exactly what the endpoint answers (the views run on a request built for `--base-url`), at the path of
its URL: `index.json` for the service, `programmes/<id>.json`, `programmes/<id>/programme-offerings.json`,
collections as `programmes.json` with every item on one page (pageSize 250, further pages as `programmes.2.json`).
"""

import json
from pathlib import Path
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from django.test import RequestFactory
from django.urls import resolve

PREFIX = "/ooapi/v6"


class Command(BaseCommand):
    help = "Write the whole Open Education API feed to a folder of JSON files."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--base-url", default="http://localhost", help="The public origin links use.")

    def handle(self, *args, **options):
        origin = urlsplit(options["base_url"])
        self.requests = RequestFactory(
            SERVER_NAME=origin.hostname or "localhost",
            SERVER_PORT=str(origin.port or (443 if origin.scheme == "https" else 80)),
        )
        self.secure = origin.scheme == "https"
        self.folder = options["folder"]
        self.written = 0
        self.fetch("/", "index")
        for organisation in self.collection("/organisations"):
            identifier = organisation["organisationId"]
            self.fetch(f"/organisations/{identifier}")
            self.collection(f"/organisations/{identifier}/programmes")
        for programme in self.collection("/programmes"):
            identifier = programme["programmeId"]
            self.fetch(f"/programmes/{identifier}")
            for offering in self.collection(f"/programmes/{identifier}/programme-offerings"):
                self.fetch(f"/programme-offerings/{offering['programmeOfferingId']}")
        for session in self.collection("/academic-sessions"):
            self.fetch(f"/academic-sessions/{session['academicSessionId']}")
        self.stdout.write(f"Wrote {self.written} files to {self.folder}")

    def collection(self, path):
        items, number = [], 1
        while True:
            name = path if number == 1 else f"{path}.{number}"
            page = self.fetch(path, name, pageSize=250, pageNumber=number)
            items += page["items"]
            if not page["hasNextPage"]:
                return items
            number += 1

    def fetch(self, path, name=None, **query):
        request = self.requests.get(PREFIX + path, query, secure=self.secure)
        match = resolve(request.path)
        response = match.func(request, *match.args, **match.kwargs)
        if response.status_code != 200:
            raise CommandError(f"{request.get_full_path()} answered {response.status_code}: {response.content[:200]}")
        target = self.folder / f"{(name or path).strip('/')}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(response.content)
        self.written += 1
        return json.loads(response.content)
