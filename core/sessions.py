"""What a signed-in user's answers and sessions may do: stay out of caches, and end.

Every answer to a signed-in user or a token holder depends on who they are:
`Cache-Control: private, no-store` keeps it out of shared caches and off
the disk of the browser. A session ends after `SESSION_IDLE_SECONDS`
without a request and, however active, `SESSION_ABSOLUTE_SECONDS` after
the log-in (README, "Sessions"); the user logs in again.
"""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

STARTED = "s3p_started_at"
ACTIVE = "s3p_active_at"
# The last activity is written at most this often: not one session write per request.
ACTIVITY_RESOLUTION_SECONDS = 60


def depends_on_user(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META


class PrivateAnswersMiddleware:
    """`Cache-Control: private, no-store` on every answer to a signed-in user or a token."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if depends_on_user(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


def start_session(sender: Any, request: HttpRequest, **kwargs: Any) -> None:
    """`user_logged_in` receiver: the session's lifetimes count from now."""
    now = int(time.time())
    request.session[STARTED] = now
    request.session[ACTIVE] = now


class SessionLifetimeMiddleware:
    """Logs a user out after an idle period or once the session's absolute lifetime is over."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        session = request.session
        now = int(time.time())
        started = session.setdefault(STARTED, now)
        active = session.get(ACTIVE, now)
        if (
            now - active > settings.SESSION_IDLE_SECONDS
            or now - started > settings.SESSION_ABSOLUTE_SECONDS
        ):
            logout(request)
            messages.info(request, _("Your session ended. Please log in again."))
        elif now - active >= ACTIVITY_RESOLUTION_SECONDS or ACTIVE not in session:
            session[ACTIVE] = now
