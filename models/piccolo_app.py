from pathlib import Path

from piccolo.conf.apps import AppConfig

from models.audit import AuditEvent
from models.auth import AuthSession, IdTokenUse, Person, RefreshToken, SignInWindow
from models.calendar import CalendarDay
from models.catalogue import Agency, FeeLine, FeeOverride, Field, RequiredDocument, Service
from models.documents import (
    CitizenDocument,
    DocumentReuse,
    DossierPrefill,
    IdentityProfile,
)
from models.dossiers import (
    ApologyLetter,
    Dossier,
    DossierAttachment,
    DossierCodeCounter,
    DossierEvent,
    DossierPause,
    DossierResult,
)
from models.feedback import Feedback
from models.idempotency import IdempotencyRecord
from models.jobs import OutboxEvent
from models.live import EventTicket
from models.national_sync import NationalSyncRejection, NationalSyncSandboxRecord, NationalSyncState
from models.notifications import (
    Device,
    Notification,
    NotificationPreference,
    PushDelivery,
    ReminderSent,
)
from models.payments import (
    PaymentAttempt,
    PaymentNotice,
    PaymentReceipt,
    PaymentReview,
    ReceiptSeries,
    RefundOrder,
)
from models.postal import DeliveryBooking, DeliveryEvent
from models.ratings import DossierRating
from models.stats import StatsDay, StatsDossierFact, StatsMonth
from models.webhooks import WebhookAttempt, WebhookEndpoint, WebhookMessage

APP_CONFIG = AppConfig(
    app_name="models",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[
        Agency,
        Field,
        Service,
        FeeLine,
        FeeOverride,
        RequiredDocument,
        Person,
        AuthSession,
        RefreshToken,
        IdTokenUse,
        SignInWindow,
        AuditEvent,
        OutboxEvent,
        CalendarDay,
        Dossier,
        DossierEvent,
        DossierAttachment,
        DossierPause,
        DossierResult,
        ApologyLetter,
        DossierCodeCounter,
        IdempotencyRecord,
        PaymentAttempt,
        PaymentNotice,
        PaymentReview,
        PaymentReceipt,
        RefundOrder,
        ReceiptSeries,
        NationalSyncState,
        NationalSyncRejection,
        NationalSyncSandboxRecord,
        WebhookEndpoint,
        WebhookMessage,
        WebhookAttempt,
        DeliveryBooking,
        DeliveryEvent,
        EventTicket,
        Device,
        Notification,
        NotificationPreference,
        PushDelivery,
        ReminderSent,
        DossierRating,
        Feedback,
        CitizenDocument,
        DocumentReuse,
        IdentityProfile,
        DossierPrefill,
        StatsDay,
        StatsMonth,
        StatsDossierFact,
    ],
    migration_dependencies=[],
    commands=[],
)
