from django.urls import path

from accordwatch.situation import views, views_edit, views_io

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
    # Editors' pages (views_edit); "new" comes before the site's own address.
    path("situation/figures/", views_edit.figures, name="situation-figures-edit"),
    path("situation/figures/new/", views_edit.observation_new, name="situation-figure-new"),
    path(
        "situation/figures/<int:pk>/edit/",
        views_edit.observation_edit,
        name="situation-figure-edit",
    ),
    path(
        "situation/figures/<int:pk>/delete/",
        views_edit.observation_delete,
        name="situation-figure-delete",
    ),
    path("situation/indicators/new/", views_edit.indicator_form, name="situation-indicator-new"),
    path(
        "situation/indicators/<slug:key>/edit/",
        views_edit.indicator_form,
        name="situation-indicator-edit",
    ),
    path("situation/interim/new/", views_edit.interim_form, name="situation-interim-new"),
    path(
        "situation/interim/<slug:key>/edit/",
        views_edit.interim_form,
        name="situation-interim-edit",
    ),
    path("situation/heritage/new/", views_edit.site_form, name="situation-site-new"),
    path("situation/heritage/<slug:key>/edit/", views_edit.site_form, name="situation-site-edit"),
    path("situation/heritage/<slug:key>/", views.site_detail, name="situation-site"),
    path("situation/heritage/<slug:key>/print/", views.site_print, name="situation-site-print"),
    path("situation/figures.csv", views_io.observations_csv, name="situation-figures-csv"),
    path("situation/figures.hxl.csv", views_io.observations_hxl, name="situation-figures-hxl"),
]
