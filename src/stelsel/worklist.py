"""Everything that waits for a user, from every domain, oldest first: the page and the API show the same list."""

from stelsel.access.models import User
from stelsel.core.worklist import WorkItem
from stelsel.intel.queries import work_items as intel_work
from stelsel.local.queries import work_items as local_work
from stelsel.measures.queries import work_items as measures_work
from stelsel.threatpicture.queries import work_items as picture_work
from stelsel.triage.queries import worklist as triage_work


def worklist(user: User) -> list[WorkItem]:
    return sorted(
        triage_work(user) + measures_work(user) + intel_work(user) + picture_work(user) + local_work(user),
        key=lambda item: item.since,
    )
