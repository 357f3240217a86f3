from django.contrib import admin

from core.admin_tools import HistoryAdmin, NoDeleteMixin, ReadOnlyInline, ReadOnlyMixin

from .models import BoardPost, BoardTopic, Conversation, Interest, Message, Posting


@admin.register(Posting)
class PostingAdmin(HistoryAdmin):
    """Representatives post, edit and close on the portal; moderators hide a posting here."""

    list_display = ("title", "direction", "kind", "region", "cluster", "closes_on", "is_hidden")
    list_filter = ("direction", "kind", "is_hidden", "is_demo")
    search_fields = ("title", "description")
    list_select_related = ("region", "cluster")
    date_hierarchy = "created_at"
    fields = (
        "title",
        "direction",
        "kind",
        "description",
        "region",
        "cluster",
        "area",
        "project",
        "closes_on",
        "closed_at",
        "is_hidden",
        "is_demo",
        "created_by",
        "created_at",
    )
    readonly_fields = tuple(name for name in fields if name not in ("is_hidden", "title"))
    history_list_display = ["is_hidden", "closed_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Interest)
class InterestAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("posting", "region", "cluster", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("posting__title",)
    list_select_related = ("posting", "region", "cluster")


class TextInline(ReadOnlyInline):
    """The messages or posts of a conversation or a topic, in order; a moderator hides one
    from its own page."""

    fields = ("author", "created_at", "body", "is_hidden")
    select_related = ("author",)
    show_change_link = True
    # Each row's "View on site" link would sit in running text, told apart by colour only
    # (WCAG 1.4.1); the conversation's or topic's own "View on site" button leads there.
    view_on_site = False


class MessageInline(TextInline):
    model = Message


class PostInline(TextInline):
    model = BoardPost


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read by moderators when a message is reported; only its participants write in it."""

    list_display = ("subject", "first_region", "first_cluster", "second_region", "second_cluster")
    search_fields = ("subject",)
    list_select_related = ("first_region", "first_cluster", "second_region", "second_cluster")
    inlines = [MessageInline]


@admin.register(BoardTopic)
class BoardTopicAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read by moderators when a post is reported; the board's members write on it."""

    list_display = ("title", "area", "partnership", "author", "last_activity_at")
    search_fields = ("title",)
    list_select_related = ("area", "partnership", "author")
    inlines = [PostInline]


class HideableTextAdmin(NoDeleteMixin, admin.ModelAdmin):
    """A moderator hides a reported message or post; its text stays on record.

    Subclasses name the `parent` the texts are written in (conversation or topic).
    """

    parent: str
    list_filter = ("is_hidden",)
    search_fields = ("body",)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.list_display = ("__str__", cls.parent, "author", "created_at", "is_hidden")
        cls.list_select_related = (cls.parent, "author")
        cls.readonly_fields = (cls.parent, "author", "created_at", "body")
        cls.fields = (*cls.readonly_fields, "is_hidden")

    def has_add_permission(self, request):
        return False


@admin.register(Message)
class MessageAdmin(HideableTextAdmin):
    parent = "conversation"


@admin.register(BoardPost)
class BoardPostAdmin(HideableTextAdmin):
    parent = "topic"
