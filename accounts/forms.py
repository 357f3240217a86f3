import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import DEFAULT_TOKEN_LIFETIME, TOKEN_LIFETIMES, ApiToken, User


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("Say where it is used, e.g. “Regional dashboard”, to recognise it later."),
    )
    lifetime = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=lambda days: datetime.timedelta(days=int(days)),
        initial=DEFAULT_TOKEN_LIFETIME.days,
        required=False,
        empty_value=DEFAULT_TOKEN_LIFETIME,
        help_text=_("It stops working then, and as soon as you change your password."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Labelled here, in the language of the request.
        self.fields["lifetime"].choices = [
            (days, ngettext("%(days)d day", "%(days)d days", days) % {"days": days})
            for days in TOKEN_LIFETIMES
        ]


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To confirm that it is you who closes the account."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password


class ProfileForm(forms.ModelForm):
    """What a user says about themselves: the name and job title colleagues see."""

    class Meta:
        model = User
        fields = ["display_name", "job_title"]
        labels = {"display_name": _("Your name"), "job_title": _("Your job title")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True


class SignupProfileForm(ProfileForm):
    """allauth's sign-up asks for these too (ACCOUNT_SIGNUP_FORM_CLASS); `signup` saves them."""

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.job_title = self.cleaned_data["job_title"]
        user.save(update_fields=["display_name", "job_title"])
