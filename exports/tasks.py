"""Background work of Download your data: thin, idempotent, safe to run twice."""

from celery import shared_task

from exports import services


@shared_task(bind=True, max_retries=3, default_retry_delay=60)
def build_data_export_task(self, export_id: int) -> bool:
    """Build one archive; after the last retry, mark it failed so the member may ask again."""
    try:
        return services.data_export_build(export_id=export_id)
    except Exception as error:  # storage or database trouble: try again, then give up
        if self.request.retries >= self.max_retries:
            services.data_export_fail(export_id=export_id)
            raise
        raise self.retry(exc=error) from error


@shared_task
def expire_data_exports_task() -> int:
    """Periodic: delete the files of exports whose link expired, and stored files no export
    names any more (a deleted member's)."""
    return services.data_exports_expire() + services.export_files_sweep()
