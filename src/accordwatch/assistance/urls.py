from django.urls import path

from accordwatch.assistance import views_io

urlpatterns = [
    path("assistance/flows.csv", views_io.flows_csv, name="assistance-flows-csv"),
    path("assistance/flows.hxl.csv", views_io.flows_hxl_csv, name="assistance-flows-hxl-csv"),
]
