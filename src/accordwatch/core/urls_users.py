from django.urls import path

from accordwatch.core import views_users

urlpatterns = [
    path("users/", views_users.user_list, name="user-list"),
    path("users/<str:username>/role/", views_users.user_set_role, name="user-set-role"),
]
