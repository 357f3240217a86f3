"""Who may post, see and answer cooperation postings, and read which conversations.

A user acts for the regions and clusters they represent (a verified
affiliation): they post for one of them, change and close the postings of
any of them, express interest for one of them, and answer the expressions
of interest in their postings. A conversation is read by the
representatives of its two organisations and by the moderators, nobody else.
Each rule fetches the user's few organisation ids first (`Mine`), so the
querysets stay on indexed keys.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from accounts.models import User
from core.moderators import is_moderator
from regions.models import Cluster, Region
from regions.permissions import represented_organisations

from .models import Conversation, Interest, Message, Posting


@dataclass(frozen=True)
class Mine:
    """The ids of the regions and clusters a user represents."""

    regions: frozenset[int]
    clusters: frozenset[int]

    def __bool__(self) -> bool:
        return bool(self.regions or self.clusters)

    def holds(self, organisation: Region | Cluster) -> bool:
        ids = self.clusters if isinstance(organisation, Cluster) else self.regions
        return organisation.pk in ids

    def q(self, prefix: str = "") -> Q:
        """Rows whose `<prefix>region` or `<prefix>cluster` is one of these."""
        return Q(**{f"{prefix}region__in": self.regions}) | Q(
            **{f"{prefix}cluster__in": self.clusters}
        )


def mine(user: User | AnonymousUser) -> Mine:
    """One query: the organisations the user represents."""
    pairs = represented_organisations(user)
    return Mine(
        regions=frozenset(region for region, _cluster in pairs if region),
        clusters=frozenset(cluster for _region, cluster in pairs if cluster),
    )


def can_post(user: User | AnonymousUser) -> bool:
    """Any verified representative of a region or a cluster posts for it."""
    return user.is_authenticated and user.is_active and bool(mine(user))


def visible_postings(user: User | AnonymousUser) -> QuerySet[Posting]:
    """Every posting a moderator has not hidden; hidden ones for moderators and the
    representatives of the posting organisation."""
    if is_moderator(user):
        return Posting.objects.all()
    own = mine(user)
    if not own:
        return Posting.objects.listed()
    return Posting.objects.filter(Q(is_hidden=False) | own.q())


def editable_postings(user: User | AnonymousUser) -> QuerySet[Posting]:
    """The postings of the organisations the user represents: they edit and close them and
    answer the expressions of interest."""
    own = mine(user)
    if not own or not user.is_active:
        return Posting.objects.none()
    return Posting.objects.filter(own.q())


def can_edit_posting(user: User | AnonymousUser, posting: Posting) -> bool:
    return user.is_authenticated and user.is_active and mine(user).holds(posting.organisation)


def visible_interests(user: User | AnonymousUser) -> QuerySet[Interest]:
    """Expressions of interest made for the user's organisations, or in their postings;
    moderators see all."""
    if is_moderator(user):
        return Interest.objects.all()
    own = mine(user)
    if not own:
        return Interest.objects.none()
    return Interest.objects.filter(own.q() | own.q("posting__"))


def can_answer_interest(user: User | AnonymousUser, interest: Interest) -> bool:
    """The posting organisation's representatives accept or decline."""
    return can_edit_posting(user, interest.posting)


def can_withdraw_interest(user: User | AnonymousUser, interest: Interest) -> bool:
    """The interested organisation's representatives withdraw it."""
    return user.is_authenticated and mine(user).holds(interest.organisation)


def my_conversations(user: User | AnonymousUser) -> QuerySet[Conversation]:
    """The conversations of the organisations the user represents (moderators: none of their
    own; they read any through `readable_conversations`)."""
    own = mine(user)
    if not own or not user.is_active:
        return Conversation.objects.none()
    return Conversation.objects.filter(own.q("first_") | own.q("second_"))


def readable_conversations(user: User | AnonymousUser) -> QuerySet[Conversation]:
    if is_moderator(user):
        return Conversation.objects.all()
    return my_conversations(user)


def can_write_in(user: User | AnonymousUser, conversation: Conversation) -> bool:
    """Only the two organisations' representatives write; moderators read."""
    own = mine(user)
    return user.is_active and (own.holds(conversation.first) or own.holds(conversation.second))


def visible_messages(user: User | AnonymousUser) -> QuerySet[Message]:
    """The messages the user may read, and so report: those of their conversations that a
    moderator has not hidden."""
    if is_moderator(user):
        return Message.objects.all()
    return Message.objects.shown().filter(conversation__in=my_conversations(user))
