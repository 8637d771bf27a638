"""Optional mail (the weekly digest) can be stopped with one click (RFC 8058).

Its link carries a signed token naming the address and the kind of mail (the template); it never
expires and logs nobody in. A stopped kind is not queued again for that address.
"""

from django.core import signing
from django.urls import reverse

from klynge.clusters.audit import service
from klynge.mail.models import OptOut

SALT = "klynge.mail.optout"


def token(email: str, template: str) -> str:
    return signing.dumps({"e": email.lower(), "t": template}, salt=SALT, compress=True)


def read(value: str) -> tuple[str, str] | None:
    """(address, template) from a token, or None for a token Klynge did not make."""
    try:
        data = signing.loads(value, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not data.get("e") or not data.get("t"):
        return None
    return data["e"], data["t"]


def url(email: str, template: str) -> str:
    from klynge.mail.outbox import absolute

    return absolute(reverse("mail:unsubscribe", args=[token(email, template)]))


def stopped(email: str, template: str) -> bool:
    return OptOut.objects.filter(email=email.lower(), template=template).exists()


@service
def stop(email: str, template: str, *, by) -> bool:
    """Stop this kind of mail to this address; False if it was stopped already."""
    _row, created = OptOut.objects.get_or_create(email=email.lower(), template=template)
    return created


def label(template: str) -> str:
    """What the recipient calls this kind of mail."""
    from django.utils.translation import gettext as _

    names = {"year_digest": _("ugens frister fra årshjulet")}
    return names.get(template, _("denne slags e-mails"))
