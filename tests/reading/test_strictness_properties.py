"""Strict reading holds on any document: a duplicate key, a NaN or Infinity, a bad or lone-surrogate
escape and bytes that are not UTF-8 are each found, on their line, wherever they sit in a JSONL
file; and a line without any of them gets no reading problem.

The reader parses with the json module's C scanner and pays for strictness with hooks and cheap
tests of the text (a one-character search for a backslash before looking for escapes): these
properties are what keeps that quick path honest.
"""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from reqspec.reading import Limits
from reqspec.reading.jsonl_reader import read_jsonl

KEYS = st.text(alphabet="abcdefgh_", min_size=1, max_size=4)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
                      max_leaves=12)
BODIES = st.dictionaries(KEYS, VALUES, min_size=1, max_size=4)

#: Each defect: what is written at the chosen place, and the reading problem it must give.
DEFECTS = {
    "duplicate-key": "duplicate-key",
    "NaN": "non-finite",
    "Infinity": "non-finite",
    "-Infinity": "non-finite",
    "bad-escape": "invalid-json",
    "lone-surrogate": "lone-surrogate",
    "not-utf8": "invalid-utf8",
}


def _dump(value: Any, spot: list[int], defect: str | None, out: list[str]) -> None:
    """Write ``value`` as compact JSON; the object (or the value) numbered ``spot[0]`` in writing
    order gets the defect."""
    here = spot[0]
    spot[0] -= 1
    if isinstance(value, dict):
        items = list(value.items())
        if here == 0 and defect == "duplicate-key" and items:
            items.append((items[0][0], 0))  # the same key again, later in the same object
        out.append("{")
        for i, (key, item) in enumerate(items):
            out.append(("," if i else "") + json.dumps(key) + ":")
            _dump(item, spot, defect, out)
        out.append("}")
    elif isinstance(value, list):
        out.append("[")
        for i, item in enumerate(value):
            out.append("," if i else "")
            _dump(item, spot, defect, out)
        out.append("]")
    elif here == 0 and defect in ("NaN", "Infinity", "-Infinity"):
        out.append(defect)
    elif here == 0 and defect == "bad-escape":
        out.append('"a\\x"')
    elif here == 0 and defect == "lone-surrogate":
        out.append('"a\\ud800b"')
    elif here == 0 and defect == "not-utf8":
        out.append('"a\udcffb"')  # written as the byte 0xff below
    else:
        out.append(json.dumps(value))


def _nodes(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(_nodes(item) for item in value.values())
    if isinstance(value, list):
        return 1 + sum(_nodes(item) for item in value)
    return 1


def _line(body: dict[str, Any], spot: int, defect: str | None) -> bytes:
    out: list[str] = []
    _dump(body, [spot], defect, out)
    return "".join(out).encode("utf-8", "surrogateescape")


@st.composite
def defective(draw: st.DrawFn) -> tuple[bytes, str]:
    """A line with one defect at a drawn place, and the problem it must give."""
    defect = draw(st.sampled_from(sorted(DEFECTS)))
    body = draw(BODIES)
    if defect == "duplicate-key":
        objects = [i for i in range(_nodes(body)) if isinstance(_at(body, i), dict) and _at(body, i)]
        spot = draw(st.sampled_from(objects))
    else:
        leaves = [i for i in range(_nodes(body)) if not isinstance(_at(body, i), (dict, list))]
        if not leaves:
            body["x"] = 1
            leaves = [i for i in range(_nodes(body)) if not isinstance(_at(body, i), (dict, list))]
        spot = draw(st.sampled_from(leaves))
    return _line(body, spot, defect), DEFECTS[defect]


def _at(value: Any, index: int) -> Any:
    """The node numbered ``index`` in writing order."""
    stack = [value]
    while stack:
        node = stack.pop()
        if index == 0:
            return node
        index -= 1
        children = list(node.values()) if isinstance(node, dict) else node if isinstance(node, list) else []
        stack.extend(reversed(children))
    raise IndexError(index)


def _read(lines: list[bytes]) -> list[Any]:
    return list(read_jsonl(io.BytesIO(b"\n".join(lines) + b"\n"), Limits()))


@given(BODIES)
def test_a_line_without_a_defect_reads_with_no_problem(body):
    [doc] = _read([_line(body, -1, None)])
    assert doc.problems == [] and doc.value == json.loads(json.dumps(body))


@given(st.lists(BODIES, min_size=0, max_size=3), defective(), st.lists(BODIES, max_size=3))
def test_every_defect_is_found_on_its_line_wherever_it_sits(before, bad, after):
    line, rule = bad
    docs = _read([_line(b, -1, None) for b in before] + [line] + [_line(b, -1, None) for b in after])
    assert len(docs) == len(before) + 1 + len(after)
    target = docs[len(before)]
    assert rule in [p.rule for p in target.problems], (line, target.problems)
    assert all(p.line == len(before) + 1 for p in target.problems)
    assert all(not doc.problems for i, doc in enumerate(docs) if i != len(before))
    if rule not in ("duplicate-key", "lone-surrogate"):
        assert target.value is None  # nothing that could not be read faithfully is linted


def _same_level_by_text(between: str) -> bool:
    """The level test written on the text, step by step (what the locator's bytes version must equal)."""
    import re

    if "\\" in between:
        between = between.replace("\\\\", "").replace('\\"', "")
    if '"' in between:
        parts = between.split('"')
        if len(parts) % 2 == 0:
            return False
        between = "".join(parts[0::2])
    shape = re.sub(r"[^\[\]{}]+", "", between).replace("{", "[").replace("}", "]")
    while "[]" in shape:
        shape = shape.replace("[]", "")
    return not shape


@given(st.text(alphabet='"\\[]{}:, aé\u00ff\U0001f600\ud800', max_size=40))
def test_the_locator_tells_a_key_at_its_objects_level_as_the_text_does(between):
    from reqspec.reading.json_locator import _same_level

    assert _same_level(between) == _same_level_by_text(between)


@given(BODIES, st.data())
def test_every_member_is_located_at_its_key_in_compact_and_spaced_text(body, data):
    from reqspec.reading.json_locator import JsonPositions

    for text in (json.dumps(body, separators=(",", ":")), json.dumps(body, indent=1)):
        key = data.draw(st.sampled_from(sorted(body)))
        offset = JsonPositions(text).offset("/" + key.replace("~", "~0").replace("/", "~1"), key=True)
        assert text[offset:].startswith(json.dumps(key)) and json.loads(text[offset:].split(":", 1)[0]) == key


@st.composite
def nested(draw: st.DrawFn) -> tuple[str, int]:
    """A body nesting arrays and objects to a drawn depth (some decoy brackets inside strings),
    and that depth."""
    openers = draw(st.lists(st.sampled_from(['[', '{"k":', '["[{",', '{"{":"[",  "k" :']), min_size=1, max_size=12))
    closers = ["]" if opener.startswith("[") else "}" for opener in openers]
    text = '{"model":' + "".join(openers) + "1" + "".join(reversed(closers)) + "}"
    return text, 1 + len(openers)


@given(nested(), st.integers(1, 14), st.booleans())
def test_nesting_past_the_limit_is_found_where_it_starts_with_or_without_a_later_syntax_error(case, limit, broken):
    """The reader measures nesting after its parse (or when the parse fails): a document nested
    past the limit is one too-deep problem at the first bracket past it, whether or not the text
    breaks further on; one within the limit reads as its value."""
    text, depth = case
    if broken:
        text = text[:-1] + ",}"  # a syntax error after everything
    [doc] = list(read_jsonl(io.BytesIO(text.encode() + b"\n"), Limits(max_depth=limit)))
    rules = [p.rule for p in doc.problems]
    if depth > limit:
        assert rules == ["too-deep"]
        opener = 0
        seen = 0
        in_string = False
        for at, char in enumerate(text):  # the offset of the (limit + 1)-th opening bracket outside strings
            if char == '"':
                in_string = not in_string
            elif not in_string and char in "[{":
                seen += 1
                if seen == limit + 1:
                    opener = at
                    break
        assert (doc.problems[0].line, doc.problems[0].column) == (1, opener + 1)
    elif broken:
        assert rules == ["invalid-json"]
    else:
        assert rules == [] and doc.value == json.loads(text)
