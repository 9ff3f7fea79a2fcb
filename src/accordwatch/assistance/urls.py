from django.urls import path

from accordwatch.assistance import urls_edit, views, views_io

urlpatterns = [
    path("assistance/", views.dashboard, name="assistance-dashboard"),
    path("assistance/print/", views.dashboard_print, name="assistance-dashboard-print"),
    path("assistance/funds/<slug:key>/", views.fund_detail, name="assistance-fund"),
    path(
        "assistance/conferences/<slug:key>/",
        views.conference_detail,
        name="assistance-conference",
    ),
    path("assistance/flows.csv", views_io.flows_csv, name="assistance-flows-csv"),
    path("assistance/flows.hxl.csv", views_io.flows_hxl_csv, name="assistance-flows-hxl-csv"),
]

# The flow pages and the editing pages (views_flows, views_edit).
urlpatterns += urls_edit.urlpatterns
