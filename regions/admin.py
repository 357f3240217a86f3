from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin_tools import (
    ChoicesFilter,
    DecisionAction,
    HistoryAdmin,
    ModerationMixin,
    NoDeleteMixin,
    ReadOnlyInline,
    ReadOnlyMixin,
    ReasonedDecisionAction,
    decide_with_form,
)

from .choices import AffiliationStatus, ClusterStatus
from .models import (
    Affiliation,
    AffiliationInvitation,
    Cluster,
    ClusterValidation,
    Priority,
    Region,
    RegionPriority,
    Ris3Priority,
)
from .ris3 import MAX_BYTES as MAX_IMPORT_BYTES
from .ris3 import preview_import, save_import, sync_region_codes
from .services import (
    cluster_checklist,
    reject_affiliation,
    review_cluster_profile,
    revoke_affiliation,
    verify_affiliation,
)


class Ris3ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "UTF-8, one priority a row, columns nuts_code, title, description, codes "
            "(nace:25; nabs:06 …), source_url."
        ),
    )


@admin.register(Ris3Priority)
class Ris3PriorityAdmin(HistoryAdmin):
    """Regions' RIS3 priorities: moderators hide an entry, or import many from a CSV file."""

    list_display = ("title", "region", "hidden", "updated_at")
    list_filter = ("hidden", "region__country")
    search_fields = ("title", "description", "region__code", "region__name")
    autocomplete_fields = ("region", "codes")
    list_select_related = ("region",)
    readonly_fields = ("created_at",)
    change_list_template = "admin/regions/ris3priority/change_list.html"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Codes are saved with the related objects: the matchmaking rows follow
        # them, in the region the entry left too.
        regions = {form.instance.region_id, form.initial.get("region")} - {None}
        sync_region_codes(Region.objects.filter(pk__in=regions))

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="regions_ris3priority_import"), *super().get_urls()]

    def import_view(self, request):
        """Upload, preview (nothing saved, each skipped row with its reason), then confirm."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.model._meta}
        context["title"] = _("Import RIS3 priorities from a CSV file")
        if request.method == "POST" and "confirm" in request.POST:
            preview = preview_import(request.POST.get("data", "").encode("utf-8"))
            saved = save_import(preview)
            if saved:
                self.message_user(
                    request,
                    _("%(saved)s priorities saved; %(skipped)s rows skipped.")
                    % {"saved": saved, "skipped": len(preview.problems)},
                    messages.SUCCESS,
                )
                return redirect("admin:regions_ris3priority_changelist")
            self.message_user(request, _("Nothing to save."), messages.ERROR)
        uploading = request.method == "POST" and "confirm" not in request.POST
        form = Ris3ImportForm(request.POST, request.FILES) if uploading else Ris3ImportForm()
        if uploading and form.is_valid():
            data = form.cleaned_data["file"].read(MAX_IMPORT_BYTES + 1)
            context["preview"] = preview_import(data)
            context["data"] = data.decode("utf-8-sig", errors="replace")
        context["form"] = form
        return TemplateResponse(request, "admin/regions/ris3priority/import.html", context)


class RegionPriorityInline(admin.TabularInline):
    model = RegionPriority
    fields = ("priority", "description")
    autocomplete_fields = ("priority",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("priority")


@admin.register(Region)
class RegionAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "level",
        "country",
        "parent",
        "cohesion_category",
        "industrial_transition_pilot",
    )
    list_filter = ("level", "cohesion_category", "industrial_transition_pilot", "country")
    search_fields = ("code", "name", "name_en", "name_national")
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)
    inlines = [RegionPriorityInline]

    def get_readonly_fields(self, request, obj=None):
        # The NUTS classification comes from the loader; moderators add what
        # it does not know (cohesion category, pilot note, priorities).
        if obj is not None:
            return ("code", "level", "country", "parent")
        return ()


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "scheme", "level", "parent")
    list_filter = ("scheme", "level")
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)


@admin.register(RegionPriority)
class RegionPriorityAdmin(admin.ModelAdmin):
    list_display = ("region", "priority")
    list_filter = ("priority__scheme",)
    search_fields = ("region__code", "region__name", "priority__code", "priority__name")
    autocomplete_fields = ("region", "priority")
    list_select_related = ("region", "priority")


class ClusterValidationInline(ReadOnlyInline):
    """The moderators' past decisions on the profile, with their checklists."""

    model = ClusterValidation
    fields = (
        "approved",
        "management_fte_ok",
        "members_ok",
        "member_kinds_ok",
        "english_website_ok",
        "reason",
        "decided_by",
        "decided_at",
    )
    select_related = ("decided_by",)


class ClusterReviewForm(forms.Form):
    """The moderator's part of the checklist: is each cluster's website in English?

    The other criteria are computed from the profile. A rejection needs a reason.
    """

    def __init__(self, *args, clusters, reason_required, **kwargs):
        super().__init__(*args, **kwargs)
        for cluster in clusters:
            self.fields[self.english_field(cluster)] = forms.BooleanField(
                required=False,
                label=_("%(cluster)s: the website is in English") % {"cluster": cluster},
            )
        self.fields["reason"] = forms.CharField(
            label=_("Reason") if reason_required else _("Note (optional)"),
            required=reason_required,
            widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
            help_text=_("Recorded with the decision; the cluster's representatives will see it."),
        )

    @staticmethod
    def english_field(cluster):
        return f"english_website_{cluster.pk}"


def _criterion(name):
    return ClusterValidation._meta.get_field(name).verbose_name


def computed_checklist(cluster):
    """Rows (criterion, met, figures) for the intermediate page; the website is judged by hand."""
    checklist = cluster_checklist(cluster, english_website_ok=True)
    kinds = "; ".join(
        f"{Cluster._meta.get_field(f'members_{kind}').verbose_name}: {count}"
        for kind, count in cluster.member_counts.items()
        if count
    )
    return [
        (
            _criterion("management_fte_ok"),
            checklist["management_fte_ok"],
            _("%(fte)s FTE") % {"fte": cluster.management_fte},
        ),
        (
            _criterion("members_ok"),
            checklist["members_ok"],
            _("%(count)d members") % {"count": cluster.total_members},
        ),
        (_criterion("member_kinds_ok"), checklist["member_kinds_ok"], kinds or _("No members")),
        (
            _criterion("english_website_ok"),
            None if cluster.website else False,
            cluster.website or _("No website given: the profile cannot be validated."),
        ),
    ]


@admin.register(Cluster)
class ClusterAdmin(ModerationMixin, HistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = (
        "name",
        "acronym",
        "region",
        "status",
        "label",
        "management_fte",
        "total_members",
        "is_demo",
    )
    list_filter = ("status", "label", "is_demo", "region__country")
    search_fields = ("name", "acronym", "website", "region__code", "region__name")
    autocomplete_fields = ("region", "priorities")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("status", "created_at", "updated_at")
    list_select_related = ("region",)
    date_hierarchy = "created_at"
    inlines = [ClusterValidationInline]
    history_list_display = ["status", "label"]
    status_actions = {
        ClusterStatus.PENDING: [
            ("validate_profiles", gettext_lazy("Validate and publish…")),
            ("reject_profiles", gettext_lazy("Reject…")),
        ],
    }

    @admin.display(description=gettext_lazy("members"))
    def total_members(self, cluster):
        return cluster.total_members

    @admin.action(
        description=gettext_lazy("Validate and publish the selected cluster profiles…"),
        permissions=["decide"],
    )
    def validate_profiles(self, request, queryset):
        return self._review(request, queryset, action="validate_profiles", approve=True)

    @admin.action(
        description=gettext_lazy("Reject the selected cluster profiles…"), permissions=["decide"]
    )
    def reject_profiles(self, request, queryset):
        return self._review(request, queryset, action="reject_profiles", approve=False)

    def _review(self, request, queryset, *, action, approve):
        clusters = list(queryset)

        def decide(cluster, data):
            return review_cluster_profile(
                cluster_id=cluster.pk,
                moderator=request.user,
                approve=approve,
                english_website_ok=data[ClusterReviewForm.english_field(cluster)],
                reason=data["reason"],
            )

        if approve:
            title = _("Validate cluster profiles")
            done = _("%(cluster)s: profile validated and published.")
        else:
            title = _("Reject cluster profiles")
            done = _("%(cluster)s: profile rejected.")
        return decide_with_form(
            self,
            request,
            clusters,
            action=action,
            title=title,
            decide=decide,
            success=lambda cluster: done % {"cluster": cluster},
            form_class=ClusterReviewForm,
            form_kwargs={"clusters": clusters, "reason_required": not approve},
            checks=computed_checklist,
        )


@admin.register(ClusterValidation)
class ClusterValidationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: validations are written by the review action, with who decided and when."""

    list_display = (
        "cluster",
        "approved",
        "management_fte_ok",
        "members_ok",
        "member_kinds_ok",
        "english_website_ok",
        "decided_by",
        "decided_at",
    )
    list_filter = ("approved",)
    search_fields = ("cluster__name", "cluster__acronym", "reason")
    list_select_related = ("cluster", "decided_by")
    date_hierarchy = "decided_at"


class OrganisationKindFilter(ChoicesFilter):
    title = gettext_lazy("represents")
    parameter_name = "organisation"
    conditions = {
        "region": (gettext_lazy("a region"), Q(region__isnull=False)),
        "cluster": (gettext_lazy("a cluster organisation"), Q(cluster__isnull=False)),
    }


class VouchedFilter(ChoicesFilter):
    """Affiliations a moderator verified, or ones a colleague vouched for by invitation."""

    title = gettext_lazy("verified by")
    parameter_name = "vouched"
    conditions = {
        "moderator": (gettext_lazy("a moderator"), Q(invitation__isnull=True)),
        "colleague": (gettext_lazy("a colleague's invitation"), Q(invitation__isnull=False)),
    }


def _affiliation_names(affiliation):
    """The names the messages of a decision on an affiliation show."""
    return {"user": affiliation.user, "organisation": affiliation.organisation}


@admin.register(Affiliation)
class AffiliationAdmin(ModerationMixin, HistoryAdmin):
    list_display = (
        "user",
        "organisation",
        "role_title",
        "official_email",
        "status",
        "created_at",
        "decided_by",
    )
    list_filter = ("status", OrganisationKindFilter, VouchedFilter)
    search_fields = (
        "user__email",
        "user__first_name",
        "user__last_name",
        "official_email",
        "region__code",
        "region__name",
        "cluster__name",
    )
    autocomplete_fields = ("user", "region", "cluster")
    list_select_related = ("user", "region", "cluster", "decided_by")
    history_list_display = ["status"]
    date_hierarchy = "created_at"
    status_actions = {
        AffiliationStatus.PENDING: [
            ("verify_affiliations", gettext_lazy("Verify")),
            ("reject_affiliations", gettext_lazy("Reject…")),
        ],
        AffiliationStatus.VERIFIED: [("revoke_affiliations", gettext_lazy("Revoke…"))],
    }

    decision_fields = ("status", "created_at", "decided_by", "decided_at", "decision_reason")
    # What the applicant claimed stays as they wrote it.
    claim_fields = ("user", "region", "cluster", "role_title", "official_email", "justification")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.decision_fields
        return self.claim_fields + self.decision_fields

    @admin.display(description=gettext_lazy("organisation"))
    def organisation(self, affiliation):
        return affiliation.organisation

    verify_affiliations = DecisionAction(
        gettext_lazy("Verify the selected affiliations"),
        lambda affiliation, moderator: verify_affiliation(
            affiliation_id=affiliation.pk, moderator=moderator
        ),
        lambda affiliation: (
            _("%(user)s now represents %(organisation)s.") % _affiliation_names(affiliation)
        ),
    )
    reject_affiliations = ReasonedDecisionAction(
        gettext_lazy("Reject the selected affiliations…"),
        gettext_lazy("Reject affiliations"),
        lambda affiliation, moderator, reason: reject_affiliation(
            affiliation_id=affiliation.pk, moderator=moderator, reason=reason
        ),
        lambda affiliation: (
            _("Rejected the request of %(user)s to represent %(organisation)s.")
            % _affiliation_names(affiliation)
        ),
    )
    revoke_affiliations = ReasonedDecisionAction(
        gettext_lazy("Revoke the selected verified affiliations…"),
        gettext_lazy("Revoke affiliations"),
        lambda affiliation, moderator, reason: revoke_affiliation(
            affiliation_id=affiliation.pk, moderator=moderator, reason=reason
        ),
        lambda affiliation: (
            _("%(user)s no longer represents %(organisation)s.") % _affiliation_names(affiliation)
        ),
    )


@admin.register(AffiliationInvitation)
class AffiliationInvitationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: a representative invites a colleague, who answers on the portal.

    An accepted invitation links the affiliation it created; a moderator who
    doubts it revokes that affiliation.
    """

    list_display = ("email", "region", "invited_by", "status", "created_at", "responded_at")
    list_filter = ("status",)
    search_fields = ("email", "region__code", "region__name", "invited_by__email")
    list_select_related = ("region", "invited_by")
    date_hierarchy = "created_at"
