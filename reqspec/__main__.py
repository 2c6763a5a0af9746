"""``python -m reqspec``: the same command as ``reqspec``."""

import sys

from .cli import main

sys.exit(main())
