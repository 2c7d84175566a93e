"""The analyst's registry pages: the network's yearly report, and its downloads. Only the
network analyst's role opens them (accounts.roles: the "registry" section), and only for
the network of the clinic they belong to; every answer is audited."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from mesodesk.accounts.access import section_required
from mesodesk.accounts.http import ClinicRequest
from mesodesk.registry.exports import CONTENT_TYPES, report_context, report_export
from mesodesk.registry.services import FORMATS, registry_audit, registry_report_for_network

FIRST_YEAR = 2000


def year_of(raw: str | None) -> int:
    """The year asked for (this one by default); ValueError with a message naming the field."""
    this_year = timezone.localdate().year
    if raw is None or raw == "":
        return this_year
    if not raw.strip().isdigit() or not FIRST_YEAR <= int(raw) <= this_year + 1:
        raise ValueError(
            gettext("Year: give a year from %(first)d to %(last)d.")
            % {"first": FIRST_YEAR, "last": this_year + 1}
        )
    return int(raw)


def _bad_year(request: ClinicRequest, message: str) -> HttpResponse:
    return render(request, "registry/bad_year.html", {"message": message}, status=400)


@section_required("registry")
def report(request: ClinicRequest) -> HttpResponse:
    try:
        year = year_of(request.GET.get("year"))
    except ValueError as exc:
        return _bad_year(request, str(exc))
    network = request.clinic.network
    result = registry_report_for_network(network_id=network.pk, year=year)
    registry_audit(
        actor=request.user, clinic_id=request.clinic.pk, network_id=network.pk, year=year, output="page"
    )
    context = report_context(result, network.name)
    downloads = [(output, reverse(f"registry:export_{output}")) for output in FORMATS]
    context.update(downloads=downloads, first_year=FIRST_YEAR, last_year=timezone.localdate().year + 1)
    return render(request, "registry/report.html", context)


@section_required("registry")
def export(request: ClinicRequest, output: str) -> HttpResponse:
    try:
        year = year_of(request.GET.get("year"))
    except ValueError as exc:
        return _bad_year(request, str(exc))
    network = request.clinic.network
    result = registry_report_for_network(network_id=network.pk, year=year)
    registry_audit(
        actor=request.user, clinic_id=request.clinic.pk, network_id=network.pk, year=year, output=output
    )
    response = HttpResponse(report_export(result, network.name, output), content_type=CONTENT_TYPES[output])
    response["Content-Disposition"] = f'attachment; filename="registry-{year}.{output}"'
    return response
