from django.urls import path

from accordwatch.sanctions import views, views_edit, views_screening

urlpatterns = [
    path("sanctions/", views.regime_list, name="sanctions-regime-list"),
    path("sanctions/regimes/<slug:key>/", views.regime_detail, name="sanctions-regime"),
    path("sanctions/entries/<str:reference>/", views.entry_detail, name="sanctions-entry"),
    path(
        "sanctions/entries/<str:reference>/dossier/",
        views_screening.entry_dossier,
        name="sanctions-dossier",
    ),
    path(
        "sanctions/actors/<slug:key>/dossier/",
        views_screening.actor_dossier,
        name="sanctions-actor-dossier",
    ),
    path("sanctions/screen/", views_screening.screen, name="sanctions-screen"),
    path("sanctions/screenings/", views_screening.screening_list, name="sanctions-screenings"),
    path(
        "sanctions/screenings/<int:pk>/",
        views_screening.screening_detail,
        name="sanctions-screening",
    ),
    path(
        "sanctions/hits/<int:pk>/decision/",
        views_screening.hit_decision,
        name="sanctions-hit-decision",
    ),
    path("sanctions/changes/", views.import_detail, name="sanctions-changes"),
    path("sanctions/imports/<int:pk>/", views.import_detail, name="sanctions-import"),
    # Editing by hand (views_edit.py)
    path("sanctions/own-lists/new/", views_edit.own_regime_new, name="sanctions-own-regime-new"),
    path(
        "sanctions/regimes/<slug:key>/edit/", views_edit.regime_edit, name="sanctions-regime-edit"
    ),
    path(
        "sanctions/regimes/<slug:key>/publication/",
        views_edit.regime_publication,
        name="sanctions-regime-publication",
    ),
    path(
        "sanctions/regimes/<slug:key>/entries/new/",
        views_edit.own_entry_new,
        name="sanctions-own-entry-new",
    ),
    path(
        "sanctions/entries/<str:reference>/edit/",
        views_edit.entry_edit,
        name="sanctions-entry-edit",
    ),
    path(
        "sanctions/entries/<str:reference>/publication/",
        views_edit.entry_publication,
        name="sanctions-entry-publication",
    ),
    path(
        "sanctions/entries/<str:reference>/amend/",
        views_edit.own_entry_amend,
        name="sanctions-own-entry-amend",
    ),
    path(
        "sanctions/entries/<str:reference>/listing/",
        views_edit.own_entry_listing,
        name="sanctions-own-entry-listing",
    ),
]
