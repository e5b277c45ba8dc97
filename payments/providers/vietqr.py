"""Placeholder registration so the registry imports; replaced by the full provider below."""

from payments.registry import register


class _Pending:
    name = "vietqr"
    methods = ("vietqr",)


register(_Pending())  # type: ignore[arg-type]
