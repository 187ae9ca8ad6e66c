"""Scheduled background work: one registry of jobs (`registry.JOBS`) run by one job runner.

The runner (`runner.JobRunner`) uses APScheduler 3 for the timing and a lock that one process at a
time holds (`leadership.Leadership`) to pick the runner that runs the jobs; each run is claimed in
the store first (`job_states`), so a run happens once however many runners there are.
docs/operations.md says why this engine and how to run it.
"""
