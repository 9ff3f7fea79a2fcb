from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accordwatch.core.models import Confidentiality, PublicationState, Role


def visibility_fields(form: forms.Form, record: Any) -> None:
    """A new record says who may see it; an existing one changes that with the publication
    control of its page, audited as a publication (so its form has no such fields)."""
    if record is None:
        form.fields["confidentiality"] = forms.ChoiceField(
            label=_("Confidentiality"),
            choices=Confidentiality.choices,
            initial=Confidentiality.INTERNAL,
        )
        form.fields["publication_state"] = forms.ChoiceField(
            label=_("Publication"),
            choices=PublicationState.choices,
            initial=PublicationState.DRAFT,
        )


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
