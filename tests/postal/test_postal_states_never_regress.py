"""The booking state table: no edge leads back to an earlier stage of the delivery, so late news
finds no edge (reachability and finality: tests/core/test_state_machines_are_sound.py)."""

from postal.states import DELIVERY, RANK, STATES


def test_edges_only_move_forward():
    assert set(RANK) == set(STATES)
    for edge in DELIVERY.edges:
        assert all(RANK[edge.target] >= RANK[source] for source in edge.sources), edge.action
        assert edge.event.startswith("delivery."), edge.action


def test_late_news_finds_no_edge():
    assert DELIVERY.edge("in_transit", "delivered") is None
    assert DELIVERY.edge("picked_up", "in_transit") is None
    assert DELIVERY.edge("accepted", "picked_up") is None
    assert DELIVERY.edge("in_transit", "attempt_failed").target == "in_transit"  # the next attempt
