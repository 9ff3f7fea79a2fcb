import pytest
from django.test import Client

from accordwatch.core.models import AuditEvent, User

pytestmark = pytest.mark.django_db

NEW_USER = {
    "username": "officer",
    "email": "",
    "role": "editor",
    "password": "a-long-enough-passphrase-9",
}


@pytest.mark.parametrize(("persona", "status"), [("analyst", 403), ("delegate", 403)])
def test_only_admins_reach_user_management(as_persona, persona, status):
    client = as_persona(persona)
    assert client.get("/users/").status_code == status
    assert client.post("/users/", NEW_USER).status_code == status
    assert client.post("/users/delegate/role/", {"role": "admin"}).status_code == status
    assert not User.objects.filter(username="officer").exists()
    assert User.objects.get(username="delegate").role == "member"


def test_an_editor_refused_user_management_is_told_it_is_for_admins(as_persona):
    page = as_persona("analyst").get("/users/")
    assert page.status_code == 403
    assert "managing users and their roles is for admins only" in page.text
    assert "Members read the records" not in page.text


def test_the_public_is_sent_to_the_login_page(as_persona):
    response = as_persona("outsider").get("/users/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_admin_adds_a_user_and_changes_a_role(as_persona):
    client = as_persona("admin")
    page = client.get("/users/")
    assert page.status_code == 200 and b"delegate" in page.content
    response = client.post("/users/", NEW_USER)
    assert response.status_code == 302
    assert User.objects.get(username="officer").role == "editor"
    client.post("/users/officer/role/", {"role": "member"})
    assert User.objects.get(username="officer").role == "member"
    actions = list(AuditEvent.objects.filter(user_label="admin").values_list("action", flat=True))
    assert "user.create" in actions and "user.set_role" in actions


def test_a_weak_password_is_explained_not_stored(as_persona):
    response = as_persona("admin").post("/users/", {**NEW_USER, "password": "123"})
    assert response.status_code == 400
    assert not User.objects.filter(username="officer").exists()


def test_user_management_forms_need_the_csrf_token(admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    assert client.post("/users/", NEW_USER).status_code == 403
    assert not User.objects.filter(username="officer").exists()


def test_a_login_name_with_markup_is_shown_escaped(as_persona):
    as_persona("admin").post("/users/", {**NEW_USER, "username": "x<script>"})
    # Django refuses such login names; either way no raw markup reaches the page.
    assert b"x<script>" not in as_persona("admin").get("/users/").content
