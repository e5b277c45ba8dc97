"""Request bodies of the dossier paths (citizen and officer)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

import msgspec

Delivery = Literal["electronic", "postal", "in_person"]
ActionName = Literal["receive", "refuse", "request_supplement", "request_payment", "process",
                     "finish", "stop", "hand_over", "mark_paid"]
Text = Annotated[str, msgspec.Meta(max_length=2000)]


class NewDossier(msgspec.Struct, forbid_unknown_fields=True):
    service_code: Annotated[str, msgspec.Meta(min_length=1, max_length=32)]


Category = Annotated[str, msgspec.Meta(max_length=32)]


class DraftPatch(msgspec.Struct, forbid_unknown_fields=True):
    """`form_data` is a JSON Merge Patch (RFC 7396) of the form: null removes a field.
    `applicant_category`: a category of the service's fees (its proof document goes in the
    category's slot); "" for none."""

    form_data: dict[str, Any] = {}
    applicant_category: Category | None = None


class SubmitRequest(msgspec.Struct, forbid_unknown_fields=True):
    """How the result should come back; default: the first the service offers
    (electronic, postal, in_person). `channel`: the client the citizen submits from — `app`
    (the mobile app, the default) or `portal` (the web portal); recorded on the dossier for the
    online-services indicator."""

    result_delivery: Delivery | None = None
    channel: Literal["app", "portal"] = "app"
    # Overrides the draft's category; its proof slot must hold a document.
    applicant_category: Category | None = None


class WithdrawRequest(msgspec.Struct, forbid_unknown_fields=True):
    reason: Text = ""


class SupplementAnswer(msgspec.Struct, forbid_unknown_fields=True):
    note: Text = ""


class ResultSpec(msgspec.Struct, forbid_unknown_fields=True):
    """`electronic`: send the action as multipart/form-data with the file in the `file` part;
    `paper`: a paper result for postal or in-person return."""

    kind: Literal["electronic", "paper"]


class ActionRequest(msgspec.Struct, forbid_unknown_fields=True):
    action: ActionName
    reason: Text = ""
    note: Text = ""
    missing_slots: list[Annotated[str, msgspec.Meta(max_length=64)]] = []
    payment_channel: Literal["online", "counter"] | None = None
    result: ResultSpec | None = None
    new_due_date: date | None = None
    # receive: the applicant category as the officer found it ("" for none); the fee is
    # quoted again and the difference charged or refunded.
    applicant_category: Category | None = None


class ApplicantIdentity(msgspec.Struct, forbid_unknown_fields=True):
    """The citizen as their ID card shows them. `id_number`: the 12-digit số định danh cá
    nhân, checked for shape; never echoed back in full."""

    id_number: Annotated[str, msgspec.Meta(min_length=1, max_length=32)]
    full_name: Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
    phone: Annotated[str, msgspec.Meta(max_length=20)] = ""
    email: Annotated[str, msgspec.Meta(max_length=255)] = ""


class CounterDossierRequest(msgspec.Struct, forbid_unknown_fields=True):
    """A dossier brought to the one-stop desk (`counter`) or received by public post (`post`),
    registered by an officer of the competent agency: the form as on the paper, complete."""

    service_code: Annotated[str, msgspec.Meta(min_length=1, max_length=32)]
    channel: Literal["counter", "post"]
    applicant: ApplicantIdentity
    form_data: dict[str, Any] = {}
    result_delivery: Delivery | None = None
    note: Text = ""
