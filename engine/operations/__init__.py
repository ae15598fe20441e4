"""Operations: backup and restore, the scheduler lease, calendar overrides."""
