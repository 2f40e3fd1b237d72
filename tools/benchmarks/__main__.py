"""``python -m benchmarks``: the same benchmark as ``invoke bench``."""

import sys

from .cli import main

sys.exit(main())
