"""Notices: composed and queued in the step, delivered from the outbox, digests."""
