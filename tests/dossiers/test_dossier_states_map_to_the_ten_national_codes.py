"""Structural checks of the dossier state machine beyond those every machine keeps
(tests/core/test_state_machines_are_sound.py): its national status codes and its own rules."""

from dossiers.states import DOSSIER, NATIONAL_STATUS, STATES, TERMINAL


def test_every_edge_names_a_dossier_event():
    assert all(edge.event.startswith("dossier.") for edge in DOSSIER.edges)


def test_national_codes_are_the_ten_statuses():
    assert set(NATIONAL_STATUS) == set(STATES)
    codes = sorted(code for code in NATIONAL_STATUS.values() if code is not None)
    assert codes == list(range(1, 11))


def test_terminal_states_are_the_four_endings():
    assert TERMINAL == DOSSIER.terminal == {"refused", "withdrawn", "stopped", "result_returned"}


def test_a_result_cannot_be_withdrawn():
    assert DOSSIER.edge("withdraw", "result_ready", "citizen") is None
    assert DOSSIER.edge("withdraw", "processing", "citizen") is not None
