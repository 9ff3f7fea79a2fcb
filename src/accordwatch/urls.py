from django.urls import include, path

urlpatterns = [
    path("", include("accordwatch.core.urls")),
    path("", include("accordwatch.core.urls_users")),
    path("", include("accordwatch.commitments.urls")),
    path("", include("accordwatch.commitments.urls_edit")),
    path("", include("accordwatch.commitments.urls_io")),
    path("", include("accordwatch.incidents.urls_io")),
    path("", include("accordwatch.incidents.urls_edit")),
    path("", include("accordwatch.incidents.urls")),
    path("", include("accordwatch.sanctions.urls")),
    path("", include("accordwatch.assistance.urls")),
    path("", include("accordwatch.situation.urls")),
    path("api/", include("accordwatch.api_urls")),
]
