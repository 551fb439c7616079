"""English as the portal writes it for a European reader: day before month, 24-hour clock ("1 December 2026, 10:00").

Django's own English formats are American ("Dec. 1, 2026", "10 a.m."). Dates and times are formatted through these
names (`core/l10n.py`, the `date` filter), so each language's pattern is written here once.
"""

DATE_FORMAT = "j F Y"  # 1 December 2026
SHORT_DATE_FORMAT = "j M Y"  # 1 Dec 2026
TIME_FORMAT = "H:i"  # 10:00
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
