"""Session records: what was injected, where, how deep, with which needle, from which lots.

A record is a draft while the clinician charts, then signed: from then on it never changes.
The models refuse to save or delete a signed record's rows (`RecordLocked`), and the database
refuses it too, whatever the code does (triggers, migration 0002); corrections are
amendments, added beside the record, which stays as it was signed.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from mesodesk.accounts.models import Clinic
from mesodesk.charting.bodymap import SIZE, view_choices
from mesodesk.courses.models import CourseSession
from mesodesk.inventory.models import Lot, StockMovement
from mesodesk.patients.models import Patient
from mesodesk.scheduling.models import Appointment


class RecordLocked(Exception):
    """A signed record, or one of its rows, was about to be changed."""


class RecordStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")


class Delivery(models.TextChoices):
    MANUAL = "manual", _("By hand")
    GUN = "gun", _("Injector gun")


class Disinfectant(models.TextChoices):
    CHLORHEXIDINE = "chlorhexidine", _("Chlorhexidine")
    ALCOHOL_70 = "alcohol_70", _("70 % alcohol")


class Bleeding(models.TextChoices):
    NONE = "none", _("None")
    PINPOINT = "pinpoint", _("Pinpoint")
    OOZING = "oozing", _("Oozing, stopped by pressure")


class SessionRecord(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    appointment = models.OneToOneField(
        Appointment, on_delete=models.PROTECT, related_name="session_record", verbose_name=_("appointment")
    )
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="session_records")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("clinician")
    )
    course_session = models.ForeignKey(
        CourseSession, on_delete=models.PROTECT, null=True, blank=True, related_name="records"
    )
    # The pre-session checklist.
    screening_current = models.BooleanField(_("screening still current"), default=False)
    consent_in_force = models.BooleanField(_("consent in force"), default=False)
    precare_followed = models.BooleanField(_("pre-care followed"), default=False)
    bruising_resolved = models.BooleanField(_("previous bruising resolved"), default=False)
    gloves_worn = models.BooleanField(_("gloves worn"), default=False)
    disinfectant = models.CharField(
        _("skin disinfected with"), max_length=20, choices=Disinfectant.choices, blank=True
    )
    delivery = models.CharField(
        _("injected"), max_length=10, choices=Delivery.choices, default=Delivery.MANUAL
    )
    gun_model = models.CharField(_("injector gun"), max_length=120, blank=True)
    # Immediate observations and after-care.
    bleeding = models.CharField(_("bleeding"), max_length=10, choices=Bleeding.choices, blank=True)
    pain = models.PositiveSmallIntegerField(
        _("pain (0 to 10)"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    aftercare = models.JSONField(_("after-care given"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.DRAFT
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects: ClassVar[models.Manager[SessionRecord]] = ScopedManager(clinic="clinic")

    class Meta:
        verbose_name = _("session record")
        verbose_name_plural = _("session records")
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(pain__lte=10), name="record_pain_0_to_10"),
            models.CheckConstraint(
                condition=models.Q(status="draft", signed_at__isnull=True, signed_by__isnull=True)
                | models.Q(status="signed", signed_at__isnull=False, signed_by__isnull=False),
                name="record_signed_has_who_and_when",
            ),
        ]

    # Whether the row was signed when read: a signed record is never saved again.
    _signed_when_loaded = False

    def __str__(self) -> str:
        return f"Session record {self.pk} ({self.status})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._signed_when_loaded:
            raise RecordLocked("a signed session record is never changed; add an amendment")
        super().save(*args, **kwargs)
        self._signed_when_loaded = self.status == RecordStatus.SIGNED

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self._signed_when_loaded or self.status == RecordStatus.SIGNED:
            raise RecordLocked("a signed session record is never deleted")
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> SessionRecord:
        record = super().from_db(db, field_names, values)
        record._signed_when_loaded = record.status == RecordStatus.SIGNED
        return record

    @property
    def signed(self) -> bool:
        return self.status == RecordStatus.SIGNED


class RecordPart(models.Model):
    """A row of a record (syringe, point, area, site): refused once its record is signed."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    record = models.ForeignKey(SessionRecord, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_when_signed()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse_when_signed()
        return super().delete(*args, **kwargs)

    def _refuse_when_signed(self) -> None:
        # Unscoped on purpose: the row is this part's own record, whatever scope is active.
        status = (
            SessionRecord._base_manager.filter(pk=self.record_id).values_list("status", flat=True).first()
        )
        if status == RecordStatus.SIGNED:
            raise RecordLocked("a signed session record is never changed; add an amendment")


class Syringe(RecordPart):
    """One syringe prepared for the session: a cocktail of one or more products, each from a lot."""

    record = models.ForeignKey(SessionRecord, on_delete=models.PROTECT, related_name="syringes")
    label = models.CharField(_("syringe"), max_length=20)

    objects: ClassVar[models.Manager[Syringe]] = ScopedManager(clinic="clinic")

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["record", "label"], name="syringe_label_unique_in_record"),
        ]

    def __str__(self) -> str:
        return self.label


class SyringeLot(RecordPart):
    """A product drawn into a syringe from one lot, with its volume. Stock moves only at signing:
    `movement` is the lot's draw, set then, and never before."""

    record = models.ForeignKey(SessionRecord, on_delete=models.PROTECT, related_name="syringe_lots")
    syringe = models.ForeignKey(Syringe, on_delete=models.PROTECT, related_name="lots")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="+", verbose_name=_("lot"))
    volume_ml = models.DecimalField(
        _("volume (ml)"), max_digits=6, decimal_places=2,
        validators=[MinValueValidator(0.01), MaxValueValidator(100)],
    )  # fmt: skip
    movement = models.OneToOneField(
        StockMovement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects: ClassVar[models.Manager[SyringeLot]] = ScopedManager(clinic="clinic")

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(volume_ml__gt=0), name="syringe_lot_volume_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.volume_ml} ml of lot {self.lot_id}"

    @property
    def units_drawn(self) -> int:
        return -self.movement.quantity if self.movement else 0


_position = [MinValueValidator(0), MaxValueValidator(SIZE)]
_depth = [MinValueValidator(0.1), MaxValueValidator(50)]
_needle_length = [MinValueValidator(1), MaxValueValidator(100)]


class Placed(RecordPart):
    view = models.CharField(_("view"), max_length=20, choices=view_choices())
    region = models.CharField(_("region"), max_length=40)
    technique = models.CharField(_("technique"), max_length=30)
    depth_mm = models.DecimalField(_("depth (mm)"), max_digits=4, decimal_places=1, validators=_depth)
    needle_gauge = models.PositiveSmallIntegerField(
        _("needle gauge (G)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(10), MaxValueValidator(40)],
    )
    needle_length_mm = models.DecimalField(
        _("needle length (mm)"), max_digits=4, decimal_places=1, validators=_needle_length
    )

    class Meta:
        abstract = True


class InjectionPoint(Placed):
    record = models.ForeignKey(SessionRecord, on_delete=models.PROTECT, related_name="points")
    syringe = models.ForeignKey(Syringe, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    x = models.FloatField(_("across"), validators=_position)
    y = models.FloatField(_("down"), validators=_position)
    volume_ml = models.DecimalField(
        _("volume (ml)"), max_digits=5, decimal_places=3,
        validators=[MinValueValidator(0.001), MaxValueValidator(10)],
    )  # fmt: skip

    objects: ClassVar[models.Manager[InjectionPoint]] = ScopedManager(clinic="clinic")

    class Meta:
        ordering: ClassVar = ["id"]

    def __str__(self) -> str:
        return f"{self.technique} at {self.view} {self.x:g},{self.y:g}"


class NappageArea(Placed):
    record = models.ForeignKey(SessionRecord, on_delete=models.PROTECT, related_name="areas")
    syringe = models.ForeignKey(Syringe, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    polygon = models.JSONField(_("outline"))
    pricks_per_second = models.DecimalField(
        _("pace (pricks a second)"), max_digits=3, decimal_places=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(10)],
    )  # fmt: skip
    total_volume_ml = models.DecimalField(
        _("total volume (ml)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(0.01), MaxValueValidator(20)],
    )  # fmt: skip

    objects: ClassVar[models.Manager[NappageArea]] = ScopedManager(clinic="clinic")

    class Meta:
        ordering: ClassVar = ["id"]

    def __str__(self) -> str:
        return f"nappage on {self.view}"

    def centre(self) -> tuple[float, float]:
        xs = [float(p[0]) for p in self.polygon]
        ys = [float(p[1]) for p in self.polygon]
        return sum(xs) / len(xs), sum(ys) / len(ys)


class PerfusionSite(Placed):
    record = models.ForeignKey(SessionRecord, on_delete=models.PROTECT, related_name="sites")
    syringe = models.ForeignKey(Syringe, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    x = models.FloatField(_("across"), validators=_position)
    y = models.FloatField(_("down"), validators=_position)
    duration_min = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    rate_ml_per_hour = models.DecimalField(
        _("rate (ml an hour)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(0.01), MaxValueValidator(100)],
    )  # fmt: skip

    objects: ClassVar[models.Manager[PerfusionSite]] = ScopedManager(clinic="clinic")

    class Meta:
        ordering: ClassVar = ["id"]

    def __str__(self) -> str:
        return f"mesoperfusion on {self.view}"

    @property
    def volume_ml(self) -> float:
        return float(self.rate_ml_per_hour) * self.duration_min / 60


class Amendment(models.Model):
    """A note added to a signed record: who, when, why and what it adds or corrects. Never
    changed or deleted (the database refuses it too); shown in order after the record."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    record = models.ForeignKey(SessionRecord, on_delete=models.PROTECT, related_name="amendments")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    change = models.TextField(_("what it adds or corrects"), max_length=4000)

    objects: ClassVar[models.Manager[Amendment]] = ScopedManager(clinic="clinic")

    class Meta:
        ordering: ClassVar = ["at", "id"]

    def __str__(self) -> str:
        return f"Amendment {self.pk} of record {self.record_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise RecordLocked("an amendment is never changed; add another")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RecordLocked("an amendment is never deleted")


class PhotoMoment(models.TextChoices):
    BEFORE = "before", _("Before")
    AFTER = "after", _("After")


class Photo(models.Model):
    """A before or after photograph of one view of the body map, taken at a session.

    The picture is kept outside the static root (MEDIA_ROOT/photos/), re-encoded without its
    metadata (EXIF, GPS), and served only by an authorised, audited view. It is not part of
    the signed record: an "after" photograph is often taken once the record is signed."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="photos")
    record = models.ForeignKey(SessionRecord, on_delete=models.PROTECT, related_name="photos")
    view = models.CharField(_("view"), max_length=20, choices=view_choices())
    moment = models.CharField(_("before or after"), max_length=10, choices=PhotoMoment.choices)
    file_name = models.CharField(max_length=200, unique=True)  # relative to MEDIA_ROOT
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # Set only when the patient's consent allows teaching and marketing use.
    teaching_use = models.BooleanField(_("may be used for teaching and marketing"), default=False)
    taken_at = models.DateTimeField(_("taken at"), auto_now_add=True)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects: ClassVar[models.Manager[Photo]] = ScopedManager(clinic="clinic")

    class Meta:
        ordering: ClassVar = ["taken_at", "id"]
        verbose_name = _("photograph")
        verbose_name_plural = _("photographs")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(moment__in=["before", "after"]), name="photo_moment_known"
            ),
        ]

    def __str__(self) -> str:
        return f"Photo {self.pk} ({self.moment}, {self.view})"

    @staticmethod
    def thumbnail_for(file_name: str) -> str:
        """Where a photograph's thumbnail is kept: beside it, for the record page's strip."""
        return file_name.removesuffix(".jpg") + ".thumb.jpg"
