from django.urls import path

from accordwatch.situation import views, views_io

urlpatterns = [
    path("situation/", views.index, name="situation-index"),
    path("situation/displacement/", views.displacement, name="situation-displacement"),
    path(
        "situation/displacement/print/",
        views.displacement_print,
        name="situation-displacement-print",
    ),
    path("situation/interim/", views.interim, name="situation-interim"),
    path("situation/interim/print/", views.interim_print, name="situation-interim-print"),
    path("situation/heritage/", views.heritage, name="situation-heritage"),
    path("situation/heritage/<slug:key>/", views.site_detail, name="situation-site"),
    path("situation/heritage/<slug:key>/print/", views.site_print, name="situation-site-print"),
    path("situation/figures.csv", views_io.observations_csv, name="situation-figures-csv"),
    path("situation/figures.hxl.csv", views_io.observations_hxl, name="situation-figures-hxl"),
]
