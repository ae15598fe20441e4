"""The database model: organisation, people, catalog, dossiers, workflow state, audit and outbox."""

from engine.models.audit import AuditSeal, Event, OutboxMessage, OutboxState
from engine.models.base import Base
from engine.models.calendar import CalendarConfirmation, CalendarOverrideRow
from engine.models.catalog import (
    DocumentKind,
    OnlineLevel,
    Procedure,
    ProcedureDocument,
    ProcedureDraft,
    ProcedureFee,
    ProcedureStatus,
    ProcedureTime,
    ProcedureVersion,
    SupplementMode,
)
from engine.models.documents import IssuedDocument, OutgoingDocument, RegisterCounter, ResultPreview, SigningCertificate
from engine.models.dossiers import (
    SLA_CHECK_NOW,
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
from engine.models.online import DossierDeclaration, Draft, DraftFile
from engine.models.operations import BackupRecord, BackupStatus, Incident, JobOutcome, JobRun, SchedulerLease
from engine.models.organisation import Agency, AgencyTier, Department
from engine.models.payments import Payment, PaymentState
from engine.models.people import ApplicantType, Role, RoleAssignment, User, UserKind
from engine.models.questions import Question, QuestionStatus, QuestionTopic
from engine.models.ratings import INDICATORS, Rating, Satisfaction
from engine.models.reports import ReportSnapshot
from engine.models.workflow import ProcessDefinition, TaskRow, TaskState, WorkflowInstance

__all__ = [
    "INDICATORS",
    "SLA_CHECK_NOW",
    "Agency",
    "AgencyTier",
    "ApplicantType",
    "AuditSeal",
    "BackupRecord",
    "BackupStatus",
    "Base",
    "CalendarConfirmation",
    "CalendarOverrideRow",
    "Channel",
    "Department",
    "DocumentKind",
    "Dossier",
    "DossierCodeCounter",
    "DossierDeclaration",
    "DossierFile",
    "DossierPause",
    "DossierStatus",
    "Draft",
    "DraftFile",
    "Event",
    "FilePurpose",
    "Incident",
    "IssuedDocument",
    "JobOutcome",
    "JobRun",
    "OnlineLevel",
    "OutboxMessage",
    "OutboxState",
    "Outcome",
    "OutgoingDocument",
    "Payment",
    "PaymentState",
    "Procedure",
    "ProcedureDocument",
    "ProcedureDraft",
    "ProcedureFee",
    "ProcedureStatus",
    "ProcedureTime",
    "ProcedureVersion",
    "ProcessDefinition",
    "Question",
    "QuestionStatus",
    "QuestionTopic",
    "Rating",
    "RegisterCounter",
    "ReportSnapshot",
    "ResultPreview",
    "ReturnMethod",
    "Role",
    "RoleAssignment",
    "Satisfaction",
    "SchedulerLease",
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
