from django.contrib import admin
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin_tools import (
    AppendOnlyInline,
    CurrentMembershipFilter,
    DecisionAction,
    HistoryAdmin,
    JoinRequestAdmin,
    ModerationMixin,
    NoDeleteMixin,
    ReadOnlyInline,
    ReadOnlyMixin,
    ReasonedDecisionAction,
)
from core.membership_admin import (
    MembershipForm,
    MembershipInlineMixin,
    ServiceMembershipAdmin,
)

from .choices import ProposalStatus
from .membership import PARTNERSHIP_MEMBERS, PARTNERSHIP_REQUESTS
from .models import (
    Call,
    Partnership,
    PartnershipJoinRequest,
    PartnershipMembership,
    PartnershipProposal,
    ProposalInvitation,
)
from .services import (
    add_partnership_member,
    approve_partnership_proposal,
    check_can_join,
    reject_partnership_proposal,
)


@admin.register(Call)
class CallAdmin(NoDeleteMixin, admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("title", "opens_on", "closes_on", "is_open", "is_demo")
    list_filter = ("is_demo",)
    search_fields = ("title", "description")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "opens_on"

    @admin.display(description=gettext_lazy("open today"), boolean=True)
    def is_open(self, call):
        return call.is_open()


class PartnershipMembershipForm(MembershipForm):
    check = staticmethod(check_can_join)
    add = staticmethod(add_partnership_member)


class PartnershipMembershipInline(AppendOnlyInline):
    """Current and past members. Existing rows are read-only (a cluster leaves through
    the "end membership" action); moderators may add members through
    `add_partnership_member`, recorded as approver."""

    model = PartnershipMembership
    form = PartnershipMembershipForm
    fields = ("cluster", "role", "joined_at", "left_at", "approved_by")
    readonly_fields = ("joined_at", "left_at", "approved_by")
    autocomplete_fields = ("cluster",)
    select_related = ("cluster", "approved_by")


@admin.register(Partnership)
class PartnershipAdmin(MembershipInlineMixin, HistoryAdmin):
    list_display = ("name", "kind", "area", "coordinator", "call", "is_demo", "created_at")
    list_filter = ("kind", "is_demo", ("call", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "description", "area__name", "coordinator__name")
    autocomplete_fields = ("area", "coordinator", "call")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("area", "coordinator", "call")
    date_hierarchy = "created_at"
    inlines = [PartnershipMembershipInline]
    history_list_display = ["kind", "coordinator"]


@admin.register(PartnershipMembership)
class PartnershipMembershipAdmin(ServiceMembershipAdmin):
    kind = PARTNERSHIP_MEMBERS
    form = PartnershipMembershipForm
    list_display = ("cluster", "partnership", "role", "joined_at", "left_at", "approved_by")
    list_filter = (CurrentMembershipFilter, "role", "partnership__kind")
    search_fields = ("cluster__name", "cluster__acronym", "partnership__name")
    autocomplete_fields = ("partnership", "cluster")
    list_select_related = ("partnership", "cluster", "approved_by")


@admin.register(PartnershipJoinRequest)
class PartnershipJoinRequestAdmin(JoinRequestAdmin):
    list_display = (
        "cluster",
        "partnership",
        "status",
        "requested_by",
        "created_at",
        "decided_by",
        "decided_at",
    )
    list_filter = ("status", ("partnership", admin.RelatedOnlyFieldListFilter))
    search_fields = (
        "cluster__name",
        "cluster__acronym",
        "partnership__name",
        "requested_by__email",
    )
    list_select_related = ("partnership", "cluster", "requested_by", "decided_by")
    target_fields = ("partnership", "cluster")
    kind = PARTNERSHIP_REQUESTS


class ProposalInvitationInline(ReadOnlyInline):
    """The invited clusters and their answers, which only their representatives give."""

    model = ProposalInvitation
    fields = ("cluster", "answer", "answered_by", "answered_at")


@admin.register(PartnershipProposal)
class PartnershipProposalAdmin(ModerationMixin, HistoryAdmin):
    """Clusters' proposals of partnerships: moderators approve (the partnership is created)
    or reject them with a reason, through the services."""

    list_display = ("name", "status", "proposing_cluster", "area", "call", "created_at")
    list_filter = ("status", "kind")
    search_fields = ("name", "objectives", "proposing_cluster__name", "area__name")
    list_select_related = ("proposing_cluster", "area", "call")
    date_hierarchy = "created_at"
    readonly_fields = (
        "area",
        "call",
        "proposing_cluster",
        "proposed_by",
        "status",
        "created_at",
        "decided_by",
        "decided_at",
        "decision_reason",
        "partnership",
    )
    fields = ("name", "kind", "objectives", *readonly_fields)
    inlines = [ProposalInvitationInline]
    history_list_display = ["status"]
    status_actions = {
        ProposalStatus.PROPOSED: [
            ("approve_proposals", gettext_lazy("Approve")),
            ("reject_proposals", gettext_lazy("Reject…")),
        ],
    }

    def has_add_permission(self, request):
        return False

    approve_proposals = DecisionAction(
        gettext_lazy("Approve the selected proposals"),
        lambda proposal, moderator: approve_partnership_proposal(
            proposal_id=proposal.pk, moderator=moderator
        ),
        lambda proposal: (
            _("Approved “%(name)s”: the partnership is created.") % {"name": proposal.name}
        ),
    )
    reject_proposals = ReasonedDecisionAction(
        gettext_lazy("Reject the selected proposals…"),
        gettext_lazy("Reject partnership proposals"),
        lambda proposal, moderator, reason: reject_partnership_proposal(
            proposal_id=proposal.pk, moderator=moderator, reason=reason
        ),
        lambda proposal: _("Rejected the proposal “%(name)s”.") % {"name": proposal.name},
    )


@admin.register(ProposalInvitation)
class ProposalInvitationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("cluster", "proposal", "answer", "answered_at")
    list_filter = ("answer",)
    search_fields = ("cluster__name", "proposal__name")
    list_select_related = ("cluster", "proposal")
