from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from cooperation import services
from cooperation.filters import POSTING_SEARCH, PostingFilter
from cooperation.models import BoardTopic, Conversation, Interest, Posting
from cooperation.permissions import (
    my_conversations,
    readable_topics,
    visible_interests,
    visible_postings,
)
from core.api.caching import VisitorCachedListMixin
from core.api.filtering import FILTERSET_ORDERED
from core.api.views import (
    CallerRecordsViewSet,
    WritableBySlugViewSet,
    created,
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


@extend_schema_view(
    list=extend_schema(summary="List cooperation offers and requests"),
    retrieve=extend_schema(summary="Get one cooperation posting by its slug"),
    create=extend_schema(
        summary="Post an offer or a request for a region or cluster you represent",
        request=PostingCreateSerializer,
        responses={201: PostingSerializer},
    ),
    partial_update=extend_schema(
        summary="Change an open posting of your organisation",
        request=PostingFieldsSerializer,
        responses={200: PostingSerializer},
    ),
)
class PostingViewSet(VisitorCachedListMixin, WritableBySlugViewSet):
    """What regions and clusters offer or seek; representatives write for their organisations."""

    queryset = Posting.objects.all()
    serializer_class = PostingSerializer
    filterset_class = PostingFilter
    filter_backends = FILTERSET_ORDERED
    search_fields = POSTING_SEARCH.fields

    def get_queryset(self):
        return (
            visible_postings(self.request.user)
            .select_related("region", "cluster", "area", "project")
            .prefetch_related("priorities")
            .order_by("-created_at", "pk")
        )

    def create(self, request, *args, **kwargs):
        data = valid_input(PostingCreateSerializer, request)
        posting = services.create_posting(user=request.user, **data)
        return created(self.fresh_data(posting))

    def partial_update(self, request, *args, **kwargs):
        posting = self.get_object()
        data = valid_input(PostingFieldsSerializer, request, partial=True)
        posting = services.update_posting(user=request.user, posting=posting, **data)
        return Response(self.fresh_data(posting))

    @extend_schema(summary="Close an open posting of your organisation", request=None)
    @action(detail=True, methods=["post"])
    def close(self, request, slug=None):
        posting = services.close_posting(user=request.user, posting=self.get_object())
        return Response(self.fresh_data(posting))


@extend_schema_view(
    list=extend_schema(
        summary="List the expressions of interest of your organisations and in their postings"
    ),
    retrieve=extend_schema(summary="Get one expression of interest"),
    create=extend_schema(
        summary="Express interest in a posting for a region or cluster you represent",
        request=InterestCreateSerializer,
        responses={201: InterestSerializer},
    ),
)
class InterestViewSet(mixins.CreateModelMixin, CallerRecordsViewSet):
    """Expressions of interest the caller's organisations made or received; nobody else's."""

    queryset = Interest.objects.all()
    serializer_class = InterestSerializer
    filterset_fields = ["status"]
    ordering_fields = ["created_at", "status"]
    ordering = ["-created_at"]

    def get_queryset(self):
        return visible_interests(self.request.user).select_related(
            "posting", "region", "cluster", "conversation"
        )

    def create(self, request, *args, **kwargs):
        postings = visible_postings(request.user)
        data = valid_input(InterestCreateSerializer, request, postings=postings)
        interest = services.express_interest(user=request.user, **data)
        return created(self.fresh_data(interest))

    @extend_schema(summary="Accept: a conversation opens (the posting's side)", request=None)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        interest = services.accept_interest(user=request.user, interest=self.get_object())
        return Response(self.fresh_data(interest))

    @extend_schema(summary="Decline with a reason (the posting's side)", request=DeclineSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        interest = self.get_object()
        reason = valid_input(DeclineSerializer, request)["reason"]
        interest = services.decline_interest(user=request.user, interest=interest, reason=reason)
        return Response(self.fresh_data(interest))

    @extend_schema(summary="Withdraw a waiting expression of interest", request=None)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        interest = services.withdraw_interest(user=request.user, interest=self.get_object())
        return Response(self.fresh_data(interest))


@extend_schema_view(
    list=extend_schema(summary="List the conversations of your organisations"),
    retrieve=extend_schema(summary="Get one of your conversations"),
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

    @extend_schema(
        methods=["get"],
        summary="List a conversation's messages, oldest first (marks them read)",
        responses={200: MessageSerializer(many=True)},
    )
    @extend_schema(
        methods=["post"],
        summary="Write a message in a conversation",
        request=MessageCreateSerializer,
        responses={201: MessageSerializer},
    )
    @action(detail=True, methods=["get", "post"], serializer_class=MessageSerializer)
    def messages(self, request, pk=None):
        conversation = self.get_object()
        if request.method == "POST":
            data = valid_input(MessageCreateSerializer, request)
            message = services.post_message(user=request.user, conversation=conversation, **data)
            return Response(MessageSerializer(message).data, status=201)
        services.mark_conversation_read(user=request.user, conversation=conversation)
        page = self.paginate_queryset(conversation.messages.select_related("author"))
        return self.get_paginated_response(MessageSerializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="List the topics of the boards you sit on, latest activity first"),
    retrieve=extend_schema(summary="Get one topic of a board you sit on"),
    create=extend_schema(
        summary="Start a topic, with its first post, on the board of an area or a partnership",
        request=BoardTopicCreateSerializer,
        responses={201: BoardTopicSerializer},
    ),
)
class BoardTopicViewSet(mixins.CreateModelMixin, CallerRecordsViewSet):
    """Topics of the discussion boards of the areas and partnerships the caller's organisations
    are members of (moderators: every board)."""

    queryset = BoardTopic.objects.all()
    serializer_class = BoardTopicSerializer
    filter_backends = []

    def get_queryset(self):
        return (
            readable_topics(self.request.user)
            .select_related("area", "partnership", "author")
            .order_by("-last_activity_at", "pk")
        )

    def create(self, request, *args, **kwargs):
        data = valid_input(BoardTopicCreateSerializer, request, user=request.user)
        topic = services.start_topic(user=request.user, **data)
        return created(self.fresh_data(topic))

    @extend_schema(
        methods=["get"],
        summary="List a topic's posts, oldest first (marks them read)",
        responses={200: BoardPostSerializer(many=True)},
    )
    @extend_schema(
        methods=["post"],
        summary="Reply in a topic",
        request=MessageCreateSerializer,
        responses={201: BoardPostSerializer},
    )
    @action(detail=True, methods=["get", "post"], serializer_class=BoardPostSerializer)
    def posts(self, request, pk=None):
        topic = self.get_object()
        if request.method == "POST":
            data = valid_input(MessageCreateSerializer, request)
            post = services.reply(user=request.user, topic=topic, **data)
            return Response(BoardPostSerializer(post).data, status=201)
        services.mark_topic_read(user=request.user, topic=topic)
        page = self.paginate_queryset(topic.posts.select_related("author"))
        return self.get_paginated_response(BoardPostSerializer(page, many=True).data)
