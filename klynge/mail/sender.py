"""Who a mail speaks for, where replies go, and the headers every mail carries.

Every mail is sent from Klynge's own address, but it speaks for someone: the cluster (signed by its
coordinator, replies to the coordinator), the scheme's secretariat (its decisions on claims), or
Klynge itself (the weekly digest, replies to the secretariat). The base layout
(`mail/base_body.html`, `.txt`) signs with that name; `Reply-To` carries its address.
"""

from dataclasses import dataclass
from email.utils import formataddr

from django.utils.translation import gettext as _

from klynge.lib.memo import remembered

CLUSTER, SECRETARIAT, KLYNGE = "cluster", "secretariat", "klynge"

# RFC 3834: made by Klynge, not written by a person; and for Exchange/Outlook: no out-of-office or
# other automatic answers to it.
AUTOMATIC = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "OOF, AutoReply"}
VOICES = (CLUSTER, SECRETARIAT, KLYNGE)


@dataclass(frozen=True)
class Sender:
    """The sign-off (name, and a line under it) and the address replies go to ("" for none)."""

    name: str
    role: str = ""
    reply_name: str = ""
    reply_email: str = ""

    def reply_to(self, to: str) -> str:
        """The Reply-To header: none when nobody reads replies or they would come back to `to`."""
        if not self.reply_email or self.reply_email.lower() == to.lower():
            return ""
        return formataddr((self.reply_name or self.name, self.reply_email))


def coordinator_of(cluster):
    """The cluster's coordinator (the longest-serving), once per `memo.batch()`."""
    return remembered(("coordinator", cluster.pk), lambda: _coordinator(cluster))


def _coordinator(cluster):
    from klynge.clusters.models import Post

    post = (
        Post.objects.active()
        .filter(cluster_id=cluster.pk, kind=Post.Kind.COORDINATOR)
        .select_related("person")
        .order_by("start", "pk")
        .first()
    )
    return post.person if post is not None else None


def secretariat(cluster, name: str = "", role: str | None = None) -> Sender:
    """Signed by `name` (default: the scheme), replies to the scheme's secretariat."""
    scheme = cluster.scheme
    line = _("Sekretariatet for %(scheme)s") % {"scheme": scheme.name}
    return Sender(
        name or scheme.name, line if role is None else role, line, scheme.secretariat_email
    )


def sender_for(cluster, voice: str, to: str) -> Sender:
    """Who signs a mail to `to`: see the module's docstring. A mail to the coordinator in the
    cluster's voice has its replies go to the secretariat (not back to the coordinator)."""
    if voice not in VOICES:
        raise ValueError(f"unknown voice {voice!r}")
    if cluster is None:
        return Sender("Klynge")
    if voice == SECRETARIAT:
        return secretariat(cluster)
    if voice == KLYNGE:
        return secretariat(cluster, "Klynge", cluster.name)
    person = coordinator_of(cluster)
    if person is None or not person.email:
        return secretariat(cluster, cluster.name, "")
    if person.email.lower() == to.lower():
        return secretariat(cluster, person.name, coordinator_line(cluster))
    return Sender(person.name, coordinator_line(cluster), person.name, person.email)


def coordinator_line(cluster) -> str:
    return _("Klyngekoordinator, %(cluster)s") % {"cluster": cluster.name}


def headers_for(sender: Sender, to: str, *, automatic: bool, unsubscribe_url: str = "") -> dict:
    """The headers a sender should write: Reply-To, Auto-Submitted (RFC 3834) on mail made by
    Klynge rather than written by a person, and one-click unsubscribe (RFC 8058) on optional mail.
    """
    headers = {}
    reply_to = sender.reply_to(to)
    if reply_to:
        headers["Reply-To"] = reply_to
    if automatic:
        headers.update(AUTOMATIC)
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return headers
