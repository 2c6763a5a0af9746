"""The fixed part of every generated validator module, copied in verbatim after the marker line.

It holds what does not depend on a spec: the Error type, pointer building, value display with
secret redaction, the walk over free-form values, ordering errors by document position, and the
shapes of lint warnings. The generated part defines the constants named below (from the spec) and
the functions specialised to each object. Keeping this text in a real module lets it be read,
linted and tested like any other code; the emitter copies it so the generated module stands alone
(standard library only, one file a user can vendor).
"""

# The generated part defines these constants before any function here is called.
# _PHRASES: dict; _RULES: dict[str, tuple[keyword, severity, message]]; _SECRET_SEARCH: re search;
# _MAX_DEPTH: int; _DOCS: str

# --- runtime starts ---
import difflib as _difflib
import hashlib as _hashlib
import json as _json
import math as _math
import re as _re
from dataclasses import dataclass as _dataclass

_MISSING = object()
_isfinite = _math.isfinite
_CUT = 40


@_dataclass(frozen=True, slots=True)
class Error:
    """One finding: where it is (RFC 6901 pointer), which rule, and what a person should read.

    ``keyword`` is the JSON Schema keyword that expresses the rule, or None for a rule JSON Schema
    cannot express. ``message`` never holds a secret and quotes at most about 40 characters.
    """

    pointer: str
    rule: str
    keyword: "str | None"
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message} [{self.rule}]"


class InvalidRequestError(ValueError):
    """Raised by check(): the body breaks at least one rule; ``errors`` lists them all."""

    def __init__(self, errors: "list[Error]") -> None:
        self.errors = errors
        lines = "\n".join(f"  {e}" for e in errors[:10])
        more = f"\n  ... and {len(errors) - 10} more" if len(errors) > 10 else ""
        super().__init__(f"{len(errors)} error(s) in the request body:\n{lines}{more}")


def _escape_token(token: object) -> str:
    text = token if isinstance(token, str) else str(token)
    return text.replace("~", "~0").replace("/", "~1")


def _pointer(path: tuple) -> str:
    return "".join("/" + _escape_token(t) for t in path)


def _is_secret(text: str) -> bool:
    return "sk-" in text and _SECRET_SEARCH(text) is not None


def _fingerprint(text: str) -> str:
    return _hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _printable(text: str) -> str:
    """Escape what must not reach a terminal raw: control characters, ANSI escapes, bidi marks."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _SHORT_ESCAPES.get(c) or "\\u%04x" % ord(c) for c in text)


def _show(value: object) -> str:
    """The value as a message quotes it: JSON-like, cut to about 40 characters, never a secret."""
    if isinstance(value, str):
        if _is_secret(value):
            return _PHRASES["redacted"].format(length=len(value))
        cut = value if len(value) <= _CUT else value[: _CUT - 3] + "..."
        return '"' + _printable(cut.replace("\\", "\\\\").replace('"', '\\"')) + '"'
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        if abs(value) >= 10 ** _CUT:
            return _PHRASES["huge_integer"].format(digits=len(str(abs(value))) if value.bit_length() < 10000 else "many")
        return str(int(value))
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if not _isfinite(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(float(value))
    if isinstance(value, dict):
        return _PHRASES["object_value"].format(count=len(value))
    if isinstance(value, list):
        return _PHRASES["array_value"].format(count=len(value))
    return _PHRASES["foreign_value"].format(type=_printable(type(value).__name__)[:_CUT])


def _message(rule: str, **fields: object) -> str:
    return _RULES[rule][2].format(**fields)


def _add(out: list, path: tuple, rule: str, **fields: object) -> None:
    out.append((path, rule, _message(rule, **fields)))


def _wrong_type(value: object, path: tuple, expected: str, out: list, rule: str = "type") -> None:
    """A value of the wrong type: one error (``enum`` where the allowed values fix the type),
    then whatever it holds is still scanned."""
    if type(value) is float and not _isfinite(value):
        _add(out, path, "non-finite", value=_show(value))
        return
    if rule == "enum":
        _add(out, path, rule, allowed=expected, value=_show(value))
    else:
        _add(out, path, rule, expected=expected, value=_show(value))
    if isinstance(value, (dict, list, str)) or type(value) is not int and type(value) is not bool and value is not None:
        _scan(value, path, out)


def _check_string(value: str, path: tuple, out: list) -> None:
    if "sk-" in value and _SECRET_SEARCH(value) is not None:
        _add(out, path, "secret", length=len(value), fingerprint=_fingerprint(value))


def _scan(value: object, path: tuple, out: list) -> None:
    """Report what no rule allows anywhere in a free-form value: secrets, NaN and Infinity,
    values JSON cannot hold, containers that hold themselves, and nesting past _MAX_DEPTH.

    Iterative, so a value nested 100,000 deep costs no recursion; each container is entered once.
    """
    stack = [(value, path)]
    active: set = set()
    done: set = set()
    while stack:
        item, where = stack.pop()
        if item is _MISSING:  # leaving a container
            active.discard(where)
            done.add(where)
            continue
        kind = type(item)
        if kind is str:
            if "sk-" in item and _SECRET_SEARCH(item) is not None:
                _add(out, where, "secret", length=len(item), fingerprint=_fingerprint(item))
            continue
        if kind is int or kind is bool or item is None:
            continue
        if kind is float:
            if not _isfinite(item):
                _add(out, where, "non-finite", value=_show(item))
            continue
        if isinstance(item, (dict, list)):
            ident = id(item)
            if ident in active:
                _add(out, where, "not-json", value=_PHRASES["cycle"])
                continue
            if ident in done:
                continue
            if len(where) >= _MAX_DEPTH:
                _add(out, where, "too-deep", limit=_MAX_DEPTH)
                continue
            active.add(ident)
            stack.append((_MISSING, ident))
            if isinstance(item, dict):
                children = []
                for key, child in item.items():
                    if not isinstance(key, str):
                        _add(out, where, "not-json", value=_PHRASES["non_string_key"].format(value=_show(key)))
                        continue
                    children.append((child, where + (key,)))
                stack.extend(reversed(children))
            else:
                stack.extend((item[i], where + (i,)) for i in range(len(item) - 1, -1, -1))
            continue
        if isinstance(item, str):
            _check_string(item, where, out)
        elif isinstance(item, float):
            if not _isfinite(item):
                _add(out, where, "non-finite", value=_show(item))
        elif not isinstance(item, int):
            _add(out, where, "not-json", value=_show(item))


def _scan_ok(value: object, depth: int) -> bool:
    """True when _scan would report nothing for a value ``depth`` steps below the body."""
    stack = [(value, depth)]
    active: set = set()
    done: set = set()
    while stack:
        item, depth = stack.pop()
        if item is _MISSING:
            active.discard(depth)
            done.add(depth)
            continue
        kind = type(item)
        if kind is str:
            if "sk-" in item and _SECRET_SEARCH(item) is not None:
                return False
            continue
        if kind is int or kind is bool or item is None:
            continue
        if kind is float:
            if not _isfinite(item):
                return False
            continue
        if isinstance(item, (dict, list)):
            ident = id(item)
            if ident in active or depth >= _MAX_DEPTH:
                return False
            if ident in done:
                continue
            active.add(ident)
            stack.append((_MISSING, ident))
            if isinstance(item, dict):
                for key, child in item.items():
                    if not isinstance(key, str):
                        return False
                    stack.append((child, depth + 1))
            else:
                stack.extend((child, depth + 1) for child in item)
            continue
        if isinstance(item, str):
            if _is_secret(item):
                return False
        elif isinstance(item, float):
            if not _isfinite(item):
                return False
        elif not isinstance(item, int):
            return False
    return True


def _extra_keys(obj: dict, path: tuple, known: frozenset, excluded: dict, out: list) -> None:
    """Report keys outside ``known``: excluded ones with their reason, others as unknown, with
    the closest known name suggested; their values are still scanned."""
    for key, value in obj.items():
        if key in known:
            continue
        if not isinstance(key, str):
            _add(out, path, "not-json", value=_PHRASES["non_string_key"].format(value=_show(key)))
            continue
        where = path + (key,)
        if key in excluded:
            _add(out, where, "excluded-field", name=_show(key)[1:-1], reason=excluded[key])
        else:
            close = _difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75) if len(key) <= 100 else []
            hint = _PHRASES["suggestion"].format(name=close[0]) if close else ""
            _add(out, where, "unknown-field", name=_show(key)[1:-1], suggestion=hint)
        _scan(value, where, out)


def _order_key(body: object, path: tuple, cache: dict) -> tuple:
    """Where ``path`` sits in document order: the index of each step within its container."""
    key = []
    node = body
    for step in path:
        if isinstance(node, dict):
            index = cache.get(id(node))
            if index is None:
                index = cache[id(node)] = {k: i for i, k in enumerate(node)}
            key.append(index.get(step, -1))
            node = node.get(step)
        elif isinstance(node, list) and type(step) is int:
            key.append(step)
            node = node[step] if 0 <= step < len(node) else None
        else:
            key.append(-1)
            node = None
    return tuple(key)


def _finish(body: object, found: list) -> "list[Error]":
    """Turn collected (path, rule, message) triples into Errors in document order."""
    if len(found) > 1:
        cache: dict = {}
        found = sorted(found, key=lambda item: _order_key(body, item[0], cache))
    errors = []
    for path, rule, message in found:
        keyword, severity = _RULES[rule][0], _RULES[rule][1]
        errors.append(Error(_pointer(path), rule, keyword, message, severity))
    return errors


def _digits_in_range(key: str, low: int, high: int) -> bool:
    """A decimal-digit key (leading zeros allowed) whose value lies in [low, high]."""
    digits = key.lstrip("0") or "0"
    return len(digits) <= len(str(high)) and low <= int(digits) <= high


def _equals(obj: dict, field: str, value: str) -> bool:
    member = obj.get(field)
    return isinstance(member, str) and member == value


def _table_limit(obj: dict, field: str, table: dict) -> object:
    key = obj.get(field)
    return table.get(key) if isinstance(key, str) else None


def _member_of(obj: dict, field_path: tuple, among_path: tuple, path: tuple, rule: str, out: "list | None") -> bool:
    """The string at ``field_path`` must equal the string at ``among_path[1:]`` of some item of
    the array ``among_path[0]``; only judged when both are there with the right types."""
    target: object = obj
    for step in field_path:
        if not isinstance(target, dict):
            return True
        target = target.get(step, _MISSING)
    pool = obj.get(among_path[0])
    if not isinstance(target, str) or not isinstance(pool, list):
        return True
    for item in pool:
        for step in among_path[1:]:
            item = item.get(step, _MISSING) if isinstance(item, dict) else _MISSING
        if isinstance(item, str) and item == target:
            return True
    if out is not None:
        _add(out, path + field_path, rule, value=_show(target))
    return False


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _as_text(value: object) -> "str | None":
    return value if isinstance(value, str) else None


# Shapes of warnings. Each reads only what it needs and ignores members of the wrong type, since
# a body with errors is still linted for warnings.

def _warn_known(obj: dict, path: tuple, field: str, table: dict, rule: str, out: list) -> None:
    value = obj.get(field)
    if isinstance(value, str) and value and value not in table and not _is_secret(value):
        close = _difflib.get_close_matches(value, list(table), n=1, cutoff=0.8) if len(value) <= 100 else []
        hint = _PHRASES["suggestion"].format(name=close[0]) if close else ""
        _add(out, path + (field,), rule, value=_show(value), suggestion=hint)


def _warn_unique(obj: dict, path: tuple, field: str, by: str, rule: str, out: list) -> None:
    items = obj.get(field)
    if not isinstance(items, list):
        return
    seen: dict = {}
    for index, item in enumerate(items):
        if isinstance(item, dict):
            name = item.get(by)
            if isinstance(name, str):
                if name in seen:
                    _add(out, path + (field, index, by), rule, value=_show(name), first=seen[name])
                else:
                    seen[name] = index


def _warn_not_both_altered(obj: dict, path: tuple, fields: tuple, defaults: tuple, rule: str, out: list) -> None:
    for field, default in zip(fields, defaults):
        value = obj.get(field)
        if not _is_number(value) or value == default:
            return
    _add(out, path + (fields[0],), rule)


def _warn_recommend(obj: dict, path: tuple, field: str, rule: str, out: list) -> None:
    if field not in obj:
        _add(out, path, rule)


def _warn_nested_equals(obj: dict, path: tuple, field: str, key: str, expected: str, rule: str, out: list) -> None:
    value = obj.get(field)
    if not isinstance(value, dict):
        return
    if key not in value:
        _add(out, path + (field,), rule, value=_PHRASES["absent"])
    elif value[key] != expected:
        _add(out, path + (field, key), rule, value=_show(value[key]))


def _warn_json_string(obj: dict, path: tuple, field: str, rule: str, out: list) -> None:
    value = obj.get(field)
    if not isinstance(value, str):
        return
    try:
        _json.loads(value, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        reason = exc.msg if isinstance(exc, _json.JSONDecodeError) else str(exc)[:_CUT]
        where = f" at character {exc.pos}" if isinstance(exc, _json.JSONDecodeError) else ""
        _add(out, path + (field,), rule, reason=_printable(reason) + where)


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


_token_counter = None
_tokenizer_needed = [0]


def set_token_counter(counter: "object") -> None:
    """Install ``counter(text) -> int`` (a cl100k_base tokenizer); the context-length warning
    runs only when one is installed."""
    global _token_counter
    _token_counter = counter


def tokenizer_needed() -> int:
    """How many bodies needed a tokenizer that was not installed (their warning was skipped)."""
    return _tokenizer_needed[0]


def _string_bytes(value: object) -> int:
    """UTF-8 bytes of every string in a value: an upper bound on its tokens."""
    total = 0
    stack = [value]
    seen = 0
    while stack and seen < 1_000_000:
        item = stack.pop()
        seen += 1
        if isinstance(item, str):
            total += len(item.encode("utf-8", "surrogatepass"))
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return total


def _warn_context_length(obj: dict, path: tuple, field: str, messages_field: str, model_field: str,
                         functions_field: str, limits: dict, constants: dict, per_reply: int,
                         rule: str, prompt_message: str, out: list) -> None:
    """Estimate prompt tokens (OpenAI Cookbook) and warn when prompt + max_tokens overflow.

    Strings are counted by bytes first: a token covers at least one byte, so when even the byte
    count fits, the tokenizer is never called.
    """
    model = obj.get(model_field)
    messages = obj.get(messages_field)
    if not isinstance(model, str) or model not in limits or not isinstance(messages, list):
        return
    limit = limits[model]
    wanted = obj.get(field)
    wanted = wanted if _is_number(wanted) and not isinstance(wanted, float) or (type(wanted) is float and _isfinite(wanted) and wanted.is_integer()) else None
    wanted_tokens = int(wanted) if wanted is not None else 0
    per_message, per_name = constants[model]
    functions = obj.get(functions_field)
    upper = per_reply + len(messages) * max(per_message, 0) + _string_bytes(messages)
    upper += abs(per_name) * len(messages)
    if functions is not None:
        upper += _string_bytes(functions) + 8 * len(functions) if isinstance(functions, list) else 0
    if upper + wanted_tokens <= limit:
        return
    counter = _token_counter
    if counter is None or counter("") is None:  # none installed, or it could not load
        _tokenizer_needed[0] += 1
        return
    prompt = per_reply
    for message in messages:
        if not isinstance(message, dict):
            continue
        prompt += per_message
        for key, value in message.items():
            if isinstance(value, str):
                prompt += counter(value)
            elif isinstance(value, dict):
                prompt += sum(counter(v) for v in value.values() if isinstance(v, str))
            if key == "name":
                prompt += per_name
    approx = ""
    if isinstance(functions, list) and functions:
        prompt += counter(_json.dumps(functions, ensure_ascii=False, default=str)) if _scan_ok(functions, 1) else 0
        approx = _PHRASES["approx"]
    if wanted is not None and prompt + wanted_tokens > limit:
        _add(out, path + (field,), rule, prompt=prompt, approx=approx, value=wanted_tokens, limit=limit, key=model)
    elif wanted is None and prompt > limit:
        out.append((path + (messages_field,), rule, prompt_message.format(prompt=prompt, approx=approx, limit=limit, key=model)))
