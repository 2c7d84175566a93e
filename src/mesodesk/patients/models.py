from __future__ import annotations

import datetime
import secrets
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from mesodesk.accounts.models import Clinic

# Crockford's base 32 without look-alike letters, so an id read aloud is typed right.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_pseudonym() -> str:
    return "P-" + "".join(secrets.choice(_ALPHABET) for _ in range(8))


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not stated")


class Language(models.TextChoices):
    # Named in the reader's language: staff read which language the patient prefers.
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    GERMAN = "de", _("German")


class Patient(models.Model):
    """A patient of one clinic. `pseudonym` is what analysts and exports see instead of a name."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="patients")
    pseudonym = models.CharField(max_length=12, unique=True, default=new_pseudonym, editable=False)
    family_name = models.CharField(_("Family name"), max_length=100)
    given_name = models.CharField(_("Given name"), max_length=100)
    date_of_birth = models.DateField(_("Date of birth"))
    sex = models.CharField(_("Sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    email = models.EmailField(_("E-mail"), blank=True)
    phone = models.CharField(_("Phone"), max_length=30, blank=True)
    preferred_language = models.CharField(
        _("Preferred language"), max_length=5, choices=Language.choices, default=Language.ENGLISH
    )
    notes = models.TextField(_("Notes"), blank=True, max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    # Queries outside a clinic scope raise: a forgotten filter fails in tests, not in production.
    objects: ClassVar[models.Manager[Patient]] = ScopedManager(clinic="clinic")

    class Meta:
        ordering: ClassVar = ["family_name", "given_name", "id"]
        indexes: ClassVar = [
            models.Index(fields=["clinic", "family_name", "given_name"], name="patient_clinic_name"),
            models.Index(fields=["clinic", "date_of_birth"], name="patient_clinic_dob"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(sex__in=Sex.values), name="patient_sex_known"),
        ]

    def __str__(self) -> str:
        return f"{self.family_name.upper()} {self.given_name} ({self.pseudonym})"


class History(models.Model):
    """What the patient told us, as it stands now. `version` goes up with every change, so a
    screening, an acknowledgement or a snapshot can say which history it was made from."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.OneToOneField(Patient, on_delete=models.CASCADE, related_name="history")
    version = models.PositiveIntegerField(default=0)
    conditions = models.JSONField(default=list, blank=True)
    allergies = models.JSONField(default=list, blank=True)
    medications = models.JSONField(default=list, blank=True)
    other_medications = models.TextField(blank=True, max_length=2000)
    breastfeeding = models.BooleanField(default=False)
    hair_loss_onset_months = models.PositiveIntegerField(null=True, blank=True)
    expects_quick_results = models.BooleanField(default=False)
    goals = models.TextField(blank=True, max_length=2000)
    areas = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.CharField(max_length=150, blank=True)  # a person's name, shown as is
    # The patient answered through an intake link: no staff member to name.
    updated_through_intake = models.BooleanField(default=False)

    objects: ClassVar[models.Manager[History]] = ScopedManager(clinic="clinic")

    def __str__(self) -> str:
        return f"History of {self.patient_id} v{self.version}"


class ReportedAllergy(models.Model):
    """An allergy given in free text that matches no known ingredient. Until a clinician has
    reviewed it, screening counts it as a caution."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="reported_allergies")
    text = models.CharField(max_length=200)
    reported_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.CharField(max_length=150, blank=True)
    review_note = models.CharField(max_length=500, blank=True)

    objects: ClassVar[models.Manager[ReportedAllergy]] = ScopedManager(clinic="clinic")

    class Meta:
        ordering: ClassVar = ["id"]

    def __str__(self) -> str:
        return self.text


class OneUseLink(models.Model):
    """A link the patient opens without signing in, valid once and until `expires_at`; only
    the token's hash is kept. Intake, follow-up and outcome links share it (see
    patients.links for the look-up by token and the page's language)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=5, choices=Language.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def is_open(self, now: datetime.datetime) -> bool:
        """Not used yet and not expired at `now`."""
        return self.used_at is None and self.expires_at > now


class IntakeInvitation(OneUseLink):
    """A link the patient opens to fill in the medical history."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="intake_invitations")

    objects: ClassVar[models.Manager[IntakeInvitation]] = ScopedManager(clinic="clinic")

    def __str__(self) -> str:
        return f"Intake link for {self.patient_id}"


class Acknowledgement(models.Model):
    """A clinician's written decision to treat despite a relative finding, for one history version."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="acknowledgements")
    code = models.CharField(max_length=60)
    indication = models.CharField(max_length=60)
    formulation = models.CharField(max_length=60, blank=True)
    history_version = models.PositiveIntegerField()
    reason = models.TextField(max_length=2000)
    by = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[Acknowledgement]] = ScopedManager(clinic="clinic")

    def __str__(self) -> str:
        return f"{self.code} acknowledged by {self.by}"


class ScreeningSnapshot(models.Model):
    """The screening exactly as a clinician saw it when deciding (kept with courses and sessions)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="screening_snapshots")
    indication = models.CharField(max_length=60)
    formulation = models.CharField(max_length=60, blank=True)
    history_version = models.PositiveIntegerField()
    result = models.JSONField()
    acknowledged = models.JSONField(default=list, blank=True)  # none acknowledged is valid
    taken_at = models.DateTimeField(auto_now_add=True)
    taken_by = models.CharField(max_length=150)

    objects: ClassVar[models.Manager[ScreeningSnapshot]] = ScopedManager(clinic="clinic")

    def __str__(self) -> str:
        return f"Screening of {self.patient_id} for {self.indication}"


class PhotoScope(models.TextChoices):
    NONE = "none", _("No photos")
    RECORD = "record", _("Photos for the clinical record only")
    TEACHING = "teaching", _("Photos for the record, and for teaching and marketing")


class ConsentTemplate(models.Model):
    """A version of the consent text for one indication and language, built from the
    knowledge base. A new version is made whenever the text it would give changes."""

    indication = models.CharField(max_length=60)
    language = models.CharField(max_length=5, choices=Language.choices)
    version = models.PositiveIntegerField()
    body = models.TextField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["indication", "language", "version"], name="consent_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indication} consent v{self.version} ({self.language})"

    @property
    def label(self) -> str:
        return f"{self.indication}-{self.language}-v{self.version}"


class Consent(models.Model):
    """A signed consent, kept as the PDF the patient signed with its SHA-256. Never edited:
    revocation (of the whole consent or of the photo scope) is recorded beside it."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="consents")
    template = models.ForeignKey(ConsentTemplate, on_delete=models.PROTECT, related_name="consents")
    typed_name = models.CharField(max_length=200)
    photo_scope = models.CharField(max_length=10, choices=PhotoScope.choices)
    signed_at = models.DateTimeField()
    witnessed_by = models.CharField(max_length=150)
    pdf = models.BinaryField()
    pdf_sha256 = models.CharField(max_length=64)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=500, blank=True)
    photos_revoked_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager[Consent]] = ScopedManager(clinic="clinic")

    class Meta:
        ordering: ClassVar = ["-signed_at", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(photo_scope__in=PhotoScope.values), name="consent_photo_scope_known"
            )
        ]

    def __str__(self) -> str:
        return f"Consent {self.template.label} of {self.patient_id}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

    @property
    def effective_photo_scope(self) -> str:
        return PhotoScope.NONE if self.photos_revoked_at or self.revoked_at else self.photo_scope


class DocumentKind(models.TextChoices):
    PRE_CARE = "pre_care", _("Pre-care handout")
    AFTER_CARE = "after_care", _("After-care handout")
    QUOTE = "quote", _("Quote")
    COURSE_SUMMARY = "course_summary", _("Course summary")


class DocumentChannel(models.TextChoices):
    PRINTED = "printed", _("Printed")
    EMAILED = "emailed", _("E-mailed")


class PatientDocument(models.Model):
    """A document handed to the patient, printed or e-mailed, kept as the PDF they received."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    version = models.CharField(_("version"), max_length=20)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    paper = models.CharField(_("paper"), max_length=10)
    channel = models.CharField(_("how"), max_length=10, choices=DocumentChannel.choices)
    # What it was made from (indication, technique, session time, course): codes, never shown.
    detail = models.JSONField(default=dict, blank=True)
    pdf = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150)
    # For an e-mail: when the worker sent it, or why it did not (kept in English, for staff).
    sent_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=200, blank=True)

    objects: ClassVar[models.Manager[PatientDocument]] = ScopedManager(clinic="clinic")

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values), name="document_kind_known"
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=DocumentChannel.values), name="document_channel_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} v{self.version} for {self.patient_id}"
