from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mesodesk.accounts.access import section_required
from mesodesk.accounts.forms import AuditFilterForm, SignInForm
from mesodesk.accounts.selectors import audit_events_for_clinic, memberships_for
from mesodesk.patients.selectors import patient_id_for_pseudonym, pseudonyms_for

AUDIT_COLUMNS = (
    ("at", "When"),
    ("actor", "Person"),
    ("action", "Action"),
    ("object_type", "Object"),
    ("object_id", "Object id"),
    ("patient_id", "Patient"),
)


class SignInView(LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "You are signed out.")
    return redirect("accounts:sign_in")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/dashboard.html")


@login_required
@require_POST
def switch_clinic(request: HttpRequest) -> HttpResponse:
    clinic_id = request.POST.get("clinic_id", "")
    if clinic_id.isdigit() and memberships_for(request.user).filter(clinic_id=int(clinic_id)).exists():
        request.session["clinic_id"] = int(clinic_id)
    else:
        messages.error(request, "You are not a member of that clinic.")
    return redirect("accounts:dashboard")


@section_required("administration")
def audit(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        page = None
    else:
        data = form.cleaned_data if form.is_bound else {}
        patient_id = None
        if data.get("patient"):
            patient_id = patient_id_for_pseudonym(data["patient"]) or -1
        events = audit_events_for_clinic(
            clinic_id=request.clinic.pk,  # type: ignore[attr-defined]
            start=data.get("start"),
            end=data.get("end"),
            person=data.get("person", ""),
            patient_id=patient_id,
            sort=data.get("sort") or "-at",
        )
        page = Paginator(events, 50).get_page(request.GET.get("page"))
    pseudonyms = pseudonyms_for([e.patient_id for e in page if e.patient_id]) if page is not None else {}
    sort = request.GET.get("sort") or "-at"
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("sort", None)
    columns = [
        {
            "title": title,
            "next_sort": f"-{key}" if sort == key else key,
            "arrow": "▲" if sort == key else ("▼" if sort == f"-{key}" else ""),
        }
        for key, title in AUDIT_COLUMNS
    ]
    return render(
        request,
        "accounts/audit.html",
        {
            "form": form,
            "page": page,
            "rows": [(e, pseudonyms.get(e.patient_id or 0, "")) for e in page] if page is not None else [],
            "columns": columns,
            "sort": sort,
            "filter_query": query.urlencode(),
        },
    )
