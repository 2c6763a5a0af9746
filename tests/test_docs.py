"""The generated docs cover the whole spec, and every link in them lands on a heading.

Anchors are computed here the way GitHub computes them (lowercase, punctuation other than ``-``
and ``_`` dropped, spaces to ``-``, ``-1``, ``-2``... for repeats), independently of the emitter,
and every field, rule and example is looked up by iterating the spec, never a list written here.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest

import reqspec
from reqspec.emit import markdown_text as md
from reqspec.emit.reference_page import render_reference
from reqspec.emit.rules_page import render_rules
from reqspec.spec import model as m

from .conftest import ROOT

DOCS = ROOT / "docs"
REFERENCE = DOCS / "request-body.md"
RULES = DOCS / "rules.md"


# -- an independent reading of GitHub Markdown -----------------------------------------------------
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def outside_code_blocks(markdown: str) -> list[str]:
    """The lines of the page that are not inside fenced code blocks."""
    lines, fence = [], None
    for line in markdown.splitlines():
        opening = re.match(r"(`{3,}|~{3,})", line)
        if fence is None and opening:
            fence = opening.group(1)
        elif fence is not None and line.startswith(fence) and not line.strip(fence[0]):
            fence = None
        elif fence is None:
            lines.append(line)
    return lines


def rendered(inline: str) -> str:
    """The text GitHub shows for inline Markdown: code spans unwrapped, links to their labels,
    backslash escapes resolved."""
    inline = _CODE_SPAN.sub(lambda match: match.group(2).strip(), inline)
    inline = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", inline)
    inline = re.sub(r"(?<!\\)\*\*", "", inline)
    return re.sub(r"\\(.)", r"\1", inline)


def slug(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", rendered(heading).lower()).replace(" ", "-")


def headings(markdown: str) -> list[tuple[str, str]]:
    """(anchor, heading text) of every heading, with GitHub's suffixes for repeated anchors."""
    out, seen = [], {}
    for line in outside_code_blocks(markdown):
        match = re.match(r"(#{1,6}) (.*)", line)
        if not match:
            continue
        base = anchor = slug(match.group(2))
        while anchor in seen:
            seen[base] += 1
            anchor = f"{base}-{seen[base]}"
        seen[anchor] = 0
        out.append((anchor, match.group(2)))
    return out


def anchors(markdown: str) -> set[str]:
    return {anchor for anchor, _ in headings(markdown)}


def link_targets(markdown: str) -> list[str]:
    """Targets of every link outside code."""
    targets = []
    for line in outside_code_blocks(markdown):
        line = _CODE_SPAN.sub("", line)
        targets.extend(re.findall(r"\]\(([^)\s]+)\)", line))
    return targets


def sections(markdown: str) -> dict[str, str]:
    """Each heading's anchor -> the Markdown up to the next heading."""
    out: dict[str, str] = {}
    order = iter(headings(markdown))
    current, fence = None, None
    for line in markdown.splitlines():
        opening = re.match(r"(`{3,}|~{3,})", line)
        if fence is None and opening:
            fence = opening.group(1)
        elif fence is not None and line.startswith(fence) and not line.strip(fence[0]):
            fence = None
        elif fence is None and re.match(r"#{1,6} ", line):
            current = next(order)[0]
            out[current] = ""
            continue
        if current is not None:
            out[current] += line + "\n"
    return out


def code_blocks(markdown: str) -> list[tuple[str, str]]:
    """(language, text) of each fenced code block."""
    return [(lang, body) for _, lang, body in re.findall(r"^(`{3,})(\w*)\n(.*?)\n\1$", markdown, re.S | re.M)]


def read_body(language: str, source: str) -> Any:
    """A body as the docs show it: JSON, or a Python expression of plain data."""
    if language == "json":
        return json.loads(source)
    tree = ast.parse(source, mode="eval")
    allowed = (ast.Expression, ast.Dict, ast.List, ast.Tuple, ast.Set, ast.Constant, ast.Call, ast.Name,
               ast.Load, ast.UnaryOp, ast.USub, ast.BinOp, ast.Mult)
    assert all(isinstance(node, allowed) for node in ast.walk(tree)), source
    return eval(compile(tree, "<docs body>", "eval"), {"__builtins__": {}, "float": float})  # noqa: S307 - checked above


def words(markdown: str) -> str:
    """Markdown as the text a reader sees, whitespace collapsed."""
    return " ".join(rendered(markdown).split())


def plain(text: str) -> str:
    """Spec text, whitespace collapsed, to find in ``words()`` of a page."""
    return " ".join(text.split())


def check_links(pages: dict[str, str]) -> list[str]:
    """Every link that does not land: in-page anchors, and anchors of the other pages named."""
    broken = []
    for name, text in pages.items():
        for target in link_targets(text):
            if target.startswith(("http://", "https://")):
                continue
            page, _, anchor = target.partition("#")
            page = Path(page).name if page else name
            if page not in pages:
                continue
            if anchor and anchor not in anchors(pages[page]):
                broken.append(f"{name}: {target}")
    return broken


@pytest.fixture(scope="module")
def reference() -> str:
    return REFERENCE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rules() -> str:
    return RULES.read_text(encoding="utf-8")


# -- links and anchors ---------------------------------------------------------------------------------
def test_every_link_in_the_docs_and_readme_lands_on_a_heading(reference, rules, spec):
    pages = {"request-body.md": reference, "rules.md": rules,
             "spec-language.md": (DOCS / "spec-language.md").read_text(encoding="utf-8"),
             "cluster.md": (DOCS / "cluster.md").read_text(encoding="utf-8"),
             "README.md": (ROOT / "README.md").read_text(encoding="utf-8")}
    assert check_links(pages) == []
    assert len(link_targets(reference)) >= sum(len(obj.fields) for obj in spec.objects.values())
    assert len(link_targets(rules)) >= len(spec.rule_ids())


def test_the_link_checker_finds_a_broken_anchor():
    pages = {"a.md": "# Title\n\n[ok](#title) [bad](#nowhere) [cross](b.md#x)\n", "b.md": "## Y\n"}
    assert check_links(pages) == ["a.md: #nowhere", "a.md: b.md#x"]


def test_each_rule_id_is_the_anchor_of_its_own_heading(rules, spec):
    found = dict(headings(rules))
    for rule in spec.rule_ids():
        assert found.get(rule) == rule, rule


def test_every_rule_a_lint_finding_links_to_has_its_anchor(rules):
    from reqspec import ruleset
    from reqspec.linter.engine import all_rules

    assert reqspec.DOCS_URL.endswith("/docs/rules.md")
    missing = set(all_rules(ruleset.builtin())) - anchors(rules)
    assert missing == set()


def test_page_gives_repeated_headings_githubs_suffix_and_links_follow():
    page = md.Page()
    page(page.link("first", "one"), page.link("second", "two"))
    page.heading(2, "Same title", "one")
    page.heading(2, "Same title", "two")
    text = page.text()
    assert "[first](#same-title)" in text and "[second](#same-title-1)" in text
    assert check_links({"p.md": text}) == []


def test_a_rule_whose_heading_cannot_get_its_id_is_refused(spec):
    clash = md.ExtraRule("warnings", "error", "A rule named like a section.", "More")
    with pytest.raises(ValueError, match="warnings"):
        render_rules(spec, md.DocNames("x.yaml"), [clash])


# -- the reference covers the spec -------------------------------------------------------------------
def table_rows(section: str) -> dict[str, list[str]]:
    """The rows of the first table in a section, keyed by the first cell's text."""
    rows = {}
    for line in section.splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            rows[rendered(cells[0])] = [rendered(c) for c in cells]
    return rows


def test_every_field_has_a_row_and_a_section_with_its_description(reference, spec):
    parts = sections(reference)
    for obj in spec.objects.values():
        rows = table_rows(parts[slug(obj.title)])
        for f in obj.fields:
            assert f.name in rows, (obj.name, f.name)
            field_section = parts[slug(f"{obj.title}: `{f.name}`")]
            assert plain(f.description) in words(field_section), (obj.name, f.name)


def test_rows_say_required_nullable_default_and_limits_as_the_spec_does(reference, spec):
    parts = sections(reference)
    for obj in spec.objects.values():
        rows = table_rows(parts[slug(obj.title)])
        assert list(rows)[0] == "field"
        for f in obj.fields:
            _, _, required, limits, default, nullable = rows[f.name]
            assert required == ("yes" if f.required else "no")
            assert nullable == ("yes" if f.type.nullable else "no")
            if f.default is not m.NO_DEFAULT:
                assert default == json.dumps(f.default)
            for variant in _variants(f.type):
                for name in ("minimum", "maximum", "min_length", "max_length", "min_items", "max_items"):
                    bound = getattr(variant, name, None)
                    if bound is not None:
                        assert re.search(rf"(^|[^\d.]){re.escape(json.dumps(bound))}($|[^\d.])", limits), (f.name, bound)
                enum = getattr(variant, "enum", None)
                if enum is not None:
                    assert all(json.dumps(v) in limits for v in enum)


def _variants(kind: m.Type) -> list[m.Variant]:
    """The alternatives of a type and of the types it holds (an array's items, a map's values)."""
    out = list(kind.variants)
    for variant in kind.variants:
        for child in m.children(variant):
            out += _variants(child)
    return out


def test_excluded_keys_are_listed_with_their_reasons(reference, spec):
    parts = sections(reference)
    for obj in spec.objects.values():
        if not obj.excluded:
            continue
        rows = table_rows(parts[slug(f"{obj.title}: excluded fields")])
        for x in obj.excluded:
            assert rows[x.name][1] == x.reason


def test_every_example_of_the_spec_is_shown(reference, spec):
    shown = [read_body(lang, body) for lang, body in code_blocks(reference)]
    for obj in spec.objects.values():
        if obj.example is not m.NO_DEFAULT:
            assert obj.example in shown, obj.name


# -- the rules page covers the spec --------------------------------------------------------------------
def rule_section(rules: str, rule: str) -> str:
    return sections(rules)[rule]


def severity_of(section: str) -> str:
    return re.search(r"\*\*Severity:\*\* (\w+)", section).group(1)


def shown_findings(section: str) -> list[tuple[str, str, str, str]]:
    blocks = [body for lang, body in code_blocks(section) if lang == "text"]
    return [tuple(line.split("  ", 3)) for line in blocks[0].splitlines()] if blocks else []


def test_each_field_rule_has_a_failing_body_reported_with_that_rule(rules, spec):
    for rule in spec.rules:
        section = rule_section(rules, rule)
        assert severity_of(section) == "error"
        language, source = code_blocks(section)[0]
        body = read_body(language, source)
        found = reqspec.lint(body)
        assert rule in [e.rule for e in found], rule
        assert shown_findings(section) == [(e.pointer or "/", e.severity, e.rule, e.message) for e in found]


def test_each_check_shows_its_example_body_its_severity_and_its_fix(rules, spec):
    from reqspec import ruleset

    validator = ruleset.from_spec(spec.path)  # its tokenizer loads when a body first needs it
    for obj, check in spec.checks():
        kind = spec.kind_of(obj.name)  # the kind of document the check's example is
        lint = validator.lint if kind == "body" else getattr(validator, f"lint_{kind}")
        section = rule_section(rules, check.id)
        assert severity_of(section) == check.level
        assert plain(check.help) in words(section)
        language, source = code_blocks(section)[0]
        assert read_body(language, source) == check.example.body
        assert check.id in [e.rule for e in lint(check.example.body)]
        assert f"Fix: {plain(check.example.fix)}" in words(section)
        # What the page shows is what the document's own kind reports, without a tokenizer.
        validator.set_token_counter(None)
        try:
            shown = [(e.pointer or "/", e.severity, e.rule, e.message) for e in lint(check.example.body)]
        finally:
            validator.set_token_counter("auto")
        assert shown_findings(section) == shown, check.id


def test_every_rule_of_the_spec_says_its_help_source_and_fix(rules, spec):
    for rule, text in spec.rules.items():
        section = words(rule_section(rules, rule))
        assert plain(text.help) in section
        assert plain(spec.sources[text.source].title) in section
        assert f"Fix: {plain(text.fix)}" in section


def test_reading_rules_and_the_findings_cap_are_documented(rules, spec):
    from reqspec.linter.engine import MORE_HELP, MORE_RULE
    from reqspec.reading import PROBLEMS

    for rule, help_text in {**PROBLEMS, MORE_RULE: MORE_HELP}.items():
        assert plain(help_text) in words(rule_section(rules, rule)), rule


def test_fields_a_rule_applies_to_are_listed_from_the_model(rules, spec):
    section = rule_section(rules, "max-items")
    carriers = [(obj, f.name) for obj in spec.objects.values() for f in obj.fields
                if any(isinstance(v, m.Array) and v.max_items is not None for v in f.type.variants)]
    assert carriers
    for obj, name in carriers:
        assert f"request-body.md#{slug(f'{obj.title}: `{name}`')}" in section


# -- the emitter holds no spec data ------------------------------------------------------------------------
def test_markdown_text_escapes_markup_but_not_underscores_inside_words():
    assert md.text("top_p and _x_ [DONE] a|b <b> *x*") == r"top_p and \_x\_ \[DONE\] a\|b \<b\> \*x\*"
    assert md.cell(md.code("a|b")) == r"`a\|b`"
    assert md.code("a`b") == "``a`b``"


def test_a_rule_id_that_is_not_its_own_anchor_stops_generation():
    from reqspec.spec.loader import SpecError, load_spec_text

    from .conftest import SPEC_PATH

    text = SPEC_PATH.read_text(encoding="utf-8")
    assert "- id: unknown-model\n" in text
    with pytest.raises(SpecError, match="rule id"):
        load_spec_text(text.replace("- id: unknown-model\n", "- id: Unknown_Model\n"))


def test_every_derived_failing_body_breaks_its_rule(spec):
    """Each body the model walk derives is reported with its rule (a value of another type in an
    enum field breaks ``enum``, as the spec language says), so any of them could be shown."""
    from reqspec.emit import failing_bodies

    for rule in spec.rules:
        for candidate in failing_bodies.candidates(spec, rule):
            found = {e.rule for e in reqspec.lint(candidate.body)}
            enum_field = rule == "type" and "enum" in found
            assert rule in found or enum_field, (rule, candidate.site.obj.name, candidate.field)


def test_derived_failing_bodies_follow_the_model_not_a_list(spec):
    """Raise one field's maximum in the model: the body derived for that field follows it."""
    import dataclasses

    from reqspec.emit import failing_bodies

    root = spec.root_object
    f = next(f for f in root.fields
             if len(f.type.non_null) == 1 and getattr(f.type.non_null[0], "maximum", None) is not None)
    variant = f.type.non_null[0]
    raised_type = dataclasses.replace(f.type, variants=tuple(dataclasses.replace(v, maximum=v.maximum + 7) if v is variant
                                                             else v for v in f.type.variants))
    raised = dataclasses.replace(f, type=raised_type)
    fields = tuple(raised if g is f else g for g in root.fields)
    changed = dataclasses.replace(spec, objects={**spec.objects, spec.root: dataclasses.replace(root, fields=fields)})
    broken = [c.body[f.name] for c in failing_bodies.candidates(changed, "maximum")
              if c.field == f.name and not c.site.steps]
    assert broken == [variant.maximum + 8]


def test_pattern_samples_match_their_patterns(spec):
    from reqspec.emit.failing_bodies import sample_match
    from reqspec.spec.portability import portable

    for pattern in spec.patterns.values():
        sample = sample_match(pattern.regex)
        assert sample is not None and re.search(portable(pattern.regex), sample), pattern.name


def test_spec_text_cannot_break_a_table_or_start_a_heading(spec):
    import dataclasses

    root = spec.root_object
    f = root.fields[0]
    hostile = dataclasses.replace(f, description="one\n\n# Not a heading\n| not | a row |")
    fields = (hostile,) + root.fields[1:]
    changed = dataclasses.replace(spec, objects={**spec.objects, spec.root: dataclasses.replace(root, fields=fields)})
    page = render_reference(changed, md.DocNames("x.yaml"))
    assert "Not a heading" in page
    assert not [h for _, h in headings(page) if "Not a heading" in h]
    assert not [line for line in page.splitlines() if line.startswith("| not")]
