"""selfeval — guided writing of 部门整体支出绩效自评报告."""

__version__ = "0.1.0"
