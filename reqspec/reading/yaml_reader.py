"""YAML streams to documents, built from parser events so nothing recurses and nothing executes.

PyYAML's loaders construct values recursively and know YAML 1.1 and Python tags. Here only the
event parser is used (libyaml's when available): values are built with an explicit stack, scalars
resolve by the YAML 1.2 core schema, only core tags are accepted, aliases are expanded by sharing
within a node budget, and self-referencing aliases are refused, so the result is always a finite
JSON tree.

Two costs are kept off the clean path. Positions of values are not recorded while reading; the
first ``locate`` on any document of a file parses the text again with recording on. And nesting
is capped while parsing, not after: libyaml slows down quadratically with flow nesting depth, so
the parser is abandoned at the first node past the limit and restarted at the next document
marker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from .document import Document
from .limits import Limits
from .yaml_positions import DocumentPositions, LazyPositions, PositionMap
from .pointers import escape_token
from .problems import ReadProblem, clean_message, excerpt, json_type_name, not_an_object
from .text import decode
from .yaml_scalars import CORE_PREFIX, ScalarProblem, disallowed_tag, resolve_plain, resolve_tagged, short_tag

# Characters YAML does not allow, compiled when a YAML file is first read: the class spans all
# of Unicode, and compiling it takes about 10 ms, which a run over JSON files need not pay.
_NON_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
_DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)(?=[ \t\r\n]|\Z)", re.M)
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_MAP_TAG = CORE_PREFIX + "map"
_SEQ_TAG = CORE_PREFIX + "seq"
_CORE_NAMES = frozenset(("str", "int", "float", "bool", "null", "map", "seq"))

_NO_KEY: Any = object()  # a mapping waits for its next key
_BAD_KEY: Any = object()  # the current key was refused; its value is dropped
_INVALID: Any = object()  # a node that has no JSON value (a problem says why)
_NOTHING: Any = object()  # no root node yet

_parts: SimpleNamespace | None = None


def _yaml() -> SimpleNamespace:
    """PyYAML's event parser and event classes, imported on first use only."""
    global _parts
    if _parts is None:
        import yaml
        from yaml import events

        _parts = SimpleNamespace(
            loader=getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader,
            scalar=events.ScalarEvent,
            mapping_start=events.MappingStartEvent,
            mapping_end=events.MappingEndEvent,
            sequence_start=events.SequenceStartEvent,
            sequence_end=events.SequenceEndEvent,
            alias=events.AliasEvent,
            document_start=events.DocumentStartEvent,
            document_end=events.DocumentEndEvent,
            marked_error=yaml.MarkedYAMLError,
        )
    return _parts


class _Frame:
    """An open mapping or sequence while its children are being read."""

    __slots__ = ("container", "is_map", "key", "anchor", "start_total", "height", "mark", "pointer")

    def __init__(self, is_map: bool, anchor: str | None, start_total: int, mark: Any, pointer: str | None,
                 light: bool = False) -> None:
        # A parse that only records positions keeps no values: a mapping forgets its members and
        # a sequence counts its items, which is all a pointer needs.
        self.container: Any = (_NoMembers() if is_map else _Count()) if light else {} if is_map else []
        self.is_map = is_map
        self.key: Any = _NO_KEY
        self.anchor = anchor
        self.start_total = start_total
        self.height = 0
        self.mark = mark
        self.pointer = pointer


class _NoMembers:
    """A mapping's members, in a parse that records positions only: none are kept."""

    __slots__ = ()

    def __contains__(self, key: object) -> bool:
        return False

    def __setitem__(self, key: object, value: object) -> None:
        pass


class _Count:
    """A sequence's items, in a parse that records positions only: counted, not kept."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items = 0

    def append(self, value: object) -> None:
        self.items += 1

    def __len__(self) -> int:
        return self.items


class _Builder:
    """Turns the node events of one document into a value, its problems and (optionally) positions.

    Every node counts toward the alias budget; an alias counts the nodes of what it stands for.
    Each finished anchored node remembers its node count and height, so an alias is checked
    against both limits in constant time and expanded by sharing, never by copying.
    """

    def __init__(self, index: int, line: int, limits: Limits, line_offset: int,
                 record: frozenset[str] | None) -> None:
        self.index = index
        self.line = line
        self.limits = limits
        self.line_offset = line_offset
        self.stack: list[_Frame] = []
        self.root: Any = _NOTHING
        self.root_mark: Any = None
        self.problems: list[ReadProblem] = []
        self.anchors: dict[str, Any] = {}
        self.total = 0
        self.more = 0
        self.empty_root = False
        self.failed = False
        self.fatal = False
        self.depth = 0
        # Positions are recorded only for the pointers asked for (and their ancestors), so a large
        # document with a few findings records a few positions, not one per node.
        self.wanted = record or frozenset()
        self.values: dict[str, tuple[int, int]] | None = {} if record is not None else None
        self.keys: dict[str, tuple[int, int]] | None = {} if record is not None else None

    # Positions and pointers

    def _position(self, mark: Any) -> tuple[int, int]:
        return mark.line + 1 + self.line_offset, mark.column + 1

    def _frame_pointer(self, depth: int) -> str:
        """Pointer of the node held by ``stack[depth]``, built from the frames above it."""
        parts = []
        for frame in self.stack[:depth]:
            if not frame.is_map:
                parts.append("/" + str(len(frame.container)))
            elif type(frame.key) is str:
                parts.append("/" + escape_token(frame.key))
        return "".join(parts)

    def _node_pointer(self) -> str:
        """Pointer of the node being read (for a mapping key: of its mapping)."""
        stack = self.stack
        if not stack:
            return ""
        top = stack[-1]
        base = top.pointer if top.pointer is not None else self._frame_pointer(len(stack) - 1)
        if not top.is_map:
            return base + "/" + str(len(top.container))
        if type(top.key) is str:
            return base + "/" + escape_token(top.key)
        return base

    def _record(self, mark: Any) -> None:
        """Remember where a value node starts (keys are recorded once their text is known)."""
        values = self.values
        if values is None:
            return
        stack = self.stack
        if stack and stack[-1].is_map and stack[-1].key is _NO_KEY:
            return
        pointer = self._node_pointer()
        if pointer in self.wanted:
            values[pointer] = self._position(mark)

    def _problem(self, rule: str, message: str, mark: Any, pointer: str) -> None:
        if rule != "duplicate-key":
            self.failed = True
        if len(self.problems) >= self.limits.max_problems:
            self.more += 1  # counted, not listed
            return
        line, column = self._position(mark)
        self.problems.append(ReadProblem(rule, message, line, column, pointer))

    def _stop(self) -> None:
        """Give up building this document; keep following nesting until it ends."""
        self.fatal = True
        self.failed = True
        self.depth = len(self.stack)

    # Tree building

    def _attach(self, value: Any, mark: Any, height: int) -> None:
        stack = self.stack
        if not stack:
            self.root = value
            self.root_mark = mark
            return
        top = stack[-1]
        if top.is_map:
            key = top.key
            if key is _NO_KEY:
                if type(value) is int:  # an integer key counts as its decimal string, as JSON sends it
                    value = str(value)
                if value is _INVALID:
                    top.key = _BAD_KEY
                elif type(value) is str:
                    if value in top.container:
                        pointer = self._node_pointer() + "/" + escape_token(value)
                        self._problem(
                            "duplicate-key",
                            f'duplicate key "{excerpt(value)}": the last value wins',
                            mark,
                            pointer,
                        )
                    top.key = value
                    if self.keys is not None:
                        pointer = self._node_pointer()
                        if pointer in self.wanted:
                            self.keys[pointer] = self._position(mark)
                else:
                    self._problem(
                        "non-string-key",
                        f"mapping key is {json_type_name(value)}, not a string; JSON keys are strings, quote it",
                        mark,
                        self._node_pointer(),
                    )
                    top.key = _BAD_KEY
                return
            if key is not _BAD_KEY:
                top.container[key] = None if value is _INVALID else value
            top.key = _NO_KEY
        else:
            top.container.append(None if value is _INVALID else value)
        if height > top.height:
            top.height = height

    def scalar(self, event: Any) -> bool:
        if self.fatal:
            return False
        self.total += 1
        mark = event.start_mark
        self._record(mark)
        tag = event.tag
        if tag is None:
            value = resolve_plain(event.value) if event.implicit[0] else event.value
        else:
            value = resolve_tagged(tag, event.value)
        if type(value) is ScalarProblem:
            self._problem(value.rule, value.message, mark, self._node_pointer())
            value = _INVALID
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1, 0)
        if not self.stack and event.value == "" and event.implicit[0] and event.style in (None, ""):
            self.empty_root = True
        self._attach(value, mark, 0)
        return False

    def start(self, event: Any, is_map: bool) -> bool:
        """Open a collection; True means the parser must be abandoned (nesting past the limit)."""
        max_depth = self.limits.nesting
        if self.fatal:
            self.depth += 1
            return self.depth > max_depth
        mark = event.start_mark
        if len(self.stack) >= max_depth:
            self._problem(
                "too-deep",
                f"arrays and objects are nested more than {max_depth} levels deep",
                mark,
                self._node_pointer(),
            )
            self._stop()
            return True
        self._record(mark)
        tag = event.tag
        if tag is not None and tag != (_MAP_TAG if is_map else _SEQ_TAG):
            if tag.startswith(CORE_PREFIX) and tag[len(CORE_PREFIX) :] in _CORE_NAMES:
                kind = "mapping" if is_map else "sequence"
                self._problem("yaml-tag", f"{short_tag(tag)} cannot tag a {kind}", mark, self._node_pointer())
            else:
                self._problem("yaml-tag", disallowed_tag(tag).message, mark, self._node_pointer())
        pointer = self._node_pointer() if self.values is not None else None
        frame = _Frame(is_map, event.anchor, self.total, mark, pointer, self.values is not None)
        self.total += 1
        if event.anchor is not None:
            self.anchors[event.anchor] = frame
        self.stack.append(frame)
        return False

    def end(self) -> bool:
        if self.fatal:
            self.depth -= 1
            return False
        frame = self.stack.pop()
        height = frame.height + 1
        if frame.anchor is not None and self.anchors.get(frame.anchor) is frame:
            self.anchors[frame.anchor] = (frame.container, self.total - frame.start_total, height)
        self._attach(frame.container, frame.mark, height)
        return False

    def alias(self, event: Any) -> bool:
        if self.fatal:
            return False
        mark = event.start_mark
        self._record(mark)
        name = event.anchor
        entry = self.anchors.get(name)
        if entry is None:
            self._problem("yaml-syntax", f"alias *{excerpt(name)} refers to no anchor", mark, self._node_pointer())
            self._attach(_INVALID, mark, 0)
        elif type(entry) is _Frame:
            self._problem(
                "yaml-alias-budget",
                f"alias *{excerpt(name)} refers to a node that contains it, which would be a cycle",
                mark,
                self._node_pointer(),
            )
            self._attach(_INVALID, mark, 0)
        else:
            value, size, height = entry
            self.total += size
            budget = self.limits.max_alias_nodes
            max_depth = self.limits.nesting
            if self.total > budget:
                self._problem(
                    "yaml-alias-budget",
                    f"expanding aliases would make more than {budget} nodes in this document",
                    mark,
                    self._node_pointer(),
                )
                self._stop()
            elif len(self.stack) + height > max_depth:
                self._problem(
                    "too-deep",
                    f"expanding this alias nests arrays and objects more than {max_depth} levels deep",
                    mark,
                    self._node_pointer(),
                )
                self._stop()
            else:
                self._attach(value, mark, height)
        return False

    def syntax_error(self, problem: ReadProblem) -> None:
        self.problems.append(problem)
        self.failed = True

    def finish(self, locator: Any) -> Document:
        """The document, once its events have ended (or stopped)."""
        problems = self.problems
        value = self.root
        if self.failed or value is _NOTHING:
            value = None
        elif type(value) is not dict:
            # An empty document has an empty scalar where the next token is: it is placed at
            # the document's own start (its --- line), not at the next document's.
            line, column = (self.line, 1) if self.empty_root else self._position(self.root_mark)
            problems.append(not_an_object(value, line, column))  # the value is kept: a body pointer may find the body inside it
        if len(problems) > 1:
            problems.sort(key=lambda problem: (problem.line, problem.column))
        if self.values is not None and self.keys is not None:
            locator = PositionMap(self.values, self.keys, (self.line, 1))
        return Document(self.index, self.line, value, problems, locator, self.more)


def _yaml_position(text: str, offset: int, line_offset: int = 0) -> tuple[int, int]:
    """1-based (line, column) of ``offset`` counting line breaks as YAML does."""
    line = line_offset + 1
    line_start = 0
    for match in _LINE_BREAK.finditer(text, 0, offset):
        line += 1
        line_start = match.end()
    return line, offset - line_start + 1


def _syntax_problem(error: BaseException, text: str, line_offset: int) -> ReadProblem:
    """A ``yaml-syntax`` problem from whatever the parser raised, at the parser's mark."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        line, column = mark.line + 1 + line_offset, mark.column + 1
    else:
        position = getattr(error, "position", None)
        if isinstance(position, int) and 0 <= position <= len(text):
            line, column = _yaml_position(text, position, line_offset)
        else:
            line, column = line_offset + 1, 1
    # A parse error says what went wrong and, apart, while reading what (a "while scanning ..." phrase).
    problem, context = (error.problem, error.context) if isinstance(error, _yaml().marked_error) else (None, None)
    if isinstance(problem, str) and problem:
        message = f"{problem} ({context})" if isinstance(context, str) and context else problem
    elif isinstance(getattr(error, "reason", None), str):
        message = error.reason  # type: ignore[attr-defined]
    else:
        message = f"the YAML parser failed ({type(error).__name__})"
    return ReadProblem("yaml-syntax", clean_message(message), line, column)


def _segment(
    yaml: SimpleNamespace,
    segment: str,
    index: int,
    line_offset: int,
    limits: Limits,
    positions: LazyPositions | None,
    recording: LazyPositions | None,
) -> Iterator[Document | tuple[int, int]]:
    """Yield the documents of ``segment``; a final tuple (offset, next index) asks to resume there.

    The parser is abandoned, and reading resumes at the next document marker, when a document
    nests deeper than the limit.
    """
    loader = yaml.loader(segment)
    builder: _Builder | None = None

    def new_builder(line: int) -> _Builder:
        return _Builder(index, line, limits, line_offset, recording.recording(index) if recording else None)

    def locator() -> Any:
        return DocumentPositions(positions, index) if positions is not None else None

    try:
        while True:
            try:
                event = loader.get_event() if loader.check_event() else None
            except Exception as error:  # any parser failure is a finding
                problem = _syntax_problem(error, segment, line_offset)
                if builder is None:
                    builder = new_builder(problem.line)
                builder.syntax_error(problem)
                yield builder.finish(locator())
                return
            if event is None:
                return
            kind = event.__class__
            if builder is None:
                if kind is yaml.document_start:
                    builder = new_builder(event.start_mark.line + 1 + line_offset)
                continue
            if kind is yaml.scalar:
                abandon = builder.scalar(event)
            elif kind is yaml.mapping_start:
                abandon = builder.start(event, True)
            elif kind is yaml.sequence_start:
                abandon = builder.start(event, False)
            elif kind is yaml.mapping_end or kind is yaml.sequence_end:
                abandon = builder.end()
            elif kind is yaml.alias:
                abandon = builder.alias(event)
            elif kind is yaml.document_end:
                # The builder lets go of the document before it is handed on: a caller that is
                # done with the value can free it while this generator waits.
                document, builder = builder.finish(locator()), None
                yield document
                del document
                index += 1
                continue
            else:
                continue
            if abandon:
                yield builder.finish(locator())
                index += 1
                marker = _DOCUMENT_MARKER.search(segment, event.start_mark.index + 1)
                if marker is not None:
                    yield (marker.start(), index)
                return
    finally:
        loader.dispose()


def _documents(
    yaml: SimpleNamespace,
    text: str,
    limits: Limits,
    positions: LazyPositions | None,
    recording: LazyPositions | None,
) -> Iterator[Document]:
    """All documents of a YAML text, restarting the parser after an abandoned document."""
    index = 0
    offset = 0
    line_offset = 0
    while True:
        segment = text[offset:] if offset else text
        resume: tuple[int, int] | None = None
        for item in _segment(yaml, segment, index, line_offset, limits, positions, recording):
            if isinstance(item, Document):
                yield item
            else:
                resume = item
        if resume is None:
            return
        next_start, index = resume
        line_offset += sum(1 for _ in _LINE_BREAK.finditer(segment, 0, next_start))
        offset += next_start


def read_yaml(data: bytes, limits: Limits) -> Iterator[Document]:
    """Yield one document per YAML document of the file (one request body each)."""
    text, problem = decode(data)
    if text is None:
        problem = problem or ReadProblem("invalid-utf8", "the file is not UTF-8", 1, 1)
        yield Document(0, 1, None, [problem])
        return
    try:
        yaml = _yaml()
    except ImportError:
        message = "reading YAML needs PyYAML (pip install 'reqspec[yaml]')"
        yield Document(0, 1, None, [ReadProblem("unreadable", message, 1, 1)])
        return
    bad = re.search(_NON_PRINTABLE, text)  # re caches the compiled pattern
    if bad is not None:
        line, column = _yaml_position(text, bad.start())
        message = f"character U+{ord(bad.group()):04X} is not allowed in YAML"
        yield Document(0, 1, None, [ReadProblem("yaml-syntax", message, line, column)])
        return
    positions = LazyPositions(lambda recording: _documents(_yaml(), text, limits, None, recording))
    count = 0
    for document in _documents(yaml, text, limits, positions, None):
        count += 1
        yield document
    if count == 0:
        message = "the file holds no YAML document (only whitespace or comments)"
        yield Document(0, 1, None, [ReadProblem("empty-file", message, 1, 1)])
