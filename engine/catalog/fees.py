"""What an online dossier costs and how it is paid, from the catalog's fees and the procedure's online level."""

from __future__ import annotations

from engine.models import Channel, OnlineLevel, ProcedureFee, ProcedureVersion

PAID_ONLINE = {OnlineLevel.LEVEL_4, OnlineLevel.FULL_ONLINE}  # level 4 / toàn trình: fees and signature online
SUBMITTED_ONLINE = PAID_ONLINE | {OnlineLevel.LEVEL_3, OnlineLevel.PARTIAL_ONLINE}


def fee_lines(version: ProcedureVersion, channel: Channel = Channel.ONLINE) -> list[ProcedureFee]:
    """The fees that apply to a dossier of this channel: the general ones and the channel's own."""
    return [fee for fee in version.fees if fee.channel in (None, channel)]


def pays_online(version: ProcedureVersion) -> bool:
    """Level 4: the fee is paid through the payment gateway; otherwise at the counter."""
    return version.online_level in PAID_ONLINE


def online_amount(version: ProcedureVersion) -> int | None:
    """The amount paid online: the sum of the online fee lines; None where the province sets a line's amount."""
    lines = fee_lines(version)
    if any(fee.amount_vnd is None for fee in lines):
        return None
    return sum(fee.amount_vnd or 0 for fee in lines)
