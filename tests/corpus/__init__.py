"""Hostile input, reusable by any suite: text for every field, and files for uploads.

mesodesk has no upload yet (no FileField, no request.FILES); the file corpus waits for the
charting issue's photos, whose tests should refuse each of `HOSTILE_FILES` with a clear
message and write nothing outside the storage root."""

from __future__ import annotations

# Each carries its number, so a failure names the payload; `MARK` finds them unescaped.
MARK = "<script>alert('xss-"
XSS = (
    "<script>alert('xss-1')</script>",
    "\"><script>alert('xss-2')</script><input value=\"",
    "'><img src=x onerror=alert('xss-3')>",
    "</textarea><script>alert('xss-4')</script>",
    "javascript:alert('xss-5')//<svg onload=alert('xss-5')>",
)
SQL = (
    "' OR '1'='1' --",
    "'; DROP TABLE patients_patient; --",
    '" OR ""="',
    "1; SELECT pg_sleep(5); --",
    "%' AND 1=1 AND '%'='",
)


def text_payloads() -> tuple[str, ...]:
    """One of each kind in a field that takes text; the XSS ones carry their number."""
    return XSS + SQL


# name, content: what an attacker uploads as a "photo".
HOSTILE_FILES: tuple[tuple[str, bytes], ...] = (
    ("../../../../etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n"),
    ("..\\..\\..\\windows\\win.ini", b"[fonts]\n"),
    ("/absolute/path.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 16),
    ("photo.jpg\x00.html", b"<script>alert('xss-nul')</script>"),
    ("photo.php.jpg", b"\xff\xd8\xff\xe0<?php system($_GET['c']); ?>"),
    ("photo.jpg.html", b"<html><script>alert('xss-ext')</script></html>"),
    ("face.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload=\"alert('xss-svg')\"/>"),
    # A GIF header that is also HTML: a polyglot sniffed as either.
    ("polyglot.gif", b"GIF89a/*<script>alert('xss-gif')</script>*/=0;"),
    ("<script>alert('xss-name')</script>.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 16),
    ("con.jpg", b"\xff\xd8\xff\xe0"),
    ("a" * 300 + ".jpg", b"\xff\xd8\xff\xe0"),
    ("empty.jpg", b""),
)


def oversize(megabytes: int = 30) -> bytes:
    """A JPEG header followed by megabytes of nothing: larger than any photo allowed."""
    return b"\xff\xd8\xff\xe0" + b"\x00" * (megabytes * 1024 * 1024)
