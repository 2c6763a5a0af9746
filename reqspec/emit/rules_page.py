"""The rules page: every rule id a finding can carry, with its severity, what triggers it, its
source, a failing body, what the validator reports for it, and the fix.

What the validator reports is passed in as a function (``Reporter``), and the linter's own rules
as data (``ExtraRule``), so this module depends on the spec model alone.
"""

from __future__ import annotations

from typing import Any, Sequence

from ..spec import model as m
from . import failing_bodies as fb
from .reference_page import ReferencePage
from .markdown_text import DocNames, ExtraRule, Page, Reported, Reporter, code, generated_note, show_body, show_findings, text


def failing_body(spec: m.Spec, rule: str, report: Reporter | None) -> tuple[fb.Candidate, list[Reported]] | None:
    """The body the docs show for a rule of a field's own constraints.

    Among the bodies the model walk derives, the one the validator reports with this rule alone
    (then: with no other error; then: with this rule among others), and of those the shortest.
    Without a reporter, the shortest derived body.
    """
    options = fb.candidates(spec, rule)
    if report is None:
        return (min(options, key=lambda c: c.size), []) if options else None
    ranked = []
    for index, candidate in enumerate(options):
        found = list(report(candidate.body, None))
        rules = [f.rule for f in found]
        errors = [f.rule for f in found if f.severity == "error"]
        rank = 0 if rules == [rule] else 1 if errors == [rule] else 2 if rule in rules else None
        if rank is not None:
            ranked.append((rank, candidate.size, index, found))
    if not ranked:
        return None
    rank, size, index, found = min(ranked)
    return options[index], found


class _Rules:
    def __init__(self, spec: m.Spec, names: DocNames, extra: Sequence[ExtraRule], report: Reporter | None) -> None:
        self.spec = spec
        self.names = names
        self.extra = extra
        self.report = report
        self.page = Page()
        reference = ReferencePage(spec, names)
        reference.render()
        self.reference_anchors = reference.page.anchors

    def to_reference(self, label: str, key: str) -> str:
        return f"[{label}]({self.names.reference}#{self.reference_anchors[key]})"

    def rule_heading(self, rule: str) -> None:
        anchor = self.page.heading(3, rule, "rule:" + rule)
        if anchor != rule:
            raise ValueError(f"the docs heading of rule {rule!r} would have the anchor {anchor!r}, "
                             "not the rule id: another heading takes it")

    def facts(self, severity: str, keyword: str, source: str) -> None:
        self.page(f"**Severity:** {severity} · **JSON Schema:** {keyword} · "
                  f"**Source:** {text(self.spec.sources[source].title)}", "")

    def example(self, body: Any, found: Sequence[Reported], label: str) -> None:
        self.page(label, "")
        self.page.block(*show_body(body))
        if found:
            self.page("Reported:", "")
            self.page.block("text", show_findings(found))

    def also(self, rule: str) -> None:
        for x in self.extra:
            if x.id == rule:
                self.page(f"**{text(x.group)}** ({x.severity}): {text(x.help)}", "")

    def index(self) -> None:
        rows = [[self.page.link(code(r.id), "rule:" + r.id), "error", text(r.help)] for r in self.spec.rules.values()]
        rows += [[self.page.link(code(c.id), "rule:" + c.id), c.level, text(c.help)] for _, c in self.spec.checks()]
        known = set(self.spec.rule_ids())
        rows += [[self.page.link(code(x.id), "rule:" + x.id), x.severity, text(x.help)]
                 for x in self.extra if x.id not in known]
        self.page.table(["rule", "severity", "what triggers it"], rows)

    def field_rule(self, r: m.RuleText) -> None:
        self.rule_heading(r.id)
        self.facts("error", code(r.keyword) if r.keyword else "none; only the validator checks it", r.source)
        self.page(text(r.help), "")
        carriers = fb.carriers(self.spec, r.id)
        if carriers:
            shown = ", ".join(self.carrier_link(obj, name) for obj, name in carriers)
            self.page(f"Fields it applies to: {shown}.", "")
        self.also(r.id)
        chosen = failing_body(self.spec, r.id, self.report)
        if chosen is not None:
            candidate, found = chosen
            obj = candidate.site.obj
            declared = any(f.name == candidate.field for f in obj.fields)
            where = f", breaking {self.carrier_link(obj, candidate.field)}" if declared else ""
            self.example(candidate.body, found, f"Failing body{where}:")
        if r.fix:
            self.page(f"**Fix:** {text(r.fix)}", "")

    def carrier_link(self, obj: m.ObjectType, name: str) -> str:
        """A link to a field (or excluded key) in the reference, naming its object unless it is
        the body itself."""
        declared = any(f.name == name for f in obj.fields)
        key = ReferencePage.field_key(obj.name, name) if declared else f"excluded:{obj.name}"
        owner = "" if obj.name == self.spec.root else f" ({text(obj.title)})"
        return self.to_reference(code(name), key) + owner

    def check(self, obj: m.ObjectType, c: m.Check) -> None:
        self.rule_heading(c.id)
        if c.level == "warning":
            keyword = "none; a warning, reported by `lint()` and `reqspec lint`, not by `validate()`"
        elif c.semantic or c.keyword is None:
            keyword = "none; only the validator checks it"
        else:
            keyword = code(c.keyword)
        self.facts(c.level, keyword, c.source)
        self.page(text(c.help), "",
                  f"Applies to: {self.to_reference(text(obj.title), ReferencePage.object_key(obj.name))}.", "")
        self.also(c.id)
        if c.example is not None:
            found = list(self.report(c.example.body, self.spec.kind_of(obj.name))) if self.report is not None else []
            self.example(c.example.body, found, "Failing body:")
            self.page(f"**Fix:** {text(c.example.fix)}", "")

    def render(self) -> str:
        spec, page = self.spec, self.page
        page(generated_note(self.names))
        page.heading(1, f"Rules of the {text(spec.title)}")
        page("Every finding carries one of these rule ids, and each rule's section has the id as "
             f"its anchor ({code(self.names.rules + '#<rule-id>')}). The fields and their limits are "
             f"in [{text(self.names.reference)}]({self.names.reference}).", "")
        self.index()
        page.heading(2, "Rules of a field's own constraints")
        for r in spec.rules.values():
            self.field_rule(r)
        checks = spec.checks()
        errors = [(obj, c) for obj, c in checks if c.level == "error"]
        warnings = [(obj, c) for obj, c in checks if c.level != "error"]
        if errors:
            page.heading(2, "Rules across fields")
            for obj, c in errors:
                self.check(obj, c)
        if warnings:
            page.heading(2, "Warnings")
            for obj, c in warnings:
                self.check(obj, c)
        known = set(spec.rule_ids())
        groups: dict[str, list[ExtraRule]] = {}
        for x in self.extra:
            if x.id not in known:
                groups.setdefault(x.group, []).append(x)
        for group, rules in groups.items():
            page.heading(2, text(group))
            for x in rules:
                self.rule_heading(x.id)
                page(f"**Severity:** {x.severity}", "", text(x.help), "")
        return page.text()


def render_rules(spec: m.Spec, names: DocNames, extra: Sequence[ExtraRule] = (),
                 report: Reporter | None = None) -> str:
    """The rules page: every rule id of the spec, and ``extra`` (rules a linter adds).

    ``report`` runs the spec's validator; with it, the page shows what each failing body is
    reported with, and picks derived failing bodies that break their rule alone.
    """
    return _Rules(spec, names, extra, report).render()
