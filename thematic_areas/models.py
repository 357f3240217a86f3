import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
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
from regions.models import Priority, Region

from .choices import (
    AreaStatus,
    HalfYear,
    InvitationStatus,
    MembershipRole,
    Phase,
    Platform,
    ReportStatus,
)


class ThematicAreaQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=AreaStatus.ACTIVE)

    def public(self):
        """Areas a visitor may see: proposals stay private until approved."""
        return self.filter(status__in=[AreaStatus.ACTIVE, AreaStatus.CLOSED])


class ThematicArea(OwnPage):
    """A thematic area proposed and led by regions, e.g. 3D printing.

    The scoping note (objectives and a first action plan) is sent with the
    proposal. An active area always has at least one lead region; the
    services guard that, since it spans rows.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(_("summary"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    action_plan = models.TextField(_("first action plan"), blank=True)
    priorities = models.ManyToManyField(
        Priority, blank=True, related_name="thematic_areas", verbose_name=_("priorities covered")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AreaStatus, default=AreaStatus.PROPOSED
    )
    # Blank: not recorded (a partnership known from sources that do not say).
    phase = models.CharField(
        _("phase"), max_length=15, choices=Phase, default=Phase.LEARN, blank=True
    )
    platform = models.CharField(
        _("thematic platform"),
        max_length=30,
        choices=Platform,
        blank=True,
        help_text=_("Blank when no source read states it."),
    )
    platform_source_url = models.URLField(_("source of the platform"), max_length=500, blank=True)
    proposing_region = optional_link(
        Region, related_name="proposed_areas", verbose_name=_("proposing region")
    )
    proposed_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")
    # Null for a partnership known from sources rather than proposed here: the
    # day it was loaded is no fact about it.
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    launched_year = models.PositiveSmallIntegerField(_("launched"), null=True, blank=True)
    reported_region_count = models.PositiveSmallIntegerField(
        _("participating regions reported by sources"), null=True, blank=True
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Sources and facts that do not fit elsewhere.")
    )

    objects = ThematicAreaQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])
    page_url = "thematic_areas:area_detail"

    class Meta:
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")
        ordering = ["name"]
        indexes = [
            # Areas list filtered by status and phase.
            models.Index(fields=["status", "phase"], name="areas_area_status_phase"),
            # Newest areas on the home page and the Atom feed.
            models.Index(fields=["-created_at"], name="areas_area_newest"),
        ]
        constraints = [
            check_constraint(
                models.Q(platform="") | ~models.Q(platform_source_url=""),
                name="platform_has_source",
                message=_("A platform needs the web address of the page that states it."),
            ),
        ]

    def __str__(self):
        return self.name

    def current_memberships(self):
        return self.memberships.filter(left_at__isnull=True)

    def has_lead(self):
        return self.current_memberships().filter(role=MembershipRole.LEAD).exists()


class AreaMembershipQuerySet(MembershipQuerySet):
    def leads(self):
        return self.current().filter(role=MembershipRole.LEAD)

    def public(self):
        """Memberships of areas a visitor may see (see ThematicAreaQuerySet.public)."""
        return self.filter(area__status__in=[AreaStatus.ACTIVE, AreaStatus.CLOSED])


class AreaMembership(Membership):
    """A region's membership of an area, as a lead or a member; rows are kept after it leaves.

    At most one current membership per (area, region): after leaving, a
    region may join again and its history keeps both periods.
    """

    target_field = "area"
    member_field = "region"
    leading_role = MembershipRole.LEAD
    already_a_member = _("%(region)s is already a member of this area.")

    area = models.ForeignKey(ThematicArea, on_delete=models.CASCADE, related_name="memberships")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="area_memberships")
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole)
    # Set for members recorded from public sources rather than admitted on the platform.
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    source_note = models.TextField(_("what the source says"), blank=True)

    objects = AreaMembershipQuerySet.as_manager()

    class Meta(Membership.Meta):
        verbose_name = _("area membership")
        verbose_name_plural = _("area memberships")
        ordering = ["area", "-role", "joined_at"]
        indexes = [
            # A region's areas (region page, matchmaking, "member region" filter).
            models.Index(fields=["region", "left_at"], name="areas_membership_region"),
        ]
        constraints = [
            *Membership.Meta.constraints,
            one_current_per_pair("area", "region"),
        ]

    def __str__(self):
        return f"{self.region.code} in {self.area} ({self.get_role_display()})"


class AreaSource(models.Model):
    """A public page that documents the area: its members, its platform, its size."""

    area = models.ForeignKey(ThematicArea, on_delete=models.CASCADE, related_name="sources")
    url = models.URLField(_("web address"), max_length=500)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["area", "url"]
        constraints = [
            unique_constraint("area", "url", name="once"),
        ]

    def __str__(self):
        return self.url


class NamedParticipant(models.Model):
    """A participant the sources name that is no NUTS 2021 region of the EU-27.

    Scotland, Wales, Norwegian regions, Randstad or a city: kept by the name
    the source gives, so that nobody the sources name is dropped.
    """

    area = models.ForeignKey(
        ThematicArea, on_delete=models.CASCADE, related_name="named_participants"
    )
    name = models.CharField(_("name as in the source"), max_length=200)
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    note = models.TextField(_("why it is not a NUTS region"), blank=True)

    class Meta:
        verbose_name = _("participant outside the NUTS classification")
        verbose_name_plural = _("participants outside the NUTS classification")
        ordering = ["area", "-role", "name"]
        constraints = [
            unique_constraint("area", "name", name="once"),
        ]

    def __str__(self):
        return f"{self.name} in {self.area}"


class AreaJoinRequest(JoinRequest):
    """A region's request to join an active area, decided by a lead."""

    area = models.ForeignKey(ThematicArea, on_delete=models.CASCADE, related_name="join_requests")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="area_join_requests")
    # A demo request (fictitious) shows how deciding works; approving it would
    # make a real region a member of a real area, so it can only be refused.
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords()

    class Meta(JoinRequest.Meta):
        verbose_name = _("area join request")
        verbose_name_plural = _("area join requests")
        indexes = [
            # "Decisions waiting for me": pending requests of the areas I lead.
            models.Index(fields=["area", "status"], name="areas_joinrequest_area_status"),
        ]
        constraints = [
            *JoinRequest.Meta.constraints,
            one_pending_per("region", "area"),
        ]

    def __str__(self):
        return f"{self.region.code} → {self.area} ({self.get_status_display()})"


class LeadInvitation(models.Model):
    """A lead's invitation to another region to co-lead the area."""

    area = models.ForeignKey(
        ThematicArea, on_delete=models.CASCADE, related_name="lead_invitations"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="lead_invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=InvitationStatus, default=InvitationStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    responded_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("co-lead invitation")
        verbose_name_plural = _("co-lead invitations")
        ordering = ["-created_at"]
        constraints = [
            one_pending_per("area", "region"),
        ]

    def __str__(self):
        return f"{self.region.code} invited to lead {self.area}"


def report_due_on(year: int, half: int) -> datetime.date:
    """A progress report is due on the last day of the half-year it covers."""
    return datetime.date(year, 6, 30) if half == HalfYear.FIRST else datetime.date(year, 12, 31)


class ProgressReport(models.Model):
    """The leads' six-monthly management and progress report of an area."""

    area = models.ForeignKey(
        ThematicArea, on_delete=models.CASCADE, related_name="progress_reports"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2016), MaxValueValidator(2100)]
    )
    half = models.PositiveSmallIntegerField(_("period"), choices=HalfYear)
    activities = models.TextField(_("activities"))
    new_members = models.TextField(_("new members"), blank=True)
    projects_moved_on = models.TextField(_("projects moved on"), blank=True)
    next_steps = models.TextField(_("next steps"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus, default=ReportStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["area", "-year", "-half"]
        constraints = [
            unique_constraint("area", "year", "half", name="one_per_period"),
            check_constraint(models.Q(half__in=[1, 2]), name="half_1_or_2"),
        ]

    def __str__(self):
        return f"{self.area} — {self.year} H{self.half}"
