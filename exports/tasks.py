from celery import shared_task

from exports import services


@shared_task(name="exports.build_export", bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def build_export(self, *, export_id: int) -> None:
    services.export_build(export_id=export_id)
