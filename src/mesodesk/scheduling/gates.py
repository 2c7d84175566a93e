"""A clinical gate as a person reads it: a title per code and a sentence in the active language.

`mesodesk.clinic.scheduling` stays free of Django and writes its `message` in English for
the API and the stored row; its `params` carry the same facts as plain values (ISO dates,
drug and care codes), and the sentence is written here with gettext, dates formatted for
the reader's language in the clinic's time zone, drugs and care rules by their knowledge-base
label. A stored row from before `params` existed keeps its English message."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext, pgettext, pgettext_lazy

from mesodesk.knowledge.i18n import load_translations
from mesodesk.scheduling.models import AppointmentKind

TITLES: dict[str, Promise] = {
    "outside_window": gettext_lazy("Outside the session's window"),
    "bruising_unresolved": gettext_lazy("Bruising not resolved"),
    "antiplatelet_washout": gettext_lazy("Stop antiplatelet drugs before the session"),
    "screening_contraindicated": gettext_lazy("Contraindicated by the screening"),
    "consent_missing": gettext_lazy("Consent missing"),
    "device_within_72h": gettext_lazy("Device treatment too close to a mesotherapy session"),
    "history_missing": gettext_lazy("Medical history never taken"),
    "course_needed": gettext_lazy("No course to screen the patient for"),
}
LEVELS: dict[str, Promise] = {
    "blocked": gettext_lazy("Blocked"),
    "warning": gettext_lazy("Warning"),
    "advice": gettext_lazy("Advice"),
}


def gate_title(code: str) -> str:
    title = TITLES.get(code)
    # A code this table does not know yet still gets a readable heading, never the code itself.
    return str(title) if title is not None else gettext("Clinical check")


def gate_level(level: str) -> str:
    return str(LEVELS.get(level, LEVELS["warning"]))


def _language() -> str:
    return get_language() or "en"


def _day(iso: str) -> str:
    return formats.date_format(datetime.date.fromisoformat(iso), "DATE_FORMAT")


def when_text(moment: datetime.datetime) -> str:
    """A moment on the clinic's clock as the reader's language writes it: "4 mars 2030 à 09:00"."""
    local = timezone.localtime(moment)
    return pgettext("a day and a time of day", "%(date)s at %(time)s") % {
        "date": formats.date_format(local, "DATE_FORMAT"),
        "time": formats.time_format(local, "TIME_FORMAT"),
    }


def _moment(iso: str) -> str:
    # Stored as UTC or any offset; a person reads it on the clinic's clock.
    return when_text(datetime.datetime.fromisoformat(iso))


def _care(code: str) -> str:
    translations = load_translations()
    for section in ("after_care", "pre_care"):
        try:
            return translations.label(section, code, _language())
        except KeyError:
            continue
    return ""


def drug_labels(codes: list[str], language: str | None = None) -> str:
    """Drug codes by their names in the language (the active one by default), comma-separated."""
    translations = load_translations()
    names = []
    for code in codes:
        try:
            names.append(translations.label("medications", code, language or _language()))
        except KeyError:
            names.append(code)  # not in the knowledge base: the code is all there is
    return ", ".join(names)


# A medicine named inside a sentence ("Stop aspirin by ...") is not its label in a list: French
# takes the article and lower case ("Arrêter l'aspirine"), English and German lower-case what
# is not a noun. Labels (lists, headings) stay as the knowledge base names them.
IN_SENTENCE: dict[str, Promise] = {
    "aspirin": pgettext_lazy("a medicine named inside a sentence", "aspirin"),
    "nsaid": pgettext_lazy("a medicine named inside a sentence", "non-steroidal anti-inflammatory drugs"),
    "dipyridamole": pgettext_lazy("a medicine named inside a sentence", "dipyridamole"),
    "anticoagulant": pgettext_lazy("a medicine named inside a sentence", "anticoagulants"),
}


def drugs_in_sentence(codes: list[str]) -> str:
    """Drug codes as the active language names them inside a sentence: "l'aspirine et le
    dipyridamole". A code without a sentence form is named by its label."""
    names = [str(IN_SENTENCE[c]) if c in IN_SENTENCE else drug_labels([c]) for c in codes]
    if len(names) < 2:
        return "".join(names)
    return pgettext("the last two items of a list", "%(items)s and %(last)s") % {
        "items": ", ".join(names[:-1]),
        "last": names[-1],
    }


def _kind(code: str) -> str:
    return str(AppointmentKind(code).label) if code in AppointmentKind.values else code


def gate_message(gate: Mapping[str, Any]) -> str:
    """The finding's sentence in the active language."""
    code, params = gate.get("code"), gate.get("params") or {}
    try:
        return _sentence(code, params)
    except (KeyError, ValueError, TypeError):
        # A row stored before params existed (or with a code unknown here): its English message.
        return str(gate.get("message", ""))


def _sentence(code: Any, params: Mapping[str, Any]) -> str:
    if code == "outside_window":
        return gettext("%(day)s is outside this session's window, %(earliest)s to %(latest)s.") % {
            "day": _day(params["day"]),
            "earliest": _day(params["earliest"]),
            "latest": _day(params["latest"]),
        }
    if code == "bruising_unresolved":
        sentence = gettext("The previous session left bruising not yet recorded as resolved.")
        return f"{sentence} {_care('next_session_after_bruising')}".strip()
    if code == "antiplatelet_washout":
        hours = int(params["hours"])
        return ngettext(
            "Stop %(drugs)s by %(stop_by)s, %(hours)d hour before the session.",
            "Stop %(drugs)s by %(stop_by)s, %(hours)d hours before the session.",
            hours,
        ) % {
            "drugs": drugs_in_sentence(list(params["drugs"])),
            "stop_by": _moment(params["stop_by"]),
            "hours": hours,
        }
    if code == "screening_contraindicated":
        return gettext(
            "The screening for this course's indication and formulation blocks treatment: an absolute "
            "contraindication, or a relative one no clinician has acknowledged."
        )
    if code == "consent_missing":
        return gettext(
            "No signed consent is in force for this indication; it is required before the first session."
        )
    if code == "history_missing":
        return gettext(
            "No medical history has been taken for this patient: screening cannot clear them for "
            "an injection."
        )
    if code == "course_needed":
        return gettext(
            "A mesotherapy session needs a course (or a screening for an indication): this patient has no "
            "active course to screen them for."
        )
    if code == "device_within_72h":
        hours = int(params["hours"])
        sentence = ngettext(
            "%(treatment)s on %(device_start)s would fall within %(hours)d hour after the mesotherapy "
            "session ending %(session_end)s.",
            "%(treatment)s on %(device_start)s would fall within %(hours)d hours after the mesotherapy "
            "session ending %(session_end)s.",
            hours,
        ) % {
            "treatment": _kind(params["kind"]),
            "device_start": _moment(params["device_start"]),
            "session_end": _moment(params["session_end"]),
            "hours": hours,
        }
        return f"{sentence} {_care(params.get('care', 'no_device_treatments_72h'))}".strip()
    raise KeyError(code)


def gate_shown(gate: Mapping[str, Any]) -> dict[str, Any]:
    """What a page shows of a finding (a `to_dict()` or a stored row): no code, all translated."""
    return {
        "level": gate.get("level", ""),
        "level_label": gate_level(str(gate.get("level", ""))),
        "title": gate_title(str(gate.get("code", ""))),
        "message": gate_message(gate),
        "sources": list(gate.get("sources") or ()),
    }
