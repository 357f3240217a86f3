from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Stages of an investment project, in order."""

    IDEA = "idea", _("Idea")
    SCOPING = "scoping", _("Scoping")
    DEMONSTRATION = "demonstration", _("Demonstration")
    COMMERCIALISATION = "commercialisation", _("Commercialisation")
    SCALE_UP = "scale_up", _("Scale-up")


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class OrganisationType(models.TextChoices):
    SME = "sme", _("SME")
    LARGE = "large", _("Large company")
    RESEARCH = "research", _("Research organisation")
    PUBLIC = "public", _("Public body")
    CLUSTER = "cluster", _("Cluster organisation")


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    PARTNER = "partner", _("Partner")


class FundingKind(models.TextChoices):
    ERDF = "erdf", _("ERDF")
    ESF_PLUS = "esf_plus", _("ESF+")
    HORIZON_EUROPE = "horizon_europe", _("Horizon Europe")
    DIGITAL_EUROPE = "digital_europe", _("Digital Europe")
    INVESTEU_EIB = "investeu_eib", _("InvestEU / EIB")
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    PRIVATE = "private", _("Private")
    OTHER = "other", _("Other")


class FundingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SECURED = "secured", _("Secured")
