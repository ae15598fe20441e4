"""Synchronisation with the National Public Service Portal (Cổng Dịch vụ công quốc gia): dossier sync and progress
updates in its published shapes, queued in the outbox with each step and delivered with retry and backoff."""
