class InputError(ValueError):
    """Bad input to a rule, naming the field (dotted path) that is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
