"""What differs between the Python versions selfeval runs on (3.9 and newer).

``tomllib`` is in the standard library from 3.11; before that the same parser
is the ``tomli`` package (a dependency there, see pyproject.toml), with the
same API, ``parse_float`` included. Import it from here::

    from selfeval._compat import tomllib
"""

from __future__ import annotations

import sys

__all__ = ["tomllib"]

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised by scripts/check-python-compat on 3.9/3.10
    import tomli as tomllib
