"""The claim pack as a reader gets it: tagged with language and title, "Side n af m" over the whole
merged file (the receipts included), every receipt page stamped "Bilag n", and no row of the
attendance list split across two pages."""

import re

import pytest

from klynge.conftest import make_clinic, make_person
from klynge.lib.pdf import stamp_pages
from klynge.lib.tests import pdfs
from klynge.money import pack
from klynge.money.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.real_pdf]


@pytest.fixture
def big_claim(ekvis):
    """A held meeting with 45 people from 45 clinics (the list runs over several pages) and a
    claim with an image receipt between two PDF receipts."""
    meeting = factories.meeting(ekvis["cluster"], title="Klyngemøde om AMD")
    for n in range(45):
        clinic = make_clinic(ekvis["cluster"], f"Øjenklinik nr {n:02d}")
        person = make_person(f"Læge Nummer{n:02d}", clinic)
        factories.attend(meeting, person, clinic=clinic)
    claim = factories.claim(ekvis["cluster"], meeting, user=ekvis["user"])
    factories.line(claim, "catering", "2600")
    factories.line(claim, "room", "1500")
    factories.line(claim, "catering", "800")
    return claim


def test_pack_numbers_every_page_of_the_merged_file_and_stamps_receipts(big_claim):
    reader = pdfs.read(pack.build_pack(big_claim))
    pdfs.assert_accessible(reader, "Refusionspakke")
    pdfs.assert_fonts_embedded(reader)
    texts = [page.extract_text() for page in reader.pages]
    total = len(texts)
    assert total >= 5  # several pages of the claim, then three one-page PDF receipts
    for number, text in enumerate(texts, start=1):
        assert f"Side {number} af {total}" in text, (number, text[-200:])
        assert f"Refusionskrav nr. {big_claim.pk}" in text
    assert "Bilag 1" in texts[-3] and "Bilag 2" in texts[-2] and "Bilag 3" in texts[-1]
    assert not any(re.search(r"^Bilag \d+$", t, flags=re.MULTILINE) for t in texts[:-3])


def test_no_attendance_row_is_split_across_pages(big_claim):
    reader = pdfs.read(pack.build_pack(big_claim))
    texts = [page.extract_text() for page in reader.pages]
    for invitation in big_claim.meeting.invitations.select_related("person", "clinic"):
        name_pages = [i for i, t in enumerate(texts) if invitation.person.name in t]
        clinic_pages = [i for i, t in enumerate(texts) if invitation.clinic.ydernummer in t]
        assert name_pages and name_pages == clinic_pages, invitation.person.name
    first = [i for i, t in enumerate(texts) if "Nummer00" in t]
    last = [i for i, t in enumerate(texts) if "Nummer44" in t]
    assert first != last, "the list should run over more than one page"


def test_stamps_fit_pages_of_any_size_and_offset():
    # A US Letter page whose box does not start at 0,0 (scanners write such files).
    letter = factories.PDF_BYTES.replace(b"[0 0 200 200]", b"[10 20 622 812]")
    stamped = pdfs.read(stamp_pages(letter, '<b>"Ærø & Co"</b>', {0: "Bilag 7"}))
    text = stamped.pages[0].extract_text()
    assert '<b>"Ærø & Co"</b>' in text and "Side 1 af 1" in text and "Bilag 7" in text
