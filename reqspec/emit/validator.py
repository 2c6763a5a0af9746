"""Emit the pure-Python validator module of a spec.

The output is straight-line code specialised to the spec: one small function per object and mode
(``validator_objects``), each value's checks written from its type (``validator_values``), no
interpreter walking the spec at run time. Two modes share one walk of the model:

- ``errors``: collect every finding as (path, kind, message); paths are tuples, turned into JSON
  Pointers only when read. When ``lint()`` passes a ``warns`` list, the functions of objects with
  warnings (and of what leads to them) add their warnings to it, so linting walks the body once;
- ``valid``: return False at the first problem, building nothing.

What does not depend on the spec (the Error class, the free-form scan, messages, ordering, the
check kinds' run-time parts) is ``reqspec.runtime``: the module generated inside the package
imports it; a standalone module (``reqspec generate --spec --out``) gets a copy of exactly what
its code uses, so it runs on the standard library alone.
"""

from __future__ import annotations

from ..checks import KINDS
from ..spec import model as m
from ..spec.loader import NEWER_RULE, SECRET_PATTERN
from ..spec.portability import portable
from . import runtime_copy
from .code import Code, lit
from .validator_objects import ObjectWriter
from .validator_output import ERRORS, VALID, Helper, Output

#: What every validator module offers beside its checks, whether or not its code uses them.
EXPORTED = {"Error", "InvalidRequestError", "raw_pointer", "at_key"}

#: Names for annotations in a module that imports the runtime (a standalone one copies them).
ANNOTATIONS = '''TYPE_CHECKING = False
if TYPE_CHECKING:  # names for annotations only: importing typing would slow the module's import
    from typing import Any, Callable, Collection

    from reqspec.runtime.errors import Found, Path, Row'''

Finding = tuple[str, str | None, str, str, bool]


def finding_kinds(spec: m.Spec) -> dict[str, Finding]:
    """Every kind of finding the module makes: kind -> (rule id, JSON Schema keyword, severity,
    message template, whether it is about a key). Most kinds are a rule; a rule reported in
    another form is the kind ``rule:form``: a secret-shaped key (checked by the schema's
    ``propertyNames``), a value or type of a later API (with the keyword of the enum or type
    error it stands in for), and the forms a check kind declares (a newer model, the prompt alone
    over the context length), each with its own message."""
    rules = spec.rules
    kinds = {rid: (rid, r.keyword, "error", r.message, r.at == "key") for rid, r in rules.items()}
    secret = rules[SECRET_PATTERN]
    kinds[f"{SECRET_PATTERN}:key"] = (SECRET_PATTERN, m.KEY_FORM_KEYWORD, "error", secret.key_message or secret.message, True)
    newer = rules.get(NEWER_RULE)
    if newer is not None:
        for form in ("enum", "type"):
            kinds[f"{NEWER_RULE}:{form}"] = (NEWER_RULE, rules[form].keyword, "error", newer.message, False)
    for rule in sorted(_key_rules(spec)):  # a map key breaking a rule about values: its key form
        if rules[rule].at != "key":
            kinds[f"{rule}:key"] = (rule, m.KEY_FORM_KEYWORD, "error", rules[rule].key_message or rules[rule].message, True)
    for _, check in spec.checks():
        kinds[check.id] = (check.id, check.keyword, check.level, check.message, KINDS[check.kind].at_key)
        for form, param in KINDS[check.kind].forms.items():
            template = getattr(check.params, param)
            if template:
                kinds[f"{check.id}:{form}"] = (check.id, check.keyword, check.level, template, False)
    return kinds


def _key_rules(spec: m.Spec) -> set[str]:
    """The rules a map's keys are checked by, anywhere in the spec."""
    found: set[str] = set()

    def visit(kind: m.Type) -> None:
        for variant in kind.variants:
            if isinstance(variant, m.Map) and variant.keys.rule is not None:
                found.add(variant.keys.rule)
            for child in m.children(variant):
                visit(child)

    for obj in spec.objects.values():
        for f in obj.fields:
            visit(f.type)
        if obj.other_keys is not None:
            visit(obj.other_keys)
    return found


def _functions(spec: m.Spec, out: Output) -> str:
    """Every function checking objects and values: per mode, each object's, then what they ask for."""
    writer = ObjectWriter(out)
    for mode in (ERRORS, VALID):
        for name in spec.objects:
            out.request(mode, name, "one")
        while out.pending:
            item = out.pending.pop(0)
            if isinstance(item, Helper):
                writer.write_helper(item)
            else:
                mode_, target, form = item
                writer.write_object(mode_, spec.objects[target], form)
    return out.code.text()


def _entry_points(spec: m.Spec, out: Output) -> str:
    """The public functions, and the tables a linter reads."""
    api = Code()
    _root_api(api, out, spec.root, "", "body")
    with api.block("def check(body: object) -> None:"):
        api('"""Raise InvalidRequestError, holding every error, unless the body is valid."""')
        with api.block("if not is_valid(body):"):
            api("raise InvalidRequestError(validate(body))")
    api.blank(2)
    for kind, root in spec.roots.items():
        if root != spec.root:
            _root_api(api, out, root, f"_{kind}", kind)
            with api.block(f"def check_{kind}(body: object) -> None:"):
                api(f'"""Raise InvalidRequestError, holding every error, unless the {kind} document is valid."""')
                with api.block(f"if not is_valid_{kind}(body):"):
                    api(f"raise InvalidRequestError(validate_{kind}(body))")
            api.blank(2)
    with api.block("def set_token_counter(counter: Callable[[str], int | None] | None | str) -> None:"):
        api('"""Choose how warnings that count tokens do so: ``counter(text) -> int`` (a tokenizer of the',
            "models' encoding), None to turn them off, or \"auto\" (the default) to load tiktoken the first",
            'time a body needs it, when it is installed."""',
            "choose_counter(_DATA, counter)")
    api.blank(2)
    with api.block("def tokenizer_needed() -> int:"):
        api('"""How many bodies needed a tokenizer that was not installed (their warning was skipped)."""',
            "return _DATA.needed")
    api.blank(2)
    rules: dict[str, tuple[str | None, str]] = {rid: (r.keyword, "error") for rid, r in spec.rules.items()}
    for _, check in spec.checks():
        rules[check.id] = (check.keyword, check.level)
    help_texts = {rid: r.help for rid, r in spec.rules.items()}
    help_texts.update({check.id: check.help for _, check in spec.checks()})
    tokenizer_rules = frozenset(check.id for _, check in spec.checks() if KINDS[check.kind].counts_tokens)
    api("#: Every rule a finding can carry: rule id -> (JSON Schema keyword or None, severity).",
        f"RULES = {lit(rules)}",
        "#: What each rule means, for documentation and SARIF.",
        f"HELP = {lit(help_texts)}",
        "#: Rules whose finding is about a key rather than its value (lint locates the key).",
        f"KEY_RULES = {lit(frozenset(rid for rid, r in spec.rules.items() if r.at == 'key'))}",
        "#: Rules that count tokens: they load a tokenizer when a body first needs one.",
        f"TOKENIZER_RULES: frozenset[str] = {lit(tokenizer_rules)}",
        "#: Where the rules are documented, one anchor per rule id.",
        f"DOCS_URL = {lit(spec.docs_url)}",
        "#: What a secret key looks like: the spec's pattern, and a substring every key holds (output hides such keys).",
        f"SECRET_SHAPE = {lit((portable(spec.patterns[SECRET_PATTERN].regex), spec.patterns[SECRET_PATTERN].contains))}")
    kinds = {kind: "" if root == spec.root else f"_{kind}" for kind, root in spec.roots.items()}
    api("#: The kinds of document the spec describes, each with the lint_first() that checks it.",
        "LINT_FIRST = {" + ", ".join(f"{lit(kind)}: lint_first{suffix}" for kind, suffix in kinds.items()) + "}",
        "#: The same, each giving plain rows (see lint_rows()): what the linter calls.",
        "LINT_ROWS = {" + ", ".join(f"{lit(kind)}: lint_rows{suffix}" for kind, suffix in kinds.items()) + "}",
        "#: What a file of each kind keeps to: (members its first document has, members it lacks, the member",
        "#: unique in a file, fewest documents, most documents, most bytes); None: no limit.",
        f"DOCUMENT_KINDS = {lit({kind: (d.present, d.absent, d.unique, d.min_documents, d.max_documents, d.max_bytes) for kind, d in spec.files.items()})}")
    api.blank(2)
    names = ["DOCS_URL", "DOCUMENT_KINDS", "Error", "HELP", "InvalidRequestError", "KEY_RULES", "LINT_FIRST", "LINT_ROWS", "RULES",
             "TOKENIZER_RULES", "check", "set_token_counter", "tokenizer_needed"]
    names += [f"{api_name}{suffix}" for suffix in kinds.values()
              for api_name in ("is_valid", "lint", "lint_first", "lint_rows", "validate")]
    names += [f"check{suffix}" for suffix in kinds.values() if suffix]
    api(f"__all__ = {lit(sorted(names))}")
    return api.text()


def _root_api(api: Code, out: Output, root: str, suffix: str, kind: str) -> None:
    """The public functions checking one kind of document (``validate`` for the body,
    ``validate_batch`` for a Batch API line, ...), and the private ones they call."""
    errors_root, valid_root = ERRORS.func(root), VALID.func(root)
    lints = root in out.lint_needed
    what = "body" if kind == "body" else f"document of the kind {kind} (its object {root})"
    # Each entry point checks the document as given, and a plain copy when a value's own method
    # raises (a JSON type's subclass whose methods raise, or an object lying about its type).
    entry_points = [
        (f"validate{suffix}(body: object) -> list[Error]",
         f"Every error in the {what}, in document order; an empty list when it is valid.", "_errors", ""),
        (f"is_valid{suffix}(body: object) -> bool",
         "True when validate() would find nothing; stops at the first error, builds nothing.", "_valid", ""),
        (f"lint{suffix}(body: object) -> list[Error]", "Errors and warnings together, in document order.", "_errors", ", True"),
        (f"lint_first{suffix}(body: object, limit: int, skip: Collection[str] = (), size: int = -1) -> tuple[list[Error], int, int]",
         "At most ``limit`` findings of lint(), in document order, leaving out the rules in ``skip``, "
         "and how many more errors and warnings it found: a body with millions of findings costs no "
         "memory past the limit (the ones listed are the first the check meets). ``size``, when known, "
         "is the length in bytes of the JSON text the body was read from: it bounds the body's strings, "
         "so the context-length warning need not measure them when even it fits.", "_first", ", limit, skip, size"),
        (f"lint_rows{suffix}(body: object, limit: int, skip: Collection[str] = (), size: int = -1) -> tuple[list[Row], int, int]",
         "lint_first() for a linter: each finding a plain tuple (pointer as the body has it, pointer as shown, rule, "
         "severity, message, whether it is about a key), with no Error object built.", "_first", ", limit, skip, size, True"),
    ]
    for signature, doc, function, args in entry_points:
        with api.block(f"def {signature}:"):
            api(lit(doc))
            with api.block("try:"):
                api(f"return {function}{suffix}(body{args})")
            with api.block("except Exception:  # checked again on a plain copy (see retried)"):
                api(f"return retried({function}{suffix}, body{args})")
        api.blank(2)
    budget = root in out.budget_needed  # the root leads to recursive objects: a budget per check
    extra = ", budget" if budget else ""
    with api.block(f"def _errors{suffix}(body: object, warnings: bool = False) -> list[Error]:"):
        api('"""The errors, and with ``warnings`` the warnings too, of one body."""',
            "out: Found = []")
        if lints:
            api("warns: Found | None = [] if warnings else None")
        _guarded(api, budget, f"{errors_root}(body, (), out, warns{extra})" if lints else f"{errors_root}(body, (), out{extra})")
        if lints:
            with api.block("if warns:"):
                api("out += warns")
        api("return finish(body, out, _DATA) if out else []")
    api.blank(2)
    with api.block(f"def _valid{suffix}(body: object) -> bool:"):
        api('"""is_valid() on the body as given."""')
        if budget:
            with api.block("try:"):
                api(f"return {valid_root}(body, 0, [BUDGET, 0])")
            with api.block("except Oversized:"):
                api("return False")
        else:
            api(f"return {valid_root}(body, 0)")
    api.blank(2)
    with api.block(f"def _first{suffix}(body: object, limit: int, skip: Collection[str], size: int, rows: bool = False) -> tuple[list[Any], int, int]:"):
        api('"""lint_first() on the body as given."""',
            "out = Capped(limit, skip, _DATA)")
        if lints:
            api("warns = Capped(limit, skip, _DATA, size)")
            _guarded(api, budget, f"{errors_root}(body, (), out, warns{extra})", SIZED_BUDGET)
            with api.block("if not (out or warns or out.overflow or warns.overflow):  # the clean body: nothing to order"):
                api("return [], 0, 0")
            api("return cut(body, [*out, *warns], limit, [out.overflow, warns.overflow], _DATA, rows)")
        else:
            _guarded(api, budget, f"{errors_root}(body, (), out{extra})", SIZED_BUDGET)
            with api.block("if not (out or out.overflow):  # the clean body: nothing to order"):
                api("return [], 0, 0")
            api("return cut(body, list(out), limit, [out.overflow], _DATA, rows)")
    api.blank(2)


#: The budget of a body read from JSON text of ``size`` bytes: such a body is a tree (only a Python
#: body can hold one container at many places) of fewer objects than bytes, so however wide it is,
#: it is checked whole in time linear in its text.
SIZED_BUDGET = "BUDGET if size < 0 else max(BUDGET, size)"


def _guarded(api: Code, budget: bool, call: str, start: str = "BUDGET") -> None:
    """The call of the root's function; with a budget of recursive objects (``start``), a body
    past it gets one not-json finding where the check stopped, and a container that holds itself
    is told from a deep tree where a check stopped (see ``reqspec.runtime.recursion``)."""
    if not budget:
        api(call)
        return
    api(f"budget = [{start}, STOPS]")
    with api.block("try:"):
        api(call)
    with api.block("except Oversized as stop:"):
        api("stopped(body, (), stop.path, out, _DATA)")
    with api.block("if out:"):
        api("held(body, out, _DATA)")


def render_validator(spec: m.Spec, spec_file: str, *, standalone: bool = False) -> str:
    """The generated module's source for ``spec`` (``spec_file`` is named in its header).

    ``standalone``: the module holds a copy of the runtime it uses instead of importing it."""
    findings = finding_kinds(spec)
    out = Output(spec, {kind: row[3] for kind, row in findings.items()})
    functions = _functions(spec, out)
    api = _entry_points(spec, out)
    constants = Code()
    constants("# Constants from the spec.",
              f"_SPEC_ID = {lit(spec.id)}",
              f"_SPEC_TITLE = {lit(spec.title)}",
              f"_SPEC_FILE = {lit(spec_file)}")
    secret = spec.patterns[SECRET_PATTERN]
    texts = {name: text for name, text in spec.phrases.items() if isinstance(text, str)}
    constants(f"_DATA = SpecData({lit(findings)}, {lit(texts)}, {lit(portable(secret.regex))}, {lit(secret.contains)}, "
              f"{lit(spec.max_depth)})",
              f"_SECRET_SEARCH = lazy_search(globals(), '_SECRET_SEARCH', {lit(portable(secret.regex))})",
              *(f"{name}{source}" for name, source in out.constants.items()))
    body = constants.text() + "\n\n" + functions + "\n\n" + api
    used = runtime_copy.used_names(body) | EXPORTED

    head = Code()
    head('"""Validator of a request body, generated from its reqspec spec (_SPEC_TITLE, _SPEC_FILE).', "",
         "Generated by `reqspec generate`: do not edit; edit the spec and regenerate.",
         "Standard library only: this file can be copied into a project on its own." if standalone
         else "Its fixed part is imported from reqspec.runtime.")
    head('"""')
    head.blank()
    head("from __future__ import annotations")
    head.blank()
    if "_re." in body:
        head("import re as _re")
        head.blank()
    if standalone:
        head(*runtime_copy.copy(used).rstrip("\n").split("\n"))
    else:
        head(*runtime_copy.imports(used))
        head.blank()
        head(*ANNOTATIONS.split("\n"))
    source = head.text() + "\n\n" + body
    compile(source, "<generated validator>", "exec")
    return source
