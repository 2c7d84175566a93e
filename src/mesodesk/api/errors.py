"""One shape for every 422: the field that is wrong, a sentence, and the details."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as ModelValidationError
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from mesodesk.clinic.errors import InputError

# ninja nests the body under the parameter's name; a client knows only its own fields.
_WRAPPERS = {"body", "payload", "query", "path"}


# A refused value can be megabytes long (an unknown code, a field name): an error names it,
# it does not send it back whole.
_LONGEST_TEXT = 200


def _short(value: Any) -> Any:
    if isinstance(value, str) and len(value) > _LONGEST_TEXT:
        return value[:_LONGEST_TEXT] + "…"
    return value


def _field_path(loc: list[Any] | tuple[Any, ...]) -> str:
    parts = [p for p in loc if p not in _WRAPPERS]
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "body"


def input_error_from(error: ModelValidationError) -> InputError:
    """A service's ValidationError as the API's 422: its first field and messages."""
    field, messages = next(iter(error.message_dict.items()))
    return InputError(field, " ".join(messages))


def unprocessable(
    api: NinjaAPI, request: HttpRequest, field: str, message: str, detail: list[dict[str, Any]]
) -> HttpResponse:
    field, message = _short(field), _short(message)
    detail = [
        {k: ([_short(p) for p in v] if k == "loc" else _short(v)) for k, v in item.items()} for item in detail
    ]
    return api.create_response(
        request, {"field": field, "error": f"{field}: {message}", "detail": detail}, status=422
    )


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def _schema_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [dict(e) for e in exc.errors]
        first = errors[0] if errors else {"loc": ["body"], "msg": "invalid"}
        field = _field_path(first.get("loc", ["body"]))
        for e in errors:
            e["loc"] = list(e.get("loc", ()))
            e.pop("ctx", None)
            e.pop("url", None)
            e.pop("input", None)
        return unprocessable(api, request, field, str(first.get("msg", "invalid")), errors)

    @api.exception_handler(InputError)
    def _input_error(request: HttpRequest, exc: InputError) -> HttpResponse:
        detail = [
            {
                "loc": ["body", *exc.field.replace("[", ".").replace("]", "").split(".")],
                "msg": exc.message,
            }
        ]
        return unprocessable(api, request, exc.field, exc.message, detail)

    @api.exception_handler(ModelValidationError)
    def _service_refused(request: HttpRequest, exc: ModelValidationError) -> HttpResponse:
        # A service's refusal (full_clean, a business rule) names its field like a schema error.
        error = input_error_from(exc)
        detail = [{"loc": ["body", error.field], "msg": error.message}]
        return unprocessable(api, request, error.field, error.message, detail)

    @api.exception_handler(AuthenticationError)
    def _unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(request, {"detail": "Sign in or give an API token"}, status=401)

    @api.exception_handler(RequestDataTooBig)
    def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return api.create_response(
            request, {"detail": "The body is larger than the server accepts"}, status=413
        )

    @api.exception_handler(DatabaseError)
    def _database_unavailable(request: HttpRequest, exc: DatabaseError) -> HttpResponse:
        # The database refused or timed out (a lock waited on too long, a lost connection).
        # A read's audit line is written before its answer is built, so when that write fails
        # the caller gets this, with no record in it: no read is answered unaudited.
        return api.create_response(
            request, {"detail": "The database is busy or unavailable; try again"}, status=503
        )

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:  # ninja's answer to a body that is not JSON: bad input, so 422
            return unprocessable(
                api, request, "body", "is not valid JSON", [{"loc": ["body"], "msg": str(exc)}]
            )
        return api.create_response(request, {"detail": exc.message}, status=exc.status_code)
