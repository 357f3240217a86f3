from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.model_tools import OwnPage, check_constraint, optional_link, unique_constraint
from partnerships.models import Partnership
from regions.models import Cluster, Region
from thematic_areas.models import ThematicArea

from .choices import (
    FundingKind,
    FundingStatus,
    OrganisationType,
    PartnerRole,
    ProjectStatus,
    Stage,
)

EUR = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class InvestmentProjectQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ProjectStatus.PUBLISHED)


class InvestmentProject(OwnPage):
    """An interregional investment project ("demo-case") in a thematic area."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.TextField(_("summary"))
    area = models.ForeignKey(ThematicArea, on_delete=models.PROTECT, related_name="projects")
    partnership = optional_link(Partnership, related_name="projects")
    lead_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="led_projects")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage, default=Stage.IDEA)
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level"),
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("From 1 (basic principles observed) to 9 (proven in operation)."),
    )
    total_investment = models.DecimalField(_("total investment (EUR)"), **EUR)
    oversubscription_confirmed = models.BooleanField(
        _("funding above the total confirmed"), default=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProjectStatus, default=ProjectStatus.DRAFT
    )
    created_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    published_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(
        _("why it was returned to draft"),
        blank=True,
        help_text=_("Set when a lead or moderator returns a submitted project; cleared on submit."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = InvestmentProjectQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])
    page_url = "projects:project_detail"

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        ordering = ["-created_at"]
        indexes = [
            # Projects list and pipeline: published projects by area and stage.
            models.Index(fields=["status", "area", "stage"], name="projects_project_area_stage"),
            # Projects list filtered by country, through the lead region.
            models.Index(fields=["status", "lead_region"], name="projects_project_region"),
            # The lists' order (newest first, id breaking ties): a page of the
            # list reads its rows in order and stops, whatever the total.
            models.Index(fields=["-created_at", "id"], name="projects_project_newest"),
            # The moderators' queue: submitted projects, oldest first.
            models.Index(fields=["status", "updated_at", "id"], name="projects_project_queue"),
        ]
        constraints = [
            check_constraint(models.Q(trl__gte=1, trl__lte=9), name="trl_1_to_9"),
            check_constraint(models.Q(total_investment__gte=0), name="investment_non_negative"),
        ]

    def __str__(self):
        return self.title


class StageChange(models.Model):
    """One move of a project from a stage to the next, so its history shows how it moved."""

    project = models.ForeignKey(
        InvestmentProject, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(max_length=20, choices=Stage, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["project", "changed_at"]

    def __str__(self):
        return f"{self.project}: {self.from_stage or '—'} → {self.to_stage}"


class ProjectPartner(models.Model):
    """An organisation taking part in a project: a member region or cluster, or a named outsider."""

    project = models.ForeignKey(
        InvestmentProject, on_delete=models.CASCADE, related_name="partners"
    )
    region = optional_link(Region, related_name="project_partnerships")
    cluster = optional_link(Cluster, related_name="project_partnerships")
    organisation_name = models.CharField(_("organisation"), max_length=200)
    organisation_type = models.CharField(_("type"), max_length=10, choices=OrganisationType)
    country = models.CharField(_("country code"), max_length=2)
    role = models.CharField(
        _("role"), max_length=10, choices=PartnerRole, default=PartnerRole.PARTNER
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        ordering = ["project", "role", "organisation_name"]
        indexes = [
            # Projects filtered by country take every project with a partner
            # there: an index-only scan instead of reading all partners.
            models.Index(fields=["country", "project"], name="projects_partner_country"),
        ]
        constraints = [
            unique_constraint(
                "project", "organisation_name", "country", name="unique_organisation"
            ),
        ]

    def __str__(self):
        return f"{self.organisation_name} ({self.country}) in {self.project}"


class FundingSource(models.Model):
    """A source of money for a project, planned or secured."""

    project = models.ForeignKey(
        InvestmentProject, on_delete=models.CASCADE, related_name="funding_sources"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FundingKind)
    amount = models.DecimalField(_("amount (EUR)"), **EUR)
    status = models.CharField(
        _("status"), max_length=10, choices=FundingStatus, default=FundingStatus.PLANNED
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["project", "kind"]
        constraints = [
            check_constraint(models.Q(amount__gte=0), name="amount_non_negative"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount} EUR ({self.get_status_display()})"
