"""The payment state table: no way back from paid; closed attempts reopen only through an
officer accepting the money (reachability and finality:
tests/core/test_state_machines_are_sound.py)."""

from payments.states import OPEN, PAYMENT


def leaving(state: str) -> set[str]:
    return {edge.action for edge in PAYMENT.leaving(state)}


def test_a_succeeded_payment_only_moves_to_refunded():
    assert {edge.target for edge in PAYMENT.leaving("succeeded")} == {"refunded"}
    assert PAYMENT.terminal == {"refunded"}


def test_closed_attempts_reopen_only_through_an_officer_accepting_the_money():
    for closed in ("failed", "expired", "cancelled"):
        assert leaving(closed) == {"accept"}, closed
    assert [edge.action for edge in PAYMENT.edges
            if edge.target in OPEN and edge.action != "start"] == []


def test_every_edge_names_a_payment_event():
    assert all(edge.event.startswith("payment.") for edge in PAYMENT.edges)
