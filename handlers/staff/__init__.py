"""Staff work behind the console: who may do what (roles and scopes), broadcasts with
their audiences and approvals, reviews of red-flag events and payment incidents,
deliveries and dead letters, the dashboard's numbers, and the audit log of it all.

The console (`bot/console`) is only a channel over these services, like `bot/h5` over
booking and patients.
"""
