"""Clients switch on a problem's `type`, so every problem type any domain declares has one slug,
one status and a title in both languages, whichever module declared it."""

import re

from app.domains import DOMAINS
from core.problems import TYPE_BASE, Problem


def _all_problem_types() -> list[type[Problem]]:
    for domain in DOMAINS:  # importing each domain's modules declares its problem types
        domain.route_handlers()
        domain.job_specs()
        domain.hooks("on_startup")
    found, todo = [], [Problem]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def test_every_problem_type_has_a_stable_slug_status_and_both_titles():
    types = _all_problem_types()
    assert len(types) > 10
    by_slug: dict[str, int] = {}
    for cls in types:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", cls.slug), cls
        assert 400 <= cls.status <= 599, cls
        assert cls.titles.get("vi") and cls.titles.get("en"), cls
        # The same slug declared twice must mean the same thing.
        assert by_slug.setdefault(cls.slug, cls.status) == cls.status, cls.slug
        assert cls().type_uri == TYPE_BASE + cls.slug


def test_problem_str_is_its_slug_so_logs_never_show_details():
    problem = Problem(detail="ID 001099012345 not found", extra={"phone": "0912345678"})
    assert str(problem) == "internal-error"
