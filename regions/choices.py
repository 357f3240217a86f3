from django.db import models
from django.utils.translation import gettext_lazy as _


class NutsLevel(models.IntegerChoices):
    COUNTRY = 0, _("Country (NUTS 0)")
    NUTS1 = 1, _("NUTS 1")
    NUTS2 = 2, _("NUTS 2")
    NUTS3 = 3, _("NUTS 3")


class CohesionCategory(models.TextChoices):
    LESS_DEVELOPED = "less_developed", _("Less developed region")
    TRANSITION = "transition", _("Transition region")
    MORE_DEVELOPED = "more_developed", _("More developed region")


class PriorityScheme(models.TextChoices):
    NACE = "nace", _("Economic domain (NACE Rev. 2)")
    NABS = "nabs", _("Scientific domain (NABS 2007)")
    POLICY = "policy", _("Policy objective")


class ClusterLabel(models.TextChoices):
    NONE = "none", _("No label")
    BRONZE = "bronze", _("Bronze")
    SILVER = "silver", _("Silver")
    GOLD = "gold", _("Gold")


class ClusterStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting validation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class AffiliationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
