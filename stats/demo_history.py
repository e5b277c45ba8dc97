"""A year of demo dossiers behind the dashboard, for `./dev serve` and `motcua seed-demo`.

Deterministic (random.Random(SEED)): the same catalogue gives the same history, dated back
from the day it is first loaded. Idempotent: a database that holds the first history dossier
is left alone. Fast: rows are made in memory and inserted in batches (core/db/bulk.py), and
their rollups are computed from the same rows. Synthetic applicants (HISTORY_PEOPLE, ID
numbers 0010 85 xxxxxx) own them, so no demo citizen's own list fills up. Every channel,
outcomes (results on time and late with apology letters, refusals, withdrawals, stops,
dossiers still open and some overdue), fees paid online or not, electronic results, reused
documents, ratings and some feedback to the agencies; the online share rises through the
year as it did in the provinces.
Deadlines here skip weekends only (the real lifecycle uses the holiday calendar): this is
demo data, not a deadline."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from core import clock
from core.db import transaction
from core.db.bulk import insert_rows
from dossiers.states import NATIONAL_STATUS
from models.auth import Person
from models.catalogue import FeeLine, Service
from models.dossiers import ApologyLetter, Dossier, DossierCodeCounter
from models.feedback import Feedback
from models.ratings import DossierRating
from stats.indicators import LOCAL
from stats.recount import contribute

SEED = 766
DAYS = 365
HISTORY_PEOPLE = 240
NAMESPACE = uuid.UUID("5d1b3c1e-7660-4a3b-9d2c-000000000766")
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
GIVEN = ("Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng", "Thu Hà", "Đức Huy", "Ngọc Lan",
         "Thanh Tùng", "Hải Yến", "Gia Bảo")
LEVELS = (5,) * 55 + (4,) * 32 + (3,) * 8 + (2,) * 3 + (1,) * 2
FEEDBACK = (  # (kind, subject, text, answer): made-up, not anyone's words
    ("phan_anh", "Chậm trả kết quả", "Hồ sơ của tôi đã quá ngày hẹn mà chưa có kết quả.",
     "Cơ quan xin lỗi vì sự chậm trễ; kết quả đã được trả qua ứng dụng."),
    ("phan_anh", "Không xem được trạng thái", "Tôi không theo dõi được hồ sơ trên ứng dụng.",
     "Lỗi hiển thị đã được khắc phục; đề nghị ông/bà cập nhật ứng dụng."),
    ("kien_nghi", "Đề nghị trả kết quả qua bưu điện",
     "Đề nghị cho phép nhận kết quả thủ tục này qua bưu chính công ích.",
     "Cơ quan ghi nhận kiến nghị và sẽ xem xét khi rà soát thủ tục."),
)


def _id(kind: str, n: int) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{kind}/{n}")


def _working_days_after(start: datetime, days: int) -> datetime:
    day = start.astimezone(LOCAL).date()
    while days > 0:
        day += timedelta(days=1)
        days -= day.weekday() < 5
    return datetime.combine(day, time(17), LOCAL)


async def seed_history() -> int | None:
    """Add the demo year unless it is there; returns the number of dossiers added."""
    if await Dossier.exists().where(Dossier.id == _id("dossier", 0)):
        return None
    services = await Service.select(Service.id, Service.agency, Service.level,
                                    Service.online_submission, Service.result_electronic,
                                    Service.processing_days, Service.agency.unit_code)
    if not services:
        return None
    fees = {}
    for line in await FeeLine.select().order_by(FeeLine.position, ascending=False):
        fees[line["service"]] = line["base_amount"]
    people = [{"id": _id("person", n), "id_number": f"0010{85 + n % 10:02d}{n:06d}",
               "full_name": f"{SURNAMES[n % 10]} {GIVEN[n // 10 % 10]}",
               "phone": f"09{n:08d}"} for n in range(HISTORY_PEOPLE)]
    now = clock.now()
    made = History(random.Random(SEED), now, fees, [p["id"] for p in people],
                   await _counters(now))
    for service in sorted(services, key=lambda s: s["id"]):
        made.service(service)
    today = now.astimezone(LOCAL).date()
    since = today - timedelta(days=DAYS + 1)
    async with transaction():
        for table, rows in ((Person, people), (Dossier, made.dossiers),
                            (ApologyLetter, made.letters), (DossierRating, made.ratings),
                            (Feedback, made.feedback)):
            await insert_rows(table, rows)
        # The daily sequences of the history's past days (today's is the live one's): as read
        # before, plus the codes the history took.
        await DossierCodeCounter.delete().where(
            (DossierCodeCounter.day >= since) & (DossierCodeCounter.day < today))
        await insert_rows(DossierCodeCounter, [
            {"agency_unit_code": unit, "day": day, "last": last}
            for (unit, day), last in sorted(made.last.items()) if since <= day < today])
        await contribute(made.dossiers, made.ratings, {row["dossier"] for row in made.letters})
    return len(made.dossiers)


async def _counters(now: datetime) -> dict[tuple[str, date], int]:
    """Every daily sequence from the history's first day on."""
    since = now.astimezone(LOCAL).date() - timedelta(days=DAYS + 1)
    rows = await DossierCodeCounter.select().where(DossierCodeCounter.day >= since)
    return {(r["agency_unit_code"], r["day"] if isinstance(r["day"], date)
             else date.fromisoformat(r["day"])): r["last"] for r in rows}


class History:
    def __init__(self, rng: random.Random, now: datetime, fees: dict[int, int],
                 people: list[uuid.UUID], last: dict[tuple[str, date], int]) -> None:
        self.rng, self.now, self.fees, self.people, self.last = rng, now, fees, people, last
        self.dossiers: list[dict[str, Any]] = []
        self.letters: list[dict[str, Any]] = []
        self.ratings: list[dict[str, Any]] = []
        self.feedback: list[dict[str, Any]] = []

    def service(self, service: dict[str, Any]) -> None:
        today = self.now.astimezone(LOCAL).date()
        rate = 0.6 + 2.4 * self.rng.random()  # dossiers a day
        for back in range(DAYS, 0, -1):
            day = today - timedelta(days=back)
            weekday_rate = rate if day.weekday() < 5 else rate * 0.25
            for _ in range(int(weekday_rate) + (self.rng.random() < weekday_rate % 1)):
                self.dossier(service, day, 1 - back / DAYS)

    def _channel(self, service: dict[str, Any], progress: float) -> str:
        if service["online_submission"] and self.rng.random() < 0.42 + 0.36 * progress:
            return "app" if self.rng.random() < 0.35 + 0.3 * progress else "portal"
        return "counter" if self.rng.random() < 0.85 else "post"

    def dossier(self, service: dict[str, Any], day: date, progress: float) -> None:
        rng, n = self.rng, len(self.dossiers)
        channel = self._channel(service, progress)
        online = channel in ("app", "portal")
        unit = service["agency.unit_code"]
        seq = self.last.get((unit, day), 0) + 1
        self.last[(unit, day)] = seq
        submitted = datetime.combine(day, time(7 + rng.randint(0, 12), rng.randint(0, 59)), LOCAL)
        fee = self.fees.get(service["id"], 0)
        row = {"id": _id("dossier", n), "code": f"{unit}-{day:%y%m%d}-{seq:04d}",
               "service": service["id"], "agency": service["agency"],
               "applicant": self.people[rng.randrange(len(self.people))], "channel": channel,
               "submission_channel": {"counter": 1, "post": 3}.get(channel, 2),
               "created_at": submitted, "updated_at": submitted, "submitted_at": submitted,
               "fee_total": fee, "paid_online": bool(fee) and online and rng.random() < 0.88,
               "reused_documents": online and rng.random() < 0.2 + 0.3 * progress,
               "digitised": rng.random() < (0.9 if online else 0.55), "version": 4}
        self.dossiers.append(row)
        self._outcome(row, service, rng.random())

    def _outcome(self, row: dict[str, Any], service: dict[str, Any], draw: float) -> None:
        rng, submitted = self.rng, row["submitted_at"]
        if draw < 0.03:
            return self._close(row, "refused", submitted + timedelta(hours=20))
        received = submitted if row["channel"] == "counter" else submitted + timedelta(hours=18)
        due = _working_days_after(received, service["processing_days"])
        row.update(received_at=received, due_at=due, original_due_at=due,
                   supplement_count=rng.choice((0,) * 16 + (1,) * 3 + (2,)))
        if draw < 0.05:
            return self._close(row, "withdrawn", received + timedelta(days=1))
        if draw < 0.065:
            return self._close(row, "stopped", received + timedelta(days=2))
        late = row["supplement_count"] == 2 or rng.random() < 0.09
        span = (due - received).total_seconds()
        finished = (due + timedelta(days=rng.randint(1, 6)) if late
                    else received + timedelta(seconds=span * rng.uniform(0.25, 0.98)))
        if finished > self.now:  # not done yet: still open, overdue when late
            return self._state(row, rng.choice(("received", "processing", "processing")))
        electronic = service["result_electronic"] and row["channel"] in ("app", "portal")
        row.update(finished_at=finished, electronic_result=electronic and rng.random() < 0.85,
                   result_delivery="electronic" if electronic else
                   "postal" if row["channel"] == "post" else "in_person")
        if finished > due:
            new_due = datetime.combine(finished.astimezone(LOCAL).date(), time(17), LOCAL)
            self.letters.append({"dossier": row["id"], "issued_at": finished,
                                 "previous_due_at": due, "new_due_at": new_due,
                                 "reason": "Hồ sơ cần xác minh thêm"})
            row["due_at"] = new_due
        handed = finished + timedelta(days=rng.randint(0, 3))
        if handed > self.now:
            self._state(row, "result_ready")
        else:
            self._close(row, "result_returned", handed)
        if rng.random() < (0.12 if late else 0.02):
            self._feedback(row, finished)
        rated = finished + timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 8))
        if rated < self.now and rng.random() < (0.55 if row["channel"] != "counter" else 0.2):
            level = rng.choice(LEVELS) if not late else max(1, rng.choice(LEVELS) - 2)
            self.ratings.append({"id": _id("rating", len(self.ratings)), "dossier": row["id"],
                                 "person": row["applicant"], "agency": row["agency"],
                                 "service": row["service"], "level": level,
                                 "created_at": rated, "updated_at": rated})

    def _feedback(self, row: dict[str, Any], finished: datetime) -> None:
        """Now and then the applicant writes to the agency about the dossier; most letters
        are answered within the deadline, the recent ones wait."""
        kind, subject, body, answer = FEEDBACK[self.rng.randrange(len(FEEDBACK))]
        sent = finished + timedelta(days=1, hours=self.rng.randint(0, 8))
        if sent > self.now:
            return
        answered = sent + timedelta(days=self.rng.randint(1, 12))
        row_id = _id("feedback", len(self.feedback))
        done = answered < self.now
        self.feedback.append({
            "id": row_id, "person": row["applicant"], "agency": row["agency"],
            "service": row["service"], "dossier": row["id"], "kind": kind, "subject": subject,
            "body": body, "state": "answered" if done else "received", "version": 2 if done else 1,
            "created_at": sent, "updated_at": answered if done else sent,
            "due_at": _working_days_after(sent, 10), "answer": answer if done else "",
            "answered_at": answered if done else None})

    def _state(self, row: dict[str, Any], state: str) -> None:
        # A StrEnum member is found by its value.
        row.update(state=state, status_code=NATIONAL_STATUS[state])  # pyright: ignore[reportArgumentType]

    def _close(self, row: dict[str, Any], state: str, at: datetime) -> None:
        self._state(row, state)
        row.update(closed_at=min(at, self.now), updated_at=min(at, self.now))
