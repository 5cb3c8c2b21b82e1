"""A release package checked against the copies of the official OCDS 1.1.5
schema (jsonschema, draft 4) with every $ref resolved from the repository,
never the network; and the values of the codelists the mapping uses."""

import csv
import datetime
import json
from functools import cache
from typing import Any

from jsonschema import Draft4Validator
from referencing import Registry
from referencing.jsonschema import DRAFT4

from blangkon.ocds.schema import CODELISTS, RELEASE_PACKAGE_SCHEMA, RELEASE_SCHEMA


@cache
def _validator() -> Draft4Validator:
    package = json.loads(RELEASE_PACKAGE_SCHEMA.read_text())
    release = json.loads(RELEASE_SCHEMA.read_text())
    # The package refers to the release schema by its canonical URL: served
    # from the copy. A $ref to anything else would fail (nothing to retrieve).
    registry: Registry[Any] = Registry().with_resources(
        (schema["id"], DRAFT4.create_resource(schema)) for schema in (package, release)
    )
    return Draft4Validator(package, registry=registry)


@cache
def codelist(name: str) -> frozenset[str]:
    with (CODELISTS / f"{name}.csv").open(encoding="utf-8") as rows:
        return frozenset(row["Code"] for row in csv.DictReader(rows))


def _codelist_problems(release: dict[str, Any]) -> list[str]:
    """The codes the mapping writes, each in its codelist (a missing one is
    the schema's to report)."""
    found = [("releaseTag", tag) for tag in release.get("tag", [])]
    for party in release.get("parties", []):
        found += [("partyRole", role) for role in party.get("roles", [])]
    tender = release.get("tender", {})
    found += [("tenderStatus", tender.get("status")), ("method", tender.get("procurementMethod"))]
    found += [("awardStatus", award.get("status")) for award in release.get("awards", [])]
    for contract in release.get("contracts", []):
        found.append(("contractStatus", contract.get("status")))
        for milestone in contract.get("implementation", {}).get("milestones", []):
            found += [
                ("milestoneStatus", milestone.get("status")),
                ("milestoneType", milestone.get("type")),
            ]
    return [
        f"{release['id']}: {value!r} is not in {name}"
        for name, value in found
        if value is not None and value not in codelist(name)
    ]


DATE_KEYS = frozenset(
    {"date", "dateSigned", "dateMet", "dateModified", "dueDate", "startDate", "endDate"}
    | {"publishedDate"}
)


def _dates(value: Any, path: str = "") -> list[str]:
    """Every date-time field parses as RFC 3339 with an offset."""
    problems: list[str] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in DATE_KEYS:
                moment = datetime.datetime.fromisoformat(inner)
                if moment.tzinfo is None:
                    problems.append(f"{path}.{key}: no offset")
            else:
                problems += _dates(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            problems += _dates(inner, f"{path}[{index}]")
    return problems


def package_problems(package: dict[str, Any]) -> list[str]:
    """Everything wrong with the package; empty when it is valid."""
    problems = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message[:300]}"
        for error in _validator().iter_errors(package)
    ]
    for release in package["releases"]:
        problems += _codelist_problems(release)
    return problems + _dates(package)
