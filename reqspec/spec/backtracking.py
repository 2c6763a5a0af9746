"""Patterns whose search cannot backtrack polynomially: no two loops that can split one run.

``check_shared_runs`` is the part of ``patterns.check_pattern`` that runs once the structure is
known to be portable and free of nested quantifiers.
"""

from __future__ import annotations

import math
import re._constants as sre_c  # type: ignore[import-not-found]
from typing import Any, NamedTuple

from .portability import SYNTAX, PatternProblem


# -- loops that share a run of characters ---------------------------------------------------------
#
# Once nested quantifiers are refused, every loop repeats a body of fixed length, and what remains
# of catastrophic backtracking is polynomial: a run of characters that two loops can split between
# them. On "aaa...a!" the pattern '^[a-z]*[a-z]*$' tries every split of the run before it fails,
# O(n^2) steps, and k such loops take O(n^k). A search adds a loop of its own, over any character:
# an unanchored pattern is tried from every position, so '[a-z]*$' reads the rest of the run again
# from each of them, O(n^2) too. (In automata terms: the pattern's NFA has an infinite degree of
# ambiguity. Without nested quantifiers and without such a pair, a search takes linear time.)
#
# The pattern is modelled as an acyclic graph whose edges consume characters, and it is refused
# when it has loops X and Y, X possibly the search's own loop, such that
#   1. some run is a repetition of both bodies, each read from some position of it ('[a-z]*' and
#      '(?:ba)*' share "abab..."; 'a*' and '(?:ab)*' share nothing, as no run of a's holds "ab");
#   2. a path leads from X to Y through edges that match nothing or a character of such a run;
#   3. Y is not surely followed by a match: the end of the pattern cannot be reached from Y through
#      edges that match nothing, or whose shortest match covers whatever such a run can hold
#      there. When it can (as in '[a-z]*[a-z]', or '[a-z]+' unanchored), the first split the
#      engine tries inside the run succeeds, and no other split is ever tried.
# Conditions 1 and 2 give every edge at least the power it has (a path may mix characters that no
# single run holds), so every run that can be split is found; condition 3 waives a pair only when
# the match is certain. The check is therefore sound: what it accepts does not backtrack
# polynomially. A repeat whose count can vary by at most ``_WIDE`` is not a loop: it multiplies the
# work by a constant, as in '^[a-z]{1,64}[a-z0-9]{0,64}$'.

_WIDE = 64
#: How many positions of two bodies are compared at most; past it, any character both hold counts
#: as shared (stricter, never looser).
_PERIOD_LIMIT = 4096
_LAST = 0x10FFFF
Chars = tuple[tuple[int, int], ...]
"""A set of code points: sorted, disjoint, non-adjacent inclusive ranges."""
Body = tuple[Chars, ...]
"""What each position of a loop's body can match, in order."""
_EVERY: Chars = ((0, _LAST),)
_NONE: Chars = ()
_REPEATS = (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT)
_SINGLE = (sre_c.LITERAL, sre_c.NOT_LITERAL, sre_c.IN)


def _normal(ranges: list[tuple[int, int]]) -> Chars:
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return tuple(merged)


def _complement(chars: Chars) -> Chars:
    out, nxt = [], 0
    for low, high in chars:
        if low > nxt:
            out.append((nxt, low - 1))
        nxt = high + 1
    if nxt <= _LAST:
        out.append((nxt, _LAST))
    return tuple(out)


def _common(a: Chars, b: Chars) -> Chars:
    """The code points in both sets."""
    out: list[tuple[int, int]] = []
    i = j = 0
    while i < len(a) and j < len(b):
        low, high = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if low <= high:
            out.append((low, high))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return _normal(out)


def _covers(outer: Chars, inner: Chars) -> bool:
    return _common(outer, inner) == inner


def _one_char(op: Any, arg: Any) -> Chars:
    """What a single-character item (a literal, a negated literal, a class) can match."""
    if op == sre_c.LITERAL:
        return ((arg, arg),)
    if op == sre_c.NOT_LITERAL:
        return _complement(((arg, arg),))
    ranges = [(c, c) if cop == sre_c.LITERAL else c for cop, c in arg if cop in (sre_c.LITERAL, sre_c.RANGE)]
    chars = _normal(ranges)
    return _complement(chars) if any(cop == sre_c.NEGATE for cop, _ in arg) else chars


def _chars(items: Any) -> Chars:
    """Every character that ``items`` can consume, wherever it stands in them."""
    ranges: list[tuple[int, int]] = []
    for op, arg in items:
        if op in _SINGLE:
            ranges.extend(_one_char(op, arg))
        elif op == sre_c.SUBPATTERN:
            ranges.extend(_chars(arg[-1]))
        elif op == sre_c.BRANCH:
            for branch in arg[1]:
                ranges.extend(_chars(branch))
        elif op in _REPEATS:
            ranges.extend(_chars(arg[2]))
    return _normal(ranges)


def _positions(items: Any) -> Body | None:
    """What each position of ``items`` matches, in order, when they are a fixed sequence of
    characters; None when they hold an alternation, a quantifier or an anchor (which can fail)."""
    out: list[Chars] = []
    for op, arg in items:
        if op in _SINGLE:
            out.append(_one_char(op, arg))
        elif op == sre_c.SUBPATTERN:
            inner = _positions(arg[-1])
            if inner is None:
                return None
            out.extend(inner)
        else:
            return None
    return tuple(out)


def _body(items: Any) -> Body:
    """The positions of a loop's body. A loop holds no quantifier and no alternation (refused
    above), so its body is usually a fixed sequence; otherwise (an anchor in it) it is taken as one
    position matching all of its characters, which only makes the check stricter."""
    positions = _positions(items)
    return positions if positions is not None else (_chars(items),)


def _skippable(items: Any) -> bool:
    """Whether ``items`` can match without consuming a character and without an anchor (which can
    fail), so that what follows is reached unconditionally."""
    for op, arg in items:
        if op == sre_c.SUBPATTERN:
            ok = _skippable(arg[-1])
        elif op == sre_c.BRANCH:
            ok = any(_skippable(branch) for branch in arg[1])
        elif op in _REPEATS:
            ok = arg[0] == 0 or _skippable(arg[2])
        else:
            ok = False
        if not ok:
            return False
    return True


def _is_loop(low: int, high: int) -> bool:
    return high == sre_c.MAXREPEAT or high - low > _WIDE


def _shared_run(first: Body, second: Body) -> Body | None:
    """What a run that repeats both bodies, each read from some position of it, can hold at each
    position of ``second`` ('(?:ab)*' and '(?:ba)*' share "abab..."); None if no run does."""
    if math.lcm(len(first), len(second)) * len(second) > _PERIOD_LIMIT:
        both = _common(_union(first), _union(second))
        run = tuple(_common(both, chars) for chars in second)
        return run if all(run) else None
    found: list[list[tuple[int, int]]] = [[] for _ in second]
    for offset in range(len(second)):
        for phase, chars in enumerate(_aligned_run(first, second, offset) or ()):
            found[phase].extend(chars)
    return tuple(_normal(ranges) for ranges in found) if found[0] else None


def _aligned_run(first: Body, second: Body, offset: int) -> Body | None:
    """What a run that repeats ``first`` from its start and ``second`` from position ``offset``
    can hold at each position of ``second``; None if no run does."""
    found: list[list[tuple[int, int]]] = [[] for _ in second]
    for i in range(math.lcm(len(first), len(second))):
        phase = (i + offset) % len(second)
        both = _common(first[i % len(first)], second[phase])
        if not both:
            return None
        found[phase].extend(both)
    return tuple(_normal(ranges) for ranges in found)


def _union(body: Body) -> Chars:
    return _normal([r for chars in body for r in chars])


class _Edge(NamedTuple):
    target: int
    chars: Chars  # what it can consume
    skippable: bool  # whether it can consume nothing (never true of an anchor)
    least: Body | None  # the shortest fixed sequence it can match, if it has one (None for an anchor)


class _Loop(NamedTuple):
    entry: int
    exit: int
    body: Body
    shown: str


class _Graph:
    """The pattern as states joined by edges; each item of the parse tree is one edge, a group or
    an alternation is the edges of its parts. Without nested quantifiers the graph has no cycle."""

    def __init__(self, tree: Any) -> None:
        self.edges: list[list[_Edge]] = []
        self.loops: list[_Loop] = []
        self.start = self._state()
        self.end = self._sequence(tree, self.start)

    def _state(self) -> int:
        self.edges.append([])
        return len(self.edges) - 1

    def _edge(self, source: int, chars: Chars, skippable: bool, least: Body | None) -> int:
        target = self._state()
        self.edges[source].append(_Edge(target, chars, skippable, least))
        return target

    def _sequence(self, items: Any, state: int) -> int:
        for op, arg in items:
            state = self._item(op, arg, state)
        return state

    def _item(self, op: Any, arg: Any, state: int) -> int:
        if op == sre_c.SUBPATTERN:
            return self._sequence(arg[-1], state)
        if op == sre_c.BRANCH:
            join = self._state()
            for branch in arg[1]:
                self.edges[self._sequence(branch, state)].append(_Edge(join, _NONE, True, ()))
            return join
        if op in _REPEATS:
            return self._repeat(op, arg, state)
        if op == sre_c.AT:
            return self._edge(state, _NONE, False, None)
        chars = _one_char(op, arg)
        return self._edge(state, chars, False, (chars,))

    def _repeat(self, op: Any, arg: Any, state: int) -> int:
        low, high, body = arg
        positions = _positions(body)
        least = positions * low if positions is not None and len(positions) * low <= _PERIOD_LIMIT else None
        target = self._edge(state, _chars(body), low == 0 or _skippable(body), least)
        repeated = _body(body)
        if _is_loop(low, high) and repeated and all(repeated):  # a body that consumes nothing repeats no run
            self.loops.append(_Loop(state, target, repeated, _show([(op, arg)])))
        return target

    def leads(self, source: int, target: int, chars: Chars) -> bool:
        """Whether a path from ``source`` to ``target`` can match a string of ``chars`` only."""
        seen, todo = {source}, [source]
        while todo:
            for edge in self.edges[todo.pop()]:
                if edge.target not in seen and (edge.skippable or _common(edge.chars, chars)):
                    seen.add(edge.target)
                    todo.append(edge.target)
        return target in seen

    def surely_ends(self, loop: _Loop, run: Body) -> bool:
        """Whether, after ``loop``, the pattern surely reaches its end inside a run: through edges
        that match nothing, or whose shortest match covers, position by position, whatever the
        run can hold there (``run`` is indexed by the position in the loop's body)."""
        seen, todo = {(loop.exit, 0)}, [(loop.exit, 0)]
        while todo:
            state, phase = todo.pop()
            for edge in self.edges[state]:
                steps = [(edge.target, phase)] if edge.skippable else []
                if edge.least is not None and _covers_run(edge.least, run, phase):
                    steps.append((edge.target, (phase + len(edge.least)) % len(run)))
                for step in steps:
                    if step not in seen:
                        seen.add(step)
                        todo.append(step)
        return any(state == self.end for state, _ in seen)


def _covers_run(sequence: Body, run: Body, phase: int) -> bool:
    """Whether ``sequence`` matches whatever the run holds from position ``phase`` on."""
    return all(_covers(chars, run[(phase + i) % len(run)]) for i, chars in enumerate(sequence))


def check_shared_runs(tree: Any) -> None:
    """Raise PatternProblem when two loops can split a run of characters (see above)."""
    graph = _Graph(tree)
    search = _Loop(graph.start, graph.start, (_EVERY,), "")
    for first in [*graph.loops, search]:  # a pair of the pattern's own loops is the clearer message
        for second in graph.loops:
            if first is second:
                continue
            run = _shared_run(first.body, second.body)
            if (run is not None and graph.leads(first.exit, second.entry, _union(run))
                    and not graph.surely_ends(second, run)):
                raise PatternProblem(_shared_run_problem(first, second, _union(run)))


def _shared_run_problem(first: _Loop, second: _Loop, run: Chars) -> str:
    printable = _common(run, ((0x21, 0x7E),))
    example = _show_char((printable or run)[0][0])
    if not first.shown:
        return (f"a search tries {second.shown} from every position of a run of '{example}' and can fail after it, "
                f"so it backtracks in quadratic time; anchor the pattern with ^, or put a character "
                f"{second.shown} cannot match before it")
    return (f"{first.shown} and {second.shown} can split one run of '{example}' between them and the pattern can fail "
            f"after them, so it backtracks in polynomial time; let them match different characters, or merge them")


def _show(items: Any) -> str:
    """Pattern text for part of a parse tree, to name it in a message."""
    return "".join(_show_item(op, arg) for op, arg in items)


def _show_item(op: Any, arg: Any) -> str:
    if op == sre_c.LITERAL:
        return "\\" + chr(arg) if chr(arg) in SYNTAX else _show_char(arg)
    if op in (sre_c.NOT_LITERAL, sre_c.IN):
        return _show_class(op, arg)
    if op == sre_c.AT:
        return "^" if arg == sre_c.AT_BEGINNING else "$"
    if op == sre_c.SUBPATTERN:
        inner = arg[-1]
        body = "|".join(_show(b) for b in inner[0][1][1]) if [o for o, _ in inner] == [sre_c.BRANCH] else _show(inner)
        return ("(" if arg[0] is not None else "(?:") + body + ")"
    if op == sre_c.BRANCH:
        return "(?:" + "|".join(_show(b) for b in arg[1]) + ")"
    low, high, body = arg
    shown = _show(body)
    if len(body) != 1 or body[0][0] in _REPEATS:
        shown = f"(?:{shown})"
    return shown + _quantifier(low, high)


def _quantifier(low: int, high: int) -> str:
    if high == sre_c.MAXREPEAT:
        return {0: "*", 1: "+"}.get(low, f"{{{low},}}")
    if (low, high) == (0, 1):
        return "?"
    return f"{{{low}}}" if low == high else f"{{{low},{high}}}"


def _show_class(op: Any, arg: Any) -> str:
    if op == sre_c.NOT_LITERAL:
        return "[^" + _class_char(arg) + "]"
    parts = ["^" if cop == sre_c.NEGATE else _class_char(c) if cop == sre_c.LITERAL
             else f"{_class_char(c[0])}-{_class_char(c[1])}" for cop, c in arg]
    return "[" + "".join(parts) + "]"


def _class_char(code: int) -> str:
    return "\\" + chr(code) if chr(code) in "\\]^-[" else _show_char(code)


def _show_char(code: int) -> str:
    """A character as a pattern writes it: itself when printable ASCII, else an escape."""
    if 0x20 < code < 0x7F:
        return chr(code)
    return {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}.get(code, f"\\u{code:04x}")
