"""Notifications: every change that concerns a citizen reaches their phone (push), their in-app
inbox and, while the app is open, the live event stream."""
