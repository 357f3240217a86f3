"""E-mail backends for tests of delivery faults."""

import os
import time

from django.core.mail.backends import filebased, locmem


class SlowFileBackend(filebased.EmailBackend):
    """Django's file-based backend, waiting S3P_TEST_EMAIL_DELAY seconds before each send.

    A send that takes time, as one to a real mail server does, gives a test
    the moment to kill the worker in the middle of a batch. S3P_TEST_SENT_DELAY
    seconds after each send widen the window between the mail server taking
    the e-mail and the task marking it sent, for a test to kill it there.
    """

    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("S3P_TEST_EMAIL_DELAY", "0")))
        sent = super().send_messages(email_messages)
        time.sleep(float(os.environ.get("S3P_TEST_SENT_DELAY", "0")))
        return sent


class KilledAfterSending(locmem.EmailBackend):
    """Django's test backend (`mailoutbox`), after which the worker dies.

    SystemExit, like a kill, is no send failure the task handles: the
    notification stays as it was when the mail server took the e-mail,
    claimed but not marked sent.
    """

    def send_messages(self, email_messages):
        super().send_messages(email_messages)
        raise SystemExit("killed before the SENT update")
