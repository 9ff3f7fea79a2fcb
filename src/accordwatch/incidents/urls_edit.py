from django.urls import path

from accordwatch.incidents import views_actions, views_edit

# Included before incidents.urls: "new" is a word of its own, and every other address sits
# below an incident's own (/incidents/<dataset>/<event_id>/…), so none shadows a page.
INCIDENT = "incidents/<slug:dataset>/<str:event_id>/"

urlpatterns = [
    path("incidents/new/", views_edit.incident_new, name="incident-new"),
    path("incidents/retired/", views_actions.retired_incidents, name="incidents-retired"),
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
    path(INCIDENT + "retire/", views_actions.incident_retire, name="incident-retire"),
    path(INCIDENT + "restore/", views_actions.incident_restore, name="incident-restore"),
    path(
        INCIDENT + "attributions/<int:pk>/remove/",
        views_actions.incident_attribution_remove,
        name="incident-attribution-remove",
    ),
    path(
        INCIDENT + "source-notes/", views_actions.incident_source_note, name="incident-source-note"
    ),
    path(INCIDENT + "links/", views_actions.incident_link, name="incident-link"),
    path(
        INCIDENT + "links/<int:pk>/remove/",
        views_actions.incident_link_remove,
        name="incident-link-remove",
    ),
]
