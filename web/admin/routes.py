"""The admin blueprint's views: sign-in, the pages that read, the forms that change."""
from . import actions, auth, views  # noqa: F401  (importing registers the routes)
