"""Forms of the project pages; the services hold the rules and their messages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import text_area_field
from partnerships.models import Partnership
from regions.models import Cluster, Region
from thematic_areas.models import ThematicArea

from .choices import FundingKind, FundingStatus, OrganisationType, Stage

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


def organisation_choices(regions, clusters):
    """The user's organisations as one list; values say which model they are."""
    return [
        ("", "---------"),
        (_("Regions"), [(f"region:{r.pk}", str(r)) for r in regions]),
        (_("Clusters"), [(f"cluster:{c.pk}", c.name) for c in clusters]),
    ]


class ProjectFieldsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = text_area_field(_("Summary"))
    partnership = forms.ModelChoiceField(
        label=_("Partnership"),
        queryset=Partnership.objects.select_related("area"),
        required=False,
        help_text=_("Optional: a partnership of the same thematic area."),
    )
    trl = forms.IntegerField(
        label=_("Technology readiness level"),
        min_value=1,
        max_value=9,
        help_text=_("From 1 (basic principles observed) to 9 (proven in operation)."),
    )
    total_investment = forms.DecimalField(label=_("Total investment (EUR)"), **MONEY)


class ProjectCreateForm(ProjectFieldsForm):
    organisation = forms.ChoiceField(
        label=_("On behalf of"),
        help_text=_("A region or cluster you represent that takes part in the area."),
    )
    area = forms.ModelChoiceField(
        label=_("Thematic area"), queryset=ThematicArea.objects.active(), to_field_name="slug"
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices, initial=Stage.IDEA)

    field_order = ["organisation", "area", "partnership", "title", "summary", "stage"]

    def __init__(self, *args, regions, clusters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisation_choices(regions, clusters)
        self._regions, self._clusters = regions, clusters

    def clean_organisation(self):
        kind, _sep, pk = self.cleaned_data["organisation"].partition(":")
        source = self._regions if kind == "region" else self._clusters
        return source.get(pk=pk)


class ProjectEditForm(ProjectFieldsForm):
    confirm_oversubscription = forms.BooleanField(
        label=_("I confirm the funding may exceed the total investment"), required=False
    )


class PartnerForm(forms.Form):
    """A member region, a member cluster, or an outside organisation: fill in one."""

    region = forms.ModelChoiceField(
        label=_("Member region"), queryset=Region.objects.none(), required=False
    )
    cluster = forms.ModelChoiceField(
        label=_("Member cluster"), queryset=Cluster.objects.none(), required=False
    )
    organisation_name = forms.CharField(
        label=_("Or another organisation"), max_length=200, required=False
    )
    organisation_type = forms.ChoiceField(
        label=_("Its type"),
        choices=[("", "---------"), *OrganisationType.choices],
        required=False,
    )
    country = forms.CharField(
        label=_("Its country code"),
        max_length=2,
        required=False,
        help_text=_("Two letters, e.g. DE."),
    )

    def __init__(self, *args, regions, clusters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["cluster"].queryset = clusters

    def clean(self):
        data = super().clean()
        chosen = [
            bool(data.get("region")),
            bool(data.get("cluster")),
            bool(data.get("organisation_name")),
        ]
        if sum(chosen) != 1:
            raise forms.ValidationError(
                _("Choose a member region, a member cluster, or name another organisation.")
            )
        return data


class FundingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FundingKind.choices)
    amount = forms.DecimalField(label=_("Amount (EUR)"), **MONEY)
    status = forms.ChoiceField(label=_("Status"), choices=FundingStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    confirm_oversubscription = forms.BooleanField(
        label=_("I confirm the funding may exceed the total investment"), required=False
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
