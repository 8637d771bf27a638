"""The secretariat's desk: guides and templates for the scheme's coordinators and boards."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.lib.history import History


class GuideQuerySet(models.QuerySet):
    def published(self):
        return self.filter(withdrawn_at__isnull=True)


class Guide(models.Model):
    """A guide or template the secretariat publishes to its scheme's coordinators and boards."""

    class Category(models.TextChoices):
        GUIDE = "guide", _("Vejledning")
        TEMPLATE = "template", _("Skabelon")
        RULES = "rules", _("Regler og aftaler")
        OTHER = "other", _("Andet")

    scheme = models.ForeignKey(
        "clusters.Scheme",
        on_delete=models.CASCADE,
        related_name="guides",
        verbose_name=_("ordning"),
    )
    title = models.CharField(_("titel"), max_length=200)
    category = models.CharField(
        _("kategori"), max_length=20, choices=Category.choices, default=Category.GUIDE
    )
    description = models.TextField(_("kort beskrivelse"), blank=True)
    version_date = models.DateField(_("versionsdato"), default=timezone.localdate)
    # Stored under a server-made name; the uploader's file name is only a label.
    file = models.FileField(max_length=200, verbose_name=_("fil"))
    label = models.CharField(_("filnavn"), max_length=200)
    mime = models.CharField(max_length=120, verbose_name=_("filtype"))
    size = models.PositiveIntegerField(default=0, verbose_name=_("størrelse (bytes)"))
    published_at = models.DateTimeField(_("offentliggjort"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("offentliggjort af"),
    )
    withdrawn_at = models.DateTimeField(_("trukket tilbage"), null=True, blank=True)
    history = History()

    objects = GuideQuerySet.as_manager()

    class Meta:
        verbose_name = _("vejledning eller skabelon")
        verbose_name_plural = _("vejledninger og skabeloner")
        ordering = ["category", "title", "-version_date"]
        indexes = [models.Index(fields=["scheme", "withdrawn_at"], name="guide_scheme_live")]

    def __str__(self):
        return self.title


class News(models.Model):
    """News from the secretariat to its scheme's coordinators (and boards), on their dashboards."""

    scheme = models.ForeignKey(
        "clusters.Scheme", on_delete=models.CASCADE, related_name="news", verbose_name=_("ordning")
    )
    title = models.CharField(_("overskrift"), max_length=200)
    body = models.TextField(_("tekst"))
    emailed = models.BooleanField(_("sendt som e-mail til koordinatorerne"), default=True)
    published_at = models.DateTimeField(_("offentliggjort"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("offentliggjort af"),
    )
    history = History()

    class Meta:
        verbose_name = _("nyhed")
        verbose_name_plural = _("nyheder")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["scheme", "published_at"], name="news_scheme_published")]

    def __str__(self):
        return self.title


class QuestionQuerySet(models.QuerySet):
    def latest_per_cluster(self):
        """Each cluster's newest message (one row per cluster)."""
        newest = self.filter(cluster=models.OuterRef("cluster")).order_by("-created", "-pk")
        return self.filter(pk=models.Subquery(newest.values("pk")[:1]))


class Question(models.Model):
    """One message in the thread between a cluster (coordinator, board) and its secretariat.

    The cluster waits for an answer while its newest message is from the cluster's side."""

    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("klynge"),
    )
    body = models.TextField(_("besked"))
    from_secretariat = models.BooleanField(default=False, verbose_name=_("fra sekretariatet"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("forfatter"),
    )
    author_name = models.CharField(max_length=200, verbose_name=_("forfatterens navn"))
    created = models.DateTimeField(default=timezone.now, verbose_name=_("oprettet"))
    history = History()

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("spørgsmål eller svar")
        verbose_name_plural = _("spørgsmål og svar")
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["cluster", "created"], name="question_cluster_created")]

    def __str__(self):
        return f"{self.cluster}: {self.body[:40]}"
