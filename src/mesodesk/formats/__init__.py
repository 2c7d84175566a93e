"""Browsers' date and time inputs (type="date", type="time") exchange ISO values whatever
the page's language, so the value Django renders into them must be ISO: each language's
module here puts ISO first among its input formats (the first is the one rendered) and
keeps the language's own forms after it, so they are still accepted when typed."""

from __future__ import annotations

from importlib import import_module

ISO_DATE, ISO_TIME = "%Y-%m-%d", "%H:%M"


def iso_first(language: str) -> tuple[list[str], list[str]]:
    """(DATE_INPUT_FORMATS, TIME_INPUT_FORMATS) for `language`, ISO first."""
    django_formats = import_module(f"django.conf.locale.{language}.formats")
    dates = getattr(django_formats, "DATE_INPUT_FORMATS", [])
    times = getattr(django_formats, "TIME_INPUT_FORMATS", ["%H:%M:%S", "%H:%M:%S.%f"])
    return [ISO_DATE, *(f for f in dates if f != ISO_DATE)], [ISO_TIME, *(f for f in times if f != ISO_TIME)]
