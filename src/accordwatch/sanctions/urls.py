from django.urls import path

from accordwatch.sanctions import views

urlpatterns = [
    path("sanctions/", views.regime_list, name="sanctions-regime-list"),
    path("sanctions/regimes/<slug:key>/", views.regime_detail, name="sanctions-regime"),
    path("sanctions/entries/<str:reference>/", views.entry_detail, name="sanctions-entry"),
    path("sanctions/changes/", views.import_detail, name="sanctions-changes"),
    path("sanctions/imports/<int:pk>/", views.import_detail, name="sanctions-import"),
]
