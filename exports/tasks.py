from celery import shared_task

from exports import services


@shared_task(name="exports.build_export", bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def build_export(self, *, export_id: int) -> None:
    services.export_build(export_id=export_id)


@shared_task(name="exports.requeue_exports", ignore_result=True)
def requeue_exports() -> int:
    """Every few minutes: exports the broker refused or a dead worker left (``manage.py requeue_exports``)."""
    return services.exports_requeue()
