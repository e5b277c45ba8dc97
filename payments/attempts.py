"""Reading attempts: who may see one, what a provider is shown, what the app is answered."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypedDict, cast

from auth.principal import Principal
from dossiers.rows import DossierRow
from models.catalogue import Agency
from models.dossiers import Dossier
from models.payments import PaymentAttempt
from payments.problems import PaymentNotFound
from payments.provider import AttemptView
from payments.references import purpose_of


class AttemptRow(TypedDict):
    """A whole payment_attempt row as a select returns it (JSONB columns as their text)."""

    id: uuid.UUID
    dossier: uuid.UUID
    method: str
    provider: str
    amount: int
    purpose: str
    lines: str
    reference: str
    state: str
    version: int
    provider_ref: str | None
    checkout: str
    created_at: datetime
    expires_at: datetime | None
    settled_at: datetime | None
    failure_reason: str


def attempt_row(row: dict[str, Any]) -> AttemptRow:
    """`row`, selected with every column of PaymentAttempt, typed as such."""
    return cast(AttemptRow, row)


def loaded(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def parse_id(payment_id: str | uuid.UUID) -> uuid.UUID:
    try:
        return payment_id if isinstance(payment_id, uuid.UUID) else uuid.UUID(str(payment_id))
    except ValueError as exc:
        raise PaymentNotFound() from exc


async def by_id(payment_id: str | uuid.UUID) -> AttemptRow | None:
    row = await PaymentAttempt.select().where(PaymentAttempt.id == parse_id(payment_id)).first()
    return None if row is None else attempt_row(row)


async def own_attempt(principal: Principal, payment_id: str | uuid.UUID) -> AttemptRow:
    """The attempt if `principal` applied for its dossier; anyone else gets 404."""
    row = await PaymentAttempt.select(
        *PaymentAttempt.all_columns()
    ).where(
        (PaymentAttempt.id == parse_id(payment_id))
        & (PaymentAttempt.dossier.applicant == principal.person_id)
    ).first()
    if row is None:
        raise PaymentNotFound()
    return attempt_row(row)


async def open_attempt(dossier_id: uuid.UUID) -> AttemptRow | None:
    row = await PaymentAttempt.select().where(
        (PaymentAttempt.dossier == dossier_id) & PaymentAttempt.state.is_in(["created", "pending"])
    ).first()
    return None if row is None else attempt_row(row)


async def paid_attempt(dossier_id: uuid.UUID) -> AttemptRow | None:
    """The payment that paid the fee (a postage-only payment does not)."""
    row = await PaymentAttempt.select().where(
        (PaymentAttempt.dossier == dossier_id)
        & PaymentAttempt.state.is_in(["succeeded", "refunded"])
        & PaymentAttempt.purpose.like("fee%")
    ).first()
    return None if row is None else attempt_row(row)


async def beneficiary(agency_id: int) -> dict[str, str]:
    row = await Agency.select(Agency.bank_bin, Agency.account_number, Agency.account_name,
                              Agency.unit_code).where(Agency.id == agency_id).first()
    assert row is not None  # a dossier's agency: a foreign key
    return {"bank_bin": row["bank_bin"], "account_number": row["account_number"],
            "account_name": row["account_name"], "unit_code": row["unit_code"]}


async def view_of(attempt: AttemptRow, dossier: DossierRow | None = None,
                  return_url: str = "") -> AttemptView:
    """What the provider may know of an attempt (no personal data)."""
    if dossier is None:
        read = await Dossier.select(Dossier.code, Dossier.agency).where(
            Dossier.id == attempt["dossier"]).first()
        assert read is not None  # the attempt's dossier: a foreign key
        code, agency = read["code"], read["agency"]
    else:
        code, agency = dossier["code"], dossier["agency"]
    return AttemptView(
        id=str(attempt["id"]), dossier_code=code or "", amount=attempt["amount"],
        reference=attempt["reference"], method=attempt["method"],
        expires_at=attempt["expires_at"], provider_ref=attempt["provider_ref"],
        beneficiary=await beneficiary(agency), purpose=purpose_of(attempt["reference"]),
        return_url=return_url,
    )


def includes_fee(attempt: Mapping[str, Any]) -> bool:  # a whole row, or its purpose alone
    return attempt["purpose"].startswith("fee")


def shown_lines(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Lines as the citizen reads them (an extra charge's internal key left out)."""
    return [{k: v for k, v in line.items() if k != "ref"} for line in lines]


def answer(attempt: AttemptRow) -> dict[str, Any]:
    """The attempt as the app sees it."""
    checkout = loaded(attempt["checkout"]) or {}
    base = f"/v1/payments/{attempt['id']}"
    links = {"self": base, "receipt": f"{base}/receipt"}
    if checkout.get("qr_payload"):  # an EMVCo string: the image is served by GET …/qr
        links["qr"] = f"{base}/qr"
    return {
        "id": str(attempt["id"]), "dossier_id": str(attempt["dossier"]),
        "state": attempt["state"], "method": attempt["method"], "amount": attempt["amount"],
        "purpose": attempt["purpose"], "lines": shown_lines(loaded(attempt["lines"]) or []),
        "currency": "VND", "reference": attempt["reference"],
        "expires_at": attempt["expires_at"].isoformat() if attempt["expires_at"] else None,
        "settled_at": attempt["settled_at"].isoformat() if attempt["settled_at"] else None,
        "checkout": checkout if attempt["state"] in ("created", "pending") else {},
        "links": links, "version": attempt["version"],
    }
