"""What every page of a patient document carries: the clinic's name, address and logo, and
the paper it is printed on. Built by the caller from its clinic; nothing is fetched."""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass
from enum import StrEnum

from mesodesk.accounts.letterhead import logo_content_type


class Paper(StrEnum):
    A4 = "A4"
    LETTER = "letter"


@dataclass(frozen=True)
class Letterhead:
    clinic_name: str
    address: str
    logo: bytes = b""

    @property
    def logo_data_url(self) -> str:
        """An <img> source in the document itself; empty when there is no logo it can show.
        (An SVG shown through <img> runs no script, on the screen as in WeasyPrint.)"""
        content_type = logo_content_type(self.logo)
        if not content_type:
            return ""
        return f"data:{content_type};base64,{base64.b64encode(self.logo).decode('ascii')}"


@dataclass(frozen=True)
class PatientLine:
    """The patient as the document names them."""

    family_name: str
    given_name: str
    date_of_birth: datetime.date  # written as the page's language writes dates
    pseudonym: str
