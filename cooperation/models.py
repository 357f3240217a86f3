from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.model_tools import (
    HideableQuerySet,
    OwnPage,
    ShownOnPage,
    check_constraint,
    exactly_one_of,
    hidden_by_moderator,
    optional_link,
)
from core.text import single_line
from core.workflow import one_pending_per
from partnerships.models import Partnership
from projects.models import InvestmentProject
from regions.models import Cluster, Priority, Region
from thematic_areas.models import ThematicArea

from .choices import PARTNER_TYPES, Direction, InterestStatus, PostingKind

COUNTRY_CODE_LENGTH = 2


def one_organisation(prefix: str = "") -> Q:
    """Exactly one of `<prefix>region` and `<prefix>cluster` is set."""
    return exactly_one_of(f"{prefix}region", f"{prefix}cluster")


class ForOrganisation(models.Model):
    """A row written for one region or one cluster, by one of its representatives."""

    region = optional_link(Region, related_name="%(class)ss", verbose_name=_("region"))
    cluster = optional_link(Cluster, related_name="%(class)ss", verbose_name=_("cluster"))

    class Meta:
        abstract = True
        constraints = [
            check_constraint(one_organisation(), name="one_organisation"),
        ]

    @property
    def organisation(self) -> Region | Cluster:
        return self.cluster or self.region

    @property
    def organisation_country(self) -> str:
        return self.cluster.region.country if self.cluster else self.region.country


class PostingQuerySet(HideableQuerySet):
    def open(self, today=None):
        """Not closed, and not past their closing date even before the daily task closes them."""
        today = today or timezone.localdate()
        return self.filter(closed_at__isnull=True, closes_on__gte=today)

    def closed(self, today=None):
        today = today or timezone.localdate()
        return self.filter(Q(closed_at__isnull=False) | Q(closes_on__lt=today))


class Posting(OwnPage, ForOrganisation):
    """What a region or a cluster offers or seeks: a competence, a technology, a facility,
    a partner for a project or co-investment, described by smart-specialisation priorities.

    Open until its closing date (inclusive) or until its organisation closes it.
    """

    direction = models.CharField(_("offer or request"), max_length=5, choices=Direction)
    kind = models.CharField(_("what"), max_length=20, choices=PostingKind)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), max_length=5000)
    priorities = models.ManyToManyField(
        Priority, related_name="postings", verbose_name=_("priorities")
    )
    area = optional_link(ThematicArea, related_name="postings", verbose_name=_("thematic area"))
    project = optional_link(
        InvestmentProject, related_name="postings", verbose_name=_("investment project")
    )
    # Values of choices.PARTNER_TYPES, and NUTS country codes: short lists
    # shown with the posting, never searched by the database.
    partner_types = models.JSONField(_("kinds of partner wanted"), default=list, blank=True)
    countries = models.JSONField(_("countries wanted"), default=list, blank=True)
    closes_on = models.DateField(_("closing date"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    is_hidden = hidden_by_moderator(_("Hidden postings are not listed."))
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="postings"
    )
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = PostingQuerySet.as_manager()
    page_url = "cooperation:posting_detail"

    class Meta(ForOrganisation.Meta):
        verbose_name = _("cooperation posting")
        verbose_name_plural = _("cooperation postings")
        ordering = ["-created_at", "pk"]
        indexes = [
            # The list, newest first, and its open/closed filter; the daily closing task.
            models.Index(fields=["-created_at"], name="cooperation_posting_newest"),
            models.Index(fields=["closes_on"], name="cooperation_posting_closes"),
            # The daily limit: a user's postings of the last 24 hours.
            models.Index(fields=["created_by", "created_at"], name="cooperation_posting_user"),
        ]

    def __str__(self):
        return self.title

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.closed_at is None and self.closes_on >= today

    def clean(self):
        errors = {}
        known = {value for value, _label in PARTNER_TYPES}
        if not isinstance(self.partner_types, list) or not set(self.partner_types) <= known:
            errors["partner_types"] = _("Choose kinds of partner from the list.")
        if not isinstance(self.countries, list) or not all(
            isinstance(code, str) and len(code) == COUNTRY_CODE_LENGTH and code.isalpha()
            for code in self.countries
        ):
            errors["countries"] = _("Give countries by their two-letter codes, e.g. DE or EL.")
        if self.project_id and self.area_id and self.project.area_id != self.area_id:
            errors["project"] = _("The project belongs to another thematic area.")
        if errors:
            raise ValidationError(errors)


class Interest(ShownOnPage, ForOrganisation):
    """A region's or cluster's expression of interest in a posting, with a message.

    The posting's representatives accept it, which opens a conversation
    between the two organisations, or decline it with a reason.
    """

    posting = models.ForeignKey(Posting, on_delete=models.PROTECT, related_name="interests")
    message = models.TextField(_("message"), max_length=3000)
    status = models.CharField(
        _("status"), max_length=10, choices=InterestStatus, default=InterestStatus.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interests"
    )
    created_at = models.DateTimeField(_("expressed at"), default=timezone.now)
    decided_by = optional_link(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    conversation = models.OneToOneField(
        "Conversation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interest",
        verbose_name=_("conversation"),
    )

    shown_on = "posting"
    anchor = "interest"

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at", "pk"]
        indexes = [
            # The daily limit: a user's expressions of the last 24 hours.
            models.Index(fields=["created_by", "created_at"], name="cooperation_interest_user"),
        ]
        constraints = [
            *ForOrganisation.Meta.constraints,
            # One waiting expression per posting and organisation: a second click adds nothing.
            one_pending_per("posting", "region", name="region"),
            one_pending_per("posting", "cluster", name="cluster"),
            check_constraint(
                Q(status=InterestStatus.PENDING) | Q(decided_at__isnull=False),
                name="decided_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.posting}"

    @property
    def is_pending(self) -> bool:
        return self.status == InterestStatus.PENDING


class Conversation(OwnPage):
    """A private conversation between the representatives of two organisations (a region
    or a cluster on each side), opened by an accepted expression of interest or from an
    organisation's page. Only they, and the moderators, read it."""

    subject = models.CharField(_("subject"), max_length=200)
    posting = optional_link(
        Posting, related_name="conversations", verbose_name=_("about the posting")
    )
    # The side that opened it, and the other.
    first_region = optional_link(Region, related_name="+")
    first_cluster = optional_link(Cluster, related_name="+")
    second_region = optional_link(Region, related_name="+")
    second_cluster = optional_link(Cluster, related_name="+")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now)

    page_url = "cooperation:conversation_detail"
    page_key = "pk"

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "pk"]
        indexes = [
            # "My conversations", most recent first.
            models.Index(fields=["-last_message_at"], name="cooperation_conv_recent"),
        ]
        constraints = [
            check_constraint(one_organisation("first_"), name="one_first_organisation"),
            check_constraint(one_organisation("second_"), name="one_second_organisation"),
        ]

    def __str__(self):
        return self.subject

    @property
    def first(self) -> Region | Cluster:
        return self.first_cluster or self.first_region

    @property
    def second(self) -> Region | Cluster:
        return self.second_cluster or self.second_region


class HideableText(ShownOnPage):
    """A plain-text message or board post, which a moderator may hide (after a report),
    shown on the page of its conversation or topic.

    Its author, its time and its `is_hidden` flag are declared by each model:
    their names and help differ (a message is sent, a post posted).
    """

    body = models.TextField(_("message"), max_length=5000)

    objects = HideableQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        # What a report and the admin name it by: its beginning, on one line.
        return single_line(self.body, 80)


class Message(HideableText):
    """A plain-text message of a conversation; a moderator may hide it (after a report)."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.PROTECT, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conversation_messages"
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    is_hidden = hidden_by_moderator(
        _("The participants see that a moderator hid it, not what it said.")
    )

    shown_on = "conversation"
    anchor = "message"

    class Meta(HideableText.Meta):
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            # A conversation's messages in order, and its unread count.
            models.Index(fields=["conversation", "created_at"], name="cooperation_message_thread"),
            # The rate limit: a user's messages of the last 24 hours.
            models.Index(fields=["author", "created_at"], name="cooperation_message_user"),
        ]


def board_kind(board: ThematicArea | Partnership) -> str:
    return "partnership" if isinstance(board, Partnership) else "area"


def board_url(board: ThematicArea | Partnership) -> str:
    return reverse("cooperation:board", args=[board_kind(board), board.slug])


class BoardTopic(OwnPage):
    """A topic of the discussion board of one thematic area or one partnership, read and
    written by the board's members (`permissions.board_members`) and the moderators.

    Its first post says what it is about; `last_activity_at` moves with each reply.
    """

    area = optional_link(ThematicArea, related_name="board_topics", verbose_name=_("thematic area"))
    partnership = optional_link(
        Partnership, related_name="board_topics", verbose_name=_("partnership")
    )
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_topics"
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)

    page_url = "cooperation:topic_detail"
    page_key = "pk"

    class Meta:
        verbose_name = _("board topic")
        verbose_name_plural = _("board topics")
        ordering = ["-last_activity_at", "pk"]
        indexes = [
            # A board's topics, latest activity first.
            models.Index(fields=["area", "-last_activity_at"], name="cooperation_topic_area"),
            models.Index(
                fields=["partnership", "-last_activity_at"], name="cooperation_topic_partnership"
            ),
        ]
        constraints = [
            check_constraint(exactly_one_of("area", "partnership"), name="one_board"),
        ]

    def __str__(self):
        return self.title

    @property
    def board(self) -> ThematicArea | Partnership:
        return self.area or self.partnership

    def get_board_url(self) -> str:
        return board_url(self.board)


class BoardPost(HideableText):
    """A plain-text post of a board topic (its first one, or a reply); a moderator may hide
    it (after a report)."""

    topic = models.ForeignKey(BoardTopic, on_delete=models.PROTECT, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_posts"
    )
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    is_hidden = hidden_by_moderator(
        _("The board's members see that a moderator hid it, not what it said.")
    )

    shown_on = "topic"
    anchor = "post"

    class Meta(HideableText.Meta):
        verbose_name = _("board post")
        verbose_name_plural = _("board posts")
        indexes = [
            # A topic's posts in order.
            models.Index(fields=["topic", "created_at"], name="cooperation_post_topic"),
            # The rate limit: a user's posts of the last 24 hours.
            models.Index(fields=["author", "created_at"], name="cooperation_post_user"),
        ]
