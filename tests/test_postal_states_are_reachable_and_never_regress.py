"""The booking state table: every state reachable from `requested`, terminal states final, and
no edge leads back to an earlier stage of the delivery."""

from postal.states import EDGES, RANK, STATES, TERMINAL, edge_for


def test_every_state_is_reachable_from_requested():
    reached, frontier = {"requested"}, ["requested"]
    while frontier:
        state = frontier.pop()
        for edge in EDGES.values():
            if state in edge.sources and edge.target not in reached:
                reached.add(edge.target)
                frontier.append(edge.target)
    assert reached == set(STATES)


def test_terminal_states_are_final_and_edges_only_move_forward():
    assert set(RANK) == set(STATES)
    for event, edge in EDGES.items():
        assert not TERMINAL & set(edge.sources), event
        assert all(RANK[edge.target] >= RANK[source] for source in edge.sources), event
        assert edge.topic.startswith("delivery."), event


def test_late_news_finds_no_edge():
    assert edge_for("in_transit", "delivered") is None
    assert edge_for("picked_up", "in_transit") is None
    assert edge_for("accepted", "picked_up") is None
    assert edge_for("in_transit", "attempt_failed").target == "in_transit"  # the next attempt
