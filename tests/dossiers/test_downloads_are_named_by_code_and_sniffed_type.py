"""Downloads are named by us — the dossier or result code and the extension of the type sniffed
from the bytes — never by the uploader, and every answer forbids type guessing (nosniff)."""

from __future__ import annotations

from tests.dossier_factories import officer_headers
from tests.dossier_files_support import (
    BIRTH_SERVICE,
    BIRTH_SLOT,
    PDF,
    citizen,
    dossier_for,
    upload,
)

# A PDF by its bytes, HTML by its name: a browser told `poly.html` would render it as a page.
POLYGLOT = PDF + b"<html><script>alert(document.cookie)</script></html>"


async def test_an_attachment_downloads_under_its_dossier_code_not_its_uploaded_name(client):
    owner = await citizen(client)
    draft = await dossier_for(owner, BIRTH_SERVICE)
    sent = await client.post(f"/v1/dossiers/{draft['id']}/attachments", headers=owner.headers,
                             **upload(BIRTH_SLOT, "poly.html", POLYGLOT, "text/html"))
    assert sent.status_code == 201, sent.text
    download = await client.get(f"/v1/dossiers/{draft['id']}/attachments/{sent.json()['id']}",
                                headers=owner.headers)
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("application/pdf")
    disposition = download.headers["content-disposition"]
    assert "html" not in disposition and "poly" not in disposition
    assert disposition == (f'attachment; filename="hoso-{str(draft["id"])[:8]}-{BIRTH_SLOT}-1.pdf"')
    assert download.headers["x-content-type-options"] == "nosniff"


async def test_the_officer_opens_it_under_the_same_kind_of_name(client):
    owner = await citizen(client)
    dossier = await dossier_for(owner, BIRTH_SERVICE, state="supplement_requested",
                                code="000.00.01.H22-261207-0001", supplement_count=1)
    officer = await officer_headers(client, BIRTH_SERVICE)
    sent = await client.post(f"/v1/dossiers/{dossier['id']}/attachments", headers=owner.headers,
                             **upload(BIRTH_SLOT, "poly.html", POLYGLOT, "text/html"))
    assert sent.status_code == 201, sent.text
    opened = await client.get(
        f"/v1/officer/dossiers/{dossier['id']}/attachments/{sent.json()['id']}", headers=officer)
    assert opened.status_code == 200
    assert opened.headers["content-disposition"] == (
        f'attachment; filename="000.00.01.H22-261207-0001-{BIRTH_SLOT}-2.pdf"')


async def test_every_answer_says_nosniff(client):
    for path in ("/healthz", "/v1/services", "/v1/no-such-thing", "/v1/dossiers"):
        answer = await client.get(path)
        assert answer.headers["x-content-type-options"] == "nosniff", path
