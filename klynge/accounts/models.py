"""Log-in accounts. The person behind an account lives in members.Person (linked one-to-one)."""

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
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
    """An account that logs in with its e-mail address.

    Scheme-wide and region-wide roles are set here by a site admin; cluster roles (coordinator,
    board, member) come from the data: posts and clinic affiliations of the linked person.
    """

    username = None
    first_name = None
    last_name = None
    name = models.CharField(_("navn"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), unique=True)
    secretariat_of = models.ForeignKey(
        "clusters.Scheme",
        verbose_name=_("sekretariat for ordning"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="secretariat_users",
    )
    regional_unit_of = models.ForeignKey(
        "clusters.Region",
        verbose_name=_("regional kvalitetsenhed for region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unit_users",
    )
    calendar_token = models.CharField(
        max_length=64, blank=True, editable=False, verbose_name=_("kalendernøgle")
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return self.get_full_name()
