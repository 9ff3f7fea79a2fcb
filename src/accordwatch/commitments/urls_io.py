from django.urls import path

from accordwatch.commitments import views_io

urlpatterns = [
    path("commitments.csv", views_io.commitments_csv, name="commitments-csv"),
    path("assessments.csv", views_io.assessments_csv, name="assessments-csv"),
    path("documents.csv", views_io.documents_csv, name="documents-csv"),
    path("meetings.csv", views_io.meetings_csv, name="meetings-csv"),
    # The commitments upload has its own name so pages can link to it without arguments.
    path(
        "import/commitments/",
        views_io.import_upload,
        {"kind": "commitments"},
        name="commitments-import",
    ),
    path("import/<slug:kind>/", views_io.import_upload, name="import"),
]
