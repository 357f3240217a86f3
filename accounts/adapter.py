"""allauth's account adapter, with its e-mails sent through the outbox (`core.mail`)."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from core.mail import queue_email


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up confirmations, password resets and e-mail changes go out from a worker:
    with the mail server down, the page still answers and the e-mail is sent later."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                **context,
            },
        )
        queue_email(message)
