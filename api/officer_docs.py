"""The request bodies of an officer's actions, with examples, for the OpenAPI document."""

from __future__ import annotations

from dossiers.results import RESULT_TYPES

ACTION_HELP = (
    "JSON body `{action, reason, note, missing_slots, payment_channel, result, new_due_date}`. "
    "`refuse` and `stop` need a `reason`; `request_supplement` names `missing_slots`; a `finish` "
    "after the due date needs `new_due_date` (an apology letter is issued). To finish with an "
    "electronic result, POST the file to /v1/officer/dossiers/{dossier_id}/result (this path "
    "also takes that multipart form with `action=finish`)."
)
RESULT_HELP = (
    "multipart/form-data: optional `note` and `new_due_date`, then the `file` part (PDF, JPEG or "
    "PNG; the bytes decide). Issues electronic result KQ<n>, digitally signed, into the "
    "citizen's document store; the dossier moves to status 9."
)


def _example(action: str, **fields) -> dict:
    return {"summary": action, "value": {"action": action, **fields}}


ACTION_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {"$ref": "#/components/schemas/ActionRequest"},
            "examples": {
                "receive": _example("receive"),
                "refuse": _example("refuse", reason="Hồ sơ không thuộc thẩm quyền"),
                "request_supplement": _example(
                    "request_supplement", missing_slots=["cccd"],
                    note="Ảnh CCCD bị mờ, đề nghị tải lại"),
                "request_payment": _example("request_payment", payment_channel="online"),
                "process": _example("process"),
                "finish_paper": _example("finish", result={"kind": "paper"}),
                "finish_late": _example("finish", result={"kind": "paper"},
                                        new_due_date="2026-12-20"),
                "stop": _example("stop", reason="Công dân không bổ sung đúng hạn"),
                "hand_over": _example("hand_over"),
                "mark_paid": _example("mark_paid", note="Đã nộp tại quầy"),
            },
        },
    },
}
# One media type per operation: generators (openapi-python-client among them) mishandle
# operations whose body may be JSON or multipart, so the electronic finish has its own path.
RESULT_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object", "required": ["file"],
                "properties": {
                    "note": {"type": "string", "maxLength": 2000},
                    "new_due_date": {"type": "string", "format": "date"},
                    "file": {"type": "string", "format": "binary",
                             "description": "The signed electronic result"},
                },
            },
            "encoding": {"file": {"contentType": ", ".join(RESULT_TYPES)}},
        },
    },
}
