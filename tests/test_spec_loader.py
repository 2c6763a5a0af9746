"""The loader checks the spec itself and names the line of each mistake."""

from __future__ import annotations

import re

import pytest

from reqspec.spec.loader import SpecError, load_spec_text

from .conftest import SPEC_PATH

TEXT = SPEC_PATH.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def load_changed(old: str, new: str):
    assert old in TEXT
    changed = TEXT.replace(old, new, 1)
    return changed, lambda: load_spec_text(changed, "spec.yaml")


def load_changed_again(text: str, old: str, new: str):
    """A second change on top of ``load_changed``, for a mistake that spans two places."""
    assert old in text
    changed = text.replace(old, new, 1)
    return changed, lambda: load_spec_text(changed, "spec.yaml")


def test_builtin_spec_loads(spec):
    assert spec.root == "request"
    assert {"request", "message", "function", "function_call_option"} <= set(spec.objects)


def test_unknown_key_names_its_line():
    changed, load = load_changed("        minLength: 1\n        description: >-\n          ID of the model",
                                 "        minLenght: 1\n        description: >-\n          ID of the model")
    with pytest.raises(SpecError) as err:
        load()
    assert err.value.line == line_of(changed, "minLenght")
    assert "unknown key 'minLenght'" in str(err.value)
    assert str(err.value).startswith(f"spec.yaml:{err.value.line}:")


def test_wrong_type_names_its_line():
    changed, load = load_changed("        minimum: 0\n        maximum: 2\n", "        minimum: zero\n        maximum: 2\n")
    with pytest.raises(SpecError) as err:
        load()
    assert err.value.line == line_of(changed, "minimum: zero")
    assert "expected a number" in str(err.value)


def test_dangling_ref_names_its_line():
    changed, load = load_changed("items: {ref: message}", "items: {ref: mesage}")
    with pytest.raises(SpecError) as err:
        load()
    assert err.value.line == line_of(changed, "ref: mesage")
    assert "ref names no object" in str(err.value)


def test_check_naming_a_missing_field_is_an_error():
    changed, load = load_changed("        when: {present: function_call}\n        field: functions",
                                 "        when: {present: function_call}\n        field: functionz")
    with pytest.raises(SpecError) as err:
        load()
    assert "'functionz' is not a field" in str(err.value)
    assert err.value.line == line_of(changed, "field: functionz")


def test_semantic_flag_must_match_what_json_schema_can_express():
    _, load = load_changed("        kind: member_of\n        level: error\n        semantic: true\n",
                           "        kind: member_of\n        level: error\n")
    with pytest.raises(SpecError, match="mark it semantic: true"):
        load()


def test_unknown_placeholder_in_a_message_is_an_error():
    _, load = load_changed("message: 'expected at least {limit}, got {value}'",
                           "message: 'expected at least {limit}, got {value.__class__}'")
    with pytest.raises(SpecError, match="unknown placeholder"):
        load()


def test_unsafe_pattern_is_rejected_with_its_line():
    changed, load = load_changed("regex: '^[a-zA-Z0-9_-]*$'", "regex: '^([a-z]+)+$'")
    with pytest.raises(SpecError) as err:
        load()
    assert "backtrack" in str(err.value)
    assert err.value.line == line_of(changed, "regex: '^([a-z]+)+$'")


def test_a_pattern_whose_loops_can_split_one_run_is_rejected_with_its_line():
    changed, load = load_changed("regex: '^[a-zA-Z0-9_-]*$'", "regex: '^[a-z]*_?[a-z0-9_]*$'")
    with pytest.raises(SpecError, match=re.escape("[a-z]* and [a-z0-9_]* can split one run of 'a'")) as err:
        load()
    assert err.value.line == line_of(changed, "regex: '^[a-z]*_?[a-z0-9_]*$'")


@pytest.mark.parametrize("bad", ["not: [valid", "- a\n- b\n", ""])
def test_broken_yaml_is_a_spec_error_not_a_traceback(bad):
    with pytest.raises(SpecError):
        load_spec_text(bad, "x.yaml")


def test_yaml_1_2_scalars_keep_words_as_strings():
    changed, load = load_changed("enum: [none, auto]", "enum: [no, off]")
    spec = load()
    assert spec.objects["request"].field("function_call").type.variants[0].enum == ("no", "off")


def test_every_check_names_a_declared_source(spec):
    for _, check in spec.checks():
        assert check.source in spec.sources
    for obj in spec.objects.values():
        for f in obj.fields:
            assert f.source in spec.sources and f.description


def test_a_cycle_of_required_members_is_rejected_as_having_no_finite_value():
    _, load = load_changed("      arguments:\n        type: string\n        required: true\n",
                           "      arguments:\n        ref: message_function_call\n        required: true\n")
    with pytest.raises(SpecError, match="cycle"):
        load()


def test_a_cycle_through_an_optional_member_is_a_recursive_type():
    _, load = load_changed("      arguments:\n        type: string\n        required: true\n",
                           "      arguments:\n        ref: message\n        required: false\n")
    spec = load()
    assert spec.recursive() - load_spec_text(TEXT, "spec.yaml").recursive() == {"message", "message_function_call"}


N_REASON = "reason: this client asks for one choice per request"


def test_an_excluded_reason_is_literal_text_with_its_braces():
    _, load = load_changed(N_REASON, "reason: 'send {\"n\": 1} elsewhere, not {n} or {{n}}'")
    [n, _] = load().objects["request"].excluded
    assert n.reason == 'send {"n": 1} elsewhere, not {n} or {{n}}'


def test_an_excluded_reason_on_two_lines_is_an_error():
    changed, load = load_changed(N_REASON, "reason: \"one choice\\nonly\"")
    with pytest.raises(SpecError, match="one line") as err:
        load()
    assert err.value.line == line_of(changed, "reason: \"one choice")


@pytest.mark.parametrize("bad", ["mensaje_ñ", "Message_function_call", "_message_function_call",
                                 "message-function-call", "message_function_call\u0663"])
def test_an_object_id_that_is_not_an_ascii_lowercase_identifier_is_an_error(bad):
    changed, load = load_changed("\n  message_function_call:\n", f"\n  {bad}:\n")
    changed, load = load_changed_again(changed, "ref: message_function_call", f"ref: {bad}")
    with pytest.raises(SpecError, match=re.escape("[a-z][a-z0-9_]*")) as err:
        load()
    assert err.value.line == line_of(changed, f"\n  {bad}:\n") + 2  # the object's first line
    assert err.value.where == f"objects.{bad}"


def test_an_object_whose_type_name_would_be_a_python_keyword_needs_a_type_name():
    changed, load = load_changed("\n  message_function_call:\n    title: Message function call\n"
                                 "    type_name: ChatCompletionRequestMessageFunctionCall\n",
                                 "\n  none:\n    title: Message function call\n")
    changed, load = load_changed_again(changed, "ref: message_function_call", "ref: none")
    with pytest.raises(SpecError, match="'None' is a Python keyword: give the object a type_name"):
        load()


def test_two_objects_with_one_type_name_is_an_error():
    changed, load = load_changed("type_name: ChatCompletionRequestMessageFunctionCall",
                                 "type_name: ChatCompletionFunctions")
    with pytest.raises(SpecError, match="'ChatCompletionFunctions' is also the type name of object "
                                        "'message_function_call'") as err:
        load()
    assert err.value.line == changed[: changed.rindex("type_name: ChatCompletionFunctions")].count("\n") + 1


def test_a_type_name_outside_ascii_is_an_error():
    changed, load = load_changed("type_name: ChatCompletionFunctions", "type_name: ChatCompletionFunciónes")
    with pytest.raises(SpecError, match="ASCII letters") as err:
        load()
    assert err.value.line == line_of(changed, "type_name: ChatCompletionFunciónes")



def test_spec_numbers_resolve_by_the_yaml_1_2_core_schema_as_lint_reads_bodies():
    from reqspec.reading.yaml_scalars import resolve_plain

    _, load = load_changed("        minimum: 0\n        maximum: 2\n", "        minimum: 0x0\n        maximum: 0o2\n")
    temperature = load().objects["request"].field("temperature").type.variants[0]
    assert (temperature.minimum, temperature.maximum) == (resolve_plain("0x0"), resolve_plain("0o2")) == (0, 2)


def test_an_infinite_number_in_a_spec_is_an_error_at_its_line():
    changed, load = load_changed("        minimum: 0\n        maximum: 2\n", "        minimum: 0\n        maximum: .inf\n")
    with pytest.raises(SpecError, match="not a JSON number") as err:
        load()
    assert err.value.line == line_of(changed, "maximum: .inf")


def test_a_context_length_check_reading_a_column_its_table_lacks_is_an_error_at_its_line():
    changed, load = load_changed("per_message: tokens_per_message", "per_message: tokens")
    with pytest.raises(SpecError, match="'tokens' is not a column of table 'models'") as err:
        load()
    assert err.value.line == line_of(changed, "per_message: tokens")
