from functools import partial

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from cooperation import services
from cooperation.filters import PostingFilter
from cooperation.models import BoardTopic, Conversation, Interest, Posting
from cooperation.permissions import (
    my_conversations,
    readable_topics,
    visible_interests,
    visible_postings,
)
from core.api.caching import VisitorCachedMixin
from core.api.schema import Write, described
from core.api.views import (
    CallerRecordsViewSet,
    CreatedByServiceMixin,
    PageFilterSetMixin,
    WritableBySlugViewSet,
    transition,
    valid_input,
)
from notifications.choices import Kind
from notifications.services import unread_about

from .serializers import (
    BoardPostSerializer,
    BoardTopicCreateSerializer,
    BoardTopicSerializer,
    ConversationSerializer,
    DeclineSerializer,
    InterestCreateSerializer,
    InterestSerializer,
    MessageCreateSerializer,
    MessageSerializer,
    PostingCreateSerializer,
    PostingFieldsSerializer,
    PostingSerializer,
)


def thread_action(read, write, serializer):
    """The GET and POST action of a thread (a conversation's messages, a topic's posts):
    `read` and `write` summarise them, `serializer` gives an entry."""

    def decorate(method):
        method = action(detail=True, methods=["get", "post"], serializer_class=serializer)(method)
        method = extend_schema(
            methods=["post"],
            summary=write,
            request=MessageCreateSerializer,
            responses={201: serializer},
        )(method)
        return extend_schema(methods=["get"], summary=read, responses={200: serializer(many=True)})(
            method
        )

    return decorate


def thread(viewset, entries, *, write, mark_read):
    """A thread's `entries`, oldest first, marking them read; on POST, `write` adds one."""
    serializer = viewset.get_serializer_class()
    if viewset.request.method == "POST":
        entry = write(**valid_input(MessageCreateSerializer, viewset.request))
        return Response(serializer(entry).data, status=201)
    mark_read()
    page = viewset.paginate_queryset(entries.select_related("author"))
    return viewset.get_paginated_response(serializer(page, many=True).data)


@described(
    list="List cooperation offers and requests",
    retrieve="Get one cooperation posting by its slug",
    create=Write(
        "Post an offer or a request for a region or cluster you represent", PostingCreateSerializer
    ),
    partial_update=Write("Change an open posting of your organisation", PostingFieldsSerializer),
)
class PostingViewSet(VisitorCachedMixin, PageFilterSetMixin, WritableBySlugViewSet):
    """What regions and clusters offer or seek; representatives write for their organisations."""

    queryset = Posting.objects.all()
    serializer_class = PostingSerializer
    filterset_class = PostingFilter
    create_serializer_class = PostingCreateSerializer
    create_service = services.create_posting
    update_serializer_class = PostingFieldsSerializer

    def get_queryset(self):
        return (
            visible_postings(self.request.user)
            .select_related("region", "cluster", "area", "project")
            .prefetch_related("priorities")
            .order_by("-created_at", "pk")
        )

    def change(self, posting, **fields):
        return services.update_posting(user=self.request.user, posting=posting, **fields)

    @transition("Close an open posting of your organisation")
    def close(self, posting):
        return services.close_posting(user=self.request.user, posting=posting)


@described(
    list="List the expressions of interest of your organisations and in their postings",
    retrieve="Get one expression of interest",
    create=Write(
        "Express interest in a posting for a region or cluster you represent",
        InterestCreateSerializer,
    ),
)
class InterestViewSet(CreatedByServiceMixin, CallerRecordsViewSet):
    """Expressions of interest the caller's organisations made or received; nobody else's."""

    queryset = Interest.objects.all()
    serializer_class = InterestSerializer
    create_serializer_class = InterestCreateSerializer
    create_service = services.express_interest
    filterset_fields = ["status"]
    ordering_fields = ["created_at", "status"]
    ordering = ["-created_at"]

    def get_queryset(self):
        return visible_interests(self.request.user).select_related(
            "posting", "region", "cluster", "conversation"
        )

    @transition("Accept: a conversation opens (the posting's side)")
    def accept(self, interest):
        return services.accept_interest(user=self.request.user, interest=interest)

    @transition("Decline with a reason (the posting's side)", DeclineSerializer)
    def decline(self, interest, reason):
        return services.decline_interest(user=self.request.user, interest=interest, reason=reason)

    @transition("Withdraw a waiting expression of interest")
    def withdraw(self, interest):
        return services.withdraw_interest(user=self.request.user, interest=interest)


@described(
    list="List the conversations of your organisations",
    retrieve="Get one of your conversations",
)
class ConversationViewSet(CallerRecordsViewSet):
    """The caller's organisations' private conversations, with their unread counts."""

    queryset = Conversation.objects.all()
    serializer_class = ConversationSerializer
    filter_backends = []

    def get_queryset(self):
        return my_conversations(self.request.user).select_related(
            "posting", "first_region", "first_cluster", "second_region", "second_cluster"
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request.user.is_authenticated:
            context["unread"] = unread_about(
                self.request.user, Kind.CONVERSATION_MESSAGE, Conversation
            )
        return context

    @thread_action(
        "List a conversation's messages, oldest first (marks them read)",
        "Write a message in a conversation",
        MessageSerializer,
    )
    def messages(self, request, pk=None):
        conversation = self.get_object()
        about = {"user": request.user, "conversation": conversation}
        return thread(
            self,
            conversation.messages,
            write=partial(services.post_message, **about),
            mark_read=partial(services.mark_conversation_read, **about),
        )


@described(
    list="List the topics of the boards you sit on, latest activity first",
    retrieve="Get one topic of a board you sit on",
    create=Write(
        "Start a topic, with its first post, on the board of an area or a partnership",
        BoardTopicCreateSerializer,
    ),
)
class BoardTopicViewSet(CreatedByServiceMixin, CallerRecordsViewSet):
    """Topics of the discussion boards of the areas and partnerships the caller's organisations
    are members of (moderators: every board)."""

    queryset = BoardTopic.objects.all()
    serializer_class = BoardTopicSerializer
    create_serializer_class = BoardTopicCreateSerializer
    create_service = services.start_topic
    filter_backends = []

    def get_queryset(self):
        return (
            readable_topics(self.request.user)
            .select_related("area", "partnership", "author")
            .order_by("-last_activity_at", "pk")
        )

    @thread_action(
        "List a topic's posts, oldest first (marks them read)",
        "Reply in a topic",
        BoardPostSerializer,
    )
    def posts(self, request, pk=None):
        topic = self.get_object()
        about = {"user": request.user, "topic": topic}
        return thread(
            self,
            topic.posts,
            write=partial(services.reply, **about),
            mark_read=partial(services.mark_topic_read, **about),
        )
