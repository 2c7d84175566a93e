"""mesodesk's settings with the floors' URLs added (bench/floor_app.py)."""

from mesodesk.settings import *  # noqa: F403

ROOT_URLCONF = "floor_app"
