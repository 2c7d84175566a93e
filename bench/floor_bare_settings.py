"""The floors' settings without any middleware: Django's own cost for a view."""

from floor_settings import *  # noqa: F403

MIDDLEWARE: list[str] = []
