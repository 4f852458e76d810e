"""Fixture articles built end to end and compared with hand-checked expected output."""

import json

import pytest

from .goldens import build_case, cases


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.name)
def test_fixture_matches_expected(case):
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    assert build_case(case) == expected
