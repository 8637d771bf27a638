"""The claim pack (the claim, the rule applied, the attendance list, the receipts) as one PDF,
and the attendance list it and the claim page show. Reads only."""

import base64

from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.clusters.models import ClinicAffiliation
from klynge.lib.pdf import check_pdf, merge_pdfs, render_pdf, stamp_pages
from klynge.meetings.models import Invitation
from klynge.money.figures import assess
from klynge.money.models import Claim


def attendance(meeting) -> list[Invitation]:
    """The meeting's attendance list: present first, then apologies, then the absent."""
    order = {"present": 0, "excused": 1, "absent": 2}
    invitations = sorted(
        meeting.invitations.select_related("person", "clinic"),
        key=lambda i: (order.get(i.attendance, 3), i.person.name),
    )
    labels = dict(ClinicAffiliation.Role.choices)
    for invitation in invitations:
        invitation.role_label = labels.get(invitation.role, invitation.role)
    return invitations


def receipt_images(lines) -> dict[int, str]:
    """JPEG/PNG receipts as data: URIs for the pack (PDF receipts are appended as pages)."""
    images = {}
    for line in lines:
        if line.receipt and line.receipt_kind in ("jpg", "png"):
            with line.receipt.open("rb") as handle:
                data = base64.b64encode(handle.read()).decode("ascii")
            mime = "image/jpeg" if line.receipt_kind == "jpg" else "image/png"
            images[line.pk] = f"data:{mime};base64,{data}"
    return images


def build_pack(claim: Claim) -> bytes:
    """The claim, the rule applied, the attendance list, image receipts; PDF receipts appended,
    each page stamped "Bilag n" (n as in the list of expenses), and every page of the whole file
    with the cluster, the claim and "Side n af m"."""
    lines = list(claim.lines.all())
    assessment = assess(claim, lines)
    images = receipt_images(lines)
    context = {
        "claim": claim,
        "cluster": claim.cluster,
        "meeting": claim.meeting,
        "lines": [(line, images.get(line.pk)) for line in lines],
        "assessment": assessment,
        "invitations": attendance(claim.meeting),
        "now": timezone.now(),
    }
    parts = [render_pdf("money/pdf/claim_pack.html", context)]
    labels: dict[int, str] = {}
    pages = page_count(parts[0])
    for number, line in enumerate(lines, start=1):
        if line.receipt and line.receipt_kind == "pdf":
            with line.receipt.open("rb") as handle:
                receipt = handle.read()
            count = check_pdf(receipt)
            labels.update({pages + n: _("Bilag %(n)d") % {"n": number} for n in range(count)})
            pages += count
            parts.append(receipt)
    merged = merge_pdfs(parts) if len(parts) > 1 else parts[0]
    footer = _("%(cluster)s · Refusionskrav nr. %(claim)s") % {
        "cluster": claim.cluster.name,
        "claim": claim.pk,
    }
    return stamp_pages(merged, footer, labels)


def page_count(data: bytes) -> int:
    from io import BytesIO

    from pypdf import PdfReader

    return len(PdfReader(BytesIO(data)).pages)
