from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PROPOSAL_SUBMITTED = "proposal_submitted", _("Thematic area proposed")
    AREA_DECIDED = "area_decided", _("Thematic area approved or rejected")
    COLEAD_INVITATION = "colead_invitation", _("Invitation to co-lead an area")
    JOIN_REQUEST_MADE = "join_request_made", _("Join request made")
    JOIN_REQUEST_DECIDED = "join_request_decided", _("Join request decided")
    JOIN_REQUEST_WITHDRAWN = "join_request_withdrawn", _("Join request withdrawn")
    AFFILIATION_DECIDED = "affiliation_decided", _("Affiliation verified or rejected")
    CLUSTER_DECIDED = "cluster_decided", _("Cluster profile validated or rejected")
    REPORT_PUBLISHED = "report_published", _("Progress report published")
    PROJECT_SUBMITTED = "project_submitted", _("Investment project submitted for publication")
    PROJECT_RETURNED = "project_returned", _("Investment project returned to draft")
    PROJECT_PUBLISHED = "project_published", _("Investment project published")
    CALL_OPENING = "call_opening", _("Call opening")
    CALL_CLOSING = "call_closing", _("Call closing in 7 days")
    MODERATION_WAITING = "moderation_waiting", _("Something new waits for moderators")
    EVENT_ANNOUNCED = "event_announced", _("New event in something you follow")
    EVENT_REGISTRATION = "event_registration", _("Your registration for an event")
    EVENT_MOVED_UP = "event_moved_up", _("A place for you at an event (waiting list)")
    EVENT_REMINDER = "event_reminder", _("Reminder of an event, a week and a day before")
    EVENT_CANCELLED = "event_cancelled", _("An event you registered for was cancelled")
    EVENT_MINUTES = "event_minutes", _("Minutes or decisions of an event you registered for")
    MEETING_REQUESTED = "meeting_requested", _("Bilateral meeting requested at an event")
    MEETING_ANSWERED = "meeting_answered", _("Bilateral meeting accepted, declined or cancelled")
    PARTNERSHIP_PROPOSED = "partnership_proposed", _("Invitation into a proposed partnership")
    PROPOSAL_DECIDED = "proposal_decided", _("Partnership proposal approved or rejected")
    POSTING_PUBLISHED = "posting_published", _("New cooperation posting in an area you follow")
    INTEREST_EXPRESSED = "interest_expressed", _("Expression of interest in your posting")
    INTEREST_DECIDED = "interest_decided", _("Expression of interest accepted or declined")
    CONVERSATION_MESSAGE = "conversation_message", _("New message in a conversation")
    BOARD_POST = "board_post", _("New topic or reply on a discussion board you follow")
    BOARD_MENTION = "board_mention", _("Your organisation mentioned on a discussion board")


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("E-mail immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    NEVER = "never", _("No e-mail (in the portal only)")


class Delivery(models.TextChoices):
    PENDING = "pending", _("Waiting to be e-mailed")
    SENDING = "sending", _("Being e-mailed")
    SENT = "sent", _("E-mailed")
    DIGEST = "digest", _("Kept for a digest")
    SKIPPED = "skipped", _("Not e-mailed (preference)")
    FAILED = "failed", _("Failed")


# E-mailed immediately unless listed here or the user chose otherwise: what
# waits for moderators comes in a daily digest, as the moderation queue has it all;
# so do new postings and board posts, which may be many in a followed area (a mention
# of one's own organisation is asked of the reader, and comes at once).
DEFAULT_FREQUENCIES = {
    Kind.MODERATION_WAITING: Frequency.DAILY,
    Kind.POSTING_PUBLISHED: Frequency.DAILY,
    Kind.BOARD_POST: Frequency.DAILY,
}


def default_frequency(kind: str) -> str:
    return DEFAULT_FREQUENCIES.get(kind, Frequency.IMMEDIATELY)
