"""`mesodesk plan` answers no plan in year 1: exit 2, naming start (issue 9)."""

from __future__ import annotations

import pytest

from tests.test_cli import run


@pytest.mark.parametrize("start", ["0001-01-01", "1999-12-31", "9999-01-01"])
def test_the_cli_refuses_a_plan_outside_the_sensible_years(start: str) -> None:
    result = run("plan", "--protocol", "hair_loss_8", "--start", start)
    assert result.returncode == 2 and result.stdout == ""
    assert "bad input: start:" in result.stderr and "2000" in result.stderr
