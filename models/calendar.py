"""Administrator-edited exceptions to the public-holiday calendar."""

from piccolo.columns import Date, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class CalendarDay(Table, tablename="calendar_day"):
    """A day whose status differs from the `holidays` package's Vietnam calendar: an extra day
    off (Tết or National Day bridge days fixed by the Prime Minister) or a make-up working day
    (a Saturday worked in exchange)."""

    day = Date(unique=True)
    kind = Varchar(length=16)  # day_off | working_day
    note_vi = Varchar(length=255, default="")
    note_en = Varchar(length=255, default="")
    created_by = Varchar(length=64, default="")
    created_at = Timestamptz(default=TimestamptzNow())
