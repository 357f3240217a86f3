from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("cooperation-postings", views.PostingViewSet, basename="cooperation-posting")
router.register("cooperation-interests", views.InterestViewSet, basename="cooperation-interest")
router.register("conversations", views.ConversationViewSet, basename="conversation")
router.register("board-topics", views.BoardTopicViewSet, basename="board-topic")

urlpatterns = router.urls
