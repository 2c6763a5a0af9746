"""The reference page of a body: a section per object with a table of its fields (type, required,
range and limits, default, nullable), each field's description in the spec's words, the examples,
the excluded keys with their reasons, and the names and values a later API added."""

from __future__ import annotations

from typing import Any, Callable

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


def limits(te: m.TypeExpr) -> list[str]:
    """The constraints of one alternative, in words."""
    out = []
    if te.enum is not None:
        out.append("one of " + ", ".join(code(json_text(v)) for v in te.enum))
    for words in (_span(te.minimum, te.maximum), _span(te.min_length, te.max_length, "character"),
                  _span(te.min_items, te.max_items, "item")):
        if words:
            out.append(words)
    if te.pattern is not None:
        out.append(f"matches {code(te.pattern.regex)} ({text(te.pattern.says)})")
    if te.items is not None and limits(te.items):
        out.append("each item " + ", ".join(limits(te.items)))
    if te.keys is not None:
        out.append(f"keys: decimal digits, {_span(te.keys.minimum, te.keys.maximum)}")
    if te.values is not None and limits(te.values):
        out.append("values: " + ", ".join(limits(te.values)))
    return out


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

    def type_words(self, te: m.TypeExpr, link: Callable[[str, str], str]) -> str:
        if te.ref is not None:
            return link(text(self.spec.objects[te.ref].title), self.object_key(te.ref))
        if te.items is not None:
            return "array of " + self.type_words(te.items, link)
        if te.values is not None:
            return f"object with {self.type_words(te.values, link)} values"
        if te.type == "json_object":
            return "object (any JSON)"
        return te.type

    def field_row(self, obj: m.ObjectType, f: m.Field) -> list[str]:
        link = self.page.link
        types = " or ".join(self.type_words(te, link) for te in f.variants)
        if len(f.variants) == 1:
            ranges = "; ".join(limits(f.variants[0]))
        else:
            ranges = "; ".join(f"{self.type_words(te, link)}: {', '.join(limits(te))}"
                               for te in f.variants if limits(te))
        if f.default is not m.NO_DEFAULT:
            default = show_value(f.default)
        else:
            default = text(f.default_text) if f.default_text else "—"
        return [link(code(f.name), self.field_key(obj.name, f.name)), types, "yes" if f.required else "no",
                ranges or "—", default, "yes" if f.nullable else "no"]

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
            later += [(text(phrases["newer_value"].format(field=f.name, value=n.what)), n.since) for n in f.newer_values]
            later += [(text(phrases["newer_type"].format(field=f.name, type=n.shown_as)), n.since) for n in f.newer_types]
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
