"""Payments of fees: the services, the gateway protocol."""
