"""Working time, deadlines and SLA states (no Flask, no database)."""
