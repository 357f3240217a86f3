from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", _("Closed")


class Phase(models.TextChoices):
    """The phases of the partnership methodology, in order."""

    LEARN = "learn", _("Learn")
    CONNECT = "connect", _("Connect")
    DEMONSTRATE = "demonstrate", _("Demonstrate")
    COMMERCIALISE = "commercialise", _("Commercialise")
    SCALE_UP = "scale_up", _("Scale-up")


class Platform(models.TextChoices):
    """The thematic Smart Specialisation Platform a partnership works under."""

    INDUSTRIAL_MODERNISATION = "industrial_modernisation", _("Industrial Modernisation")
    ENERGY = "energy", _("Energy")


class MembershipRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    MEMBER = "member", _("Member")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class HalfYear(models.IntegerChoices):
    FIRST = 1, _("January–June")
    SECOND = 2, _("July–December")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
