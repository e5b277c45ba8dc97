"""Push provider plugins (FCM, APNs, sandbox). Each module registers one provider with
notifications.push.PROVIDERS; INSTALLED lists them once."""

INSTALLED = (
    "notifications.providers.fcm",
    "notifications.providers.apns",
    "notifications.providers.sandbox",
)
