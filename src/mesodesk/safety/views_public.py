"""The follow-up form a patient opens from a link, with no sign-in, in their language."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django_scopes import scope

from mesodesk.patients.links import link_language, open_link
from mesodesk.safety.followup import follow_up_link_for_token, follow_up_submit
from mesodesk.safety.forms import PatientReportForm
from mesodesk.safety.models import FollowUpLink


@never_cache
def follow_up(request: HttpRequest, token: str) -> HttpResponse:
    found = follow_up_link_for_token(token)
    # The page, its choices and Django's own errors in the patient's language.
    with translation.override(link_language(request, found.language if found is not None else None)):
        return _page(request, open_link(found))


def _page(request: HttpRequest, link: FollowUpLink | None) -> HttpResponse:
    if link is None:
        return render(request, "safety/follow_up_public.html", {"gone": True}, status=410)
    with scope(clinic=link.clinic):
        form = PatientReportForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                follow_up_submit(link=link, **form.cleaned_data)
            except PermissionError:
                return render(request, "safety/follow_up_public.html", {"gone": True}, status=410)
            except ValidationError as exc:
                for field, problems in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                return render(request, "safety/follow_up_public.html", {"done": True})
        return render(
            request,
            "safety/follow_up_public.html",
            {"form": form, "clinic": link.clinic, "language": translation.get_language()},
            status=422 if form.errors else 200,
        )
