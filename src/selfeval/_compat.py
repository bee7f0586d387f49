"""What differs between the Python versions selfeval runs on (3.9 and newer).

- ``tomllib`` is in the standard library from 3.11; before that the same parser
  is the ``tomli`` package (a dependency there, see pyproject.toml), with the
  same API, ``parse_float`` included;
- ``X | Y`` between types makes a ``types.UnionType`` from 3.10, which
  ``typing.get_origin`` does not report as ``typing.Union``: test against
  :data:`UNION_TYPES`.

Import them from here::

    from selfeval._compat import tomllib
"""

from __future__ import annotations

import sys
import types
import typing

__all__ = ["tomllib", "UNION_TYPES"]

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised by scripts/check-python-compat on 3.9/3.10
    import tomli as tomllib

#: what ``typing.get_origin`` returns for ``Optional[X]``, ``Union[X, Y]`` and ``X | Y``
UNION_TYPES: tuple = (typing.Union, types.UnionType) if sys.version_info >= (3, 10) else (typing.Union,)
