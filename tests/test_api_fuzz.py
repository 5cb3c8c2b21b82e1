"""Every API operation, fuzzed from the OpenAPI document (schemathesis), as
an anonymous caller and with a token of each kind of role: no answer is a
server error, and every answer is one the document declares, with a body
that matches its schema.

Bounded and repeatable: a fixed seed and a fixed number of examples per
operation and generation mode (valid data, and data that breaks the schema).
Requests go to the WSGI application in this process. The data is committed
(transactional_db), so services run as in production: no test transaction
around them, and on_commit callbacks run.
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from blangkon.accounts.services import api_token_issue
from blangkon.api.api import api
from blangkon.catalog.bulk.sample import sample_rows
from blangkon.catalog.bulk.services import bulk_upload_create
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.bulk_fixtures import xlsx_upload
from blangkon.catalog.tests.factories import Market, make_product
from blangkon.documents.services import stored_file_create
from blangkon.documents.tests import samples
from conftest import TRANSACTIONAL, reference_data_reload

# A fixed seed and count, so every run sends the same requests: the whole
# test stays near two minutes on two cores. To search harder or elsewhere
# locally, set FUZZ_EXAMPLES (e.g. 150) and FUZZ_SEED.
SEED = int(os.environ.get("FUZZ_SEED", "20261205"))
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
BEYOND_BIGINT = (2**63, -(2**63) - 1)
# Pydantic's own messages are English ("Input should be a valid integer");
# the API names a refused field in the caller's language (Indonesian here).
PYDANTIC_ENGLISH = ("Input should", "Value error", "Field required", "Unable to parse")


@schemathesis.check
def field_messages_in_indonesian(ctx: Any, response: Any, case: Any) -> bool | None:
    if response.status_code != 400 or "json" not in response.headers.get("content-type", [""])[0]:
        return None
    body = response.json()
    messages = body.get("fields", {}).values() if isinstance(body, dict) else []
    english = [message for message in messages if str(message).startswith(PYDANTIC_ENGLISH)]
    assert not english, f"{case.operation.label}: field messages in English: {english}"
    return None


CHECKS = [
    field_messages_in_indonesian,
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
PERSONAS = [
    None,  # anonymous
    "pp.batang",  # an OPD official
    "pemilik.vendor",  # a vendor owner
    "admin.batang",  # a kab/kota admin
    "admin.provinsi",  # the provincial admin
]

# Authenticated by the bank's signature, not a token: 401 to everyone here.
SIGNED_BY_THE_BANK = {"POST /api/v1/payments/bank-callback"}

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
APPLICATION = WSGIHandler()


@dataclass
class Run:
    headers: dict[str, str]
    known_ids: dict[str, list[Any]]
    failures: list[str] = field(default_factory=list)
    # Operations that answered something other than 401 at least once: with a
    # live token, every one should (a revoked token once made the rest 401).
    answered: set[str] = field(default_factory=set)


def operations() -> Iterator[Any]:
    for result in SCHEMA.get_all_operations():
        # A part of the document schemathesis cannot read is a defect too.
        assert isinstance(result, Ok), result.err()
        yield result.ok()


def _is_integer(parameter: Any) -> bool:
    schema = parameter.definition.get("schema", {})
    kinds = [schema, *schema.get("anyOf", [])]
    return any(kind.get("type") == "integer" for kind in kinds)


def _beyond_bigint(operation: Any) -> Any | None:
    """Cases with an integer parameter that does not fit PostgreSQL's bigint:
    random integers seldom reach one, and such a value once ended as a 500."""
    locations = (("query", operation.query), ("path", operation.path_parameters))
    targets = [
        (location, parameter.name, value)
        for location, parameters in locations
        for parameter in parameters
        if _is_integer(parameter)
        for value in BEYOND_BIGINT
    ]
    if not targets:
        return None

    def case_with(target: tuple[str, str, int]) -> Any:
        location, name, value = target
        if location == "query":
            return operation.as_strategy(query={name: value})
        return operation.as_strategy(path_parameters={name: value})

    return st.sampled_from(targets).flatmap(case_with)


def _existing(operation: Any, known_ids: dict[str, list[Any]]) -> Any | None:
    """Cases that name objects that exist, which random ids almost never do."""
    names = [parameter.name for parameter in operation.path_parameters]
    if not names or not all(name in known_ids for name in names):
        return None
    values = st.fixed_dictionaries({name: st.sampled_from(known_ids[name]) for name in names})
    return values.flatmap(lambda chosen: operation.as_strategy(path_parameters=chosen))


def cases(operation: Any, mode: GenerationMode, known_ids: dict[str, list[Any]]) -> Any:
    """Generated cases; with valid data, also cases naming existing objects
    and cases with integers beyond PostgreSQL's bigint."""
    generated = operation.as_strategy(generation_mode=mode)
    if mode is GenerationMode.NEGATIVE:
        return generated
    extra = [_existing(operation, known_ids), _beyond_bigint(operation)]
    return st.one_of(generated, *[strategy for strategy in extra if strategy is not None])


def fuzz(operation: Any, mode: GenerationMode, run: Run) -> None:
    @hypothesis.seed(SEED)
    @hypothesis.settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    @hypothesis.given(case=cases(operation, mode, run.known_ids))
    def check(case: Any) -> None:
        response = case.call(app=APPLICATION, headers=run.headers)
        if response.status_code != 401:
            run.answered.add(operation.label)
        case.validate_response(response, checks=CHECKS)

    try:
        check()
    except hypothesis.errors.Unsatisfiable:
        pass  # nothing in this operation can be made invalid (no parameters, no body)
    except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001 - reported below
        run.failures.append(f"{operation.label} ({mode.value}): {failure}")


pytestmark = TRANSACTIONAL


@pytest.fixture(autouse=True)
def reference_data(settings: Any, tmp_path: Path) -> None:
    reference_data_reload()  # the flush after an earlier transactional test removed it
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def known_ids(market: Market) -> dict[str, list[Any]]:
    """Objects of every kind an operation's path can name."""
    owner = market.batang_owner
    live = make_product(market, ProductStatus.TAYANG)
    waiting = make_product(market, ProductStatus.SUBMITTED, vendor=market.kendal_vendor)
    document = stored_file_create(
        actor=owner,
        owner=market.world.vendor,
        kind="ktp",
        upload=samples.upload("ktp.jpg", samples.jpeg()),
    )
    upload = bulk_upload_create(actor=owner, upload=xlsx_upload(sample_rows(3).content))
    return {
        "product_id": [live.pk, waiting.pk],
        "vendor_id": [market.batang_vendor.pk, market.kendal_vendor.pk],
        "file_id": [str(document.pk)],
        "upload_id": [upload.pk],
    }


@pytest.mark.fuzz
@pytest.mark.parametrize("persona", PERSONAS)
def test_no_operation_fails_or_answers_outside_its_schema(
    market: Market, known_ids: dict[str, list[Any]], persona: str | None
) -> None:
    run = Run({}, known_ids)
    for operation in operations():
        if persona:
            # A token of its own for each operation: the fuzzed
            # DELETE /auth/tokens/{token_id} revokes the one it is sent with.
            _token, raw = api_token_issue(user=market.user(persona))
            run.headers = {"Authorization": f"Bearer {raw}"}
        for mode in MODES:
            fuzz(operation, mode, run)
    assert run.failures == [], "\n\n".join(run.failures)
    if persona:
        token_operations = {operation.label for operation in operations()} - SIGNED_BY_THE_BANK
        unanswered = sorted(token_operations - run.answered)
        assert unanswered == [], f"{persona} was never let in: {unanswered}"
