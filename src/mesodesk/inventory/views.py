"""The stock pages: parse the form, call a service, render. Clinicians, assistants and clinic
administrators manage stock (the "inventory" section); another clinic's rows are a 404."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from mesodesk.accounts.access import section_required
from mesodesk.accounts.forms_util import add_service_errors
from mesodesk.accounts.http import ClinicRequest
from mesodesk.inventory.alerts import EXPIRY_WARNING_DAYS
from mesodesk.inventory.forms import DiscardForm, LotForm, ProductForm, StockCountForm, kb_name
from mesodesk.inventory.selectors import (
    lot_get,
    lots_of,
    lots_suggested,
    lots_to_count,
    movements_of,
    product_get,
    products_list,
)
from mesodesk.inventory.services import (
    lot_discard,
    lot_receive,
    oily_refusal,
    product_create,
    stock_count_record,
)
from mesodesk.knowledge.loader import load_knowledge


@section_required("inventory")
def products(request: ClinicRequest) -> HttpResponse:
    return render(request, "inventory/products.html", {"products": products_list()})


@section_required("inventory")
def product_new(request: ClinicRequest) -> HttpResponse:
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            product = product_create(clinic=request.clinic, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Product saved. Receive its first lot."))
            return redirect("inventory:product", product_id=product.pk)
    return render(request, "inventory/product_new.html", {"form": form}, status=422 if form.errors else 200)


@section_required("inventory")
def product_detail(request: ClinicRequest, product_id: int) -> HttpResponse:
    product = product_get(product_id)
    kb = load_knowledge()
    return render(
        request,
        "inventory/product_detail.html",
        {
            "product": product,
            "lots": lots_of(product),
            "suggested": lots_suggested(product, timezone.localdate()).first(),
            "today": timezone.localdate(),
            "soon": timezone.localdate() + datetime.timedelta(days=EXPIRY_WARNING_DAYS),
            "formulation": kb_name("formulations", product.formulation) if product.formulation else "",
            "ingredients": [kb_name("ingredients", code) for code in product.ingredients],
            "oily_refusal": oily_refusal() if product.oily else "",
            "requirement_sources": ", ".join(kb.drug_requirement_by_code["not_oily"].sources),
        },
    )


@section_required("inventory")
def lot_new(request: ClinicRequest, product_id: int) -> HttpResponse:
    product = product_get(product_id)
    form = LotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lot_receive(product=product, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Lot received."))
            return redirect("inventory:product", product_id=product.pk)
    return render(
        request,
        "inventory/lot_new.html",
        {"form": form, "product": product},
        status=422 if form.errors else 200,
    )


@section_required("inventory")
def lot_detail(request: ClinicRequest, lot_id: int) -> HttpResponse:
    """The lot and its movements; its form discards units (broken, expired, contaminated)."""
    lot = lot_get(lot_id)
    form = DiscardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lot_discard(lot=lot, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            count = form.cleaned_data["quantity"]
            messages.success(
                request,
                ngettext("%(count)d unit discarded.", "%(count)d units discarded.", count) % {"count": count},
            )
            return redirect("inventory:lot", lot_id=lot.pk)
    return render(
        request,
        "inventory/lot_detail.html",
        {"lot": lot, "movements": movements_of(lot), "today": timezone.localdate(), "form": form},
        status=422 if form.errors else 200,
    )


@section_required("inventory")
def stock_count(request: ClinicRequest) -> HttpResponse:
    form = StockCountForm(request.POST or None, lots=list(lots_to_count()))
    if request.method == "POST" and form.is_valid():
        try:
            moved = stock_count_record(
                clinic=request.clinic, by=request.user, counted=form.counted(), note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Count recorded: %(count)d lot adjusted.",
                    "Count recorded: %(count)d lots adjusted.",
                    len(moved),
                )
                % {"count": len(moved)},
            )
            return redirect("inventory:products")
    return render(request, "inventory/count.html", {"form": form}, status=422 if form.errors else 200)
