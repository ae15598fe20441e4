"""Statistics and SLA queries, official documents (receipts, notices, control sheet) and exports."""
