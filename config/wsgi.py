import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Import every view module now, while the worker boots, not during its first
# request: the URLconf pulls in the API routers and openpyxl, 0.3-0.7 s that
# the first buyer to reach each new worker would otherwise wait.
get_resolver().url_patterns  # noqa: B018 (evaluated for its imports)

# The search's Indonesian word list (145,000 words, a few hundred ms to read),
# which tells a real word from a typo: read now, not by the first search.
from blangkon.search.corrections import indonesian_words  # noqa: E402

indonesian_words()

# What is loaded by now lives as long as the process: keep it out of the
# cyclic garbage collector's full passes, which otherwise walk every module,
# class and URL pattern and stop a request for ~80 ms now and then.
gc.freeze()
