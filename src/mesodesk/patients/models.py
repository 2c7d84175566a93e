from __future__ import annotations

import secrets
from typing import ClassVar

from django.db import models
from django_scopes import ScopedManager

from mesodesk.accounts.models import Clinic

# Crockford's base 32 without look-alike letters, so an id read aloud is typed right.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_pseudonym() -> str:
    return "P-" + "".join(secrets.choice(_ALPHABET) for _ in range(8))


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not stated"


class Patient(models.Model):
    """A patient of one clinic. `pseudonym` is what analysts and exports see instead of a name."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="patients")
    pseudonym = models.CharField(max_length=12, unique=True, default=new_pseudonym, editable=False)
    family_name = models.CharField("Family name", max_length=100)
    given_name = models.CharField("Given name", max_length=100)
    date_of_birth = models.DateField("Date of birth")
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
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
