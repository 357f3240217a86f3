from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.choices import OrganisationType


class Direction(models.TextChoices):
    OFFER = "offer", _("Offers")
    SEEK = "seek", _("Seeks")


class PostingKind(models.TextChoices):
    COMPETENCE = "competence", _("Competence")
    TECHNOLOGY = "technology", _("Technology")
    FACILITY = "facility", _("Facility")
    PARTNER = "partner", _("Partner for a project")
    CO_INVESTMENT = "co_investment", _("Co-investment")


# The kinds of partner a posting asks for: a region, or an organisation of
# the kinds investment projects name (projects.choices.OrganisationType).
REGION_PARTNER = "region"
PARTNER_TYPES = [(REGION_PARTNER, _("Region")), *OrganisationType.choices]


class InterestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
