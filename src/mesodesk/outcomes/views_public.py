"""The questionnaire a patient opens from a link, with no sign-in, in their language."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django_scopes import scope

from mesodesk.outcomes.forms import QuestionnaireForm
from mesodesk.outcomes.links import outcome_link_for_token, outcome_link_submit
from mesodesk.outcomes.models import OutcomeLink
from mesodesk.outcomes.selectors import clinic_instruments, instruments
from mesodesk.patients.links import link_language, open_link


@never_cache
def outcome_link(request: HttpRequest, token: str) -> HttpResponse:
    found = outcome_link_for_token(token)
    # The page, its choices and Django's own errors in the patient's language.
    with translation.override(link_language(request, found.language if found is not None else None)):
        return _page(request, open_link(found))


def _page(request: HttpRequest, link: OutcomeLink | None) -> HttpResponse:
    if link is None:
        return render(request, "outcomes/public.html", {"gone": True}, status=410)
    with scope(clinic=link.clinic):
        own = clinic_instruments()
        known = instruments(own)
        scales = [known[c] for c in link.instruments if c in known]
        form = QuestionnaireForm(request.POST or None, scales=scales, own=own)
        if request.method == "POST" and form.is_valid():
            try:
                outcome_link_submit(link=link, answers=form.answers())
            except PermissionError:
                return render(request, "outcomes/public.html", {"gone": True}, status=410)
            except ValidationError as exc:
                for field, problems in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                return render(request, "outcomes/public.html", {"done": True})
        return render(
            request,
            "outcomes/public.html",
            {"form": form, "clinic": link.clinic, "language": translation.get_language()},
            status=422 if form.errors else 200,
        )
