"""The `>>>` examples in the docstrings are true."""
from __future__ import annotations

import doctest

import pytest

from search import analysis


@pytest.mark.parametrize("module", [analysis])
def test_docstring_examples_hold(module):
    failed, tried = doctest.testmod(module)
    assert tried >= 4 and not failed
