"""Payments: outpatient bills, same-day registration fees and inpatient deposits paid
through WeChat Pay (JSAPI), verified notifications, refunds and daily reconciliation.

models · rules (config) · repo (sole owner of its collections) · gateway (the WeChat Pay
client) · payables (what can be paid) · ledger (every state change, in a transaction
with its audit entry and notice) · refunds · service · reconcile · jobs · chat.
"""
