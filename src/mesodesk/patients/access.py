"""One access gate for a patient of the active clinic (healthchecks' `_get_check_for_user`)."""

from __future__ import annotations

from mesodesk.accounts.access import require_role
from mesodesk.accounts.http import ClinicRequest
from mesodesk.accounts.models import Role
from mesodesk.patients.models import Patient
from mesodesk.patients.selectors import patient_get_for_user


def patient_for_request(request: ClinicRequest, pseudonym: str) -> Patient:
    return patient_get_for_user(user=request.user, patient_pseudonym=pseudonym)


def require_clinician(request: ClinicRequest) -> None:
    require_role(request, Role.CLINICIAN)
