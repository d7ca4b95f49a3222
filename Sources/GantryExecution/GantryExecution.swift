// GantryExecution: running one job.
