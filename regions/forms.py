"""Forms of the affiliation and cluster-profile pages; the services hold the rules."""

from django import forms
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from core.forms import text_area_field, textarea, web_address_field
from core.membership import MemberChoiceForm
from core.pickers import PickerFormMixin

from .models import Cluster, Region, Ris3Priority
from .pickers import ClusterField, PriorityField, RegionField
from .services import CLUSTER_PROFILE_FIELDS


class AffiliationForm(PickerFormMixin, forms.Form):
    """Ask to represent a region or a published cluster, each found by name."""

    region = RegionField(label=_("Region"), required=False)
    cluster = ClusterField(
        Cluster.objects.published(),
        label=_("or a cluster organisation"),
        required=False,
        help_text=_(
            "Type part of its name or acronym. Fill in either a region or a cluster "
            "organisation, not both."
        ),
    )
    role_title = forms.CharField(label=_("Your role"), max_length=200)
    official_email = forms.EmailField(
        label=_("Official e-mail"), help_text=_("An address at the organisation you represent.")
    )
    justification = text_area_field(
        _("Justification"),
        help_text=_("Why you represent this organisation; a moderator reads it."),
    )


class ColleagueInvitationForm(MemberChoiceForm):
    """Invite a colleague to represent one of the user's regions, given as `members`."""

    member_field = "region"
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    email = forms.EmailField(
        label=_("Your colleague's e-mail"),
        help_text=_("They accept the invitation on their dashboard, logged in with this address."),
    )


class ClusterProfileForm(PickerFormMixin, forms.ModelForm):
    """The editable part of a cluster profile; `initial` comes from the cluster when editing."""

    website = web_address_field(_("Website"), help_text=_("Validation needs a website in English."))
    priorities = PriorityField(label=_("Sectors and priorities"))

    class Meta:
        model = Cluster
        fields = [*CLUSTER_PROFILE_FIELDS, "priorities"]
        widgets = {"description": textarea(5)}
        help_texts = {
            "management_fte": _("Validation needs at least 0.5 full-time equivalent."),
        }

    def __init__(self, *args, cluster=None, **kwargs):
        if cluster is not None:
            kwargs["initial"] = model_to_dict(cluster, fields=self._meta.fields)
        super().__init__(*args, **kwargs)

    def profile_data(self):
        """The cleaned data as the services take it."""
        data = dict(self.cleaned_data)
        return data.pop("priorities"), {name: data[name] for name in CLUSTER_PROFILE_FIELDS}


class ClusterCreateForm(ClusterProfileForm):
    region = RegionField(
        label=_("The cluster's region"),
        help_text=_(
            "Where the cluster organisation is located: type part of the region's name or its "
            "NUTS code, e.g. Cataluña or ES51."
        ),
    )
    role_title = forms.CharField(label=_("Your role in the cluster"), max_length=200)
    official_email = forms.EmailField(
        label=_("Your official e-mail"), help_text=_("An address at the cluster organisation.")
    )
    justification = text_area_field(
        _("Justification"),
        help_text=_("Why you represent this cluster organisation; a moderator reads it."),
    )

    class Meta(ClusterProfileForm.Meta):
        fields = ["name", "region", *CLUSTER_PROFILE_FIELDS[1:], "priorities"]


class Ris3PriorityForm(PickerFormMixin, forms.ModelForm):
    """One priority of a region's RIS3 profile; `regions.ris3.save_priority` saves it."""

    codes = PriorityField(
        label=_("NACE and NABS codes"),
        required=True,
        help_text=_(
            "The economic domains (NACE Rev. 2) and scientific domains (NABS 2007) of this "
            "priority: matchmaking compares them with other regions, areas and clusters."
        ),
    )
    source_url = web_address_field(
        _("Strategy document"),
        max_length=500,
        help_text=_("A link to the region's strategy document that states this priority."),
    )

    class Meta:
        model = Ris3Priority
        fields = ["title", "description", "codes", "source_url"]
        widgets = {"description": textarea(4)}
        help_texts = {
            "title": _("As the strategy names it, e.g. “Advanced manufacturing and Industry 4.0”."),
        }
