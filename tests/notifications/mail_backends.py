"""E-mail backends for tests that run a real worker process."""

import os
import time

from django.core.mail.backends import filebased


class SlowFileBackend(filebased.EmailBackend):
    """Django's file-based backend, waiting S3P_TEST_EMAIL_DELAY seconds before each send.

    A send that takes time, as one to a real mail server does, gives a test
    the moment to kill the worker in the middle of a batch.
    """

    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("S3P_TEST_EMAIL_DELAY", "0")))
        return super().send_messages(email_messages)
