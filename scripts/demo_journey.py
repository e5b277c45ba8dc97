"""Walk a demo citizen through two whole journeys against a running motcua (`./dev serve`), over
HTTP only. Both start by signing in through the development identity provider (code + PKCE).

- `postal`: find a service without typing accents, fill and submit a dossier, book postal
  return of the result, let an officer receive it and ask for the fee, pay by card (the sandbox
  platform pays itself through the signed callback path), let the officer finish with a paper
  result, and follow the sandbox courier until the dossier reaches status 10 (result returned).
- `electronic`: fill a draft and attach a document, submit (and send the same submission again,
  as a phone on a bad network does: the same answer comes back), let the officer receive it and
  ask for the document again, answer with a new upload, pay the fee by card, let the officer
  finish with an electronic result file, download it — stamped and signed by the agency, with
  the SHA-256 it was issued with —, check its signature (/v1/results/verify, and Poppler's
  pdfsig where installed), see the result handed over (status 10), find it in the citizen's
  document store and reuse it in a second, pre-filled dossier with one reference.

Prints each step; exits non-zero on the first surprise.

    uv run python scripts/demo_journey.py [--base http://127.0.0.1:8000]
                                          [--journey postal|electronic|both]  (default: both)
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from urllib.parse import parse_qs, urlsplit

import httpx

REDIRECT = "vn.gov.motcua:/oauth2redirect"
SERVICE = "HN.HT.004"  # Cấp bản sao trích lục hộ tịch: full-process, fee, postal return
FORM = {"loai_trich_luc": "Khai sinh", "ho_ten": "Nguyễn Văn An", "so_ban": 2}
SLOT = "van_ban_uy_quyen"  # the service's document slot: a letter of authorisation
# A later procedure that takes the birth extract the electronic journey obtains.
REUSING_SERVICE, REUSING_SLOT = "DN.XNC.001", "giay_khai_sinh"


def pdf(text: str) -> bytes:
    """A one-page PDF (its type is sniffed from the bytes, not taken from the name; a result
    must be a PDF the agency's signer can read)."""
    from fpdf import FPDF

    # Only this step needs the project's font; the journey itself is plain HTTP.
    from core import fonts

    document = FPDF()
    document.add_page()
    document.add_font("dejavu", fname=str(fonts.path()))
    document.set_font("dejavu", size=14)
    document.cell(text=text)
    return bytes(document.output())


def step(text: str) -> None:
    print(f"- {text}", flush=True)


def expect(response: httpx.Response, *codes: int) -> dict:
    if response.status_code not in codes:
        sys.exit(f"unexpected {response.status_code} from {response.request.method} "
                 f"{response.request.url.path}: {response.text[:500]}")
    return response.json() if response.content else {}


def sign_in(http: httpx.Client, person: str) -> dict[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    nonce = secrets.token_urlsafe(16)
    chosen = http.post("/dev-sso/authorize", data={
        "response_type": "code", "client_id": "motcua-app", "redirect_uri": REDIRECT,
        "code_challenge": challenge.rstrip(b"=").decode(), "code_challenge_method": "S256",
        "state": "demo", "nonce": nonce, "person": person})
    if chosen.status_code != 303:
        sys.exit(f"development sign-in refused: {chosen.status_code} {chosen.text[:300]}")
    code = parse_qs(urlsplit(chosen.headers["location"]).query)["code"][0]
    tokens = expect(http.post("/v1/auth/sso", json={
        "code": code, "code_verifier": verifier, "redirect_uri": REDIRECT, "nonce": nonce}), 200)
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def wait_for(http: httpx.Client, url: str, headers: dict, done, what: str, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = expect(http.get(url, headers=headers), 200)
        if done(body):
            return body
        time.sleep(0.5)
    sys.exit(f"timed out waiting for {what}")


def postal_journey(http: httpx.Client, citizen: dict, officer: dict) -> None:
    expect(http.post("/v1/devices", headers=citizen, json={
        "platform": "fcm", "token": secrets.token_urlsafe(40), "app_version": "demo",
        "locale": "vi"}), 200, 201)
    step("registered a phone for push (sandbox push service in embedded mode)")

    found = expect(http.get("/v1/services", params={"q": "trich luc ho tich"}), 200)
    assert any(s["code"] == SERVICE for s in found["items"]), found
    step(f"search 'trich luc ho tich' finds {SERVICE}")

    dossier = expect(http.post("/v1/dossiers", json={"service_code": SERVICE},
                               headers=citizen), 201)
    path = f"/v1/dossiers/{dossier['id']}"
    expect(http.patch(path, json={"form_data": FORM}, headers=citizen), 200)
    submitted = expect(http.post(f"{path}/submit", json={"result_delivery": "postal"},
                                 headers={**citizen, "Idempotency-Key": secrets.token_hex(8)}),
                       200, 201)
    step(f"submitted: code {submitted['code']}, fee due {submitted['fee_due']} VND")

    booking = expect(http.post(f"{path}/delivery", json={
        "recipient_name": "Nguyễn Văn An", "phone": "0912345678",
        "address": {"street": "12 Hàng Bài", "commune_code": "00070", "province_code": "01"},
        "postage_payment": "on_delivery"}, headers=citizen), 200, 201)
    postage, window = booking["postage"], booking["promised_window"]
    step(f"postal return booked: postage {postage['amount']} VND ({postage['route_class']}), "
         f"promised {window['earliest']} to {window['latest']}")

    actions = f"/v1/officer/dossiers/{dossier['id']}/actions"
    expect(http.post(actions, json={"action": "receive"}, headers=officer), 200)
    expect(http.post(actions, json={"action": "request_payment"}, headers=officer), 200)
    step("officer received the dossier and asked for the fee")

    pay_by_card(http, citizen, path)

    wait_for(http, path, citizen, lambda d: d["state"] == "processing", "processing")
    expect(http.post(actions, json={"action": "finish", "result": {"kind": "paper"}},
                     headers=officer), 200)
    step("officer finished with a paper result; the courier takes over")

    final = wait_for(http, path, citizen, lambda d: d["status_code"] == 10,
                     "the result to be delivered")
    delivery = expect(http.get(f"{path}/delivery", headers=citizen), 200)
    step(f"delivered: dossier status {final['status_code']}, "
         f"booking {delivery['state']}, waybill {delivery['waybill']}")
    timeline(http, citizen, path)
    time.sleep(3)  # the last notices are still on their way through the outbox
    inbox = expect(http.get("/v1/notifications", params={"limit": 50}, headers=citizen), 200)
    mine = [n for n in inbox["items"] if n.get("dossier_id") == dossier["id"]]
    step(f"inbox ({inbox['unread_count']} unread): "
         + " | ".join(n["title"] for n in reversed(mine)))


def electronic_journey(http: httpx.Client, citizen: dict, officer: dict) -> None:
    dossier = expect(http.post("/v1/dossiers", json={"service_code": SERVICE},
                               headers=citizen), 201)
    path = f"/v1/dossiers/{dossier['id']}"
    expect(http.patch(path, json={"form_data": FORM}, headers=citizen), 200)
    letter = pdf("letter of authorisation")
    attached = expect(http.post(f"{path}/attachments", headers=citizen, data={"slot": SLOT},
                                files={"file": ("uy-quyen.pdf", letter, "application/pdf")}), 201)
    if attached["sha256"] != hashlib.sha256(letter).hexdigest():
        sys.exit(f"attachment recorded with another SHA-256: {attached}")
    step(f"draft filled; {SLOT} attached ({attached['content_type']}, {attached['size']} bytes)")

    key = {**citizen, "Idempotency-Key": secrets.token_hex(8)}
    submitted = expect(http.post(f"{path}/submit", json={"result_delivery": "electronic"},
                                 headers=key), 200)
    again = http.post(f"{path}/submit", json={"result_delivery": "electronic"}, headers=key)
    if (expect(again, 200) != submitted
            or again.headers.get("idempotent-replayed") != "true"):
        sys.exit(f"a repeated submission did not replay the first answer: {again.text[:300]}")
    step(f"submitted (and once more with the same Idempotency-Key: the same answer): "
         f"code {submitted['code']}, fee due {submitted['fee_due']} VND")

    actions = f"/v1/officer/dossiers/{dossier['id']}/actions"
    expect(http.post(actions, json={"action": "receive"}, headers=officer), 200)
    expect(http.post(actions, json={
        "action": "request_supplement", "missing_slots": [SLOT],
        "note": "Văn bản ủy quyền bị mờ, đề nghị gửi lại"}, headers=officer), 200)
    asked = expect(http.get(path, headers=citizen), 200)
    if asked["status_code"] != 5 or asked["expected_action"]["action"] != "supplement":
        sys.exit(f"the citizen is not asked to supplement: {asked}")
    step(f"officer received it and asked for {SLOT} again (status {asked['status_code']}: "
         f"{asked['status']})")

    expect(http.post(f"{path}/attachments", headers=citizen, data={"slot": SLOT},
                     files={"file": ("uy-quyen-ro.pdf", pdf("a readable letter"),
                                     "application/pdf")}), 201)
    answered = expect(http.post(f"{path}/supplement", json={"note": "Đã gửi lại bản rõ"},
                                headers=citizen), 200)
    step(f"citizen uploaded a new letter and answered: {answered['state']}, "
         f"due {answered['due_at']}")

    expect(http.post(actions, json={"action": "request_payment"}, headers=officer), 200)
    pay_by_card(http, citizen, path)

    wait_for(http, path, citizen, lambda d: d["state"] == "processing", "processing")
    issued = pdf(f"result of {submitted['code']}")
    expect(http.post(actions, headers=officer, data={"action": "finish", "note": "Đã cấp"},
                     files={"file": ("ket-qua.pdf", issued, "application/pdf")}), 200)
    ready = expect(http.get(path, headers=citizen), 200)
    result = ready["results"][0]
    if result["code"] != f"{submitted['code']}-KQ1" or ready["status_code"] != 9:
        sys.exit(f"no electronic result KQ1 at status 9: {ready}")
    download = http.get(f"{path}/results/1", headers=citizen)
    # Stamped and signed as incremental updates: the officer's bytes come first, unchanged.
    if (download.status_code != 200 or not download.content.startswith(issued)
            or hashlib.sha256(download.content).hexdigest() != result["sha256"]):
        sys.exit(f"the downloaded result is not the one issued: {download.status_code} "
                 f"{download.text[:300]}")
    step(f"officer finished with an electronic result; downloaded {result['code']} "
         f"({len(download.content)} bytes, signed, SHA-256 as issued)")
    check_signature(http, download.content, result["code"])

    handed = expect(http.post(actions, json={"action": "hand_over"}, headers=officer), 200)
    step(f"result handed over: status {handed['status_code']}")
    timeline(http, citizen, path)
    reuse_from_store(http, citizen, result)


def check_signature(http: httpx.Client, signed: bytes, code: str) -> None:
    """The agency's signature, checked by the service and, where Poppler is installed, by
    pdfsig independently."""
    verdict = expect(http.post("/v1/results/verify", content=signed,
                               headers={"Content-Type": "application/pdf"}), 200)
    if not verdict["valid"] or verdict["result_code"] != code:
        sys.exit(f"the result does not verify: {verdict}")
    step(f"/v1/results/verify: issued by {verdict['agency']['name_vi']} for dossier "
         f"{verdict['dossier_code']}, signature intact")
    tool = shutil.which("pdfsig")
    if tool is None:
        step("pdfsig not installed (Debian: poppler-utils): independent check skipped")
        return
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(signed)
        file.flush()
        report = subprocess.run([tool, file.name], capture_output=True, text=True).stdout
    if "Signature is Valid" not in report:
        sys.exit(f"pdfsig does not find the signature valid:\n{report}")
    step("pdfsig: Signature is Valid, total document signed")


def reuse_from_store(http: httpx.Client, citizen: dict, result: dict) -> None:
    """The result sits in the citizen's document store; a later dossier takes it from there
    with one reference instead of an upload, keeping its SHA-256."""
    documents = expect(http.get("/v1/me/documents", headers=citizen), 200)["items"]
    kept = next((d for d in documents if d["code"] == result["code"]), None)
    if kept is None or kept["sha256"] != result["sha256"] or not kept["valid"]:
        sys.exit(f"the result is not in the citizen's document store: {documents}")
    step(f"in the citizen's document store: {kept['code']} issued by {kept['issuer_name']}")
    later = expect(http.post("/v1/dossiers", json={"service_code": REUSING_SERVICE},
                             headers=citizen), 201)
    filled = sorted(later["form_data"])
    step(f"second dossier ({REUSING_SERVICE}) pre-filled from the identity: {', '.join(filled)}")
    attached = expect(http.post(f"/v1/dossiers/{later['id']}/attachments/from-store",
                                json={"slot": REUSING_SLOT, "document_id": kept["id"]},
                                headers=citizen), 201)
    if attached["sha256"] != result["sha256"]:
        sys.exit(f"the reused document changed its hash: {attached}")
    step(f"second dossier reuses {kept['code']} in {REUSING_SLOT} (same SHA-256, no upload)")


def pay_by_card(http: httpx.Client, citizen: dict, path: str) -> None:
    payment = expect(http.post(f"{path}/payments", json={"method": "card"},
                               headers=citizen), 200, 201)
    wait_for(http, f"/v1/payments/{payment['id']}", citizen,
             lambda p: p["state"] == "succeeded", "the card payment")
    receipt = expect(http.get(f"/v1/payments/{payment['id']}/receipt", headers=citizen), 200)
    step(f"paid by card (sandbox platform callback); receipt {receipt['number']}")


def timeline(http: httpx.Client, citizen: dict, path: str) -> None:
    history = expect(http.get(f"{path}/history", headers=citizen), 200)
    step("timeline: " + " → ".join(event["event"] for event in history["items"]))


JOURNEYS = {"postal": postal_journey, "electronic": electronic_journey}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--journey", choices=[*JOURNEYS, "both"], default="both")
    args = parser.parse_args()
    with httpx.Client(base_url=args.base, timeout=30) as http:
        citizen = sign_in(http, "citizen-an")
        officer = sign_in(http, "officer-dung")
        step("signed in as a demo citizen and a demo officer (development SSO, code + PKCE)")
        for name, journey in JOURNEYS.items():
            if args.journey in (name, "both"):
                print(f"{name} journey", flush=True)
                journey(http, citizen, officer)
                print(f"{name} journey complete", flush=True)
    print("journey complete")


if __name__ == "__main__":
    main()
