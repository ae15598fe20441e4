"""People: staff and applicant accounts, identity checks, passwords, tokens, permissions."""
