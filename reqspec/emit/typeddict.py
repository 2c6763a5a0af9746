"""Emit a module of ``TypedDict`` types for the body, for type checkers and editors.

Each object of the spec becomes a ``TypedDict`` named as its OpenAPI component (the object's
``type_name``, or its id in CamelCase), with ``Required``/``NotRequired`` on every member, a
``Literal`` for a string or integer enum, and the spec's descriptions as docstrings. The classes
are written leaves first, so the module needs no postponed annotations and its types are real
objects at run time too; a reference back up a cycle (a tree of nodes) is a quoted forward
reference. Like every emitter, this one writes spec values only through ``lit()``.
"""

from __future__ import annotations

import keyword
import re
from typing import assert_never

from ..spec import model as m
from .code import Code, ident, lit

#: What the generated module imports from ``typing``; no class may take one of these names.
_TYPING = ("Any", "Literal", "NotRequired", "Required", "TypedDict")

def class_name(spec: m.Spec, obj: m.ObjectType) -> str:
    name = ident(m.component_name(spec, obj.name))
    if name in _TYPING:
        raise ValueError(f"the type name {name!r} of object {obj.name!r} is taken by typing; set type_name")
    return name


def variant_source(spec: m.Spec, v: m.Variant, written: set[str]) -> str:
    """The annotation of one alternative; an object not written yet (a reference back up a
    cycle) is named in quotes, as a forward reference."""
    match v:
        case m.Ref(target):
            name = class_name(spec, spec.objects[target])
            return name if target in written else lit(name)
        case m.String(enum=enum) if enum is not None:
            return "Literal[" + ", ".join(lit(x) for x in enum) + "]"
        case m.Integer(enum=enum) if enum is not None:
            return "Literal[" + ", ".join(lit(x) for x in enum) + "]"
        case m.String():
            return "str"
        case m.Number():
            return "float"
        case m.Integer():
            return "int"
        case m.Boolean():
            return "bool"
        case m.Null():
            return "None"
        case m.Array(items=items):
            return f"list[{type_source(spec, items, written)}]"
        case m.Map(values=values):
            return f"dict[str, {type_source(spec, values, written)}]"
        case m.AnyValue(json_type=kind):
            return "dict[str, Any]" if kind == "object" else "Any"
        case _:
            assert_never(v)


def type_source(spec: m.Spec, t: m.Type, written: set[str]) -> str:
    return " | ".join(variant_source(spec, v, written) for v in t.variants)


def field_source(spec: m.Spec, f: m.Field, written: set[str]) -> str:
    return f"{'Required' if f.required else 'NotRequired'}[{type_source(spec, f.type, written)}]"


def docstring(words: str) -> str:
    """A string literal statement: after a class line or a member, editors show it as its doc."""
    return lit(" ".join(words.split()))


def _order(spec: m.Spec) -> list[m.ObjectType]:
    """Every object after the objects its members refer to, as far as cycles allow."""
    done: list[str] = []
    started: set[str] = set()

    def visit(name: str) -> None:
        if name in started:
            return
        started.add(name)
        for ref in spec.refs(name):
            visit(ref.target)
        done.append(name)

    visit(spec.root)
    for name in spec.objects:
        visit(name)
    return [spec.objects[name] for name in done]


def _class(code: Code, spec: m.Spec, obj: m.ObjectType, written: set[str]) -> None:
    name = class_name(spec, obj)
    if obj.other_keys is not None:
        # A TypedDict refuses keys it does not declare (Python 3.11 has no ``extra_items``), so an
        # object that takes other keys is a plain dict: a type checker then accepts every valid one.
        code(f"{name} = dict[str, Any]")
        code(docstring(f"{obj.title}: {obj.description} (It takes keys beyond those it declares, so its type is a "
                       "plain dict.)"))
        code.blank(2)
        return
    # A class body can declare only ASCII Python names: Python normalises other identifiers
    # (NFKC), which could change the key a type checker expects.
    plain = all(f.name.isidentifier() and f.name.isascii() and not keyword.iskeyword(f.name) for f in obj.fields)
    if not plain:
        # Members that are not such names need the functional form (which has no docstrings).
        code(f"{name} = TypedDict({lit(name)}, {{")
        for f in obj.fields:
            code(f"    {lit(f.name)}: {field_source(spec, f, written)},")
        code("})")
        code.blank(2)
        return
    with code.block(f"class {name}(TypedDict):"):
        code(docstring(f"{obj.title}: {obj.description}"))
        for f in obj.fields:
            code("")
            code(f"{ident(f.name)}: {field_source(spec, f, written)}")
            code(docstring(f.description))
    code.blank(2)


def render_types(spec: m.Spec, spec_file: str) -> str:
    """The source of the types module of ``spec`` (``spec_file`` is named in its docstring)."""
    objects = _order(spec)
    names = [class_name(spec, obj) for obj in objects]
    if len(set(names)) != len(names):
        raise ValueError(f"two objects have the same type name: {', '.join(names)}")
    body = Code()
    written: set[str] = set()
    for obj in objects:
        _class(body, spec, obj, written)
        written.add(obj.name)  # from now on a real name (its own members still quote it)
    classes = body.text()
    used = [name for name in _TYPING if re.search(rf"\b{name}\b", classes)]
    code = Code()
    code("(")
    for line in (f"Types of the {spec.title}, for type checkers.", "",
                 f"Generated by `reqspec generate` from {spec_file}: do not edit; edit the spec and regenerate.",
                 "Each object is a TypedDict: Required marks the members it must have, and Literal the",
                 "values an enum allows" + (" (an object that takes other keys is a plain dict)" if any(
                     obj.other_keys is not None for obj in objects) else "") + ". The root object is " + names[objects.index(spec.root_object)] + "."):
        code("    " + lit(line + "\n"))
    code(")")
    code.blank()
    code("from typing import " + ", ".join(used))
    code.blank(2)
    code("__all__ = [" + ", ".join(lit(n) for n in sorted(names)) + "]")
    code.blank(2)
    return code.text() + "\n\n" + classes
