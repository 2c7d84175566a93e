from __future__ import annotations

from typing import Any, ClassVar, TypeAlias

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.utils.translation import gettext_lazy as _

# Who acts on a record: a signed-in person. (A patient filling in the intake acts through
# their link: history_update's intake_link.) One type for every service and selector.
Actor: TypeAlias = User


def person_name(user: Actor) -> str:
    """A person as others read them on a page or a paper: full name, else user name."""
    return user.get_full_name().strip() or user.get_username()


class Network(models.Model):
    """A group of clinics that share outcome reporting."""

    name = models.CharField(max_length=120, unique=True)

    def __str__(self) -> str:
        return self.name


class Clinic(models.Model):
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="clinics")
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    # The letterhead of every document the clinic hands out (handouts, quotes, summaries).
    address = models.TextField(_("address"), blank=True, max_length=500)
    # PNG, JPEG or SVG bytes, kept in the database so that a PDF never fetches anything.
    logo = models.BinaryField(_("logo"), blank=True, default=b"", max_length=200_000)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["network", "name"], name="clinic_name_unique_in_network")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """The code is stored; the label is what a person reads, in their language."""

    CLINICIAN = "clinician", _("Clinician")
    ASSISTANT = "assistant", _("Assistant")
    CLINIC_ADMIN = "clinic_admin", _("Clinic administrator")
    NETWORK_ANALYST = "network_analyst", _("Network analyst")


class Membership(models.Model):
    """A person's role in one clinic; the role decides what they may see there."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "clinic"], name="one_role_per_clinic"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.role} at {self.clinic}"


class AuditAction(models.TextChoices):
    """What an audit row records. The code is stored (and hashed); the label is only shown."""

    READ = "read", _("Read")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    SIGN = "sign", _("Sign")
    EXPORT = "export", _("Export")
    SIGN_IN = "sign_in", _("Sign-in")
    SIGN_OUT = "sign_out", _("Sign-out")
    FAILED_SIGN_IN = "failed_sign_in", _("Failed sign-in")
    TWO_FACTOR_ADDED = "two_factor_added", _("Two-factor sign-in turned on")
    TWO_FACTOR_REMOVED = "two_factor_removed", _("Two-factor sign-in turned off")
    RECOVERY_CODES_RENEWED = "recovery_renewed", _("New recovery codes")
    RECOVERY_CODE_USED = "recovery_used", _("Recovery code used")


class AppendOnlyQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("the audit trail is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("the audit trail is append-only")


# The chains of the audit trail: each clinic's id is its own chain's number, and these two.
NO_CLINIC_CHAIN = 0  # events that belong to no clinic, e.g. a failed sign-in for an unknown name
LEGACY_CHAIN = -1  # the one network-wide chain written before per-clinic chains (migration 0003)


class AuditEvent(models.Model):
    """One line of the append-only, hash-chained audit trail.

    Each clinic has its own chain (`chain` is the clinic's id, NO_CLINIC_CHAIN without a
    clinic), so one clinic's writers never wait on another's lock. `hash` is an HMAC,
    under the key `key_id` names (a key the database never holds), of the previous row's
    hash in the same chain and this row's canonical JSON, chain included (see
    accounts.audit); the unique (`chain`, `previous_hash`) forbids a fork
    inside a chain. Database triggers (migrations 0002, 0003) refuse UPDATE and DELETE.
    """

    at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True)  # not a foreign key: the row outlives accounts
    actor = models.CharField(max_length=150, blank=True)
    # No index of their own: every read of the trail names the clinic, and the (clinic_id, …)
    # indexes below serve it; two more b-trees made each audited read dearer (migration 0008).
    clinic_id = models.BigIntegerField(null=True)
    patient_id = models.BigIntegerField(null=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=60, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    chain = models.BigIntegerField()
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    key_id = models.CharField(max_length=16)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["id"]
        indexes: ClassVar = [
            models.Index(fields=["clinic_id", "at"], name="audit_clinic_at"),
            # The audit page sorts by each of these columns (accounts.selectors.AUDIT_SORTS) and
            # pages by keyset on (column, id): one index each, so a page reads its rows in order.
            models.Index(fields=["clinic_id", "actor", "id"], name="audit_clinic_actor"),
            models.Index(fields=["clinic_id", "action", "id"], name="audit_clinic_action"),
            models.Index(fields=["clinic_id", "object_type", "id"], name="audit_clinic_object_type"),
            models.Index(fields=["clinic_id", "object_id", "id"], name="audit_clinic_object_id"),
            models.Index(fields=["clinic_id", "patient_id", "id"], name="audit_clinic_patient"),
            # A writer reads its chain's last row; verification walks each chain in order.
            models.Index(fields=["chain", "id"], name="audit_chain_id"),
        ]
        constraints: ClassVar = [
            # One successor per link: two writers chaining onto the same row is a fork.
            models.UniqueConstraint(fields=["chain", "previous_hash"], name="audit_no_fork_in_chain"),
            # A row sits in its clinic's chain, or in the no-clinic one, or in the legacy one.
            models.CheckConstraint(
                condition=models.Q(chain=LEGACY_CHAIN)
                | models.Q(clinic_id__isnull=True, chain=NO_CLINIC_CHAIN)
                | models.Q(clinic_id__isnull=False, chain=models.F("clinic_id")),
                name="audit_chain_is_the_clinics",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("the audit trail is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("the audit trail is append-only")


class AuditListedPatient(models.Model):
    """A patient named by an audit event that lists several (a list page, a search answer, the
    dashboard): the event is one signed line whose detail holds the patients' ids, and these
    rows index it by patient, so that "who saw this patient" finds the listing as it finds a
    read of the patient alone (accounts.selectors.audit_events_for_clinic).

    One row per patient here writes one place in one index, where a signed line per patient
    wrote four (its hash, its link, its patient and its object): a 25-row list wrote about 150
    pages of SQLite (docs/performance.md, "One line per listing"). The signed detail is the
    truth; `audit verify` checks these rows against it. Append-only, as the trail (0009)."""

    pk = models.CompositePrimaryKey("event_id", "patient_id")
    event_id = models.BigIntegerField()  # not a foreign key: as the trail, written in bulk, verified apart
    clinic_id = models.BigIntegerField()
    patient_id = models.BigIntegerField()

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["clinic_id", "patient_id", "event_id"], name="audit_listed_patient")
        ]

    def __str__(self) -> str:
        return f"event {self.event_id}: patient {self.patient_id}"


class ApiToken(models.Model):
    """A bearer token for the HTTP API, bound to one person in one clinic. Only its hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"


class FailedSignInTally(models.Model):
    """Failed sign-ins that name nobody, or that a lockout refused, counted per address and
    hour: one row however many there are, where an audit row each would grow without bound
    under a flood. Rows older than TALLY_DAYS are removed as new ones are written."""

    address = models.CharField(max_length=45, blank=True)  # an IPv6 address at most; "" unknown
    hour = models.DateTimeField()
    unknown_names = models.PositiveIntegerField(default=0)
    refused_while_locked = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["address", "hour"], name="one_tally_per_address_and_hour")
        ]

    def __str__(self) -> str:
        return f"{self.address} {self.hour:%Y-%m-%d %H:00}"
