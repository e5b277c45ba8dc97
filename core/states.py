"""One shape for every state machine: a table of edges over a StrEnum of states.

An edge names the action that takes it, the states it may leave, the state it leads to, the
event it emits into the outbox and — where the aggregate tells them apart — who may take it.
The tables are data (dossiers/states.py, payments/states.py, payments/refund_states.py,
postal/states.py, feedback/states.py); each domain applies an edge as a guarded update
(`… WHERE state = :from`, or `state IN (:sources)`), so of two concurrent actors one wins.
tests/core/test_state_machines_are_sound.py checks every table the same way.

States are StrEnums: a member equals (and hashes as) its string, so the stored columns keep the
same values and rows read back as plain strings compare equal to the members."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, Literal, TypeVar

S = TypeVar("S", bound=StrEnum)


# Who takes an edge, where a machine asks (the dossier and feedback machines).
ActorKind = Literal["citizen", "officer", "system"]


@dataclass(frozen=True)
class Edge(Generic[S]):
    action: str  # what is asked for (an API action, a partner's event, a job's decision)
    sources: tuple[S, ...]
    target: S
    event: str  # the outbox topic announcing the move
    actors: tuple[str, ...] = ()  # who may take it; empty where the machine does not ask

    def allows(self, actor: str | None) -> bool:
        return not self.actors or actor in self.actors


class NoSuchAction(LookupError):
    """An action the table does not have: a mistake in the code, never the user's."""


@dataclass(frozen=True)
class Machine(Generic[S]):
    name: str
    states: type[S]
    initial: tuple[S, ...]  # where an aggregate starts
    terminal: frozenset[S]  # where it ends: no edge leaves these
    edges: tuple[Edge[S], ...]
    _by_source: dict[tuple[str, str], Edge[S]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Two edges for one (action, source) would make the move depend on their order.
        index: dict[tuple[str, str], Edge[S]] = {}
        for edge in self.edges:
            for source in edge.sources:
                if (edge.action, source) in index:
                    raise ValueError(f"{self.name}: two edges for {edge.action!r} from {source!r}")
                index[(edge.action, source)] = edge
        object.__setattr__(self, "_by_source", index)

    def edge(self, action: str, state: str, actor: str | None = None) -> Edge[S] | None:
        """The edge `action` takes from `state` for `actor`; None when it is not allowed."""
        found = self._by_source.get((action, state))
        return found if found is not None and found.allows(actor) else None

    def of_action(self, action: str) -> Edge[S]:
        """The one edge of `action`, for a guarded update over all its sources at once."""
        found = [edge for edge in self.edges if edge.action == action]
        if len(found) != 1:
            raise NoSuchAction(f"{self.name}: {len(found)} edges for action {action!r}")
        return found[0]

    def allowed_actions(self, state: str, actor: str | None = None) -> list[str]:
        return sorted({edge.action for edge in self.edges
                       if state in edge.sources and edge.allows(actor)})

    def leaving(self, state: str) -> list[Edge[S]]:
        return [edge for edge in self.edges if state in edge.sources]

    @property
    def actions(self) -> frozenset[str]:
        return frozenset(edge.action for edge in self.edges)

    @property
    def events(self) -> frozenset[str]:
        return frozenset(edge.event for edge in self.edges)
