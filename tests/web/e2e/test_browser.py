"""In headless Chromium: a person signs in with the mailed code, downloads their data,
withdraws a consent and asks for erasure; the DPO carries the erasure out."""

import io
import json
import re
import zipfile

from ombud.intake.queries import add_flag
from tests.web.e2e.conftest import SCREENSHOTS
from tests.web.people import member

ANNA = "anna@example.se"


class _Store:
    def __init__(self, session):
        self.session = session


def _code(inbox, to: str) -> str:
    mail = next(m for m in reversed(inbox.messages) if m["To"] == to)
    found = re.search(r"\b(\d{8})\b", mail.get_payload(decode=True).decode())
    assert found
    return found.group(1)


def test_a_person_and_the_dpo_carry_an_erasure_through(server, inbox, browser):
    base, rt = server
    with rt.transaction() as session:
        subject = member(_Store(session), rt.context, ANNA, "Anna Svensson")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    person = browser.new_page(viewport={"width": 1100, "height": 900}, accept_downloads=True)

    person.goto(f"{base}/portal/sign-in")
    person.get_by_label("E-postadress").fill(ANNA)
    person.get_by_role("button", name="Skicka en kod till mig").click()
    person.get_by_label("Kod").fill(_code(inbox, ANNA))
    person.get_by_role("button", name="Logga in").click()
    person.wait_for_url(f"{base}/portal/")
    assert person.get_by_role("heading", name="Mina sidor").is_visible()
    assert person.get_by_text("Anna Svensson").first.is_visible()
    person.screenshot(path=SCREENSHOTS / "portal-mina-sidor.png", full_page=True)

    with person.expect_download() as download:
        person.get_by_role("link", name=re.compile("Ladda ner")).click()
    archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    assert {r["value"] for r in json.loads(archive.read("data.json"))} >= {ANNA}

    person.get_by_role("button", name="Återkalla samtycke").click()
    assert person.get_by_text("Ditt samtycke är återkallat.").is_visible()

    person.get_by_role("link", name="Radera dina uppgifter").click()
    person.get_by_role("button", name="Skicka begäran").click()
    assert person.get_by_text("Din begäran är mottagen").is_visible()

    staff = browser.new_page(viewport={"width": 1100, "height": 900})
    staff.goto(f"{base}/console/sign-in")
    staff.get_by_label("Namn").fill("dpo")
    staff.get_by_label("Lösenord").fill("dpo-secret")
    staff.get_by_role("button", name="Logga in").click()
    staff.wait_for_url(f"{base}/console/")
    staff.screenshot(path=SCREENSHOTS / "console-queue.png", full_page=True)

    staff.goto(f"{base}/console/subjects/{subject.public_id}")
    assert staff.get_by_text("Anna Svensson").first.is_visible()
    staff.screenshot(path=SCREENSHOTS / "console-subject.png", full_page=True)

    staff.goto(f"{base}/console/")
    staff.get_by_role("link", name=re.compile("Radering")).first.click()
    staff.get_by_role("button", name="Genomför och meddela personen").click()
    assert staff.get_by_text("Begäran är genomförd.").is_visible()

    # Erased: the portal finds nothing any more, and the answer came by mail.
    person.goto(f"{base}/portal/")
    assert person.get_by_text("Vi har inga personuppgifter om dig").is_visible()
    assert len([m for m in inbox.messages if m["To"] == ANNA]) >= 2


def test_the_dpo_reviews_what_the_intake_flagged(server, browser):
    base, rt = server
    with rt.transaction() as session:
        subject = member(_Store(session), rt.context, "bo@example.se", "Bo Ek", newsletter=False)
        add_flag(
            session,
            subject_id=subject.id,
            channel="booking_wish",
            purpose="bookings",
            kinds=["health", "religion"],
            at=rt.clock.now(),
        )
    staff = browser.new_page(viewport={"width": 1100, "height": 700})
    staff.goto(f"{base}/console/sign-in")
    staff.get_by_label("Namn").fill("dpo")
    staff.get_by_label("Lösenord").fill("dpo-secret")
    staff.get_by_role("button", name="Logga in").click()
    staff.wait_for_url(f"{base}/console/")
    staff.get_by_role("link", name="Flaggat", exact=True).click()
    row = staff.get_by_role("row", name=re.compile("hälsa, religiös eller filosofisk övertygelse"))
    assert row.get_by_role("link", name=subject.public_id[:8]).is_visible()
    staff.screenshot(path=SCREENSHOTS / "console-flags.png", full_page=True)
    row.get_by_role("button", name="Markera som granskat").click()
    assert staff.get_by_text("Flaggan är markerad som granskad.").is_visible()
    assert staff.get_by_text("Inget väntar på granskning.").is_visible()
