from django.urls import path

from accordwatch.incidents import views_io

urlpatterns = [
    path("incidents.csv", views_io.incidents_csv, name="incidents-csv"),
    path("incidents.hxl.csv", views_io.incidents_hxl_csv, name="incidents-hxl-csv"),
    path("incidents.geojson", views_io.incidents_geojson, name="incidents-geojson"),
]
