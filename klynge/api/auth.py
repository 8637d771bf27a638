"""Who may call the API: a live bearer token of a secretariat (its scheme) or a site admin.

No token, or an unknown or revoked one: 401. A valid token of anyone else (a member, a coordinator,
a regional unit): 403, as the secretariat's pages answer them on the web.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle

from klynge.api.models import ApiToken, digest

LAST_USED_EVERY = timedelta(minutes=1)


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        if not token:
            return None
        found = ApiToken.objects.live().select_related("user").filter(key_hash=digest(token))
        found = found.first()
        if found is None:
            return None
        user = found.user
        request.user = user  # the access log and the history name the token's owner
        if not (user.is_superuser or user.secretariat_of_id):
            raise HttpError(403, _("API'et er kun for sekretariaterne og administratorer."))
        now = timezone.now()
        # "Last used" to the minute is enough for revoking; not a write on every call.
        if found.last_used is None or now - found.last_used > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
        return user


class Throttle(AuthRateThrottle):
    """Calls per token owner; the rate (KLYNGE_API_RATE, e.g. "120/m") is read on each call."""

    def allow_request(self, request):
        self.rate = settings.KLYNGE_API_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


def scope(user):
    """The clusters the user sees on the web's secretariat pages: its scheme, or all for an admin."""
    from klynge.clusters.models import Cluster

    if user.is_superuser:
        return Cluster.objects.all()
    return Cluster.objects.filter(scheme_id=user.secretariat_of_id)
