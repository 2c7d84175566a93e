"""The recall pages: a lot, a product or a supplier, and who received it. Clinicians and
assistants see names and contacts; a clinic's administrator sees pseudonyms only, and may not
print the letters, which name the patients. Every answer is audited, page and exports alike."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from mesodesk.accounts.access import section_required
from mesodesk.accounts.http import ClinicRequest
from mesodesk.accounts.roles import may_open
from mesodesk.recall.csv_export import recall_csv
from mesodesk.recall.letters import letters_pdf
from mesodesk.recall.selectors import (
    RecallTarget,
    recall_rows,
    target_lot,
    target_product,
    target_supplier,
)
from mesodesk.recall.services import recall_audit


def _names(request: ClinicRequest) -> bool:
    return may_open(request.membership.role, "patients")


def _answer(request: ClinicRequest, target: RecallTarget, output: str) -> HttpResponse:
    names = _names(request)
    if output == "letters" and not names:
        raise PermissionDenied(gettext("Your role sees no patient names, and the letters name them."))
    rows = recall_rows(target)
    recall_audit(actor=request.user, clinic_id=request.clinic.pk, target=target, rows=rows, output=output)
    filename = f"recall-{target.kind}-{target.key if target.kind != 'supplier' else 'supplier'}"
    if output == "csv":
        response = HttpResponse(recall_csv(rows, with_contacts=names), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    if output == "letters":
        response = HttpResponse(letters_pdf(clinic=request.clinic, rows=rows), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}-letters.pdf"'
        return response
    patients = len({row.patient_id for row in rows})
    return render(
        request,
        "recall/recall.html",
        {
            "target": target,
            "rows": rows,
            "names": names,
            "patients": patients,
            "query": request.GET.urlencode(),
        },
    )


@section_required("inventory")
def lot(request: ClinicRequest, lot_id: int, output: str = "page") -> HttpResponse:
    return _answer(request, target_lot(lot_id), output)


@section_required("inventory")
def product(request: ClinicRequest, product_id: int, output: str = "page") -> HttpResponse:
    return _answer(request, target_product(product_id), output)


@section_required("inventory")
def supplier(request: ClinicRequest, output: str = "page") -> HttpResponse:
    return _answer(request, target_supplier(request.GET.get("name", "")[:120]), output)
