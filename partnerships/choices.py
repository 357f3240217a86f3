from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnershipKind(models.TextChoices):
    ESCP_S3 = "escp_s3", _("ESCP-S3 (smart specialisation)")
    ESCP_4I = "escp_4i", _("ESCP-4i (going international)")
    ESCP_4X = "escp_4x", _("ESCP-4x (excellence)")
    THEMATIC = "thematic", _("Thematic partnership")


class PartnershipRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    MEMBER = "member", _("Member")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for a moderator")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class InvitationAnswer(models.TextChoices):
    PENDING = "pending", _("Not answered yet")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
