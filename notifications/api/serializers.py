from rest_framework import serializers

from notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:notification-detail")
    link = serializers.CharField(source="url", read_only=True)

    class Meta:
        model = Notification
        fields = ["url", "id", "kind", "message", "link", "created_at", "read_at"]


class MarkedReadSerializer(serializers.Serializer):
    marked_read = serializers.IntegerField()
