import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accordwatch.core import services
from accordwatch.core.models import AuditEvent, Source
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin", {"public", "internal", "restricted", "draft"}),
        ("analyst", {"public", "internal", "restricted", "draft"}),
        ("delegate", {"public", "internal", "draft"}),
        ("outsider", {"public"}),
    ],
)
def test_each_persona_sees_what_its_role_allows(user_of, persona, expected):
    factories.source(key="public", title="public")
    factories.source(key="internal", title="internal", confidentiality="internal")
    factories.source(key="restricted", title="restricted", confidentiality="restricted")
    factories.source(key="draft", title="draft", publication_state="draft")
    seen = set(Source.objects.visible_to(user_of(persona)).values_list("key", flat=True))
    assert seen == expected


@pytest.mark.parametrize("persona", ["delegate", "outsider"])
def test_members_and_the_public_cannot_write(user_of, persona):
    from django.contrib.auth.models import AnonymousUser

    user = user_of(persona) or AnonymousUser()
    with pytest.raises(PermissionDenied):
        services.source_upsert(actor=user, key="x", title="X")
    assert not Source.objects.filter(key="x").exists()


def test_an_inactive_editor_cannot_write(analyst):
    analyst.is_active = False
    analyst.save(update_fields=["is_active"])
    with pytest.raises(PermissionDenied):
        services.source_upsert(actor=analyst, key="x", title="X")


@pytest.mark.parametrize("persona", ["analyst", "delegate"])
def test_only_admins_manage_users(user_of, persona):
    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=user_of(persona), username="newbie", password="a-long-enough-passphrase-9"
        )


def test_an_admin_creates_a_user_and_the_log_never_holds_the_password(admin):
    user = services.user_create(
        actor=admin, username="officer", password="a-long-enough-passphrase-9", role="editor"
    )
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.user_label == "admin"
    assert "password" not in event.after
    assert event.after["role"] == "editor"


def test_weak_passwords_and_unknown_roles_are_refused(admin):
    with pytest.raises(ValidationError):
        services.user_create(actor=admin, username="weak", password="123")
    with pytest.raises(ValidationError):
        services.user_create(
            actor=admin, username="odd", password="a-long-enough-passphrase-9", role="superhero"
        )


def test_tokens_authenticate_until_revoked(analyst):
    token, raw = services.token_create(actor=analyst, user=analyst, name="script")
    assert services.token_user(raw) == analyst
    assert token.digest != raw and raw not in str(token.__dict__)
    services.token_revoke(actor=analyst, token=token)
    assert services.token_user(raw) is None
    assert services.token_user("aw_not-a-real-token") is None


def test_an_editor_cannot_issue_tokens_for_someone_else(analyst, delegate):
    with pytest.raises(PermissionDenied):
        services.token_create(actor=analyst, user=delegate, name="x")


def test_coalition_membership_is_dated_and_audited():
    cma = factories.actor(key="cma", name_en="CMA", kind="coalition")
    mnla = factories.actor(key="mnla", name_en="MNLA")
    import datetime as dt

    membership, changed = services.membership_set(
        actor=services.SYSTEM, coalition=cma, member=mnla, valid_from=dt.date(2014, 10, 28)
    )
    assert changed and str(membership) == "MNLA in CMA"
    _, changed_again = services.membership_set(
        actor=services.SYSTEM, coalition=cma, member=mnla, valid_from=dt.date(2014, 10, 28)
    )
    assert changed_again is False
    with pytest.raises(ValidationError):
        services.membership_set(
            actor=services.SYSTEM,
            coalition=cma,
            member=mnla,
            valid_from=dt.date(2015, 1, 1),
            valid_to=dt.date(2014, 1, 1),
        )
