"""Schemathesis against the OpenAPI, in-process: every operation, with each role's token.

No answer may be a server error, stray from its documented schema or status codes, or
refuse a request its own schema allows, except by a rule the schema cannot state (a date in
the past, a patient without a history…), which answers 422 naming the field. `make fuzz`
runs the same with schemathesis' coverage phase added (every boundary value of every field)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from mesodesk.accounts.models import Clinic, Membership, Role
from mesodesk.accounts.services import api_token_create
from mesodesk.patients.models import Patient
from tests.conftest import make_patient

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# The coverage phase (every boundary and off-schema value of every field, whatever the
# number of examples) is most of the run's time: `make fuzz` runs it, `make test` does not.
schema.config.phases.coverage.enabled = os.environ.get("MESODESK_FUZZ_COVERAGE") == "1"

# 200 examples of every operation with each role's token, in `make test` too (issue 10): the
# Makefile runs this module in its own process beside the rest of the suite (docs/security-tests.md).
# The variables set fewer by hand, for a quick look.
EXAMPLES = int(os.environ.get("MESODESK_FUZZ_EXAMPLES", "200"))
EXAMPLES_OTHER_ROLES = int(os.environ.get("MESODESK_FUZZ_EXAMPLES_OTHER_ROLES", str(EXAMPLES)))

# 422s that mean the document lied about the request's shape, whichever layer said them.
_SHAPE_REFUSALS = (
    "is not valid JSON",
    "must be a date as YYYY-MM-DD",
    "must be a real date",
    "must be an ISO 8601",
    "must carry a time zone",
    "cannot be null",
    "must not contain a NUL",
)


@schemathesis.check
def schema_valid_requests_are_refused_only_by_rules(ctx: Any, response: Any, case: Any) -> None:
    """A request the document allows may be refused (422) by a clinical or booking rule the
    document cannot state, never for its shape. A whole number written as 120.0 is the one
    reading JSON Schema allows and the API does not (the CLI does not either)."""
    if not case.meta.generation.mode.is_positive or response.status_code != 422:
        return
    answer = json.loads(response.content)
    for item in answer["detail"]:
        by_schema = "type" in item and item["type"] != "int_type"
        if by_schema or any(words in str(item.get("msg")) for words in _SHAPE_REFUSALS):
            raise AssertionError(f"a request its schema allows was refused for its shape: {answer}")


@pytest.fixture(autouse=True)
def _requests_keep_the_test_transaction(db: Any) -> Iterator[None]:
    # The app runs in this test's transaction: a request must not close the connection
    # when it starts or ends (Django's own test client does the same).
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (signals.request_started, signals.request_finished):
            signal.connect(close_old_connections)


def _call(case: Any, headers: dict[str, str], *, probe_auth: bool = True) -> None:
    # ignored_auth sends the request again without the token whenever it succeeds: the same
    # request whoever's token it was, so the clinician's run makes it for every role.
    excluded: list[Any] = (
        [positive_data_acceptance] if probe_auth else [positive_data_acceptance, ignored_auth]
    )
    case.call_and_validate(
        headers=headers,
        excluded_checks=excluded,
        additional_checks=[schema_valid_requests_are_refused_only_by_rules],
    )


def _patient(clinic: Clinic) -> Patient:
    return make_patient(clinic, family="Fuzz", given="Target")


def _with_a_real_patient(
    case: Any, headers: dict[str, str], patient: Patient, *, probe_auth: bool = True
) -> None:
    """A random id finds nothing: the same request again on a patient that exists.

    Sent as a new case (`derive`), its patient id and headers assigned, not edited in place:
    schemathesis freezes a case's labels (which parts are valid, so whether it must be refused)
    when the case is first sent, and re-reads only the parts assigned since. Editing the sent
    case in place re-sent it under its first labels: a negative case whose only invalid part was
    its patient id (too long) still had to be refused on the real patient, whose valid request
    answers 200 (ST201, "schema-violating request accepted"). The headers are judged as sent,
    with the token in place of a generated Authorization; any other invalid part keeps its label
    and must still be refused."""
    if "patient_id" in (case.path_parameters or {}):
        again = case.derive(keep_auth=True)
        again.path_parameters = {**case.path_parameters, "patient_id": patient.pseudonym}
        sent = again.headers.copy()
        sent.update(headers)
        again.headers = sent
        _call(again, headers, probe_auth=probe_auth)


def _bearer(django_user_model: Any, clinic: Clinic, role: str) -> dict[str, str]:
    # A token needs no password: none is hashed (argon2 took most of a second for each of the
    # 196 tests' set-up).
    user = django_user_model.objects.create_user(username=f"fuzz-{role}", password=None)
    Membership.objects.create(user=user, clinic=clinic, role=role)
    _, key = api_token_create(user=user, clinic=clinic, name="fuzz")
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def clinician(django_user_model: Any, clinic_a: Clinic) -> tuple[dict[str, str], Patient]:
    return _bearer(django_user_model, clinic_a, Role.CLINICIAN), _patient(clinic_a)


@pytest.fixture(params=[Role.ASSISTANT, Role.CLINIC_ADMIN, Role.NETWORK_ANALYST])
def other_role(request: Any, django_user_model: Any, clinic_a: Clinic) -> tuple[dict[str, str], Patient]:
    return _bearer(django_user_model, clinic_a, request.param), _patient(clinic_a)


_SETTINGS: dict[str, Any] = {
    "derandomize": True,
    "deadline": None,
    "database": None,
    "suppress_health_check": list(HealthCheck),
}


@schema.parametrize()
@settings(max_examples=EXAMPLES, **_SETTINGS)
def test_no_operation_misbehaves_for_a_clinician(
    case: Any, clinician: tuple[dict[str, str], Patient]
) -> None:
    headers, patient = clinician
    _call(case, headers)
    _with_a_real_patient(case, headers, patient)


@schema.parametrize()
@settings(max_examples=EXAMPLES_OTHER_ROLES, **_SETTINGS)
def test_no_operation_misbehaves_for_the_other_roles(
    case: Any, other_role: tuple[dict[str, str], Patient]
) -> None:
    headers, patient = other_role
    _call(case, headers, probe_auth=False)
    _with_a_real_patient(case, headers, patient, probe_auth=False)
