"""One line of a worklist: what waits for a user, since when, and where to do it. Each domain app yields its own."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from stelsel.core.timeutil import now, today


@dataclass(frozen=True)
class WorkItem:
    task: str  # Dutch: what the user is to do
    since: datetime
    url: str
    person_name: str = ""
    context: str = ""  # e.g. the district or municipality
    due_on: date | None = None
    case_id: int | None = None  # the triage case, for items that belong to one
    due_at: datetime | None = None  # a deadline in hours rather than days (urgent measures, R26)

    @property
    def age(self) -> timedelta:
        return now() - self.since

    @property
    def overdue(self) -> bool:
        if self.due_at is not None:
            return self.due_at < now()
        return self.due_on is not None and self.due_on < today()
