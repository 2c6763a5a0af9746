"""The reference page of a body: a section per object with a table of its fields (type, required,
range and limits, default, nullable), each field's description in the spec's words, the examples,
the excluded keys with their reasons, and the names and values a later API added."""

from __future__ import annotations

from typing import Any, Callable, assert_never

from ..spec import model as m
from ..spec.loader import NEWER_RULE
from .markdown_text import DocNames, Page, code, generated_note, json_text, show_body, show_value, text


def _plural(count: Any, word: str) -> str:
    return word if count == 1 else word + "s"


def _span(low: Any, high: Any, unit: str = "") -> str | None:
    """Bounds in words: "0 to 2", "at least 1 item", "at most 64 characters"."""
    def with_unit(value: Any) -> str:
        return f"{json_text(value)} {_plural(value, unit)}" if unit else json_text(value)

    if low is not None and high is not None:
        return f"{json_text(low)} to {with_unit(high)}"
    if low is not None:
        return f"at least {with_unit(low)}"
    if high is not None:
        return f"at most {with_unit(high)}"
    return None


def limits(v: m.Variant) -> list[str]:
    """The constraints of one alternative, in words."""
    out: list[str] = []
    match v:
        case m.String(enum, min_length, max_length, pattern):
            if enum is not None:
                out.append("one of " + ", ".join(code(json_text(x)) for x in enum))
            if (words := _span(min_length, max_length, "character")) is not None:
                out.append(words)
            if pattern is not None:
                out.append(f"matches {code(pattern.regex)} ({text(pattern.says)})")
        case m.Number(enum, minimum, maximum) | m.Integer(enum, minimum, maximum):
            if enum is not None:
                out.append("one of " + ", ".join(code(json_text(x)) for x in enum))
            if (words := _span(minimum, maximum)) is not None:
                out.append(words)
        case m.Array(items, min_items, max_items):
            if (words := _span(min_items, max_items, "item")) is not None:
                out.append(words)
            if inner := type_limits(items):
                out.append("each item " + ", ".join(inner))
        case m.Map(keys, values):
            if keys.digits is not None:
                out.append(f"keys: decimal digits, {_span(*keys.digits)}")
            if inner := type_limits(values):
                out.append("values: " + ", ".join(inner))
        case m.Boolean() | m.Null() | m.AnyValue() | m.Ref():
            pass
        case _:
            assert_never(v)
    return out


def type_limits(t: m.Type) -> list[str]:
    """The constraints of a type, in words (of its one alternative other than null)."""
    variants = t.non_null
    return limits(variants[0]) if len(variants) == 1 else [", ".join(words) for v in variants if (words := limits(v))]


class ReferencePage:
    """Builds the reference page; ``link`` makes links to its objects from this page or another."""

    def __init__(self, spec: m.Spec, names: DocNames) -> None:
        self.spec = spec
        self.names = names
        self.page = Page()

    @staticmethod
    def object_key(name: str) -> str:
        return "object:" + name

    @staticmethod
    def field_key(obj: str, name: str) -> str:
        return f"field:{obj}:{name}"

    def variant_words(self, v: m.Variant, link: Callable[[str, str], str]) -> str:
        match v:
            case m.Ref(target):
                return link(text(self.spec.objects[target].title), self.object_key(target))
            case m.Array(items=items):
                return "array of " + self.type_words(items, link)
            case m.Map(values=values):
                return f"object with {self.type_words(values, link)} values"
            case m.AnyValue(json_type=kind):
                return f"{kind} (any JSON)" if kind is not None else "any JSON value"
            case m.String() | m.Number() | m.Integer() | m.Boolean() | m.Null():
                return str(m.json_type(v))
            case _:
                assert_never(v)

    def type_words(self, t: m.Type, link: Callable[[str, str], str]) -> str:
        """A type in words: its alternatives, null included."""
        return " or ".join(self.variant_words(v, link) for v in t.variants)

    def field_row(self, obj: m.ObjectType, f: m.Field) -> list[str]:
        link = self.page.link
        variants = f.type.non_null
        types = " or ".join(self.variant_words(v, link) for v in variants)
        if len(variants) == 1:
            ranges = "; ".join(limits(variants[0]))
        else:
            ranges = "; ".join(f"{self.variant_words(v, link)}: {', '.join(limits(v))}"
                               for v in variants if limits(v))
        if f.default is not m.NO_DEFAULT:
            default = show_value(f.default)
        else:
            default = text(f.default_text) if f.default_text else "—"
        return [link(code(f.name), self.field_key(obj.name, f.name)), types, "yes" if f.required else "no",
                ranges or "—", default, "yes" if f.type.nullable else "no"]

    def objects(self) -> list[m.ObjectType]:
        """The root first, then the others in spec order."""
        return [self.spec.root_object] + [o for o in self.spec.objects.values() if o.name != self.spec.root]

    def render(self) -> str:
        spec, page = self.spec, self.page
        page(generated_note(self.names))
        page.heading(1, text(spec.title))
        page(text(spec.description), "")
        if spec.endpoint:
            page(f"Sent to {code(spec.endpoint)}.", "")
        page("Objects of the body, and the Python type of each (a `TypedDict` in "
             f"{code(self.names.types_module)}):", "")
        for obj in self.objects():
            page(f"- {page.link(text(obj.title), self.object_key(obj.name))}: {code(m.component_name(spec, obj.name))}")
        page("", f"Every rule a body can break, with a failing body and the fix: [{text(self.names.rules)}]({self.names.rules}).")
        if spec.root_object.example is not m.NO_DEFAULT:
            page.heading(2, "Example body")
            page.block(*show_body(spec.root_object.example))
        for obj in self.objects():
            self.object_section(obj)
        return page.text()

    def object_section(self, obj: m.ObjectType) -> None:
        spec, page = self.spec, self.page
        page.heading(2, text(obj.title), self.object_key(obj.name))
        if obj.description != spec.description:
            page(text(obj.description), "")
        page(f"Python type: {code(m.component_name(spec, obj.name))}.", "")
        page.table(["field", "type", "required", "range and limits", "default", "nullable"],
                   [self.field_row(obj, f) for f in obj.fields])
        if obj.checks:
            rules = ", ".join(f"[{code(c.id)}]({self.names.rules}#{c.id}) ({c.level})" for c in obj.checks)
            page(f"Rules across its fields: {rules}.", "")
        if obj.example is not m.NO_DEFAULT and obj.name != spec.root:
            page("Example:", "")
            page.block(*show_body(obj.example))
        if obj.excluded:
            page.heading(3, f"{text(obj.title)}: excluded fields", f"excluded:{obj.name}")
            page("These keys are not part of the body; a body that has one breaks "
                 f"[{code('excluded-field')}]({self.names.rules}#excluded-field).", "")
            page.table(["key", "why it is not in the body", "source"],
                       [[code(x.name), text(x.reason), text(spec.sources[x.source].title)] for x in obj.excluded])
        later = [(code(n.what), n.since) for n in obj.newer]
        for f in obj.fields:
            phrases = spec.phrases
            values = [n for v in f.type.variants if isinstance(v, m.String) for n in v.newer_values]
            later += [(text(phrases["newer_value"].format(field=f.name, value=n.what)), n.since) for n in values]
            later += [(text(phrases["newer_type"].format(field=f.name, type=n.shown_as)), n.since) for n in f.type.newer]
        if later:
            page.heading(3, f"{text(obj.title)}: added to the API later", f"newer:{obj.name}")
            page("These names and values came with later versions of the API and are not part of this body; "
                 f"a body that has one breaks [{code(NEWER_RULE)}]({self.names.rules}#{NEWER_RULE}).", "")
            page.table(["name or value", "added on"], [[what, since] for what, since in later])
        for f in obj.fields:
            page.heading(3, f"{text(obj.title)}: {code(f.name)}", self.field_key(obj.name, f.name))
            page(text(f.description), "")
            facts = []
            if f.example is not m.NO_DEFAULT:
                facts.append(f"Example: {show_value(f.example)}")
            facts.append(f"Source: {text(spec.sources[f.source].title)}")
            page(". ".join(facts) + ".", "")


def render_reference(spec: m.Spec, names: DocNames) -> str:
    """The reference page of the body."""
    return ReferencePage(spec, names).render()
