from celery import shared_task

from schools import services

# Another import of the same school is running: try again a little later, for up to an hour.
BUSY_RETRY_SECONDS = 30
BUSY_RETRIES = 120


@shared_task(name="schools.import_roster", bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def import_roster(self, *, roster_import_id: int) -> None:
    try:
        services.roster_import_run(roster_import_id=roster_import_id)
    except services.RosterBusy as busy:
        raise self.retry(countdown=BUSY_RETRY_SECONDS, max_retries=BUSY_RETRIES) from busy


@shared_task(name="schools.requeue_roster_imports", ignore_result=True)
def requeue_roster_imports() -> int:
    """Every few minutes: roster imports the broker refused or a dead worker left (``manage.py
    requeue_roster_imports``)."""
    return services.roster_imports_requeue()
