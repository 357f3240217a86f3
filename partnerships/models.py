import datetime

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.workflow import (
    JoinRequest,
    Membership,
    MembershipQuerySet,
    one_current_per_pair,
    one_pending_per,
)
from regions.models import Cluster
from thematic_areas.models import ThematicArea

from .choices import PartnershipKind, PartnershipRole


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
            models.CheckConstraint(
                condition=models.Q(closes_on__gt=models.F("opens_on")),
                name="%(app_label)s_%(class)s_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.title

    def is_open_on(self, day: datetime.date) -> bool:
        return self.opens_on <= day <= self.closes_on

    def is_open(self):
        return self.is_open_on(timezone.localdate())


class Partnership(models.Model):
    """A partnership of cluster organisations inside a thematic area."""

    area = models.ForeignKey(ThematicArea, on_delete=models.PROTECT, related_name="partnerships")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PartnershipKind)
    description = models.TextField(_("description"), blank=True)
    coordinator = models.ForeignKey(
        Cluster,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_partnerships",
        verbose_name=_("coordinator cluster"),
    )
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, null=True, blank=True, related_name="partnerships"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["name"]
        indexes = [
            # Partnerships list filtered by kind.
            models.Index(fields=["kind"], name="partnerships_partnership_kind"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:partnership_detail", args=[self.slug])


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
