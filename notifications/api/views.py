from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.schema import described
from core.api.views import CallerRecordsViewSet
from notifications.models import Notification

from .serializers import MarkedReadSerializer, NotificationSerializer


@described(
    list="List your notifications, newest first",
    retrieve="Get one of your notifications",
)
class NotificationViewSet(CallerRecordsViewSet):
    """The caller's own notifications; nobody else's are ever reachable."""

    queryset = Notification.objects.all()
    serializer_class = NotificationSerializer
    filterset_fields = ["kind"]
    search_fields = ["message"]
    ordering_fields = ["created_at", "read_at"]
    ordering = ["-created_at"]

    def get_queryset(self):
        return Notification.objects.filter(recipient=self.request.user)

    @extend_schema(summary="Mark one notification read", request=None)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        self.get_queryset().filter(pk=notification.pk).mark_read()
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Mark all your notifications read", request=None, responses=MarkedReadSerializer
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked_read": self.get_queryset().mark_read()})
