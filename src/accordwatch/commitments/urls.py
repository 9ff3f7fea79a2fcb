from django.urls import path

from accordwatch.commitments import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("commitments/<slug:key>/", views.commitment_detail, name="commitment-detail"),
    path("meetings/<slug:key>/", views.meeting_detail, name="meeting-detail"),
]
