"""User management for admins: list logins, create one, change a role."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accordwatch.core import selectors, services
from accordwatch.core.forms import UserCreateForm, UserRoleForm
from accordwatch.core.models import User
from accordwatch.core.permissions import can_manage_users


def _admins_only(request: HttpRequest) -> None:
    if not can_manage_users(request.user):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def user_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"/login/?next={request.path}")
    _admins_only(request)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            # Password checks raise a plain list; model checks raise per-field errors.
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error("password", error.messages)
        else:
            messages.success(request, _("Created %(name)s.") % {"name": user.username})
            return redirect("user-list")
    users = selectors.user_list(user=request.user)
    return render(
        request,
        "core/users.html",
        {"form": form, "users": users, "role_form": UserRoleForm()},
        status=400 if form.errors else 200,
    )


@require_POST
def user_set_role(request: HttpRequest, username: str) -> HttpResponse:
    _admins_only(request)
    target = get_object_or_404(User, username=username)
    form = UserRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
        return redirect("user-list")
    services.user_set_role(actor=request.user, user=target, role=form.cleaned_data["role"])
    messages.success(
        request,
        _("%(name)s is now %(role)s.")
        % {"name": target.username, "role": target.get_role_display()},
    )
    return redirect("user-list")
