"""Cooperation: post offers and requests, express interest, answer, talk in private and on
the discussion boards of areas and partnerships.

Every change checks who acts (`permissions`), writes its notifications in
the same transaction (`notifications.services.notify`) and is limited per
user and day (`core.limits`): postings, expressions of interest and messages
(conversation messages and board posts alike).
An expression of interest is answered with its row locked
(`select_for_update`), so two representatives answering at once open one
conversation.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.limits import check_daily_limit
from core.slugs import unique_slug
from core.text import is_blank
from core.workflow import duplicate, locked_for_change, record_decision
from notifications.choices import Kind
from notifications.services import followers_of, followers_of_any, mark_read_about, notify
from regions.models import Cluster, Priority, Region
from regions.permissions import representatives_of

from . import mentions, permissions
from .choices import InterestStatus
from .models import BoardPost, BoardTopic, Conversation, Interest, Message, Posting, board_kind

RESERVED_SLUGS = {"new", "for-me", "conversations", "interests", "boards", "topics"}
# How far ahead a posting may close: a partner search is not a standing advert.
LONGEST_OPENING = datetime.timedelta(days=730)

# The fields a representative fills in; organisation and author are set by the service.
POSTING_FIELDS = (
    "direction",
    "kind",
    "title",
    "description",
    "area",
    "project",
    "partner_types",
    "countries",
    "closes_on",
)

Organisation = Region | Cluster


def _on_behalf(organisation: Organisation) -> dict[str, Any]:
    """The `region` or `cluster` fields of a row written for `organisation`."""
    if isinstance(organisation, Cluster):
        return {"region": None, "cluster": organisation}
    return {"region": organisation, "cluster": None}


def _check_represents(user: User, organisation: Organisation) -> None:
    if not user.is_active or not permissions.mine(user).holds(organisation):
        raise PermissionDenied(
            _("You do not represent %(organisation)s.") % {"organisation": organisation}
        )


def representatives(*organisations: Organisation) -> QuerySet[User]:
    """The active representatives of these regions and clusters."""
    return representatives_of(
        regions=[o.pk for o in organisations if isinstance(o, Region)],
        clusters=[o.pk for o in organisations if isinstance(o, Cluster)],
    )


def _check_text(field: str, value: str, message: str) -> None:
    if is_blank(value):
        raise ValidationError({field: message})


def _check_posting(posting: Posting, priorities: Iterable[Priority] | None) -> None:
    _check_text("title", posting.title, _("Give the posting a title."))
    _check_text("description", posting.description, _("Say what you offer or seek."))
    if priorities is not None and not list(priorities):
        raise ValidationError({"priorities": _("Pick at least one priority.")})
    today = timezone.localdate()
    if posting.closes_on and posting.closes_on < today:
        raise ValidationError({"closes_on": _("The closing date cannot be in the past.")})
    if posting.closes_on and posting.closes_on > today + LONGEST_OPENING:
        raise ValidationError({"closes_on": _("Close the posting within two years.")})
    posting.full_clean(exclude=["slug"])


def _set_fields(posting: Posting, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(POSTING_FIELDS)
    if unknown:
        raise ValueError(f"Not fields of a posting: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(posting, name, value.strip() if isinstance(value, str) else value)
    if posting.project is not None and posting.area is None:
        # A project's posting concerns its area: the area's followers hear of it.
        posting.area = posting.project.area
    posting.countries = sorted({code.upper() for code in posting.countries or []})


def create_posting(
    *,
    user: User,
    organisation: Organisation,
    priorities: Iterable[Priority],
    **fields: Any,
) -> Posting:
    """Post what `organisation` offers or seeks; the followers of its area hear of it."""
    _check_represents(user, organisation)
    priorities = list(priorities)
    posting = Posting(**_on_behalf(organisation), created_by=user)
    _set_fields(posting, fields)
    _check_posting(posting, priorities)
    check_daily_limit(kind="postings", querysets=[user.postings.all()])
    posting.slug = unique_slug(Posting, posting.title, fallback="posting", reserved=RESERVED_SLUGS)
    with transaction.atomic():
        posting.save()
        posting.priorities.set(priorities)
        announce_posting(posting, actor=user)
    return posting


def announce_posting(posting: Posting, *, actor: User) -> None:
    """Tell the followers of the posting's thematic area and of its priorities (daily digest
    by default), but the posting organisation's own representatives."""
    followers = followers_of_any(posting.priorities.all())
    if posting.area is not None:
        followers = followers | followers_of(posting.area)
    notify(
        recipients=followers.exclude(pk__in=representatives(posting.organisation)),
        kind=Kind.POSTING_PUBLISHED,
        message=(
            _("%(organisation)s %(direction)s in “%(area)s”: %(title)s")
            if posting.area is not None
            else _("%(organisation)s %(direction)s: %(title)s")
        )
        % {
            "organisation": posting.organisation,
            "direction": posting.get_direction_display().lower(),
            "area": posting.area,
            "title": posting.title,
        },
        url=posting.get_absolute_url(),
        subject=posting,
        actor=actor,
        dedupe_key=f"posting-published-{posting.pk}",
    )


def _editable(user: User, posting: Posting) -> Posting:
    """The posting, locked, if the user may change it and it is still open."""
    return locked_for_change(
        Posting.objects.all(),
        posting.pk,
        allowed=lambda locked: permissions.can_edit_posting(user, locked),
        refusal=_("Only the representatives of its organisation may change it."),
        still_open=Posting.is_open,
        closed=_("This posting is closed."),
    )


def update_posting(
    *, user: User, posting: Posting, priorities: Iterable[Priority] | None = None, **fields: Any
) -> Posting:
    """Change an open posting of one of the user's organisations."""
    with transaction.atomic():
        posting = _editable(user, posting)
        _set_fields(posting, fields)
        priorities = None if priorities is None else list(priorities)
        _check_posting(posting, priorities)
        posting.save()
        if priorities is not None:
            posting.priorities.set(priorities)
    return posting


def close_posting(*, user: User, posting: Posting) -> Posting:
    """Close an open posting before its date: it is found no more among the open ones."""
    with transaction.atomic():
        posting = _editable(user, posting)
        posting.closed_at = timezone.now()
        posting.save(update_fields=["closed_at", "updated_at"])
    return posting


def close_expired_postings(*, today: datetime.date | None = None) -> int:
    """Daily: mark closed the postings past their closing date; return how many.

    `Posting.objects.open()` already leaves them out; this records when they closed.
    """
    today = today or timezone.localdate()
    expired = Posting.objects.filter(closed_at__isnull=True, closes_on__lt=today)
    return expired.update(closed_at=timezone.now())


def express_interest(
    *, user: User, posting: Posting, organisation: Organisation, message: str
) -> Interest:
    """`organisation` is interested in an open posting of another organisation; its
    representatives hear of it."""
    _check_represents(user, organisation)
    _check_text("message", message, _("Write a message to the posting organisation."))
    check_daily_limit(kind="interests", querysets=[user.interests.all()])
    try:
        with transaction.atomic():
            # Locked: a posting closing at this moment takes no more interest.
            posting = Posting.objects.select_for_update().get(pk=posting.pk)
            if posting.organisation == organisation:
                raise ValidationError(_("This is your own organisation's posting."))
            if not posting.is_open():
                raise ValidationError(_("This posting is closed."))
            interest = Interest(
                posting=posting,
                **_on_behalf(organisation),
                message=message.strip(),
                created_by=user,
            )
            interest.full_clean(validate_constraints=False)
            interest.save()
            notify(
                recipients=representatives(posting.organisation),
                kind=Kind.INTEREST_EXPRESSED,
                message=_("%(organisation)s is interested in “%(posting)s”.")
                % {"organisation": organisation, "posting": posting},
                url=interest.get_absolute_url(),
                subject=posting,
                actor=user,
                dedupe_key=f"interest-expressed-{interest.pk}",
            )
    except IntegrityError:
        raise duplicate(
            _("%(organisation)s has expressed interest in this posting already.")
            % {"organisation": organisation}
        ) from None
    return interest


def _pending(interest: Interest) -> Interest:
    locked = Interest.objects.select_for_update().select_related("posting").get(pk=interest.pk)
    if not locked.is_pending:
        raise ValidationError(_("This expression of interest was answered already."))
    return locked


def _decide(interest: Interest, *, user: User, status: str, reason: str = "") -> None:
    record_decision(interest, status=status, user=user, reason=reason)
    interest.save()


def _tell_both_sides(interest: Interest, *, actor: User, message: str, url: str) -> None:
    notify(
        recipients=representatives(interest.organisation, interest.posting.organisation),
        kind=Kind.INTEREST_DECIDED,
        message=message,
        url=url,
        subject=interest.posting,
        actor=actor,
        dedupe_key=f"interest-decided-{interest.pk}",
    )


def accept_interest(*, user: User, interest: Interest) -> Interest:
    """Accept: a conversation opens between the two organisations; both sides hear of it."""
    with transaction.atomic():
        interest = _pending(interest)
        if not permissions.can_answer_interest(user, interest):
            raise PermissionDenied(_("Only the posting organisation's representatives answer."))
        posting = interest.posting
        interest.conversation = _open_conversation(
            user=user,
            first=posting.organisation,
            second=interest.organisation,
            subject=posting.title,
            posting=posting,
        )
        _decide(interest, user=user, status=InterestStatus.ACCEPTED)
        _tell_both_sides(
            interest,
            actor=user,
            message=_(
                "%(poster)s accepted the interest of %(organisation)s in “%(posting)s”: "
                "a conversation is open."
            )
            % {
                "poster": posting.organisation,
                "organisation": interest.organisation,
                "posting": posting,
            },
            url=interest.conversation.get_absolute_url(),
        )
    return interest


def decline_interest(*, user: User, interest: Interest, reason: str) -> Interest:
    """Decline with a reason, which the interested organisation reads."""
    _check_text("reason", reason, _("Say why you decline."))
    with transaction.atomic():
        interest = _pending(interest)
        if not permissions.can_answer_interest(user, interest):
            raise PermissionDenied(_("Only the posting organisation's representatives answer."))
        _decide(interest, user=user, status=InterestStatus.DECLINED, reason=reason)
        _tell_both_sides(
            interest,
            actor=user,
            message=_(
                "%(poster)s declined the interest of %(organisation)s in “%(posting)s”: %(reason)s"
            )
            % {
                "poster": interest.posting.organisation,
                "organisation": interest.organisation,
                "posting": interest.posting,
                "reason": interest.decision_reason,
            },
            url=interest.get_absolute_url(),
        )
    return interest


def withdraw_interest(*, user: User, interest: Interest) -> Interest:
    """The interested organisation takes back its waiting expression of interest."""
    with transaction.atomic():
        interest = _pending(interest)
        if not permissions.can_withdraw_interest(user, interest):
            raise PermissionDenied(_("Only the interested organisation's representatives may."))
        _decide(interest, user=user, status=InterestStatus.WITHDRAWN)
    return interest


def _open_conversation(
    *,
    user: User,
    first: Organisation,
    second: Organisation,
    subject: str,
    posting: Posting | None = None,
) -> Conversation:
    conversation = Conversation(
        subject=subject.strip(),
        posting=posting,
        first_region=first if isinstance(first, Region) else None,
        first_cluster=first if isinstance(first, Cluster) else None,
        second_region=second if isinstance(second, Region) else None,
        second_cluster=second if isinstance(second, Cluster) else None,
        started_by=user,
    )
    conversation.full_clean()
    conversation.save()
    return conversation


def start_conversation(
    *, user: User, organisation: Organisation, other: Organisation, subject: str, body: str
) -> Conversation:
    """From `other`'s page: a conversation of `organisation` (the user's) with `other`,
    and its first message."""
    _check_represents(user, organisation)
    if organisation == other:
        raise ValidationError(_("Choose another organisation than your own."))
    _check_text("subject", subject, _("Give the conversation a subject."))
    _check_message(user, body)
    with transaction.atomic():
        conversation = _open_conversation(
            user=user, first=organisation, second=other, subject=subject
        )
        _add_message(user, conversation, body)
    return conversation


def _check_message(user: User, body: str) -> None:
    _check_text("body", body, _("Write a message."))
    # One limit for everything a user writes to others, in private or on a board: a flood
    # is a flood wherever it goes, and one setting is one to tune.
    check_daily_limit(
        kind="messages", querysets=[user.conversation_messages.all(), user.board_posts.all()]
    )


def post_message(*, user: User, conversation: Conversation, body: str) -> Message:
    """A message of one of the two organisations; the other participants hear of it."""
    if not permissions.can_write_in(user, conversation):
        raise PermissionDenied(_("Only the two organisations' representatives write here."))
    _check_message(user, body)
    with transaction.atomic():
        return _add_message(user, conversation, body)


def _add_message(user: User, conversation: Conversation, body: str) -> Message:
    message = Message(conversation=conversation, author=user, body=body.strip())
    message.full_clean()
    message.save()
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
    notify(
        recipients=representatives(conversation.first, conversation.second),
        kind=Kind.CONVERSATION_MESSAGE,
        message=_("New message from %(author)s in “%(subject)s”.")
        % {"author": user, "subject": conversation.subject},
        url=message.get_absolute_url(),
        subject=conversation,
        actor=user,
        dedupe_key=f"conversation-message-{message.pk}",
    )
    return message


def mark_conversation_read(*, user: User, conversation: Conversation) -> int:
    """The user has seen the conversation's messages: its unread count drops to nothing."""
    return mark_read_about(user=user, kind=Kind.CONVERSATION_MESSAGE, subject=conversation)


def _check_board(user: User, board: permissions.Board) -> None:
    if not user.is_active or not permissions.can_use_board(user, board):
        raise PermissionDenied(
            _("Only the members of %(board)s post on its board.") % {"board": board}
        )


def start_topic(*, user: User, board: permissions.Board, title: str, body: str) -> BoardTopic:
    """A new topic on the board of an area or a partnership, with its first post."""
    _check_board(user, board)
    _check_text("title", title, _("Give the topic a title."))
    _check_message(user, body)
    with transaction.atomic():
        topic = BoardTopic(**{board_kind(board): board}, title=title.strip(), author=user)
        topic.full_clean()
        topic.save()
        _add_post(user, topic, body, first=True)
    return topic


def reply(*, user: User, topic: BoardTopic, body: str) -> BoardPost:
    """A reply in a topic of a board the user sits on."""
    _check_board(user, topic.board)
    _check_message(user, body)
    with transaction.atomic():
        return _add_post(user, topic, body)


def _add_post(user: User, topic: BoardTopic, body: str, *, first: bool = False) -> BoardPost:
    post = BoardPost(topic=topic, author=user, body=body.strip())
    post.full_clean()
    post.save()
    BoardTopic.objects.filter(pk=topic.pk).update(last_activity_at=post.created_at)
    _announce_post(post, actor=user, first=first)
    return post


def _announce_post(post: BoardPost, *, actor: User, first: bool) -> None:
    """Tell the board's members whose organisation the post mentions (at once, by
    default), then the board's other members who follow its area or partnership (daily).

    Only members hear of it: a mention never lets an outsider know what a board says.
    """
    topic = post.topic
    board = topic.board
    members = permissions.board_members(board)
    organisations = list(mentions.mentioned([post.body]).values())
    mentioned = (
        list(members.filter(pk__in=representatives(*organisations))) if organisations else []
    )
    names = {"author": actor, "topic": topic.title, "board": board}
    notify(
        recipients=mentioned,
        kind=Kind.BOARD_MENTION,
        message=_("%(author)s mentioned your organisation in “%(topic)s” (board of %(board)s).")
        % names,
        url=post.get_absolute_url(),
        subject=topic,
        actor=actor,
        dedupe_key=f"board-mention-{post.pk}",
    )
    message = (
        _("New topic on the board of %(board)s: “%(topic)s”, by %(author)s.")
        if first
        else _("%(author)s replied in “%(topic)s” (board of %(board)s).")
    )
    notify(
        recipients=members.filter(pk__in=followers_of(board)).exclude(
            pk__in=[user.pk for user in mentioned]
        ),
        kind=Kind.BOARD_POST,
        message=message % names,
        url=post.get_absolute_url(),
        subject=topic,
        actor=actor,
        dedupe_key=f"board-post-{post.pk}",
    )


def mark_topic_read(*, user: User, topic: BoardTopic) -> int:
    """The user has seen the topic: its notifications (posts and mentions) are read."""
    return sum(
        mark_read_about(user=user, kind=kind, subject=topic)
        for kind in (Kind.BOARD_POST, Kind.BOARD_MENTION)
    )
