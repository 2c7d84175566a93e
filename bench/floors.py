"""The floors: what a request costs before mesodesk does anything, over real HTTP on loopback.

1. a raw WSGI hello (no framework), 2. a Django view with no middleware, 3. a signed-in
static view behind mesodesk's whole middleware stack — each served by gunicorn with the
workers and threads `mesodesk serve` uses (2 and 4 unless MESODESK_WEB_WORKERS/THREADS say),
loaded by bench/harness.py's client (4 keep-alive connections). Prints p50/p95 and requests a
second, and the ratios between them; writes bench/results/floors.json.
Run: .venv/bin/python bench/floors.py   (BENCH_TINY=1: a few requests, for the tests)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

REQUESTS = 40 if harness.TINY else 3000


def main() -> None:
    harness.django_ready()
    from django_scopes import scopes_disabled

    from mesodesk.accounts.models import Membership
    from mesodesk.demo.generate import generate

    made = generate(size="s", patients=5, seed=9001, progress=False)
    with scopes_disabled():
        member = Membership.objects.filter(clinic__slug="gen9001-1").select_related("user").first()
    assert member is not None, made
    cookie = harness.session_cookie(member.user)
    run = harness.Run("floors")
    bench = str(harness.BENCH)
    port = harness.free_port()
    cases = (
        ("wsgi_hello", harness.gunicorn("floor_wsgi:hello", port, pythonpath=bench), {}, "/", ""),
        ("django_bare", harness.gunicorn("mesodesk.wsgi:application", port, pythonpath=bench),
         {"DJANGO_SETTINGS_MODULE": "floor_bare_settings"}, "/bench/bare/", ""),
        ("signed_in", harness.gunicorn("mesodesk.wsgi:application", port, pythonpath=bench),
         {"DJANGO_SETTINGS_MODULE": "floor_settings"}, "/bench/signed-in/", cookie),
    )  # fmt: skip
    for name, command, env, path, with_cookie in cases:
        with harness.server(command, port, env) as address:
            measured = harness.load(address, path, requests=REQUESTS, cookie=with_cookie)
        run.figures[name] = measured
        print(f"{name:20s} p50 {measured['p50_ms']:7.2f} ms   p95 {measured['p95_ms']:7.2f} ms"
              f"   {measured['per_second']:9,.0f} requests/s", flush=True)  # fmt: skip
    rate = {name: run.figures[name]["per_second"] for name, *_ in cases}
    run.ratio(
        "django_bare_to_wsgi", rate["django_bare"] / rate["wsgi_hello"], "Django, no middleware / raw WSGI"
    )
    run.ratio("signed_in_to_wsgi", rate["signed_in"] / rate["wsgi_hello"], "signed-in view / raw WSGI")
    run.ratio(
        "signed_in_to_django_bare", rate["signed_in"] / rate["django_bare"], "signed-in view / bare Django"
    )
    run.notes.append("throughput ratios (requests a second), the same client and server settings")
    run.write()


if __name__ == "__main__":
    main()
