import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.model_tools import OwnPage, check_constraint, optional_link, unique_constraint
from core.workflow import (
    JoinRequest,
    Membership,
    MembershipQuerySet,
    one_current_per_pair,
    one_pending_per,
)
from regions.models import Cluster
from thematic_areas.models import ThematicArea

from .choices import InvitationAnswer, PartnershipKind, PartnershipRole, ProposalStatus


class CallQuerySet(models.QuerySet):
    def open_on(self, day):
        return self.filter(opens_on__lte=day, closes_on__gte=day)

    def open_now(self):
        return self.open_on(timezone.localdate())


class Call(models.Model):
    """A call for expressions of interest; open from `opens_on` to `closes_on`, inclusive."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    url = models.URLField(_("official page"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for expressions of interest")
        verbose_name_plural = _("calls for expressions of interest")
        ordering = ["-opens_on"]
        indexes = [
            # Calls page and the "open calls" filter.
            models.Index(fields=["opens_on", "closes_on"], name="partnerships_call_window"),
        ]
        constraints = [
            check_constraint(
                models.Q(closes_on__gt=models.F("opens_on")), name="closes_after_opening"
            ),
        ]

    def __str__(self):
        return self.title

    def is_open_on(self, day: datetime.date) -> bool:
        return self.opens_on <= day <= self.closes_on

    def is_open(self):
        return self.is_open_on(timezone.localdate())


class Partnership(OwnPage):
    """A partnership of cluster organisations inside a thematic area."""

    area = models.ForeignKey(ThematicArea, on_delete=models.PROTECT, related_name="partnerships")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PartnershipKind)
    description = models.TextField(_("description"), blank=True)
    coordinator = optional_link(
        Cluster, related_name="coordinated_partnerships", verbose_name=_("coordinator cluster")
    )
    call = optional_link(Call, related_name="partnerships")
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()
    page_url = "partnerships:partnership_detail"

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["name"]
        indexes = [
            # Partnerships list filtered by kind.
            models.Index(fields=["kind"], name="partnerships_partnership_kind"),
            # The list's order: a page reads its rows by name and joins only those.
            models.Index(fields=["name"], name="partnerships_partnership_name"),
        ]

    def __str__(self):
        return self.name


class PartnershipMembershipQuerySet(MembershipQuerySet):
    def public(self):
        """Memberships of partnerships a visitor may see: those of public areas."""
        return self.filter(partnership__area__in=ThematicArea.objects.public())


class PartnershipMembership(Membership):
    """A cluster's membership of a partnership, as its coordinator or a member; rows are kept
    after it leaves."""

    target_field = "partnership"
    member_field = "cluster"
    leading_role = PartnershipRole.COORDINATOR
    already_a_member = _("%(cluster)s is already a member.")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="partnership_memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=PartnershipRole)

    objects = PartnershipMembershipQuerySet.as_manager()

    class Meta(Membership.Meta):
        verbose_name = _("partnership membership")
        verbose_name_plural = _("partnership memberships")
        ordering = ["partnership", "role", "joined_at"]
        indexes = [
            # A cluster's partnerships (cluster page).
            models.Index(fields=["cluster", "left_at"], name="partnerships_member_cluster"),
        ]
        constraints = [
            *Membership.Meta.constraints,
            one_current_per_pair("partnership", "cluster"),
        ]

    def __str__(self):
        return f"{self.cluster} in {self.partnership} ({self.get_role_display()})"


class PartnershipJoinRequest(JoinRequest):
    """A cluster's request to join a partnership, accepted only while its call is open."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="join_requests"
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="partnership_join_requests"
    )
    history = HistoricalRecords()

    class Meta(JoinRequest.Meta):
        verbose_name = _("partnership join request")
        verbose_name_plural = _("partnership join requests")
        indexes = [
            # Pending requests of the partnerships I coordinate.
            models.Index(fields=["partnership", "status"], name="partnerships_request_status"),
        ]
        constraints = [
            *JoinRequest.Meta.constraints,
            one_pending_per("cluster", "partnership"),
        ]

    def __str__(self):
        return f"{self.cluster} → {self.partnership} ({self.get_status_display()})"


class PartnershipProposal(OwnPage):
    """A cluster's proposal of a new partnership inside an area, during an open call.

    The clusters it invites confirm or decline; a moderator approves it (the
    partnership is created, the proposing cluster its coordinator, the
    clusters that confirmed its members) or rejects it with a reason.
    """

    area = models.ForeignKey(
        ThematicArea,
        on_delete=models.PROTECT,
        related_name="partnership_proposals",
        verbose_name=_("thematic area"),
    )
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("call")
    )
    proposing_cluster = models.ForeignKey(
        Cluster,
        on_delete=models.PROTECT,
        related_name="partnership_proposals",
        verbose_name=_("proposing cluster"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=PartnershipKind)
    objectives = models.TextField(_("objectives"))
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus, default=ProposalStatus.PROPOSED
    )
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    partnership = models.OneToOneField(
        Partnership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("partnership created"),
    )

    history = HistoricalRecords()
    page_url = "partnerships:proposal_detail"
    page_key = "pk"

    class Meta:
        verbose_name = _("partnership proposal")
        verbose_name_plural = _("partnership proposals")
        ordering = ["-created_at"]
        indexes = [
            # The moderation queue: what waits, oldest first.
            models.Index(fields=["status", "created_at"], name="partnerships_proposal_queue"),
        ]
        constraints = [
            check_constraint(
                ~models.Q(status=ProposalStatus.APPROVED) | models.Q(partnership__isnull=False),
                name="approved_has_partnership",
            ),
        ]

    def __str__(self):
        return self.name


class ProposalInvitation(models.Model):
    """A cluster invited into a partnership proposal, and its answer."""

    proposal = models.ForeignKey(
        PartnershipProposal, on_delete=models.CASCADE, related_name="invitations"
    )
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(
        _("answer"), max_length=10, choices=InvitationAnswer, default=InvitationAnswer.PENDING
    )
    answered_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation to a partnership proposal")
        verbose_name_plural = _("invitations to partnership proposals")
        ordering = ["pk"]
        constraints = [
            unique_constraint("proposal", "cluster", name="once_per_cluster"),
        ]

    def __str__(self):
        return f"{self.cluster} — {self.proposal}"
