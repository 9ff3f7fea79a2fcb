from django.http import HttpRequest

from accordwatch.core.permissions import can_edit, can_manage_users, is_member, role_of


def roles(request: HttpRequest) -> dict:
    user = request.user
    return {
        "user_role": role_of(user),
        "can_edit": can_edit(user),
        "can_manage_users": can_manage_users(user),
        "is_member": is_member(user),
    }
