"""The shape of a diagram as drawn: what the start reaches, what reaches an end, joins that can never complete."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from engine.workflow.elements import CONTAINERS, Diagram, Element, Flow

SPLITTING_ONE_WAY = frozenset({"exclusiveGateway", "eventBasedGateway"})


def process_elements(diagram: Diagram, process_id: str) -> list[Element]:
    """The elements of one process, its subprocesses included, in document order."""
    return [e for e in diagram.elements.values() if e.process == process_id]


def successors(diagram: Diagram) -> dict[str, set[str]]:
    """Where a token can go next: along flows, into a subprocess's start, out to a boundary event."""
    following: dict[str, set[str]] = defaultdict(set)
    for flow in diagram.flows:
        following[flow.source].add(flow.target)
    for element in diagram.elements.values():
        if element.attached_to:
            following[element.attached_to].add(element.id)
        if element.parent in diagram.elements and _starts_inside(element, diagram):
            following[element.parent].add(element.id)
    return following


def _starts_inside(element: Element, diagram: Diagram) -> bool:
    """A start event of a subprocess, or an event subprocess (no incoming flow, no boundary) inside one."""
    if element.tag == "startEvent":
        return True
    return element.tag in CONTAINERS and not diagram.incoming(element.id) and not element.attached_to


def unreachable(diagram: Diagram, process_id: str) -> list[Element]:
    """Elements no path from the process's start events reaches."""
    elements = process_elements(diagram, process_id)
    starts = [e.id for e in elements if e.parent == process_id and _starts_inside(e, diagram)]
    reached = _closure(starts, successors(diagram))
    return [e for e in elements if e.id not in reached]


def never_ending(diagram: Diagram, process_id: str) -> list[Element]:
    """Elements turning round for ever: on a loop from which no path leads to an end (an end event, or an element
    with nothing after it)."""
    elements = process_elements(diagram, process_id)
    following = {e.id: {f.target for f in diagram.outgoing(e.id)} for e in elements}
    ends = {e.id for e in elements if not following[e.id]}
    ending = set(ends)
    changed = True
    while changed:
        changed = False
        for element_id, targets in following.items():
            if element_id not in ending and targets & ending:
                ending.add(element_id)
                changed = True
    stuck = [e for e in elements if e.id not in ending]
    on_a_loop = [e for e in stuck if e.id in _closure(following[e.id], following)]
    return on_a_loop or stuck  # where it turns round, not every element that leads there


def joins_never_complete(diagram: Diagram, process_id: str) -> list[tuple[Element, Element]]:
    """(parallel join, exclusive split) pairs: two of the join's incoming paths leave the split by different
    ways, so only one of them is ever taken and the join waits forever."""
    following = successors(diagram)
    found = []
    for join in process_elements(diagram, process_id):
        incoming = diagram.incoming(join.id)
        if join.tag != "parallelGateway" or len(incoming) < 2:
            continue
        for split in process_elements(diagram, process_id):
            if split.tag not in SPLITTING_ONE_WAY or split.parent != join.parent:
                continue
            ways = [_ways_reaching(diagram, following, split, flow, join.id) for flow in incoming]
            taken = [w for w in ways if w]
            if any(not (a & b) for i, a in enumerate(taken) for b in taken[i + 1 :]):
                found.append((join, split))
                break
    return found


def _ways_reaching(diagram: Diagram, following: dict[str, set[str]], split: Element, into: Flow, join: str) -> set[str]:
    """The outgoing flows of `split` from which the flow `into` the join is taken, without passing the split or the
    join again."""
    if into.source == split.id:
        return {into.id}
    return {
        flow.id
        for flow in diagram.outgoing(split.id)
        if into.source in _closure([flow.target], following, avoid={split.id, join})
    }


def _closure(
    starts: Iterable[str], following: dict[str, set[str]], avoid: frozenset[str] | set[str] = frozenset()
) -> set[str]:
    seen: set[str] = set()
    stack = [s for s in starts if s not in avoid]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(n for n in following.get(node, ()) if n not in seen and n not in avoid)
    return seen
