"""The intake a patient fills in from a link, with no sign-in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django_scopes import scope

from mesodesk.patients.intake import intake_invitation_for_token, intake_language_for_token, intake_submit
from mesodesk.patients.intake_forms import IntakeForm
from mesodesk.patients.intake_text import LABELS
from mesodesk.patients.models import IntakeInvitation, Language


def _language(request: HttpRequest, token: str, invitation: IntakeInvitation | None) -> str:
    """The invitation's language, also when it is used or expired; for an unknown token,
    ?lang= or the browser's."""
    if invitation is not None:
        wanted: str | None = invitation.language
    else:
        wanted = intake_language_for_token(token) or request.GET.get("lang") or translation.get_language()
    return wanted if wanted in Language.values else Language.ENGLISH


@never_cache
def intake(request: HttpRequest, token: str) -> HttpResponse:
    invitation = intake_invitation_for_token(token)
    language = _language(request, token, invitation)
    # The whole page, its questions, Django's own form errors and the base layout, in the
    # patient's language, whatever the language of the browser it is opened in.
    with translation.override(language):
        return _intake_page(request, invitation, language)


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
