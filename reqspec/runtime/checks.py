"""The run-time part of the check kinds that are not straight-line code: each kind of
``reqspec.checks`` names its function here. Each reads only what it needs and ignores members of
the wrong type, since a body with errors is still linted for warnings."""

from __future__ import annotations

import itertools as _itertools

from .errors import MISSING, Later, add, size_bound
from .free_form import huge, scan_ok
from .lazy import lazy_difflib, lazy_json
from .show import CUT, is_secret, isfinite, printable, show
from .spec_data import SpecData
from .tokens import token_counter
from .values import KeyName, Suggestion, is_number

TYPE_CHECKING = False

#: Values at most in the functions written out to count their tokens: past it (shared containers
#: standing for more places than a body could send), they are left out of the estimate.
FUNCTIONS_WRITTEN = 1_000_000
if TYPE_CHECKING:
    from typing import Any, Callable, Collection

    from .errors import Found, Path

_chain = _itertools.chain.from_iterable


def member_of(obj: dict[str, Any], field_path: Path, among_path: Path, path: Path, rule: str, out: Found | None,
              data: SpecData) -> bool:
    """The string at ``field_path`` must equal the string at ``among_path[1:]`` of some item of
    the array ``among_path[0]``; only judged when both are there with the right types."""
    target: object = obj
    for step in field_path:
        if type(target) is not dict:
            return True
        target = target.get(step, MISSING)
    pool = obj.get(among_path[0])
    if not isinstance(target, str) or type(pool) is not list:
        return True
    for item in pool:
        for step in among_path[1:]:
            item = item.get(step, MISSING) if type(item) is dict else MISSING
        if isinstance(item, str) and item == target:
            return True
    if out is not None:
        add(out, path + field_path, rule, data, value=show(target, data))
    return False


def row_key(value: str, table: Collection[str], aliases: Callable[[str], Any] | None) -> str | None:
    """The key of the table row ``value`` stands for: itself, or the part of an alias that is a
    key (a fine-tuned model's base model); None when it stands for no row."""
    if value in table:
        return value
    if aliases is not None:
        match = aliases(value)
        if match is not None and match.group(1) in table:
            return str(match.group(1))
    return None


def known(obj: dict[str, Any], path: Path, field: str, table: Collection[str], aliases: Callable[[str], Any] | None,
          newer: tuple[str, ...], rule: str, out: Found, data: SpecData) -> None:
    value = obj.get(field)
    if isinstance(value, str) and value and row_key(value, table, aliases) is None and not is_secret(value, data):
        match = aliases(value) if aliases is not None else None
        base = match.group(1) if match is not None else value  # a fine-tuned model: its base
        if base.startswith(newer):  # a model released later: named so, never "did you mean"
            add(out, path + (field,), rule + ":newer", data, value=show(value, data))
            return
        close = lazy_difflib.get_close_matches(value, list(table), n=1, cutoff=0.8) if len(value) <= 100 else []
        hint = data.phrases["suggestion"].format(name=close[0]) if close else ""
        add(out, path + (field,), rule, data, value=show(value, data), suggestion=hint)


def unique(obj: dict[str, Any], path: Path, field: str, by: str, rule: str, out: Found, data: SpecData) -> None:
    items = obj.get(field)
    if type(items) is not list:
        return
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if type(item) is dict:
            name = item.get(by)
            if isinstance(name, str):
                if name in seen:
                    add(out, path + (field, index, by), rule, data, value=show(name, data), first=seen[name])
                else:
                    seen[name] = index


def not_both_altered(obj: dict[str, Any], path: Path, fields: tuple[str, ...], defaults: tuple[object, ...], rule: str,
                     out: Found, data: SpecData) -> None:
    for field, default in zip(fields, defaults):
        value = obj.get(field)
        if value is None or value == default or not is_number(value):  # absent (the usual case) first
            return
    add(out, path + (fields[0],), rule, data)


def recommend(obj: dict[str, Any], path: Path, field: str, rule: str, out: Found, data: SpecData) -> None:
    if field not in obj:
        add(out, path, rule, data)


def nested_equals(obj: dict[str, Any], path: Path, field: str, key: str, expected: str, rule: str, out: Found,
                  data: SpecData) -> None:
    value = obj.get(field)
    if not isinstance(value, dict):
        return
    if key not in value:
        add(out, path + (field,), rule, data, value=data.phrases["absent"])
    elif value[key] != expected:
        add(out, path + (field, key), rule, data, value=show(value[key], data))


def nested_needs(obj: dict[str, Any], path: Path, field: str, key: str, value: str, needs: str, rule: str, out: Found,
                 data: SpecData) -> None:
    """The object at ``field`` has ``key`` equal to ``value`` but no ``needs`` member: at the object."""
    inner = obj.get(field)
    if isinstance(inner, dict) and inner.get(key) == value and needs not in inner:
        add(out, path + (field,), rule, data)


def avoid(obj: dict[str, Any], path: Path, field: str, rule: str, out: Found, data: SpecData) -> None:
    """A member that should not be there: at its key."""
    if field in obj:
        add(out, path + (field,), rule, data)


def undeclared_keys(obj: dict[Any, Any], path: Path, known: frozenset[str], rule: str, out: Found, data: SpecData) -> None:
    """Each key the object does not declare (it allows them): at the key, with the closest declared
    name suggested when its message is read."""
    if known.issuperset(obj):
        return
    for key in obj:
        if type(key) is str and key not in known:
            fields = {"name": KeyName(key, data), "suggestion": Suggestion(key, known, data)}
            out.append((path + (key,), rule, Later(rule, fields, data)))


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def json_string(obj: dict[str, Any], path: Path, field: str, rule: str, out: Found, data: SpecData) -> None:
    value = obj.get(field)
    if not isinstance(value, str):
        return
    try:
        lazy_json.loads(value, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        reason = exc.msg if isinstance(exc, lazy_json.JSONDecodeError) else str(exc)[:CUT]
        where = f" at character {exc.pos}" if isinstance(exc, lazy_json.JSONDecodeError) else ""
        add(out, path + (field,), rule, data, reason=printable(reason) + where)


def string_bytes(value: Any) -> int:
    """UTF-8 bytes of every string in a value: an upper bound on its tokens.

    A list of objects holding only strings (the messages, mostly) is joined into one string and
    measured at once. Other plain dicts, lists and strings (all a parsed body holds) are summed in
    one quick pass, where an ASCII string's length is its size. Any other value, or more than a
    million items, hands over to the general count below, which stops after a million items.
    """
    if type(value) is list:
        try:
            text = "".join(_chain(_chain(map(dict.items, value))))
        except TypeError:  # an item that is not an object, or a member that is not a string
            pass
        else:
            if len(value) + 2 * sum(map(len, value)) < 1_000_000:
                return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
    total = 0
    budget = 1_000_000 - 1
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str:
            total += len(item) if item.isascii() else len(item.encode("utf-8", "surrogatepass"))
        elif kind is dict:
            budget -= 2 * len(item)
            for key, child in item.items():
                if type(key) is not str:
                    return string_bytes_capped(value)
                total += len(key) if key.isascii() else len(key.encode("utf-8", "surrogatepass"))
                if type(child) is str:
                    total += len(child) if child.isascii() else len(child.encode("utf-8", "surrogatepass"))
                else:
                    stack.append(child)
        elif kind is list:
            budget -= len(item)
            stack.extend(item)
        elif kind is not int and kind is not float and kind is not bool and item is not None:
            return string_bytes_capped(value)
        if budget < 0:
            return string_bytes_capped(value)
    return total


def string_bytes_capped(value: Any) -> int:
    """``string_bytes`` of any value, a million items at most. A subclass is read through its base
    type's own methods, as JSON would write it: an ``__iter__`` that never ends is never called."""
    total = 0
    stack: list[Any] = [value]
    seen = 0
    while stack and seen < 1_000_000:
        item = stack.pop()
        seen += 1
        if isinstance(item, str):
            total += len(str.encode(item, "utf-8", "surrogatepass"))
        elif isinstance(item, dict):
            stack.extend(dict.keys(item))
            stack.extend(dict.values(item))
        elif isinstance(item, list):
            stack.extend(list.__iter__(item))
    return total


def expands_within(value: Any, cap: int) -> bool:
    """Whether a value written as JSON holds at most ``cap`` containers and atoms, a container
    shared at many places counting at each (what ``json.dumps`` would write out)."""
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        cap -= 1
        if cap < 0:
            return False
        if isinstance(item, dict):  # read through the base type's methods, as in string_bytes_capped
            stack.extend(dict.values(item))
        elif isinstance(item, list):
            stack.extend(list.__iter__(item))
        elif isinstance(item, tuple):
            stack.extend(tuple.__iter__(item))
    return True


def holds_item(items: list[Any], key: str, value: str) -> bool:
    """Whether an item of the array is an object whose ``key`` is the string ``value``."""
    for item in items:
        if isinstance(item, dict):
            held = item.get(key)
            if isinstance(held, str) and str.__eq__(held, value):
                return True
    return False


def prompt_tokens(messages: list[Any], functions: Any, per_message: int, per_name: int, per_reply: int, name_key: str,
                  encoding: str, room: int, data: SpecData, size: int = -1) -> tuple[int, str] | None:
    """The prompt's estimated tokens (OpenAI Cookbook) and the words saying the functions are
    counted approximately; None when they surely fit in ``room`` tokens, or cannot be counted.

    Strings are counted by bytes first: a token covers at least one byte, so when even the byte
    count fits, the tokenizer is never called. ``size`` (-1: unknown) bounds the bytes of every
    string in the body at once (the length of its JSON text): when even it fits, nothing is
    measured."""
    fixed = per_reply + len(messages) * (max(per_message, 0) + abs(per_name))
    if type(functions) is list:
        fixed += 8 * len(functions)
    if 0 <= size and fixed + size <= room:
        return None
    upper = fixed + string_bytes(messages)
    if type(functions) is list:
        upper += string_bytes(functions)
    if upper <= room:
        return None
    if data.counter is None:  # turned off
        return None
    installed = token_counter(data, encoding)
    if installed is None or installed("") is None:  # none installed, or it could not load
        data.needed += 1
        return None

    def counter(text: str) -> int:  # a loaded counter answers with a number
        return installed(text) or 0

    prompt = per_reply
    for message in messages:
        if type(message) is not dict:
            continue
        prompt += per_message
        for key, value in message.items():
            if isinstance(value, str):
                prompt += counter(value)
            elif type(value) is dict:
                prompt += sum(counter(v) for v in value.values() if isinstance(v, str))
            if key == name_key:
                prompt += per_name
    approx = ""
    if type(functions) is list and functions:
        if scan_ok(functions, 1, data) and expands_within(functions, FUNCTIONS_WRITTEN):
            prompt += counter(lazy_json.dumps(functions, ensure_ascii=False, default=str))
        approx = data.phrases["approx"]
    return prompt, approx


def example_tokens(obj: dict[str, Any], path: Path, messages_field: str, functions_field: str, limit: int,
                   per_message: int, per_name: int, per_reply: int, name_key: str, encoding: str, rule: str,
                   out: Found, data: SpecData) -> None:
    """Warn when the estimated tokens of a whole example (its messages and functions) pass ``limit``."""
    messages = obj.get(messages_field)
    if type(messages) is not list:
        return
    estimate = prompt_tokens(messages, obj.get(functions_field), per_message, per_name, per_reply, name_key, encoding,
                             limit, data, size_bound(out))
    if estimate is not None and estimate[0] > limit:
        add(out, path + (messages_field,), rule, data, prompt=estimate[0], approx=estimate[1], limit=limit)


def context_length(obj: dict[str, Any], path: Path, field: str, messages_field: str, model_field: str,
                   functions_field: str, limits: dict[str, int], aliases: Callable[[str], Any] | None,
                   constants: dict[str, tuple[int, int]], per_reply: int, name_key: str, encoding: str, rule: str,
                   out: Found, data: SpecData) -> None:
    """Estimate prompt tokens (OpenAI Cookbook) and warn when prompt + max_tokens overflow.

    Strings are counted by bytes first: a token covers at least one byte, so when even the byte
    count fits, the tokenizer is never called. A model named by an alias (a fine-tuned model)
    counts as the row it stands for. The prompt alone over the limit is the form ``rule:prompt``.
    """
    named = obj.get(model_field)
    messages = obj.get(messages_field)
    if not isinstance(named, str) or type(messages) is not list:
        return
    model = named if named in limits else row_key(named, limits, aliases)
    if model is None:
        return
    limit = limits[model]
    wanted = obj.get(field)
    if type(wanted) is int and 0 <= wanted <= limit:  # the usual max_tokens: a small integer
        wanted_tokens = wanted
    else:
        wanted = wanted if is_number(wanted) and not isinstance(wanted, float) and not huge(wanted) or (type(wanted) is float and isfinite(wanted) and wanted.is_integer()) else None
        wanted_tokens = int(wanted) if wanted is not None else 0
        if wanted_tokens > limit:  # max_tokens alone is over the limit: the error of the table says so
            return
    per_message, per_name = constants[model]
    estimate = prompt_tokens(messages, obj.get(functions_field), per_message, per_name, per_reply, name_key, encoding,
                             limit - wanted_tokens, data, size_bound(out))
    if estimate is None:
        return
    prompt, approx = estimate
    if wanted is not None and prompt + wanted_tokens > limit:
        add(out, path + (field,), rule, data, prompt=prompt, approx=approx, value=show(wanted_tokens, data), limit=limit,
            key=model)
    elif wanted is None and prompt > limit:
        add(out, path + (messages_field,), rule + ":prompt", data, prompt=prompt, approx=approx, limit=limit, key=model)
