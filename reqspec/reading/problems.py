"""What can go wrong while reading a file, said once, with stable ids.

Every problem the reading layer finds becomes a ``ReadProblem`` rather than an exception, so a
lint run over thousands of files reports them all and never dies on one bad byte. The ids are a
public contract (they appear in output, SARIF and docs); the help texts in ``PROBLEMS`` are what
the documentation and SARIF rule descriptions show.

Messages are built so that hostile input cannot do anything to a terminal or log: at most about
forty characters of input are ever echoed, control characters (ANSI escapes included) are
shown escaped, and anything shaped like an OpenAI secret key is redacted before it is quoted.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..redaction import redact


class ReadProblem(NamedTuple):  # not a dataclass: importing dataclasses (and inspect) would add a third to a lint run's start
    """One located problem met while turning bytes into documents.

    ``line`` and ``column`` are 1-based; columns count characters of the decoded line, except for
    undecodable bytes where there are no characters yet and the column counts bytes.
    """

    rule: str
    message: str
    line: int
    column: int
    pointer: str = ""


PROBLEMS: dict[str, str] = {
    "invalid-json": (
        "The text is not valid JSON (RFC 8259). The message is the parser's reason and the position "
        "is where parsing stopped. In a JSONL file each non-blank line must be one complete JSON "
        "value; the position is given in the file, not in the line."
    ),
    "duplicate-key": (
        "An object has the same key twice. JSON parsers disagree on which value wins (reqspec keeps "
        "the last one, like most), so a body with duplicate keys may not mean what it seems to. "
        "Reported at the second occurrence of the key."
    ),
    "lone-surrogate": (
        "A JSON string escapes half of a UTF-16 surrogate pair (\\uD800 to \\uDFFF without its other "
        "half), often left by cutting text in the middle of an emoji. The escape stands for no "
        "character and the string cannot be encoded as UTF-8, so strict JSON parsers refuse the body "
        "(I-JSON, RFC 7493 section 2.1). The rest of the body is still checked."
    ),
    "non-finite": (
        "NaN, Infinity and -Infinity (or YAML's .nan and .inf) are not JSON numbers. Python's json "
        "module writes them by default, but the API rejects the body. Replace them with a finite "
        "number or null."
    ),
    "invalid-utf8": (
        "The file is not UTF-8. JSON exchanged between systems must be UTF-8 (RFC 8259 section 8.1). "
        "A leading UTF-8 byte order mark is accepted; UTF-16 and UTF-32 files (with or without a "
        "byte order mark) are named as such. The position is the first byte that cannot be decoded, "
        "with the column counted in bytes."
    ),
    "empty-file": (
        "The file has no content: it is empty or holds only whitespace (a YAML file may also hold "
        "only comments). There is no request body to check."
    ),
    "not-an-object": (
        "The top level of a request body must be a JSON object. A list of bodies belongs in a JSONL "
        "file (one body per line) or a YAML stream (one body per document)."
    ),
    "number-too-long": (
        "A number literal is too long to convert: integers with more than 4,300 digits (written in "
        "any base; fewer when the interpreter's limit is lowered) exceed Python's safe conversion "
        "limit and are far outside anything the API accepts."
    ),
    "too-deep": (
        "Arrays and objects are nested deeper than the configured limit (128 levels by default, "
        "1,000 at most whatever the setting). Such input is almost certainly an attack on recursive "
        "parsers, not a request body."
    ),
    "file-too-large": (
        "The file (or, in a JSONL file, one line) is larger than the configured size limit "
        "(50 MiB by default), so it is not read."
    ),
    "unreadable": (
        "The path cannot be read as a file: it does not exist, permission is denied, it is a "
        "directory where a file is needed, it is a FIFO, socket or device, or it is a symbolic link "
        "loop. Only regular files are read."
    ),
    "unknown-format": (
        "The file name does not end in .json, .jsonl, .yaml or .yml, so its format is unknown. "
        "Rename it, or name the format explicitly."
    ),
    "yaml-syntax": (
        "The text is not valid YAML. The message is the YAML parser's reason and the position is "
        "where it stopped. Documents of the stream before that point are still checked."
    ),
    "yaml-tag": (
        "Only the YAML 1.2 core tags (!!str, !!int, !!float, !!bool, !!null, !!map, !!seq) are "
        "allowed, and the tagged value must fit its tag. No tag ever constructs an object, so "
        "python/*, !!binary, !!timestamp, !!set, !!omap and custom tags are refused."
    ),
    "yaml-alias-budget": (
        "Expanding YAML aliases would produce more nodes than the configured budget (100,000 per "
        "document by default), as in the 'billion laughs' attack, or an alias refers to a node that "
        "contains it, which would make the body cyclic."
    ),
    "non-string-key": (
        "A YAML mapping key is neither a string nor an integer after YAML 1.2 core resolution (for "
        "example 1.5, true, null, or a mapping used as a key). JSON object keys are strings; quote "
        "the key. An integer key counts as its decimal string (50256: -100 under logit_bias is the "
        "key \"50256\"), as a JSON body would write it."
    ),
}


_QUOTED_RUN = re.compile(r"'([^']{41,})'|\"([^\"]{41,})\"")
def escape(text: str) -> str:
    """Return ``text`` with every non-printable character written as a Python-style escape.

    ``str.isprintable`` is false for control characters (ESC included), format characters such as
    bidirectional overrides, and line or paragraph separators: exactly what must not reach a
    terminal raw.
    """
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        else:
            code = ord(ch)
            if code < 0x100:
                out.append(f"\\x{code:02x}")
            elif code < 0x10000:
                out.append(f"\\u{code:04x}")
            else:
                out.append(f"\\U{code:08x}")
    return "".join(out)


def excerpt(text: str, limit: int = 40) -> str:
    """Quote at most ``limit`` characters of input, escaped, keys redacted, marking a cut with an
    ellipsis."""
    text = redact(text[: 4 * limit])
    if len(text) > limit:
        return escape(text[:limit]) + "…"
    return escape(text)


def clean_message(message: str, limit: int = 200) -> str:
    """Make a third-party message (a parser's) safe and one line long.

    Quoted runs longer than forty characters are cut, so a parser that quotes input cannot be made
    to echo much of it.
    """

    def shorten(match: re.Match[str]) -> str:
        quote = match.group(0)[0]
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        return quote + inner[:40] + "…" + quote

    one_line = " ".join(part.strip() for part in message.splitlines() if part.strip())
    one_line = _QUOTED_RUN.sub(shorten, redact(one_line))
    one_line = escape(one_line)
    if len(one_line) > limit:
        one_line = one_line[:limit] + "…"
    return one_line


def json_type_name(value: object) -> str:
    """The JSON name of a parsed value's type, for messages about the wrong top-level type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def not_an_object(value: object, line: int, column: int) -> ReadProblem:
    """The problem for a document whose top level is not an object."""
    return ReadProblem(
        "not-an-object",
        f"the request body must be a JSON object, but this document is {json_type_name(value)}",
        line,
        column,
        "",
    )
