"""Forms of the partnership pages; the services hold the rules and their messages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import text_area_field
from core.membership import MemberChoiceForm
from core.membership_forms import JoinForm, LeaveForm
from core.pickers import PickerField, PickerFormMixin
from regions.models import Cluster
from regions.pickers import search_clusters
from thematic_areas.models import ThematicArea

from .choices import PartnershipKind
from .models import Call


class ClusterChoiceForm(MemberChoiceForm):
    """A form acting for one of the user's clusters, given as `members`."""

    member_field = "cluster"
    cluster = forms.ModelChoiceField(
        label=_("Cluster organisation"), queryset=Cluster.objects.none()
    )


class JoinPartnershipForm(JoinForm, ClusterChoiceForm):
    statement_help = _(
        "What your cluster will bring and commit to; the coordinator and the area's "
        "leads read it before deciding."
    )


class LeavePartnershipForm(LeaveForm, ClusterChoiceForm):
    member_help = _("The membership history keeps the period your cluster took part.")


class ProposalForm(PickerFormMixin, ClusterChoiceForm):
    """A new partnership, proposed by one of the user's clusters during an open call."""

    area = forms.ModelChoiceField(
        label=_("Thematic area"), queryset=ThematicArea.objects.none(), to_field_name="slug"
    )
    call = forms.ModelChoiceField(
        label=_("Call for expressions of interest"),
        queryset=Call.objects.none(),
        help_text=_("Partnerships are proposed while a call is open."),
    )
    name = forms.CharField(label=_("Name of the partnership"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnershipKind.choices)
    objectives = text_area_field(
        _("Objectives"),
        rows=5,
        help_text=_("What the partnership will do together; the moderators read it."),
    )
    invited = PickerField(
        Cluster.objects.published(),
        search=search_clusters,
        label=_("Clusters invited"),
        help_text=_("They confirm or decline; those who confirm are members once approved."),
    )

    field_order = ["cluster", "area", "call", "name", "kind", "objectives", "invited"]

    def __init__(self, *args: Any, areas: Any, calls: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["call"].queryset = calls
