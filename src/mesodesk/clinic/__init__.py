"""The clinical rules: plain data in, sourced findings out.

No Django and nothing slow to import lives here (tests/clinic/test_purity.py
checks it): the `mesodesk` CLI runs these rules in clinics' scripts, in loops.
"""
