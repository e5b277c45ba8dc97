"""Placeholder registration so the registry imports; the full card provider follows."""

from payments.registry import register


class _Pending:
    name = "card"
    methods = ("card",)


register(_Pending())  # type: ignore[arg-type]
