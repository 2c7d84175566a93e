"""The intake a patient fills in from a link, with no sign-in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django_scopes import scope

from mesodesk.patients.intake import intake_invitation_for_token, intake_submit
from mesodesk.patients.intake_forms import IntakeForm
from mesodesk.patients.intake_text import LABELS


@never_cache
def intake(request: HttpRequest, token: str) -> HttpResponse:
    invitation = intake_invitation_for_token(token)
    language = invitation.language if invitation else request.GET.get("lang", "en")
    language = language if language in ("en", "fr") else "en"
    text = {key: value[language] for key, value in LABELS.items()}
    if invitation is None:
        return render(
            request,
            "patients/intake_public.html",
            {"text": text, "language": language, "gone": True},
            status=410,
        )
    with scope(clinic=invitation.clinic):
        form = IntakeForm(request.POST or None, language=language)
        if request.method == "POST" and form.is_valid():
            try:
                intake_submit(invitation=invitation, answers=form.answers())
            except PermissionError:
                return render(
                    request,
                    "patients/intake_public.html",
                    {"text": text, "language": language, "gone": True},
                    status=410,
                )
            return render(
                request, "patients/intake_public.html", {"text": text, "language": language, "done": True}
            )
        return render(
            request,
            "patients/intake_public.html",
            {"text": text, "language": language, "form": form, "clinic": invitation.clinic},
            status=422 if form.errors else 200,
        )
