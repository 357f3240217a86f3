from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cooperation.choices import PARTNER_TYPES, Direction, PostingKind
from cooperation.models import BoardPost, BoardTopic, Conversation, Interest, Message, Posting
from cooperation.permissions import visible_postings
from core.api.serializers import CallerInputSerializer, StrictSerializer, VisibleSlugField
from core.demo_switch import IS_DEMO_FIELD
from partnerships.api.serializers import area_or_partnership_fields
from projects.models import InvestmentProject
from regions.api.fields import PriorityKeyField, one_organisation, organisation_fields
from regions.models import Cluster
from regions.pickers import pickable_priorities
from thematic_areas.models import ThematicArea

CODE = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
SLUG = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)


class PostingSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:cooperation-posting-detail", lookup_field="slug"
    )
    page = serializers.CharField(source="get_absolute_url", read_only=True)
    region = CODE
    cluster = SLUG
    area = SLUG
    project = SLUG
    priorities = PriorityKeyField(many=True, read_only=True)
    partner_types = serializers.ListField(child=serializers.CharField(), read_only=True)
    countries = serializers.ListField(child=serializers.CharField(), read_only=True)
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = Posting
        fields = [
            "url",
            "page",
            "slug",
            "direction",
            "kind",
            "title",
            "description",
            "region",
            "cluster",
            "priorities",
            "area",
            "project",
            "partner_types",
            "countries",
            "closes_on",
            "is_open",
            "closed_at",
            "created_at",
            "is_demo",
        ]
        extra_kwargs = {"is_demo": IS_DEMO_FIELD}

    def get_is_open(self, posting) -> bool:
        return posting.is_open()


class OrganisationSerializer(StrictSerializer):
    """Input naming the region (`region`, a NUTS code) or the cluster (`cluster`, a slug)
    the caller acts for; validated data holds it as `organisation`."""

    region, cluster = organisation_fields(Cluster.objects.all())

    def validate(self, attrs):
        return one_organisation(super().validate(attrs))


class PostingFieldsSerializer(StrictSerializer):
    """The fields of a posting its representatives write (PATCH: any subset)."""

    direction = serializers.ChoiceField(choices=Direction.choices)
    kind = serializers.ChoiceField(choices=PostingKind.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000)
    priorities = PriorityKeyField(
        many=True,
        queryset=pickable_priorities(),
        help_text=_("scheme:code of each, e.g. nace:C25 or nabs:07."),
    )
    area = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=ThematicArea.objects.active(),
        required=False,
        allow_null=True,
        help_text=_("Slug of an active thematic area."),
    )
    project = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=InvestmentProject.objects.published(),
        required=False,
        allow_null=True,
        help_text=_("Slug of a published investment project."),
    )
    partner_types = serializers.ListField(
        child=serializers.ChoiceField(choices=PARTNER_TYPES), required=False, max_length=10
    )
    countries = serializers.ListField(
        child=serializers.RegexField(r"^[A-Za-z]{2}$", max_length=2),
        required=False,
        max_length=40,
        help_text=_("Two-letter codes, e.g. DE or EL."),
    )
    closes_on = serializers.DateField()


class PostingCreateSerializer(OrganisationSerializer, PostingFieldsSerializer):
    pass


class InterestSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:cooperation-interest-detail")
    posting = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    region = CODE
    cluster = SLUG
    conversation = serializers.HyperlinkedRelatedField(
        view_name="api:conversation-detail", read_only=True, allow_null=True
    )

    class Meta:
        model = Interest
        fields = [
            "url",
            "id",
            "posting",
            "region",
            "cluster",
            "message",
            "status",
            "created_at",
            "decided_at",
            "decision_reason",
            "conversation",
        ]


class InterestCreateSerializer(CallerInputSerializer, OrganisationSerializer):
    posting = VisibleSlugField(
        Posting.objects.none(), visible_postings, help_text=_("The posting's slug.")
    )
    message = serializers.CharField(max_length=3000)


class DeclineSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=2000, help_text=_("The interested side reads it."))


class ConversationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:conversation-detail")
    page = serializers.CharField(source="get_absolute_url", read_only=True)
    posting = SLUG
    first_region = CODE
    first_cluster = SLUG
    second_region = CODE
    second_cluster = SLUG
    unread = serializers.SerializerMethodField(help_text=_("Messages you have not read yet."))

    class Meta:
        model = Conversation
        fields = [
            "url",
            "id",
            "page",
            "subject",
            "posting",
            "first_region",
            "first_cluster",
            "second_region",
            "second_cluster",
            "created_at",
            "last_message_at",
            "unread",
        ]

    def get_unread(self, conversation) -> int:
        return self.context.get("unread", {}).get(conversation.pk, 0)


class MessageSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField(help_text=_("Null when a moderator hid it."))

    class Meta:
        model = Message
        fields = ["id", "author", "body", "is_hidden", "created_at"]

    def get_author(self, message) -> str:
        return str(message.author)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_body(self, message) -> str | None:
        return None if message.is_hidden else message.body


class MessageCreateSerializer(StrictSerializer):
    body = serializers.CharField(max_length=5000, help_text=_("Plain text."))


class BoardTopicSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:board-topic-detail")
    page = serializers.CharField(source="get_absolute_url", read_only=True)
    area = SLUG
    partnership = SLUG
    author = serializers.SerializerMethodField()

    class Meta:
        model = BoardTopic
        fields = [
            "url",
            "id",
            "page",
            "area",
            "partnership",
            "title",
            "author",
            "created_at",
            "last_activity_at",
        ]

    def get_author(self, topic) -> str:
        return str(topic.author)


class BoardPostSerializer(MessageSerializer):
    class Meta(MessageSerializer.Meta):
        model = BoardPost


class BoardTopicCreateSerializer(CallerInputSerializer, MessageCreateSerializer):
    """The board (`area` or `partnership`, by slug), the title and the first post."""

    area, partnership = area_or_partnership_fields(
        _("Slug of the thematic area whose board it is on; or give `partnership`."),
        _("Slug of the partnership whose board it is on; or give `area`."),
    )
    title = serializers.CharField(max_length=200)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if ("area" in attrs) == ("partnership" in attrs):
            raise serializers.ValidationError(
                {"area": _("Give either the area or the partnership whose board it is on.")}
            )
        attrs["board"] = attrs.pop("area", None) or attrs.pop("partnership")
        return attrs
