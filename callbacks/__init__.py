"""Every callback module is imported here, so that creating the app registers all callbacks.
One line per module (several people add lines here)."""

from callbacks import admin  # noqa: F401
from callbacks import home  # noqa: F401
from callbacks import live_map  # noqa: F401
from callbacks import timeline  # noqa: F401
from callbacks import workload  # noqa: F401
from callbacks import report_panel  # noqa: F401
from callbacks import alerts  # noqa: F401
from callbacks import wall  # noqa: F401
from callbacks import feedback  # noqa: F401
from callbacks import trends  # noqa: F401
from callbacks import report_intake  # noqa: F401
from callbacks import track_report  # noqa: F401
from callbacks import neighbourhood  # noqa: F401
from callbacks import feed_review  # noqa: F401
from callbacks import search  # noqa: F401
from callbacks import triage_model  # noqa: F401
from callbacks import staff_settings  # noqa: F401
from callbacks import privacy_rights  # noqa: F401
from callbacks import audit  # noqa: F401
