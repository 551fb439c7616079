"""Checks JSON-LD against the schema.org subset shipped in seo/vocabulary/schemaorg-subset.json.

An error is an unknown type, a property whose domain does not include the object's type (its own or inherited), or
a missing property the portal promises for that type (e.g. a WebSite's name).
"""

import json
from functools import cache
from pathlib import Path

VOCABULARY_FILE = Path(__file__).parent / "vocabulary" / "schemaorg-subset.json"


@cache
def vocabulary():
    return json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))


@cache
def properties_of(type_name):
    """Every property a type accepts: its own and those of all its supertypes."""
    entry = vocabulary()["types"][type_name]
    allowed = set(entry["properties"])
    for parent in entry["parents"]:
        allowed |= properties_of(parent)
    return frozenset(allowed)


def validate(data, path="$"):
    """The errors in a JSON-LD object (or list of them) as readable strings; [] when it is valid."""
    if isinstance(data, list):
        return [error for index, item in enumerate(data) for error in validate(item, f"{path}[{index}]")]
    if not isinstance(data, dict):
        return []
    errors = []
    type_name = data.get("@type")
    if type_name is not None:
        errors += type_errors(data, type_name, path)
    for key, value in data.items():
        if not key.startswith("@"):
            errors += validate(value, f"{path}.{key}")
    return errors


def type_errors(data, type_name, path):
    if type_name not in vocabulary()["types"]:
        return [f"{path}: unknown type {type_name}"]
    allowed = properties_of(type_name)
    errors = [
        f"{path}: {key} is not a property of {type_name}"
        for key in data
        if not key.startswith("@") and key not in allowed
    ]
    required = vocabulary()["required"].get(type_name, [])
    errors += [f"{path}: {type_name} needs {key}" for key in required if data.get(key) in (None, "", [])]
    return errors
