"""Forms of the partnership pages; the services hold the rules and their messages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.membership import MemberChoiceForm
from regions.models import Cluster


class ClusterChoiceForm(MemberChoiceForm):
    """A form acting for one of the user's clusters, given as `members`."""

    member_field = "cluster"
    cluster = forms.ModelChoiceField(
        label=_("Cluster organisation"), queryset=Cluster.objects.none()
    )


class JoinPartnershipForm(ClusterChoiceForm):
    statement = forms.CharField(
        label=_("Statement of commitment"),
        # The service checks it is filled in and says why; `required` informs browsers.
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "required": True}),
        help_text=_(
            "What your cluster will bring and commit to; the coordinator and the area's "
            "leads read it before deciding."
        ),
    )


class LeavePartnershipForm(ClusterChoiceForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].help_text = _(
            "The membership history keeps the period your cluster took part."
        )
