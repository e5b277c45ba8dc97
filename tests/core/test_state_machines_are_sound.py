"""Structural: every state machine (core/states.py) keeps the same promises. Each state is
reachable from where an aggregate starts; an ended aggregate stays ended and one not ended can
still move; no two edges answer one (action, state); every edge's event reaches a job subscribed
to it, so a move other domains must hear of is not published into the void."""

from __future__ import annotations

import pytest

from app.domains import all_job_specs
from core.states import Edge, Machine
from dossiers.states import DOSSIER, DossierState
from feedback.states import FEEDBACK
from payments.extras import NO_LONGER_DUE
from payments.refund_states import REFUND
from payments.states import PAYMENT
from postal.charges import POSTAGE_ON_DELIVERY
from postal.states import DELIVERY

MACHINES = [DOSSIER, PAYMENT, REFUND, DELIVERY, FEEDBACK]

# Published for the audit trail and future consumers; no job needs them yet (README, feedback).
HEARD_BY_NONE = {"feedback.answering", "feedback.closed"}


def heard(topic: str) -> bool:
    return any(spec.subscribes_to(topic) for spec in all_job_specs())


@pytest.fixture(params=MACHINES, ids=lambda machine: machine.name)
def machine(request) -> Machine:
    return request.param


def test_every_state_is_reachable_from_the_initial_ones(machine):
    seen, todo = set(machine.initial), list(machine.initial)
    while todo:
        for edge in machine.leaving(todo.pop()):
            if edge.target not in seen:
                seen.add(edge.target)
                todo.append(edge.target)
    assert seen == set(machine.states)


def test_terminal_states_are_final_and_the_others_are_not(machine):
    assert [edge.action for edge in machine.edges if machine.terminal & set(edge.sources)] == []
    assert [state for state in machine.states
            if state not in machine.terminal and not machine.leaving(state)] == []


def test_no_two_edges_answer_one_action_and_state(machine):
    pairs = [(edge.action, source) for edge in machine.edges for source in edge.sources]
    assert len(pairs) == len(set(pairs))
    assert all(set(edge.sources) | {edge.target} <= set(machine.states) for edge in machine.edges)


def test_every_edge_event_is_heard_by_a_job(machine):
    assert [edge.event for edge in machine.edges
            if not heard(edge.event) and edge.event not in HEARD_BY_NONE] == []


def test_the_events_heard_by_none_still_are():
    events = {event for machine in MACHINES for event in machine.events}
    assert HEARD_BY_NONE <= events
    assert [event for event in HEARD_BY_NONE if heard(event)] == []


def test_a_table_with_two_edges_for_one_action_and_state_is_refused():
    s = DossierState
    with pytest.raises(ValueError, match="two edges"):
        Machine("twice", DossierState, (s.DRAFT,), frozenset(), (
            Edge("submit", (s.DRAFT,), s.SUBMITTED, "dossier.submitted"),
            Edge("submit", (s.DRAFT,), s.RECEIVED, "dossier.received"),
        ))


def test_an_edge_for_another_actor_is_not_allowed():
    assert DOSSIER.edge("withdraw", "processing", "citizen").target == "withdrawn"
    assert DOSSIER.edge("withdraw", "processing", "officer") is None
    assert DOSSIER.allowed_actions("received", "citizen") == ["withdraw"]


def test_payments_hears_every_event_that_says_postage_is_no_longer_owed():
    # Payments and postal never import each other; the topics are their only contract.
    said_by_postal = {DELIVERY.of_action("cancel").event, DELIVERY.of_action("returned").event,
                      POSTAGE_ON_DELIVERY}
    assert set(NO_LONGER_DUE) == said_by_postal
