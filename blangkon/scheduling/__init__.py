"""One scheduler for every periodic job (ADR 0017).

The mechanism only: when a job is due (`rules`), a record of each (job, slot)
enqueued (`models.ScheduledRun`, unique, so two schedulers or a restart never
enqueue the same slot twice), and the loop (`manage.py scheduler`). It imports
no app: the schedule itself, the list of jobs naming the apps' tasks by dotted
path, is handed in from the top (`settings.SCHEDULER_JOBS`, which names
`config.schedule.JOBS`), as ROOT_URLCONF hands Django its URLs.
"""
