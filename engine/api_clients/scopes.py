"""What a calling system may do (phạm vi): operations it was granted, in the agencies it was granted."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from engine.errors import N_, NotAllowed


class Operation(StrEnum):
    CATALOG_READ = "catalog:read"
    DOSSIERS_READ = "dossiers:read"
    DOSSIERS_SUBMIT = "dossiers:submit"
    RESULTS_READ = "results:read"
    STATISTICS_READ = "statistics:read"
    QUESTIONS_SUBMIT = "questions:submit"  # the national portal hands on the questions people asked there


@dataclass(frozen=True)
class ClientIdentity:
    """An authenticated client, as plain values that outlive the session that read them."""

    id: int
    name: str
    user_id: int
    agencies: frozenset[str]
    operations: frozenset[Operation]
    rate_limit: str

    def require(self, operation: Operation) -> None:
        if operation not in self.operations:
            raise NotAllowed(action=N_("dùng chức năng này của API (chưa được cấp phạm vi)"))

    def covers(self, *agency_codes: str) -> bool:
        """Any of these agencies is one of the client's."""
        return bool(self.agencies.intersection(agency_codes))
