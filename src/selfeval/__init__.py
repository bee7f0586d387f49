"""selfeval — guided writing of 部门整体支出绩效自评报告."""

import os as _os

# selfeval uses no pydantic plugins; looking them up scans every installed
# package's entry points and costs more start-up time than building the model.
_os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

__version__ = "0.1.0"
