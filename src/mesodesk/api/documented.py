"""The OpenAPI document states every answer an operation can give, not only its happy ones.

The routers list what their own code answers (200, 404, 409…); the answers the API adds
around every operation are stated here once, so a new route is documented without
repeating them: 401 and 403 where a sign-in is needed (no or a bad token, a role that
cannot open the section), 422 wherever something is read from the request (a path id
that is not a number is refused like a bad body), and 413 where a body is read."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from mesodesk.accounts.api_schemas import DetailOut, ErrorOut

_METHODS = {"get", "put", "post", "patch", "delete"}


def _answer(description: str, component: str) -> dict[str, Any]:
    schema = {"$ref": f"#/components/schemas/{component}"}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_AROUND_SIGNED_IN = {
    401: _answer("No session or API token, or one that is no longer valid", "DetailOut"),
    403: _answer("The caller's role cannot open this section", "DetailOut"),
}
_AROUND_INPUT = {422: _answer("Bad input: the field that is wrong and why", "ErrorOut")}
_AROUND_BODY = {413: _answer("The body is larger than the server accepts", "DetailOut")}


class DocumentedAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = document.setdefault("components", {}).setdefault("schemas", {})
        for model in (DetailOut, ErrorOut):
            components.setdefault(
                model.__name__, model.model_json_schema(ref_template="#/components/schemas/{model}")
            )
        for methods in document.get("paths", {}).values():
            for method, operation in methods.items():
                if method in _METHODS:
                    _state_the_answers_around(operation)
        return document


def _state_the_answers_around(operation: dict[str, Any]) -> None:
    responses: dict[Any, Any] = operation.setdefault("responses", {})
    added: dict[int, dict[str, Any]] = {}
    if operation.get("security"):
        added |= _AROUND_SIGNED_IN
    if operation.get("parameters") or operation.get("requestBody"):
        added |= _AROUND_INPUT
    if operation.get("requestBody"):
        added |= _AROUND_BODY
    for status, answer in added.items():
        if status not in responses and str(status) not in responses:
            responses[status] = answer
