"""The OpenAPI document is valid JSON for every reader: no object holds a key twice. An
int status in `response=` and the same status as a string in `openapi_extra` came out as two
"200" keys, which Python's json keeps quietly (the last wins) and Swagger UI refuses whole."""

from __future__ import annotations

import json

from django.test import Client


def test_no_object_of_the_openapi_document_repeats_a_key(client: Client) -> None:
    repeated: list[list[str]] = []

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        keys = [key for key, _ in items]
        if len(set(keys)) != len(keys):
            repeated.append(keys)
        return dict(items)

    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    json.loads(response.content, object_pairs_hook=pairs)
    assert repeated == []
