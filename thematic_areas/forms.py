"""Forms of the thematic area pages; the services hold the rules and their messages."""

from django import forms
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from core.forms import text_area_field, textarea
from core.membership import MemberChoiceForm
from core.membership_forms import JoinForm, LeaveForm
from core.pickers import PickerFormMixin
from regions.models import Region
from regions.pickers import PriorityField, RegionField

from .models import ProgressReport


class RegionChoiceForm(MemberChoiceForm):
    """A form acting for one of the user's regions, given as `members`."""

    member_field = "region"
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())


class AreaProposalForm(PickerFormMixin, RegionChoiceForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("Short and specific, e.g. “Batteries for mobility”; it names the area's page."),
    )
    summary = text_area_field(
        _("Summary"), rows=2, max_length=500, help_text=_("One or two sentences shown in lists.")
    )
    description = text_area_field(
        _("Description"),
        rows=6,
        required=False,
        help_text=_("Optional: the background and the value chains concerned."),
    )
    objectives = text_area_field(
        _("Objectives"),
        checked_by_service=True,
        help_text=_("Part of the scoping note: what the regions want to achieve together."),
    )
    action_plan = text_area_field(
        _("First action plan"),
        checked_by_service=True,
        help_text=_("Part of the scoping note: the first steps and who takes them."),
    )
    priorities = PriorityField(label=_("Priorities covered"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].label = _("Proposing region (it will lead the area)")


class JoinAreaForm(JoinForm, RegionChoiceForm):
    statement_help = _(
        "What your region will bring and commit to; the area's leads read it before deciding."
    )


class LeaveAreaForm(LeaveForm, RegionChoiceForm):
    member_help = _("The membership history keeps the period your region took part.")


class ColeadInvitationForm(PickerFormMixin, forms.Form):
    region = RegionField(label=_("Region to invite"))
    message = text_area_field(
        _("Message"),
        rows=3,
        required=False,
        help_text=_("Optional: shown to the invited region's representatives with the invitation."),
    )


class ProgressReportForm(forms.ModelForm):
    """A six-monthly report; `initial` comes from the report when editing a draft."""

    class Meta:
        model = ProgressReport
        fields = ["year", "half", "activities", "new_members", "projects_moved_on", "next_steps"]
        help_texts = {
            "year": _("The year the report covers, e.g. 2024."),
            "half": _("The six months the report covers."),
            "activities": _("Events, working groups, studies and visits of the period."),
            "new_members": _("Regions and organisations that joined in the period."),
            "projects_moved_on": _("Investment projects that reached a new stage."),
            "next_steps": _("What the leads plan for the next six months."),
        }
        widgets = {
            "activities": textarea(5),
            "new_members": textarea(3),
            "projects_moved_on": textarea(3),
            "next_steps": textarea(4),
        }

    def __init__(self, *args, report=None, **kwargs):
        if report is not None:
            kwargs["initial"] = model_to_dict(report, fields=self._meta.fields)
        super().__init__(*args, **kwargs)
