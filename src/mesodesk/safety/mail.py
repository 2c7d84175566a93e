"""The e-mail to a clinic's administrators when a signal is raised, as a task the
database-backed worker (`mesodesk worker`) runs; sent once per signal."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django_scopes import scopes_disabled
from django_tasks import task

from mesodesk.accounts.models import Membership, Role
from mesodesk.safety.models import SafetySignal


@task()
def send_signal_mail(signal_id: int) -> str:
    """No patient is named: the administrators open the events in mesodesk."""
    with scopes_disabled():
        signal = SafetySignal.objects.select_related("clinic").get(pk=signal_id)
        if signal.emailed_at is not None:
            return "already sent"
        to = sorted(
            {
                m.user.email
                for m in Membership.objects.filter(
                    clinic_id=signal.clinic_id, role=Role.CLINIC_ADMIN
                ).select_related("user")
                if m.user.email
            }
        )
        if not to:
            return "not sent: the clinic has no administrator with an e-mail address"
        count = signal.events.count()
        # Administrators have no stored language: the site's.
        with translation.override(settings.LANGUAGE_CODE):
            subject = gettext("Safety signal at %(clinic)s") % {"clinic": signal.clinic.name}
            body = "\n\n".join(
                [
                    gettext(
                        "%(count)s infections or serious adverse events, the first on %(first)s "
                        "and the latest on %(last)s, share %(what)s."
                    )
                    % {
                        "count": count,
                        "first": formats.date_format(signal.first_onset, "SHORT_DATE_FORMAT"),
                        "last": formats.date_format(signal.last_onset, "SHORT_DATE_FORMAT"),
                        "what": dimension_label(signal.dimension),
                    },
                    gettext("Open the events in mesodesk: %(path)s")
                    % {"path": reverse("safety:signal", args=[signal.pk])},
                ]
            )
        send_mail(subject, body, None, to)
        SafetySignal.objects.filter(pk=signal.pk).update(emailed_at=timezone.now())
        return "sent"


def dimension_label(dimension: str) -> str:
    """What the reports share, in words (never the code)."""
    words = {
        "clinician": gettext("the same clinician"),
        "lot": gettext("the same lot"),
        "product": gettext("the same product"),
    }
    return words.get(dimension, gettext("a common cause"))
