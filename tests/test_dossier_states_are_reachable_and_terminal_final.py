"""Structural checks of the dossier state machine."""

from collections import deque

from dossiers.states import NATIONAL_STATUS, STATES, TERMINAL, TRANSITIONS, find


def test_every_state_is_reachable_from_draft():
    seen, queue = {"draft"}, deque(["draft"])
    while queue:
        state = queue.popleft()
        for edge in TRANSITIONS:
            if edge.source == state and edge.target not in seen:
                seen.add(edge.target)
                queue.append(edge.target)
    assert seen == set(STATES)


def test_terminal_states_are_final_and_others_are_not():
    sources = {edge.source for edge in TRANSITIONS}
    assert not TERMINAL & sources
    assert set(STATES) - TERMINAL <= sources


def test_every_edge_uses_known_states_and_names_its_event():
    for edge in TRANSITIONS:
        assert edge.source in STATES and edge.target in STATES
        assert edge.event.startswith("dossier.")


def test_national_codes_are_the_ten_statuses():
    codes = sorted(code for code in NATIONAL_STATUS.values() if code is not None)
    assert codes == list(range(1, 11))


def test_edges_are_unambiguous():
    keys = [(edge.action, edge.source, edge.actor) for edge in TRANSITIONS]
    assert len(keys) == len(set(keys))


def test_a_result_cannot_be_withdrawn():
    assert find("withdraw", "result_ready", "citizen") is None
    assert find("withdraw", "processing", "citizen") is not None
