from django.urls import path
from django.views.generic import RedirectView

from mesodesk.accounts import views

app_name = "accounts"
urlpatterns = [
    # The dashboard is the desk app's (mesodesk.desk, top floor), mounted at / before this
    # module, so it answers there. The name stays for what reverses it (LOGIN_REDIRECT_URL,
    # the header's brand link, a redirect after switching clinic); were the desk not mounted,
    # this would send to its page.
    path("", RedirectView.as_view(pattern_name="desk:dashboard"), name="dashboard"),
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("clinic/", views.switch_clinic, name="switch_clinic"),
]
