from django.contrib.auth import views as auth_views
from django.urls import include, path

from accordwatch.core import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("audit/", views.audit_log, name="audit-log"),
    path("assets/vega-<str:version>.js", views.vega_bundle, name="vega-bundle"),
]
