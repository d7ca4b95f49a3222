// GantryEngine: pipeline and job statuses, the scheduler.
