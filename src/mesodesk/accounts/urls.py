from django.urls import path
from django.views.generic import RedirectView

from mesodesk.accounts import views, views_two_factor

app_name = "accounts"
urlpatterns = [
    # The dashboard is the desk app's (mesodesk.desk, top floor), mounted at / before this
    # module, so it answers there. The name stays for what reverses it (LOGIN_REDIRECT_URL,
    # the header's brand link, a redirect after switching clinic); were the desk not mounted,
    # this would send to its page.
    path("", RedirectView.as_view(pattern_name="desk:dashboard"), name="dashboard"),
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-in/code/", views_two_factor.sign_in_code, name="sign_in_code"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("account/two-factor/", views_two_factor.two_factor, name="two_factor"),
    path("account/two-factor/setup/", views_two_factor.two_factor_setup, name="two_factor_setup"),
    path(
        "account/two-factor/recovery-codes/",
        views_two_factor.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("account/two-factor/off/", views_two_factor.two_factor_off, name="two_factor_off"),
    path("clinic/", views.switch_clinic, name="switch_clinic"),
]
