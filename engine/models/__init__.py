"""The database model: organisation, people, catalog, dossiers, workflow state, audit and outbox."""

from engine.models.audit import Event, OutboxMessage
from engine.models.base import Base
from engine.models.calendar import CalendarOverrideRow
from engine.models.catalog import (
    OnlineLevel,
    Procedure,
    ProcedureDocument,
    ProcedureFee,
    ProcedureStatus,
    ProcedureTime,
    ProcedureVersion,
    SupplementMode,
)
from engine.models.documents import IssuedDocument, SigningCertificate
from engine.models.dossiers import (
    Channel,
    Dossier,
    DossierCodeCounter,
    DossierFile,
    DossierPause,
    DossierStatus,
    FilePurpose,
    Outcome,
    ReturnMethod,
    SlaState,
    StoredFile,
)
from engine.models.organisation import Agency, AgencyTier, Department
from engine.models.people import ApplicantType, Role, RoleAssignment, User, UserKind
from engine.models.workflow import ProcessDefinition, TaskRow, TaskState, WorkflowInstance

__all__ = [
    "Agency",
    "AgencyTier",
    "ApplicantType",
    "Base",
    "CalendarOverrideRow",
    "Channel",
    "Department",
    "Dossier",
    "DossierCodeCounter",
    "DossierFile",
    "DossierPause",
    "DossierStatus",
    "Event",
    "FilePurpose",
    "IssuedDocument",
    "OnlineLevel",
    "OutboxMessage",
    "Outcome",
    "Procedure",
    "ProcedureDocument",
    "ProcedureFee",
    "ProcedureStatus",
    "ProcedureTime",
    "ProcedureVersion",
    "ProcessDefinition",
    "ReturnMethod",
    "Role",
    "RoleAssignment",
    "SigningCertificate",
    "SlaState",
    "StoredFile",
    "SupplementMode",
    "TaskRow",
    "TaskState",
    "User",
    "UserKind",
    "WorkflowInstance",
]
