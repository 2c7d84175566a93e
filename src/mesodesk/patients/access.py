"""One access gate for a patient of the active clinic (healthchecks' `_get_check_for_user`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from mesodesk.accounts.access import require_role
from mesodesk.accounts.http import ClinicRequest
from mesodesk.accounts.models import Role
from mesodesk.accounts.roles import may_open
from mesodesk.patients.models import Patient
from mesodesk.patients.selectors import patient_get_for_user


def patient_for_request(request: ClinicRequest, pseudonym: str) -> Patient:
    return patient_get_for_user(user=request.user, patient_pseudonym=pseudonym)


def require_clinician(request: ClinicRequest) -> None:
    require_role(request, Role.CLINICIAN)


def require_patient_record(request: ClinicRequest) -> None:
    """For a page of another section that shows a patient's record (the booking page names the
    patient): the role must open the patients' section, or 403."""
    if not may_open(request.membership.role, "patients"):
        raise PermissionDenied("Your role cannot open patients.")


def patient_shown_to_book(request: ClinicRequest) -> Patient:
    """The guard of the booking page, which names the patient of `?patient=` or of the course
    session `?session=`: the role must open patient records (an administrator does not), and
    the read is audited like any opening of the record. 404 when neither names a patient of
    the active clinic."""
    require_patient_record(request)
    session = request.GET.get("session", "")
    if session.isdigit():
        # The course's patient, found through the reverse relations (patients may not import courses).
        pseudonym = (
            Patient.objects.filter(courses__sessions__pk=int(session))
            .values_list("pseudonym", flat=True)
            .first()
        )
        if pseudonym is None:
            raise Http404("No such session")
    else:
        pseudonym = request.GET.get("patient", "")
    return patient_for_request(request, pseudonym)
