from django.urls import path

from mesodesk.inventory import views

app_name = "inventory"
urlpatterns = [
    path("", views.products, name="products"),
    path("products/new/", views.product_new, name="product_new"),
    path("products/<int:product_id>/", views.product_detail, name="product"),
    path("products/<int:product_id>/receive/", views.lot_new, name="receive"),
    path("lots/<int:lot_id>/", views.lot_detail, name="lot"),
    path("count/", views.stock_count, name="count"),
]
