"""Every callback module is imported here, so that creating the app registers all callbacks."""

from callbacks import admin, home  # noqa: F401
