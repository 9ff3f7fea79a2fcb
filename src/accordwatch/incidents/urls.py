from django.urls import path

from accordwatch.incidents import views, views_bulk

# Fixed words ("bulk", "actors", "since") come before the <dataset> route that could shadow them.
urlpatterns = [
    path("incidents/", views.incident_list, name="incident-list"),
    path("incidents/bulk/", views_bulk.incident_bulk, name="incident-bulk"),
    path("incidents/actors/<slug:key>/", views.actor_detail, name="incident-actor"),
    path("incidents/since/<slug:key>/", views.since_meeting, name="incidents-since"),
    path("incidents/<slug:dataset>/<str:event_id>/", views.incident_detail, name="incident-detail"),
]
