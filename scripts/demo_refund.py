"""Walk the demo citizen through fees and a refund against a running motcua (`./dev serve`),
over HTTP only, signing in through the development identity provider.

1. The online saving: permanent residence (DN.CT.001) costs 20,000 at the counter and 10,000
   online (Circular 75/2022); the demo citizen's level-2 VNeID account waives it online for now
   (Circular 117/2026) — the quote for their draft shows the counter price beside it.
2. A refund to its end: a civil-status extract (HN.HT.004, 8,000 a copy) paid through the
   national payment platform (the sandbox stands in and pays itself), stopped by the officer;
   the citizen sees the refund ordered, gives an account; the ward's accountant reads it, sends
   the transfer with the bank's reference and reconciles it; the citizen sees it refunded, on
   the receipt too, and downloads the receipt as a PDF.

    uv run python scripts/demo_refund.py [--base http://127.0.0.1:8000]
"""

from __future__ import annotations

import argparse
import sys

import httpx

try:  # run as a file (python scripts/demo_refund.py) or as a module
    from demo_journey import expect, sign_in, step, wait_for
except ImportError:
    from scripts.demo_journey import expect, sign_in, step, wait_for

RESIDENCE_FORM = {"ho_ten": "Nguyễn Văn An", "so_dinh_danh": "001090012345",
                  "dia_chi_thuong_tru": "12 Hàng Bài, phường Hoàn Kiếm, Hà Nội",
                  "quan_he_chu_ho": "Con"}
EXTRACT_FORM = {"loai_trich_luc": "Khai sinh", "ho_ten": "Nguyễn Văn An", "so_ban": 2}


def online_saving(http: httpx.Client, citizen: dict) -> None:
    public = expect(http.get("/v1/services/DN.CT.001/fee-quote"), 200)
    step(f"permanent residence, anyone: online {public['comparison']['online_total']} VND, "
         f"at the counter {public['comparison']['counter_total']} VND "
         f"(saving {public['comparison']['online_saving']})")
    draft = expect(http.post("/v1/dossiers", json={"service_code": "DN.CT.001"},
                             headers=citizen), 201)
    expect(http.patch(f"/v1/dossiers/{draft['id']}", json={"form_data": RESIDENCE_FORM},
                      headers=citizen), 200)
    mine = expect(http.get(f"/v1/dossiers/{draft['id']}/fee-quote", headers=citizen), 200)
    line = mine["lines"][0]
    step(f"my draft (VNeID level {mine['assurance_level']}): {mine['total']} VND online, "
         f"{line['counter_amount']} at the counter — {line['reason_en']}")
    if mine["comparison"]["online_saving"] <= 0:
        sys.exit("no online saving shown")


def refund_to_the_end(http: httpx.Client, citizen: dict, officer: dict,
                      accountant: dict) -> None:
    draft = expect(http.post("/v1/dossiers", json={"service_code": "HN.HT.004"},
                             headers=citizen), 201)
    path = f"/v1/dossiers/{draft['id']}"
    expect(http.patch(path, json={"form_data": EXTRACT_FORM}, headers=citizen), 200)
    submitted = expect(http.post(f"{path}/submit", json={}, headers=citizen), 200)
    step(f"submitted {submitted['code']}: fee {submitted['fee_due']} VND "
         f"({submitted['fee_quote']['lines'][0]['reason_en']})")
    actions = f"/v1/officer/dossiers/{draft['id']}/actions"
    expect(http.post(actions, json={"action": "receive"}, headers=officer), 200)
    expect(http.post(actions, json={"action": "request_payment"}, headers=officer), 200)
    payment = expect(http.post(f"{path}/payments", json={"method": "national"},
                               headers=citizen), 201)
    wait_for(http, f"/v1/payments/{payment['id']}", citizen,
             lambda p: p["state"] == "succeeded", "the payment")
    step(f"paid {payment['amount']} VND through the national platform (sandbox)")
    expect(http.post(actions, json={"action": "stop", "reason": "Dừng xử lý để kiểm tra"},
                     headers=officer), 200)
    orders = wait_for(http, f"{path}/refunds", citizen, lambda r: bool(r["items"]),
                      "the refund order")["items"]
    order = orders[0]
    step(f"officer stopped it; I see: {order['status_text']} ({order['route_text']})")

    expect(http.put(f"/v1/refunds/{order['id']}/account", headers=citizen, json={
        "bank_bin": "970436", "account_number": "0011004567890",
        "account_name": "Nguyen Van An"}), 200)
    queue = expect(http.get("/v1/accountant/refunds/", headers=accountant), 200)["items"]
    if order["id"] not in [item["id"] for item in queue]:
        sys.exit(f"the accountant does not see the order: {queue}")
    expect(http.get(f"/v1/accountant/refunds/{order['id']}/account", headers=accountant), 200)
    expect(http.post(f"/v1/accountant/refunds/{order['id']}/actions", headers=accountant,
                     json={"action": "send", "bank_reference": "FT26341000123"}), 200)
    sent = expect(http.get(f"{path}/refunds", headers=citizen), 200)["items"][0]
    step(f"accountant sent it; I see: {sent['status_text']} (ref {sent['bank_reference']})")
    expect(http.post(f"/v1/accountant/refunds/{order['id']}/actions", headers=accountant,
                     json={"action": "confirm"}), 200)
    done = expect(http.get(f"{path}/refunds", headers=citizen), 200)["items"][0]
    receipt = expect(http.get(f"/v1/payments/{payment['id']}/receipt", headers=citizen), 200)
    pdf = http.get(f"/v1/payments/{payment['id']}/receipt/pdf", headers=citizen)
    if done["status"] != "refunded" or receipt["refunds"][0]["status"] != "refunded" \
            or pdf.status_code != 200:
        sys.exit(f"the refund did not reach its end: {done} {receipt}")
    step(f"reconciled; I see: {done['status_text']}; receipt {receipt['number']} shows it "
         f"({len(pdf.content)}-byte PDF)")
    print("refund journey complete", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    args = parser.parse_args()
    with httpx.Client(base_url=args.base, timeout=30) as http:
        citizen = sign_in(http, "citizen-an")
        online_saving(http, citizen)
        refund_to_the_end(http, citizen, sign_in(http, "officer-dung"),
                          sign_in(http, "accountant-lan"))


if __name__ == "__main__":
    main()
