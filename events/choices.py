from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    STEERING_COMMITTEE = "steering_committee", _("Steering committee")
    PARTNERSHIP_MEETING = "partnership_meeting", _("Partnership meeting")
    WORKSHOP = "workshop", _("Workshop")
    STUDY_VISIT = "study_visit", _("Study visit")
    MATCHMAKING = "matchmaking", _("Matchmaking event")
    WEBINAR = "webinar", _("Webinar")


class Audience(models.TextChoices):
    """Who may register."""

    MEMBERS = "members", _("All members of the platform")
    PARTICIPANTS = "participants", _("Members of the area or partnership")
    INVITATION = "invitation", _("By invitation: the leads (steering committee)")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Language(models.TextChoices):
    """The official languages of the European Union, by ISO 639-1 code."""

    BG = "bg", _("Bulgarian")
    CS = "cs", _("Czech")
    DA = "da", _("Danish")
    DE = "de", _("German")
    EL = "el", _("Greek")
    EN = "en", _("English")
    ES = "es", _("Spanish")
    ET = "et", _("Estonian")
    FI = "fi", _("Finnish")
    FR = "fr", _("French")
    GA = "ga", _("Irish")
    HR = "hr", _("Croatian")
    HU = "hu", _("Hungarian")
    IT = "it", _("Italian")
    LT = "lt", _("Lithuanian")
    LV = "lv", _("Latvian")
    MT = "mt", _("Maltese")
    NL = "nl", _("Dutch")
    PL = "pl", _("Polish")
    PT = "pt", _("Portuguese")
    RO = "ro", _("Romanian")
    SK = "sk", _("Slovak")
    SL = "sl", _("Slovenian")
    SV = "sv", _("Swedish")


class DocumentKind(models.TextChoices):
    AGENDA = "agenda", _("Agenda")
    MINUTES = "minutes", _("Minutes")
    DECISIONS = "decisions", _("Decisions")
    DOCUMENT = "document", _("Other document")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Only those the event admits, and its organisers")


class MeetingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
