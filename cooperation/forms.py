"""Forms of the cooperation pages; the services hold the rules."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import LongSelect, text_area_field
from core.pickers import PickerFormMixin
from projects.models import InvestmentProject
from regions.filters import country_options
from regions.models import Cluster, Region
from regions.pickers import PriorityField
from thematic_areas.models import ThematicArea

from .choices import PARTNER_TYPES, Direction, PostingKind


def organisation_key(organisation: Region | Cluster) -> str:
    """How a form's choice names an organisation: "region:PL22" or "cluster:<slug>"."""
    if isinstance(organisation, Cluster):
        return f"cluster:{organisation.slug}"
    return f"region:{organisation.code}"


def organisation_choices(organisations: list[Region | Cluster]) -> list[tuple[str, str]]:
    return [(organisation_key(o), str(o)) for o in organisations]


class OrganisationChoiceMixin(forms.BaseForm):
    """An "On behalf of" choice among the organisations the user represents."""

    def __init__(self, *args: Any, organisations: list[Region | Cluster], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {organisation_key(o): o for o in organisations}
        self.fields["organisation"].choices = organisation_choices(organisations)
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisation_key(organisations[0])

    def clean_organisation(self) -> Region | Cluster:
        return self.organisations[self.cleaned_data["organisation"]]


class PostingForm(PickerFormMixin, forms.Form):
    direction = forms.ChoiceField(
        label=_("Your organisation"), choices=Direction.choices, widget=forms.RadioSelect
    )
    kind = forms.ChoiceField(label=_("What"), choices=PostingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = text_area_field(
        _("Description"),
        rows=6,
        max_length=5000,
        help_text=_("What you offer or seek, for what, and what you bring in return."),
    )
    priorities = PriorityField(
        label=_("Sectors and priorities"),
        help_text=_("Partners are matched on these codes."),
    )
    area = forms.ModelChoiceField(
        label=_("Thematic area"),
        queryset=ThematicArea.objects.active().order_by("name"),
        to_field_name="slug",
        required=False,
        widget=LongSelect,
        help_text=_("Its followers hear of the posting."),
    )
    project = forms.ModelChoiceField(
        label=_("Investment project"),
        queryset=InvestmentProject.objects.published().order_by("title"),
        to_field_name="slug",
        required=False,
        widget=LongSelect,
    )
    partner_types = forms.MultipleChoiceField(
        label=_("Kinds of partner wanted"),
        choices=PARTNER_TYPES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries wanted"),
        required=False,
        help_text=_("Leave empty for any country."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    closes_on = forms.DateField(
        label=_("Closing date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The posting closes at the end of this day."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["countries"].choices = country_options()


class NewPostingForm(OrganisationChoiceMixin, PostingForm):
    organisation = forms.ChoiceField(label=_("On behalf of"))

    field_order = ["organisation"]


class InterestForm(OrganisationChoiceMixin, forms.Form):
    organisation = forms.ChoiceField(label=_("On behalf of"))
    message = text_area_field(
        _("Message"),
        rows=5,
        max_length=3000,
        help_text=_("What your organisation brings, and how to take it further."),
    )


class DeclineForm(forms.Form):
    reason = text_area_field(
        _("Reason"), rows=3, max_length=2000, help_text=_("The interested organisation reads it.")
    )


class MessageForm(forms.Form):
    body = text_area_field(
        _("Your message"), max_length=5000, help_text=_("Plain text; web addresses become links.")
    )


class NewConversationForm(OrganisationChoiceMixin, MessageForm):
    organisation = forms.ChoiceField(label=_("On behalf of"))
    subject = forms.CharField(label=_("Subject"), max_length=200)

    field_order = ["organisation", "subject", "body"]


class PostForm(MessageForm):
    """A board post: a message that may mention organisations (`mentions`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _(
            "Plain text; web addresses become links. Mention an organisation with @ and its "
            "code, e.g. @ES51, or the address name of a cluster, e.g. @textile-cluster."
        )


class TopicForm(PostForm):
    title = forms.CharField(label=_("Title"), max_length=200)

    field_order = ["title", "body"]
