"""Rupiah in Indonesian words, as a kuitansi writes the amount a second time
("sebelas juta seratus ribu rupiah"). The words are Indonesian whatever the
reader's language: they are part of the receipt itself."""

_ONES = (
    "",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
)
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"))


def _below_thousand(number: int) -> str:
    if number < 12:
        return _ONES[number]
    if number < 20:
        return f"{_ONES[number - 10]} belas"
    if number < 100:
        tens, ones = divmod(number, 10)
        return f"{_ONES[tens]} puluh {_ONES[ones]}".strip()
    hundreds, rest = divmod(number, 100)
    head = "seratus" if hundreds == 1 else f"{_ONES[hundreds]} ratus"
    return f"{head} {_below_thousand(rest)}".strip()


def _words(number: int) -> str:
    for scale, name in _SCALES:
        if number >= scale:
            high, rest = divmod(number, scale)
            return f"{_words(high)} {name} {_words(rest)}".strip()
    if number >= 1000:
        high, rest = divmod(number, 1000)
        head = "seribu" if high == 1 else f"{_below_thousand(high)} ribu"
        return f"{head} {_below_thousand(rest)}".strip()
    return _below_thousand(number)


def terbilang(amount: int) -> str:
    """Whole rupiah in words: 11_100_000 → "sebelas juta seratus ribu rupiah"."""
    if amount < 0:
        raise ValueError("A receipt's amount is not negative.")
    return f"{_words(amount) or 'nol'} rupiah"
