from django.urls import path

from mesodesk.recall import views

app_name = "recall"
urlpatterns = [
    path("lots/<int:lot_id>/", views.lot, name="lot"),
    path("lots/<int:lot_id>/recall.csv", views.lot, {"output": "csv"}, name="lot_csv"),
    path("lots/<int:lot_id>/letters.pdf", views.lot, {"output": "letters"}, name="lot_letters"),
    path("products/<int:product_id>/", views.product, name="product"),
    path("products/<int:product_id>/recall.csv", views.product, {"output": "csv"}, name="product_csv"),
    path(
        "products/<int:product_id>/letters.pdf", views.product, {"output": "letters"}, name="product_letters"
    ),
    path("supplier/", views.supplier, name="supplier"),
    path("supplier/recall.csv", views.supplier, {"output": "csv"}, name="supplier_csv"),
    path("supplier/letters.pdf", views.supplier, {"output": "letters"}, name="supplier_letters"),
]
