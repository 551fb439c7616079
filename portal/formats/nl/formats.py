"""Dutch as a Flemish reader expects it: "1 december 2026, 10:00", "€ 1.234,50".

Django's Dutch formats are close; they are restated here so both languages name the same patterns in one place.
"""

DATE_FORMAT = "j F Y"  # 1 december 2026
SHORT_DATE_FORMAT = "j b Y"  # 1 dec 2026 (lower case: Django's "M" capitalises the month)
TIME_FORMAT = "H:i"  # 10:00
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j b Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # maandag
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
