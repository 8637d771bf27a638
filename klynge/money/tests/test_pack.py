"""The claim pack (the claim as a PDF, then its receipts) is a tagged, titled document."""

from klynge.lib.tests.pdfs import assert_accessible, read
from klynge.money.pack import build_pack
from klynge.money.tests import factories


def test_the_claim_pack_with_receipts_is_tagged_and_titled(world):
    claim = factories.claim(world.cluster_a, lines=[("catering", "100.00")] * 12)
    reader = read(build_pack(claim))
    assert len(reader.pages) >= 13, "the pack, then one page per PDF receipt"
    assert_accessible(reader, "Refusionspakke")
