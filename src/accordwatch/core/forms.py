from django import forms
from django.utils.translation import gettext_lazy as _

from accordwatch.core.models import Role


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("Login name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("At least 8 characters; the user can change it later."),
    )


class UserRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
