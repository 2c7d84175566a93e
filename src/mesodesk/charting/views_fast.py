"""Fast charting's two buttons: repeat the last session, lay a protocol's grid. Thin: the form,
the service (services_fast), the record again."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from mesodesk.accounts.access import section_required
from mesodesk.accounts.http import ClinicRequest
from mesodesk.charting.forms_fast import RepeatForm, TemplateForm
from mesodesk.charting.models import Syringe
from mesodesk.charting.selectors import record_get
from mesodesk.charting.services_fast import record_repeat_last, template_apply
from mesodesk.charting.views import SECTION, write_form


def _done(count: int) -> str:
    return ngettext("%(count)d point charted.", "%(count)d points charted.", count) % {"count": count}


@require_POST
@section_required(SECTION)
def repeat(request: ClinicRequest, record_id: int) -> HttpResponse:
    record = record_get(record_id)
    form = RepeatForm(request.POST, syringes=Syringe.objects.filter(record=record))
    return write_form(
        request, record, "repeat_form", form,
        lambda: record_repeat_last(record=record, by=request.user, syringe=form.cleaned_data["syringe"]),
        lambda count: gettext("The last session was repeated: %(done)s") % {"done": _done(count)},
    )  # fmt: skip


@require_POST
@section_required(SECTION)
def template(request: ClinicRequest, record_id: int) -> HttpResponse:
    record = record_get(record_id)
    form = TemplateForm(request.POST, syringes=Syringe.objects.filter(record=record))
    return write_form(
        request, record, "template_form", form,
        lambda: template_apply(record=record, by=request.user, **form.applied()),
        _done,
    )  # fmt: skip
