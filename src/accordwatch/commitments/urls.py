from django.urls import path

from accordwatch.commitments import views

# Fixed words ("new", "matrix") come before the <key> routes that could shadow them.
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("documents/", views.document_list, name="document-list"),
    path("documents/new/", views.document_add, name="document-add"),
    path("documents/<slug:key>/", views.document_detail, name="document-detail"),
    path("commitments/", views.commitment_list, name="commitment-list"),
    path("commitments/new/", views.commitment_add, name="commitment-add"),
    path("commitments/<slug:key>/", views.commitment_detail, name="commitment-detail"),
    path("commitments/<slug:key>/assessments/", views.assessment_add, name="assessment-add"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/<slug:key>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<slug:key>/matrix/", views.meeting_matrix, name="meeting-matrix"),
    path(
        "meetings/<slug:key>/matrix/print/",
        views.meeting_matrix_print,
        name="meeting-matrix-print",
    ),
    path("matrix/", views.follow_up_matrix, name="follow-up-matrix"),
    path("scores/", views.score_charts, name="scores"),
    path("scores.csv", views.scores_csv, name="scores-csv"),
]
