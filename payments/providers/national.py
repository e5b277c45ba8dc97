"""Placeholder registration so the registry imports; replaced by the full provider."""

from payments.registry import register


class _Pending:
    name = "national"
    methods = ("national",)


register(_Pending())  # type: ignore[arg-type]
