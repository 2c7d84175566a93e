"""One-use links (intake, follow-up, outcome): the look-up by token and the page's language,
shared by the three apps whose models extend patients.models.OneUseLink."""

from __future__ import annotations

from typing import TypeVar

from django.http import HttpRequest
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from mesodesk.accounts.tokens import token_hash
from mesodesk.patients.models import Language, OneUseLink

L = TypeVar("L", bound=OneUseLink)


def link_by_token(model: type[L], token: str, *related: str) -> L | None:
    """The link this token belongs to, used, expired or open; None for an unknown token.
    The link carries no clinic: this one look-up runs unscoped, the rest in the link's clinic."""
    with scopes_disabled():
        manager = model._default_manager
        return (
            manager.select_related("clinic", "patient", *related).filter(token_hash=token_hash(token)).first()
        )


def open_link(link: L | None) -> L | None:
    """The link when it can still be used (not used, not expired), else None."""
    return link if link is not None and link.is_open(timezone.now()) else None


def link_language(request: HttpRequest, stored: str | None) -> str:
    """The language of a link's page: the link's own, also when it is used or expired, so the
    page saying so is in the patient's language; for an unknown token ?lang= or the browser's."""
    wanted = stored or request.GET.get("lang") or translation.get_language()
    return wanted if wanted in Language.values else Language.ENGLISH
