"""Spec patterns are linear-time and mean the same in Python and ECMA-262."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reqspec.spec.digit_ranges import digits_range_regex
from reqspec.spec.patterns import PatternProblem, check_pattern
from reqspec.spec.portability import portable


@pytest.mark.parametrize("regex", [
    r"^[a-zA-Z0-9_-]*$", r"(^|[^A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20}", r"^a(b|c)d$", r"^[0-9]{1,5}$",
    r"a*b*", r"^[a-z]*[0-9]*$", r"^[a-z]+-[a-z]+$", r"^[a-zA-Z0-9_-]{1,64}$", r"[a-z]+",
])
def test_safe_portable_patterns_are_accepted(regex):
    check_pattern(regex)


@pytest.mark.parametrize("regex, why", [
    (r"^(a+)+$", "backtrack"), (r"^(a*)*$", "backtrack"), (r"^(ab|a)*$", "backtrack"),
    (r"\d+", "not portable"), (r"\w", "not portable"), (r"\s", "not portable"), (r"a.b", "differs"),
    (r"^a$b", "very end"), (r"(?i)a", "only plain groups"), (r"(?=a)a", "only plain groups"),
    (r"a{,3}", "ECMA-262"), (r"a+?", "lazy"), (r"(a)\1", "not portable"),
    (r"^a*a*$", "backtracks in polynomial time"), (r"[a-z]*$", "backtracks in quadratic time"),
])
def test_unsafe_or_unportable_patterns_are_rejected(regex, why):
    with pytest.raises(PatternProblem, match=why):
        check_pattern(regex)


def test_a_final_dollar_refuses_a_trailing_newline():
    regex = re.compile(portable(r"^[a-z]*$"))
    assert regex.search("abc") and not regex.search("abc\n")


@given(st.integers(0, 10**7), st.integers(0, 10**7), st.integers(0, 2 * 10**7))
def test_digit_range_regex_matches_exactly_the_range(a, b, n):
    low, high = min(a, b), max(a, b)
    regex = re.compile(digits_range_regex(low, high))
    assert bool(regex.search(str(n))) == (low <= n <= high)
    assert bool(regex.search("00" + str(n))) == (low <= n <= high)
    assert not regex.search(str(n) + "\n")


def test_token_id_regex_rejects_unicode_digits_and_signs():
    regex = re.compile(digits_range_regex(0, 100257))
    for bad in ["\u0663", "-1", "+1", "1.0", " 1", "", "100258", "1e3"]:
        assert not regex.search(bad), bad
    check_pattern(digits_range_regex(0, 100257).replace("(?!\\n)", ""))


@pytest.mark.parametrize("regex, shape", [
    (r"a*a*a*c", "a* and a* can split one run of 'a'"),
    (r"^[a-z]*_?[a-z0-9]*$", "[a-z]* and [a-z0-9]* can split one run of 'a'"),
    (r"^(?:ab)+[ab](?:ba)*$", "(?:ab)+ and (?:ba)* can split one run of 'a'"),
    (r"x[a-z]*y", "a search tries [a-z]* from every position of a run of 'a'"),
])
def test_a_refused_split_names_the_loops_and_a_character_they_share(regex, shape):
    with pytest.raises(PatternProblem) as err:
        check_pattern(regex)
    assert str(err.value).startswith(shape)


@given(st.integers(0, 10**12), st.integers(0, 10**12))
def test_every_digit_range_regex_is_in_the_safe_subset(a, b):
    """Its leading 0* overlaps the digits after it, but the pattern is anchored and 0* is its only
    loop, so no run can be split."""
    check_pattern(digits_range_regex(min(a, b), max(a, b)).replace("(?!\\n)", ""))


def test_pattern_mutations_draw_only_strings_their_pattern_refuses(spec):
    """A pattern mutation that the pattern accepts would be reported nowhere (``$id`` accepts a
    trailing newline, so it needs other candidates); the refusal is read by the jsonschema library."""
    from jsonschema import Draft202012Validator

    from reqspec.strategies import pattern_misses

    for pattern in spec.patterns.values():
        checker = Draft202012Validator({"pattern": portable(pattern.regex)})
        misses = pattern_misses(pattern.regex)
        assert misses, pattern.name
        assert not [s for s in misses if checker.is_valid(s)], pattern.name


@given(st.text(alphabet=st.characters(max_codepoint=0x2FF), max_size=12) | st.text(max_size=4))
def test_a_one_class_pattern_tested_by_strip_agrees_with_the_regular_expression(text):
    """The validator tests ``^[a-zA-Z0-9_-]*$`` with str.strip of its characters: the same verdict."""
    from reqspec.emit.validator_output import _ONE_CLASS, class_chars

    for regex in (r"^[a-zA-Z0-9_-]*$", r"^[a-z]+$", r"^[-._a-f0-9]*$", r"^[A-Z_]+$"):
        single = _ONE_CLASS.fullmatch(regex)
        chars = class_chars(single.group(1))
        assert chars is not None
        miss = bool(str.strip(text, chars)) if single.group(2) == "*" else (not text or bool(str.strip(text, chars)))
        assert miss == (re.search(portable(regex), text) is None), (regex, text)


@pytest.mark.parametrize("klass", ["^a", "a\\]", "z-a", "é", "a-\u00ff"])
def test_a_class_that_is_not_plain_ascii_is_left_to_the_regular_expression(klass):
    from reqspec.emit.validator_output import class_chars

    assert class_chars(klass) is None
