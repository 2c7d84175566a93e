from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mesodesk.accounts.forms import SignInForm
from mesodesk.accounts.selectors import memberships_for
from mesodesk.accounts.two_factor import has_two_factor
from mesodesk.accounts.views_two_factor import start_code_step


class SignInView(LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if has_two_factor(user):
            # Not signed in yet: the password was only the first factor.
            return start_code_step(self.request, user, self.get_redirect_url())
        return super().form_valid(form)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("accounts:sign_in")


@login_required
@require_POST
def switch_clinic(request: HttpRequest) -> HttpResponse:
    clinic_id = request.POST.get("clinic_id", "")
    if clinic_id.isdigit() and memberships_for(request.user).filter(clinic_id=int(clinic_id)).exists():
        request.session["clinic_id"] = int(clinic_id)
    else:
        messages.error(request, _("You are not a member of that clinic."))
    return redirect("accounts:dashboard")
