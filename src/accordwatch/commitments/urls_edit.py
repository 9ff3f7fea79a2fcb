from django.urls import path

from accordwatch.commitments import views_edit

# "edit" sits below a record's own address; "publication" is a word of its own, so nothing
# here can shadow a route of commitments.urls.
urlpatterns = [
    path("documents/<slug:key>/edit/", views_edit.document_edit, name="document-edit"),
    path("commitments/<slug:key>/edit/", views_edit.commitment_edit, name="commitment-edit"),
    path(
        "publication/<slug:kind>/<slug:ref>/",
        views_edit.publication_change,
        name="publication-change",
    ),
]
