"""Fee payment: attempts, provider plugins, callbacks, reconciliation, receipts and refunds."""
