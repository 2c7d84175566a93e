"""The intake a patient fills in from a link, with no sign-in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django_scopes import scope

from mesodesk.patients.intake import intake_invitation_for_token, intake_submit
from mesodesk.patients.intake_forms import IntakeForm
from mesodesk.patients.intake_text import LABELS
from mesodesk.patients.links import link_language, open_link
from mesodesk.patients.models import IntakeInvitation


@never_cache
def intake(request: HttpRequest, token: str) -> HttpResponse:
    found = intake_invitation_for_token(token)
    language = link_language(request, found.language if found is not None else None)
    # The whole page, its questions, Django's own form errors and the base layout, in the
    # patient's language, whatever the language of the browser it is opened in.
    with translation.override(language):
        return _intake_page(request, open_link(found), language)


def _intake_page(request: HttpRequest, invitation: IntakeInvitation | None, language: str) -> HttpResponse:
    context = {"text": LABELS, "language": language}
    if invitation is None:
        return render(request, "patients/intake_public.html", {**context, "gone": True}, status=410)
    with scope(clinic=invitation.clinic):
        form = IntakeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                intake_submit(invitation=invitation, answers=form.answers())
            except PermissionError:
                return render(request, "patients/intake_public.html", {**context, "gone": True}, status=410)
            return render(request, "patients/intake_public.html", {**context, "done": True})
        return render(
            request,
            "patients/intake_public.html",
            {**context, "form": form, "clinic": invitation.clinic},
            status=422 if form.errors else 200,
        )
