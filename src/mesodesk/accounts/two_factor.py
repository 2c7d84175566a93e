"""Two-factor sign-in (django-otp): one authenticator app (TOTP) per person and ten single-use
recovery codes (a static device). A device counts once it is confirmed by a first code.

Required for clinic administrators and network analysts (middleware.TwoFactorRequiredMiddleware
sends them here first), optional for everyone else. Each change is audited."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.models import Actor, AuditAction, Membership

RECOVERY_CODES = 10
_DEVICE_NAME = "mesodesk"


def _clinic_of(user: Actor) -> int | None:
    # A person's events go to their first clinic's chain, as the sign-in events do. They name
    # no object: the action says it all (the audit page labels every object type it shows).
    return Membership.objects.filter(user=user).order_by("id").values_list("clinic_id", flat=True).first()


def has_two_factor(user: Any) -> bool:
    """A confirmed authenticator app: the sign-in asks for its code after the password."""
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def totp_device_start(*, user: Actor) -> TOTPDevice:
    """The authenticator app being set up: the one started before, else a new secret.
    It counts for nothing until totp_device_confirm."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice(user=user, name=_DEVICE_NAME, confirmed=False)
        device.full_clean()
        device.save()
    return device


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The setup address as a QR code, in SVG drawn here (no image service, no script)."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=4, border=2, omitsize=True))


def _normalised(code: str) -> str:
    return "".join(code.split()).lower()


@transaction.atomic
def totp_device_confirm(*, user: Actor, device: TOTPDevice, code: str) -> list[str]:
    """Turn the app on with its first code. It replaces any app set up before, and comes with
    new recovery codes, returned to be shown once."""
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError({"code": _("This set-up has expired: start again.")})
    if not device.verify_token(_normalised(code)):
        raise ValidationError({"code": _("This code is not the one your app shows now. Try the next one.")})
    replaced = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()[0] > 0
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_by(
        user,
        AuditAction.TWO_FACTOR_ADDED,
        clinic_id=_clinic_of(user),
        detail={"replaced": replaced},
    )
    return _new_recovery_codes(user)


def _new_recovery_codes(user: Actor) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "recovery", "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def recovery_codes_renew(*, user: Actor) -> list[str]:
    """Ten new recovery codes; the old ones stop working. Only with an authenticator app on."""
    if not has_two_factor(user):
        raise ValidationError(_("Turn on two-factor sign-in first."))
    codes = _new_recovery_codes(user)
    audit_by(user, AuditAction.RECOVERY_CODES_RENEWED, clinic_id=_clinic_of(user))
    return codes


@transaction.atomic
def two_factor_remove(*, user: Actor, code: str) -> None:
    """Turn two-factor sign-in off, proven by a current code (or a recovery code)."""
    if sign_in_code_check(user=user, code=code) is None:
        raise ValidationError({"code": _("This code is not valid.")})
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_by(user, AuditAction.TWO_FACTOR_REMOVED, clinic_id=_clinic_of(user))


def recovery_codes_left(user: Any) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def sign_in_code_check(*, user: Actor, code: str) -> Device | None:
    """The device whose code this is (the app's, else a recovery code, which is then used up),
    or None. A used recovery code is audited."""
    code = _normalised(code)
    if not code:
        return None
    if code.isdigit() and len(code) == 6:
        # An app's code; tried on the app only, as each miss slows that device's next check.
        for totp in TOTPDevice.objects.filter(user=user, confirmed=True):
            if totp.verify_token(code):
                return totp
        return None
    for static in StaticDevice.objects.filter(user=user, confirmed=True):
        if static.verify_token(code):
            audit_by(
                user,
                AuditAction.RECOVERY_CODE_USED,
                clinic_id=_clinic_of(user),
                detail={"left": recovery_codes_left(user)},
            )
            return static
    return None
