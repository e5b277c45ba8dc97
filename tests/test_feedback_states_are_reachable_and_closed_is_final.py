"""Structural: the feedback state table (feedback/states.py) reaches every state from
`received`, leaves `closed` never, has one edge per (action, state, actor) and words for each
state in both languages."""

from feedback.states import STATE_WORDS, STATES, TERMINAL, TRANSITIONS


def test_every_state_is_reachable_from_received():
    reached, frontier = {"received"}, ["received"]
    while frontier:
        state = frontier.pop()
        for edge in TRANSITIONS:
            if edge.source == state and edge.target not in reached:
                reached.add(edge.target)
                frontier.append(edge.target)
    assert reached == STATES


def test_closed_is_final_and_edges_are_unambiguous():
    assert not [edge for edge in TRANSITIONS if edge.source in TERMINAL]
    keys = [(edge.action, edge.source, edge.actor) for edge in TRANSITIONS]
    assert len(keys) == len(set(keys))
    assert all(edge.source in STATES and edge.target in STATES for edge in TRANSITIONS)
    assert all(edge.event.startswith("feedback.") for edge in TRANSITIONS)


def test_every_state_has_words_in_both_languages():
    assert all(set(words) == {"vi", "en"} for words in STATE_WORDS.values())
