import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.model_tools import (
    OwnPage,
    check_constraint,
    exactly_one_of,
    optional_link,
    unique_constraint,
)
from core.workflow import one_pending_per

from .choices import (
    AffiliationStatus,
    ClusterLabel,
    ClusterStatus,
    CohesionCategory,
    InvitationStatus,
    NutsLevel,
    PriorityScheme,
)

nuts_code_validator = RegexValidator(
    r"^[A-Z]{2}[0-9A-Z]{0,3}$", _("A NUTS code is two capital letters and up to three more.")
)


class Region(OwnPage):
    """A territorial unit of the NUTS 2021 classification, at any level 0-3.

    Any level can take part in the platform: a country (SI), a NUTS 1 region
    (BE2 Flanders), a NUTS 2 region (ES51) or a NUTS 3 region (SE224 Skåne).
    """

    code = models.CharField(
        _("NUTS code"), max_length=5, unique=True, validators=[nuts_code_validator]
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("Name in Latin script."))
    name_national = models.CharField(_("national name"), max_length=200, blank=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    level = models.PositiveSmallIntegerField(_("NUTS level"), choices=NutsLevel)
    country = models.CharField(_("country code"), max_length=2)
    parent = optional_link("self", related_name="children", verbose_name=_("parent"))
    cohesion_category = models.CharField(
        _("cohesion category 2021-2027"),
        max_length=20,
        choices=CohesionCategory,
        blank=True,
        help_text=_("Set from a published source only; never guessed."),
    )
    cohesion_source_url = models.URLField(
        _("source of the cohesion category"),
        max_length=500,
        blank=True,
        help_text=_("The page that states the category; required with a category."),
    )
    industrial_transition_pilot = models.BooleanField(
        _("industrial-transition pilot 2017-2018"), default=False
    )
    pilot_note = models.CharField(_("pilot note"), max_length=300, blank=True)
    priorities = models.ManyToManyField(
        "Priority", through="RegionPriority", blank=True, related_name="regions"
    )

    page_url = "regions:region_detail"
    page_key = "code"

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [
            # Regions list filtered by country and level.
            models.Index(fields=["country", "level"], name="regions_region_country_level"),
            # Regions list and matchmaking filtered by cohesion category.
            models.Index(fields=["cohesion_category"], name="regions_region_category"),
        ]
        constraints = [
            check_constraint(models.Q(level__gte=0, level__lte=3), name="level_0_to_3"),
            check_constraint(
                models.Q(cohesion_category="") | models.Q(level=NutsLevel.NUTS2),
                name="category_only_nuts2",
            ),
            check_constraint(
                models.Q(cohesion_category="") | ~models.Q(cohesion_source_url=""),
                name="category_has_source",
                message=_("A cohesion category needs the web address of the page that states it."),
            ),
            check_constraint(
                models.Q(parent__isnull=True, level=NutsLevel.COUNTRY)
                | (models.Q(parent__isnull=False) & ~models.Q(level=NutsLevel.COUNTRY)),
                name="parent_unless_country",
            ),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.code})"

    @property
    def display_name(self):
        return self.name_en or self.name

    def recorded_category(self) -> "RecordedCategory | None":
        """The cohesion category recorded for this region, with its source; None if unknown.

        Categories are set for NUTS 2 regions. A NUTS 3 region lies wholly in
        one NUTS 2 region and shares its category, which is said so with the
        NUTS 2 region named; countries and NUTS 1 regions have none.
        """
        for holder in (self, self.parent if self.level == NutsLevel.NUTS3 else None):
            if holder is not None and holder.cohesion_category:
                return RecordedCategory(
                    holder.cohesion_category, holder.cohesion_source_url, holder
                )
        return None

    def in_transition_pilot(self) -> bool:
        """Flagged in the 2017-2018 pilot, itself or through a larger region containing it."""
        region: Region | None = self
        while region is not None:
            if region.industrial_transition_pilot:
                return True
            region = region.parent
        return False


@dataclass(frozen=True)
class RecordedCategory:
    value: str
    source_url: str
    # The region the category was recorded for: the region itself or its NUTS 2 parent.
    region: Region

    @property
    def label(self) -> str:
        return str(CohesionCategory(self.value).label)


class Priority(models.Model):
    """A smart-specialisation priority code, as the JRC's Eye@RIS3 codes them.

    Economic domains use NACE Rev. 2, scientific domains NABS 2007, and
    policy objectives their own list.
    """

    scheme = models.CharField(_("scheme"), max_length=10, choices=PriorityScheme)
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=300)
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    parent = optional_link("self", related_name="children")

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["scheme", "code"]
        constraints = [
            unique_constraint("scheme", "code", name="unique_code"),
        ]

    def __str__(self):
        return f"{self.get_scheme_display()} {self.code} — {self.display_name}"

    @property
    def display_name(self):
        # NACE sections are published in capitals; show them in sentence case.
        if self.name.isupper():
            return self.name.capitalize()
        return self.name

    @staticmethod
    def plain_code(scheme: str, code: str) -> str:
        """A code as it is stored: NACE divisions are often written after their section
        letter (C25 for 25), and codes in any case."""
        code = code.strip().upper()
        if scheme == PriorityScheme.NACE and re.match(r"^[A-U][0-9]", code):
            return code[1:]
        return code

    @property
    def short_label(self) -> str:
        """The scheme's acronym, the code and the name: "NACE 25 — Manufacture of…"."""
        return f"{self.scheme.upper()} {self.code} — {self.display_name}"


class RegionPriority(models.Model):
    """A priority a region declared in its smart-specialisation strategy."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="region_priorities")
    priority = models.ForeignKey(
        Priority, on_delete=models.PROTECT, related_name="region_priorities"
    )
    description = models.TextField(_("description"), blank=True)
    # Set by the demo data set only: suggestions resting on it say so.
    is_demo = models.BooleanField(_("demo data"), default=False)
    # Kept in step with the region's RIS3 priorities (regions.ris3): such
    # rows come and go with them, rows added otherwise stay.
    from_profile = models.BooleanField(_("from the RIS3 profile"), default=False)

    class Meta:
        verbose_name = _("region priority")
        verbose_name_plural = _("region priorities")
        ordering = ["region", "priority"]
        constraints = [
            unique_constraint("region", "priority", name="unique_pair"),
        ]

    def __str__(self):
        return f"{self.region.code}: {self.priority}"


class Ris3Priority(models.Model):
    """A priority of a region's smart-specialisation strategy (RIS3), as the region states it.

    Its NACE Rev. 2 and NABS 2007 codes are what matchmaking compares; they
    reach it through the region's `RegionPriority` rows (regions.ris3 keeps
    them in step). Moderators may hide an entry; hidden ones count for nothing.
    """

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="ris3_priorities")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    codes = models.ManyToManyField(
        Priority, related_name="ris3_priorities", verbose_name=_("NACE and NABS codes")
    )
    source_url = models.URLField(
        _("strategy document"),
        max_length=500,
        blank=True,
        help_text=_("A link to the region's strategy document that states this priority."),
    )
    hidden = models.BooleanField(_("hidden by moderators"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[codes])

    class Meta:
        verbose_name = _("RIS3 priority")
        verbose_name_plural = _("RIS3 priorities")
        ordering = ["region", "title"]
        constraints = [
            unique_constraint("region", "title", name="one_title_per_region"),
        ]

    def __str__(self):
        return f"{self.region.code}: {self.title}"


class ClusterQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ClusterStatus.PUBLISHED)


# A cluster's members counted by kind: the profile's fields, in the order pages show them.
MEMBER_COUNT_FIELDS = (
    "members_sme",
    "members_large",
    "members_research",
    "members_public",
    "members_other",
)


class Cluster(OwnPage):
    """A cluster organisation located in a region.

    Its profile is public only after a moderator validates it against the
    European Cluster Collaboration Platform's criteria (see ClusterValidation).
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="clusters", verbose_name=_("region")
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    priorities = models.ManyToManyField(
        Priority, blank=True, related_name="clusters", verbose_name=_("sectors and priorities")
    )
    management_fte = models.DecimalField(
        _("cluster management staff (FTE)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    members_sme = models.PositiveIntegerField(_("SME members"), default=0)
    members_large = models.PositiveIntegerField(_("large company members"), default=0)
    members_research = models.PositiveIntegerField(_("research and education members"), default=0)
    members_public = models.PositiveIntegerField(_("public body members"), default=0)
    members_other = models.PositiveIntegerField(_("other members"), default=0)
    label = models.CharField(
        _("ESCA cluster label"), max_length=10, choices=ClusterLabel, default=ClusterLabel.NONE
    )
    status = models.CharField(
        _("profile status"), max_length=10, choices=ClusterStatus, default=ClusterStatus.PENDING
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClusterQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])
    page_url = "regions:cluster_detail"

    class Meta:
        verbose_name = _("cluster organisation")
        verbose_name_plural = _("cluster organisations")
        ordering = ["name"]
        indexes = [
            # Clusters list: published clusters, filtered by region.
            models.Index(fields=["status", "region"], name="regions_cluster_status_region"),
            # The moderators' queue: pending profiles, oldest first.
            models.Index(fields=["status", "created_at", "id"], name="regions_cluster_queue"),
        ]
        constraints = [
            check_constraint(models.Q(management_fte__gte=0), name="fte_non_negative"),
        ]

    def __str__(self):
        return self.name

    @property
    def member_counts(self):
        return {name.removeprefix("members_"): getattr(self, name) for name in MEMBER_COUNT_FIELDS}

    @property
    def total_members(self):
        return sum(self.member_counts.values())

    @property
    def member_kinds(self):
        return sum(1 for count in self.member_counts.values() if count)


class ClusterValidation(models.Model):
    """A moderator's decision on a cluster profile, with its checklist.

    The checklist records each criterion so that the decision is explained:
    at least 0.5 FTE management, at least 15 committed members of at least
    two kinds, a website in English.
    """

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="validations")
    approved = models.BooleanField(_("approved"))
    management_fte_ok = models.BooleanField(_("at least 0.5 FTE cluster management"))
    members_ok = models.BooleanField(_("at least 15 committed members"))
    member_kinds_ok = models.BooleanField(_("members of at least two kinds"))
    english_website_ok = models.BooleanField(_("a website in English"))
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("cluster profile validation")
        verbose_name_plural = _("cluster profile validations")
        ordering = ["-decided_at"]

    def __str__(self):
        verdict = _("validated") if self.approved else _("rejected")
        return f"{self.cluster} — {verdict}"


class Affiliation(models.Model):
    """A user's claim to represent exactly one region or one cluster."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affiliations"
    )
    region = optional_link(Region, related_name="affiliations")
    cluster = optional_link(Cluster, related_name="affiliations")
    role_title = models.CharField(_("your role"), max_length=200)
    official_email = models.EmailField(
        _("official e-mail"), help_text=_("An address at the organisation you represent.")
    )
    justification = models.TextField(_("justification"))
    status = models.CharField(
        _("status"), max_length=10, choices=AffiliationStatus, default=AffiliationStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["-created_at"]
        indexes = [
            # Moderation queue: pending affiliations, oldest first.
            models.Index(fields=["status", "created_at"], name="regions_affiliation_queue"),
        ]
        constraints = [
            check_constraint(exactly_one_of("region", "cluster"), name="exactly_one_organisation"),
            unique_constraint(
                "user",
                "region",
                name="one_open_per_region",
                condition=models.Q(status__in=["pending", "verified"]),
            ),
            unique_constraint(
                "user",
                "cluster",
                name="one_open_per_cluster",
                condition=models.Q(status__in=["pending", "verified"]),
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation} ({self.get_status_display()})"

    @property
    def organisation(self):
        return self.region or self.cluster


class AffiliationInvitation(models.Model):
    """A verified region representative's invitation to a colleague of the same region.

    Accepting it, logged in with a verified e-mail equal to `email`, gives the
    colleague a verified affiliation vouched for by the inviter.
    """

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField(_("colleague's e-mail"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=InvitationStatus, default=InvitationStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)
    affiliation = models.OneToOneField(
        Affiliation, on_delete=models.PROTECT, null=True, blank=True, related_name="invitation"
    )

    class Meta:
        verbose_name = _("colleague invitation")
        verbose_name_plural = _("colleague invitations")
        ordering = ["-created_at"]
        constraints = [
            one_pending_per("region", "email", name="email"),
        ]

    def __str__(self):
        return f"{self.email} invited to represent {self.region.code}"
