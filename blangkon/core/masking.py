"""Personal numbers shown to someone who should recognise them but not copy them."""


def masked(value: str) -> str:
    """The last four characters only, e.g. "•••• 4321" (empty stays empty)."""
    return "•••• " + value[-4:] if value else ""
