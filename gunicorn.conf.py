"""gunicorn reads this file from the directory it starts in (`gunicorn app:server`).

Prometheus multiprocess mode: every worker counts in files under PROMETHEUS_MULTIPROC_DIR and
/metrics adds them up, whichever worker answers. The directory must be empty at start: set it to
a directory of your own (it is emptied here) or leave it unset (a fresh temporary one is made).
The access log carries each request's id (X-Request-ID, also in the app's own log lines).
"""

import os
import shutil
import tempfile

access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'


def on_starting(server):
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if path:
        shutil.rmtree(path, ignore_errors=True)
        os.makedirs(path)
    else:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="hnm-metrics-")


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
