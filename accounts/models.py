import datetime
import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

# How long a token lives, chosen by its owner when creating it.
TOKEN_LIFETIMES = [30, 90, 180, 365]
DEFAULT_TOKEN_LIFETIME = datetime.timedelta(days=90)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person using the portal; logs in with an e-mail address, no username."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("name"),
        max_length=150,
        blank=True,
        help_text=_("As colleagues know you; shown in histories and e-mails."),
    )
    job_title = models.CharField(
        _("job title"),
        max_length=150,
        blank=True,
        help_text=_("E.g. “Smart-specialisation officer”."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        """The name the user gave (at sign-up or in their profile), else first and last name."""
        return self.display_name.strip() or super().get_full_name()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        """Neither revoked nor expired (a password change is checked on use: `matches_password`)."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 digest of the secret is stored."""

    PREFIX_LENGTH = 8

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    # The user's session hash when the token was issued (an HMAC of the
    # password hash, as Django's sessions keep it): a password change, by
    # any way, ends every token as it ends every session.
    password_hash = models.CharField(max_length=64, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(secret):
        return hashlib.sha256(secret.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user, name, lifetime=DEFAULT_TOKEN_LIFETIME):
        """Create a token valid for `lifetime` and return it with its secret, never stored."""
        secret = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=secret[: cls.PREFIX_LENGTH],
            digest=cls.hash(secret),
            expires_at=timezone.now() + lifetime,
            password_hash=user.get_session_auth_hash(),
        )
        return token, secret

    def matches_password(self) -> bool:
        """False once the user's password changed after the token was issued."""
        user = self.user
        current = [user.get_session_auth_hash(), *user.get_session_auth_fallback_hash()]
        return any(constant_time_compare(self.password_hash, value) for value in current)
