"""Payment provider plugins. Each module registers one provider with payments.registry;
INSTALLED lists them once."""

INSTALLED = (
    "payments.providers.vietqr",
    "payments.providers.bank_transfer",
    "payments.providers.card",
    "payments.providers.national",
    "payments.providers.sandbox",
)
