"""The assembly, above the api and every domain: `app.domains` lists the domains and what each
contributes, `app.factory` builds the Litestar app from that list, `app.cli` is the `motcua`
command. Nothing below imports this package; what it assembles is handed down at start (the
job runtime gets its jobs, the worker its start-up hooks)."""
