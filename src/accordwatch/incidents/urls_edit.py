from django.urls import path

from accordwatch.incidents import views_edit

# Included before incidents.urls: "new" is a word of its own, and every other address sits
# below an incident's own (/incidents/<dataset>/<event_id>/…), so none shadows a page.
INCIDENT = "incidents/<slug:dataset>/<str:event_id>/"

urlpatterns = [
    path("incidents/new/", views_edit.incident_new, name="incident-new"),
    path(INCIDENT + "edit/", views_edit.incident_edit, name="incident-edit"),
    path(
        INCIDENT + "verification/",
        views_edit.incident_verification,
        name="incident-verification",
    ),
    path(INCIDENT + "comments/", views_edit.incident_comment, name="incident-comment"),
    path(INCIDENT + "attributions/", views_edit.incident_attribution, name="incident-attribution"),
    path(INCIDENT + "witnesses/", views_edit.incident_witness, name="incident-witness"),
    path(INCIDENT + "publication/", views_edit.incident_publication, name="incident-publication"),
]
