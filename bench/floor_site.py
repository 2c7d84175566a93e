"""mesodesk's settings with one more page, the floor the API is measured against
(bench/floor_urls.py). bench/api_reads.py serves this module
(DJANGO_SETTINGS_MODULE=bench.floor_site) so that the floor and the API are measured in
one server, one run."""

from __future__ import annotations

from mesodesk.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
