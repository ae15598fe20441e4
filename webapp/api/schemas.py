"""The API's resources as marshmallow schemas: what it reads, what it answers, and so its OpenAPI description."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from engine.models import AgencyTier, DossierStatus, OnlineLevel, ReturnMethod
from engine.text import nfc


class Text(fields.String):
    """A string in NFC, refused when it carries a NUL (no one types one, PostgreSQL cannot keep one)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError("NUL character.")
        return nfc(text)


class Base64(fields.String):
    """File content as base64 (RFC 4648); answers the bytes."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bytes:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError) as error:
            raise ValidationError("Not valid base64.") from error


class Error(Schema):
    error = fields.String(required=True, metadata={"description": "stable code, e.g. not_found, key_revoked"})
    message = fields.String(required=True, metadata={"description": "in the language of Accept-Language (vi, en)"})
    errors = fields.Dict(keys=fields.String(), metadata={"description": "each refused field with its message"})


class Agency(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    name_en = fields.String()
    tier = fields.Enum(AgencyTier, by_value=True)
    parent = fields.Function(lambda agency: agency.parent.code if agency.parent else None, allow_none=True)
    receives_dossiers = fields.Boolean()


class Sector(Schema):
    name = fields.String(required=True)


class CatalogQuery(Schema):
    search = Text(load_default="", validate=validate.Length(max=120))
    sector = Text(load_default="", validate=validate.Length(max=255))
    agency = Text(load_default="", validate=validate.Length(max=32), metadata={"description": "handling agency"})
    level = fields.Enum(AgencyTier, by_value=True, load_default=None)


class Procedure(Schema):
    code = fields.String(required=True, attribute="procedure.code")
    name_vi = fields.String(required=True)
    name_en = fields.String()
    sector = fields.String()
    level = fields.Enum(AgencyTier, by_value=True, attribute="implementing_level")
    handling_agency = fields.Function(lambda v: v.handling_agency.code if v.handling_agency else None, allow_none=True)
    online_level = fields.Enum(OnlineLevel, by_value=True)
    valid_from = fields.Date()


class ProcessingTime(Schema):
    channel = fields.String(allow_none=True)
    amount = fields.Float()
    unit = fields.String()
    condition = fields.String()


class RequiredDocument(Schema):
    id = fields.Integer(metadata={"description": "the `document_id` of a submitted file"})
    name = fields.String()
    required = fields.Boolean()
    count = fields.Integer()


class Fee(Schema):
    name = fields.String()
    amount_vnd = fields.Integer(allow_none=True)
    channel = fields.String(allow_none=True)


class ProcedureDetail(Procedure):
    handling_body = fields.String()
    result_type = fields.String()
    legal_basis = fields.List(fields.Raw())
    times = fields.List(fields.Nested(ProcessingTime))
    documents = fields.List(fields.Nested(RequiredDocument))
    fees = fields.List(fields.Nested(Fee))
    receiving_units = fields.List(fields.String(), metadata={"description": "codes of the units that receive it"})


class Step(Schema):
    title = fields.String()
    title_en = fields.String()
    behaviour = fields.String()


class DossierStatusView(Schema):
    code = fields.String(required=True)
    procedure = fields.String(attribute="procedure_version.procedure.code")
    status = fields.Method("_status", metadata={"description": "national status code 1-10"})
    status_name = fields.Method("_status_name")
    receiving_unit = fields.String(attribute="receiving_unit.code")
    resolving_agency = fields.String(attribute="resolving_agency.code")
    submitted_at = fields.AwareDateTime()
    received_at = fields.AwareDateTime(allow_none=True)
    due_at = fields.AwareDateTime(allow_none=True)
    resolved_at = fields.AwareDateTime(allow_none=True)
    returned_at = fields.AwareDateTime(allow_none=True)
    outcome = fields.String(allow_none=True)
    sla_state = fields.String(allow_none=True)
    steps = fields.List(fields.Nested(Step), metadata={"description": "the open steps: where the dossier is now"})

    def _status(self, dossier: Any) -> int:
        return int(dossier.status)

    def _status_name(self, dossier: Any) -> str:
        return DossierStatus(dossier.status).name.lower()


class HistoryEntry(Schema):
    at = fields.AwareDateTime()
    action = fields.String()
    actor = fields.String()
    step = fields.Nested(Step, allow_none=True)
    to_steps = fields.List(fields.Nested(Step))
    reason = fields.String()
    late = fields.Boolean(allow_none=True)


class ResultDocument(Schema):
    file_id = fields.Integer()
    kind = fields.String()
    filename = fields.String()
    issued_at = fields.AwareDateTime()


class SubmittedFile(Schema):
    document_id = fields.Integer(required=True, metadata={"description": "a required document of the procedure"})
    filename = Text(required=True, validate=validate.Length(min=1, max=255))
    content = Base64(required=True, metadata={"description": "the file's bytes in base64; PDF, JPEG or PNG"})


class SubmittedApplicant(Schema):
    name = Text(required=True, validate=validate.Length(min=1, max=255))
    id_number = Text(load_default="", validate=validate.Length(max=20))
    phone = Text(load_default="", validate=validate.Length(max=32))
    email = Text(load_default="", validate=validate.Length(max=255))
    address = Text(load_default="", validate=validate.Length(max=255))


class Submission(Schema):
    procedure = Text(required=True, validate=validate.Length(max=80), metadata={"description": "national code"})
    receiving_unit = Text(required=True, validate=validate.Length(max=32))
    applicant = fields.Nested(SubmittedApplicant, required=True)
    return_method = fields.Enum(ReturnMethod, by_value=True, load_default=ReturnMethod.COUNTER)
    files = fields.List(fields.Nested(SubmittedFile), load_default=list, validate=validate.Length(max=30))


class Submitted(Schema):
    code = fields.String(required=True, attribute="dossier_code")
    version = fields.Integer()


class DayCount(Schema):
    day = fields.Date()
    count = fields.Integer()


class AgencyFigures(Schema):
    agency = fields.String(attribute="label")
    agency_en = fields.String(attribute="label_en")
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    on_time_rate = fields.Float(allow_none=True)
    online_share = fields.Float(allow_none=True)


class ServiceUse(Schema):
    code = fields.String()
    name = fields.String()
    online_level = fields.Enum(OnlineLevel, by_value=True)
    received_online = fields.Integer()
    resolved = fields.Integer()


class WaitingDossier(Schema):
    code = fields.String()
    procedure = fields.String()
    agency = fields.String()
    since = fields.AwareDateTime()
    status = fields.Method("_status")

    def _status(self, waiting: Any) -> int:
        return int(waiting.status)


class Statistics(Schema):
    year = fields.Integer()
    as_of = fields.AwareDateTime()
    received_by_day = fields.Method("_by_day", metadata={"type": "array"})
    agencies = fields.List(fields.Nested(AgencyFigures))
    province = fields.Nested(AgencyFigures)
    services = fields.List(fields.Nested(ServiceUse))
    waiting = fields.List(fields.Nested(WaitingDossier))
    waiting_total = fields.Integer()

    def _by_day(self, figures: Any) -> list[dict[str, Any]]:
        return [{"day": day.isoformat(), "count": count} for day, count in figures.by_day]


class SubmittedQuestion(Schema):
    name = Text(required=True, validate=validate.Length(min=1, max=255), metadata={"description": "who asks"})
    email = Text(load_default="", validate=validate.Length(max=255))
    phone = Text(load_default="", validate=validate.Length(max=32))
    address = Text(load_default="", validate=validate.Length(max=255))
    title = Text(required=True, validate=validate.Length(max=255))
    body = Text(required=True, validate=validate.Length(max=20000))
    topic = Text(load_default="", validate=validate.Length(max=80))
    agency = Text(load_default="", validate=validate.Length(max=32))


class NationalQuestion(Schema):
    """A question as the national portal lists it (LayDanhSachHoiDapGuiTuDVCQG); its keys are the portal's."""

    HOIDAPID = Text(
        required=True,
        validate=validate.Length(min=1, max=40),
        metadata={"description": "the question's id at the national portal; the same id is received once"},
    )
    NOIDUNG = Text(required=True, validate=validate.Length(max=20000), metadata={"description": "the question"})
    TIEUDE = Text(load_default="", validate=validate.Length(max=255), metadata={"description": "title, if any"})
    HOVATEN = Text(load_default="", validate=validate.Length(max=255), metadata={"description": "who asks"})
    THUDIENTU = Text(load_default="", validate=validate.Length(max=255))
    SODIENTHOAI = Text(load_default="", validate=validate.Length(max=32))
    DIACHI = Text(load_default="", validate=validate.Length(max=255))
    MALINHVUC = Text(load_default="", validate=validate.Length(max=80), metadata={"description": "sector code"})
    MADONVI = Text(load_default="", validate=validate.Length(max=32), metadata={"description": "unit asked"})
    TENDONVI = Text(load_default="", validate=validate.Length(max=255))

    class Meta:
        unknown = EXCLUDE  # the portal's list carries more (TRANGTHAI, TRALOIID ...) than a new question needs


class AskedQuestion(Schema):
    code = fields.String(required=True, metadata={"description": "the question's tracking code"})
    due_at = fields.AwareDateTime(metadata={"description": "the answer is due by then (15 working days)"})
