"""The payment state table: every state reachable, closed states closed, no way back from paid."""

from payments.states import EDGES, OPEN, STATES


def reachable_from(start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        state = todo.pop()
        for sources, target in EDGES.values():
            if state in sources and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_every_state_is_reachable_from_created():
    assert reachable_from("created") == set(STATES)


def test_a_succeeded_payment_only_moves_to_refunded():
    assert {target for sources, target in EDGES.values() if "succeeded" in sources} == {"refunded"}
    assert not [action for action, (sources, _) in EDGES.items() if "refunded" in sources]


def test_closed_attempts_reopen_only_through_an_officer_accepting_the_money():
    for closed in ("failed", "expired", "cancelled"):
        leaving = {action for action, (sources, _) in EDGES.items() if closed in sources}
        assert leaving == {"accept"}, closed
    assert not [a for a, (sources, target) in EDGES.items() if target in OPEN and a != "start"]
