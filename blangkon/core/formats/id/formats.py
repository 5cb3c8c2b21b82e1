# One way to write a date everywhere, as Indonesians abbreviate it: "4 Des 2026",
# and with the time "4 Des 2026 20.55". The short names give the same result so
# a template asking for SHORT_DATE_FORMAT cannot bring in a second style.
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H.i"
TIME_FORMAT = "H.i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
