"""The schedule: every periodic job, when it runs, and the task it enqueues.

`manage.py scheduler` reads it through settings.SCHEDULER_JOBS (ADR 0017);
`manage.py db_worker` runs the tasks. Times are Asia/Jakarta
(settings.TIME_ZONE). A job may run late (the scheduler was down: the latest
missed slot runs once when it is back) or twice (a task delivered twice), so
every task here is idempotent, and its docstring says why.
"""

import datetime

from blangkon.scheduling.rules import Daily, Every, Job

JOBS = [
    # An upload whose worker died is resumed within minutes (ADR 0017).
    Job("catalog.recover_bulk_uploads", "blangkon.catalog.tasks.recover_bulk_uploads_task",
        Every(minutes=5)),
    # Sanctions end and certificates expire at the start of a local day.
    Job("vendors.lift_expired_sanctions", "blangkon.vendors.tasks.lift_expired_sanctions_task",
        Daily(datetime.time(0, 5))),
    Job("vendors.expire_certificates", "blangkon.vendors.tasks.expire_certificates_task",
        Daily(datetime.time(0, 10))),
    # Does nothing until the search's day changes. That day is the database
    # session's date, which Django keeps in UTC (07:00 here), so checking
    # hourly reshuffles within an hour of it whichever zone it follows.
    Job("search.reshuffle", "blangkon.search.tasks.search_reshuffle_task", Every(minutes=60)),
    Job("search.combinations", "blangkon.search.tasks.search_combinations_task",
        Daily(datetime.time(3, 0))),
    Job("documents.sweep_orphan_files", "blangkon.documents.tasks.sweep_orphan_files_task",
        Daily(datetime.time(2, 0))),
    Job("scheduling.prune_task_results", "blangkon.scheduling.tasks.prune_task_results_task",
        Daily(datetime.time(2, 30))),
    Job("accounts.prune_sign_in_records", "blangkon.accounts.tasks.prune_sign_in_records_task",
        Daily(datetime.time(2, 45))),
    # Adds this year's and next year's package holidays that have no row yet;
    # daily, so a new year's dates are there from its first day.
    Job("procurement.import_holidays", "blangkon.procurement.tasks.holidays_import_task",
        Daily(datetime.time(1, 0))),
    # Each user who chose a daily digest gets one mail of the day's unread
    # notifications, in the morning before work starts.
    Job("notifications.daily_digest", "blangkon.notifications.tasks.notifications_digest_task",
        Daily(datetime.time(6, 0))),
    # An order the PPK did not sign, or the vendor did not answer, within its
    # working days is cancelled automatically; deadlines end at midnight in
    # Jakarta, so an hourly run is at most an hour late.
    Job("orders.time_out", "blangkon.orders.tasks.orders_time_out_task", Every(minutes=60)),
    # A negotiation of a draft unanswered within its working days ends; same
    # midnight deadlines, so hourly too.
    Job("orders.expire_negotiations", "blangkon.orders.tasks.negotiations_expire_task",
        Every(minutes=60)),
    # The payment clock: reminders to the bendahara before an invoice's
    # deadline and the late mark after it; deadlines are whole local days, so
    # once a day before the work day starts is enough.
    # Red flags (indicators for auditors): every detector, set-based, every
    # quarter of an hour; a finding is one row by its key, so runs repeat safely.
    Job("red_flags.refresh", "blangkon.red_flags.tasks.red_flags_refresh_task",
        Every(minutes=15)),
    Job("payments.clock", "blangkon.payments.tasks.payment_clock_task",
        Daily(datetime.time(6, 30))),
    # A paid order the vendor did not confirm is completed after its working
    # days; they end at midnight in Jakarta, so a run soon after is enough.
    Job("payments.complete_paid_orders", "blangkon.payments.tasks.orders_complete_task",
        Daily(datetime.time(0, 20))),
    # Ratings are published 14 days after an order was completed, when the
    # other side never rated; hourly, so they appear within the hour.
    Job("ratings.publish_due", "blangkon.ratings.tasks.ratings_publish_due_task",
        Every(minutes=60)),
    # The open-data files of the public register: once a day, after the
    # night's housekeeping, before the working day; a run rewrites every file
    # from the orders as they are, so a late or repeated run does no harm.
    Job("transparency.opendata_publish", "blangkon.transparency.tasks.opendata_publish_task",
        Daily(datetime.time(3, 30))),
    # A changed, inserted or deleted audit row fails this job (ADR 0018).
    Job("audit.verify_chain", "blangkon.audit.tasks.verify_chain_task",
        Daily(datetime.time(4, 0))),
]  # fmt: skip
