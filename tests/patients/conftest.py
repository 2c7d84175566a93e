"""The scheduling tests' course fixtures: one course of hair_loss_8 for Alice's patient."""

from tests.scheduling.conftest import course, start_day  # noqa: F401 - fixtures shared with tests/scheduling
