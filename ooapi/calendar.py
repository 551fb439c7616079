"""Academic years and the programme offerings derived from a programme's intakes.

The portal records when a programme starts (intake months) and its application deadlines, not dated cohorts. An
offering is one intake in one academic year (1 September to 31 August), for the current and the next academic year.
Each identifier is made of stable parts, so it is the same on every request and every machine: an academic year's is
a name-based UUID (uuid5), an offering's its programme's key with the intake in the last four bytes.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

# Fixed once: the namespace of the identifiers this portal derives (academic years).
NAMESPACE = uuid.UUID("6f1d2c1e-8a53-4c1b-9a52-3c0e6a3f7b21")
YEAR_START_MONTH = 9
KEPT = 12  # bytes of the programme's key an offering id keeps


def academic_year_of(day):
    """The academic year a day falls in, named by the calendar year it starts in (2026 for 2026–2027)."""
    return day.year if day.month >= YEAR_START_MONTH else day.year - 1


def current_years(today=None):
    first = academic_year_of(today or timezone.localdate())
    return (first, first + 1)


def academic_year_id(year):
    return uuid.uuid5(NAMESPACE, f"academic-year:{year}")


def start_in(year, month):
    """The first day of `month` within academic year `year`."""
    return date(year if month >= YEAR_START_MONTH else year + 1, month, 1)


def add_months(day, months):
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def local_moment(day, end_of_day=False):
    moment = datetime.combine(day, time(23, 59, 59) if end_of_day else time.min)
    return timezone.make_aware(moment, timezone.get_default_timezone())  # the site's zone, read without a lookup


@dataclass(frozen=True)
class Offering:
    """One intake of a programme in one academic year."""

    programme_key: uuid.UUID
    year: int
    month: int

    @property
    def id(self):
        return offering_id(self.programme_key, self.year, self.month)

    @property
    def start(self):
        return start_in(self.year, self.month)

    def end(self, duration_months):
        return add_months(self.start, duration_months) - timedelta(days=1)


def offering_id(programme_key, year, month):
    """The programme's key with its last four bytes standing for the intake (year and month): unique per programme
    and intake, and reversible, so an offering's programme is found through the index on the keys."""
    return uuid.UUID(bytes=programme_key.bytes[:KEPT] + (year * 100 + month).to_bytes(16 - KEPT, "big"))


def offering_parts(key):
    """What an offering id stands for: (the lowest and highest programme key it can come from, year, month)."""
    kept = key.bytes[:KEPT]
    year, month = divmod(int.from_bytes(key.bytes[KEPT:], "big"), 100)
    lowest, highest = (uuid.UUID(bytes=kept + fill * (16 - KEPT)) for fill in (b"\x00", b"\xff"))
    return lowest, highest, year, month


def offerings(programme_key, months, today=None):
    """The offerings of a programme with these intake months, in the current and next academic year, by start."""
    found = {Offering(programme_key, year, month) for year in current_years(today) for month in set(months)}
    return sorted(found, key=lambda offering: offering.start)


def deadlines_by_offering(found, deadlines):
    """Each deadline (with `.date`) under the first offering that starts after it; later ones are dropped."""
    grouped = {offering: [] for offering in found}
    for deadline in sorted(deadlines, key=lambda deadline: deadline.date):
        following = next((offering for offering in found if offering.start > deadline.date), None)
        if following is not None:
            grouped[following].append(deadline)
    return grouped
