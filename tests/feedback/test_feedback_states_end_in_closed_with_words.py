"""Structural: the feedback state table (feedback/states.py) ends only in `closed`, names
feedback events and has words for each state in both languages (reachability, finality and
unambiguous edges: tests/core/test_state_machines_are_sound.py)."""

from feedback.states import FEEDBACK, STATE_WORDS, STATES, TERMINAL


def test_closed_is_the_only_end_and_edges_name_feedback_events():
    assert TERMINAL == FEEDBACK.terminal == {"closed"}
    assert all(edge.event.startswith("feedback.") for edge in FEEDBACK.edges)


def test_every_state_has_words_in_both_languages():
    assert set(STATE_WORDS) == set(STATES)
    assert all(set(words) == {"vi", "en"} for words in STATE_WORDS.values())
