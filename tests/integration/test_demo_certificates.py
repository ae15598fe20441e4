"""`motcua demo-data` gives every demo leader a certificate of one demo CA, once, however often it runs, and trusts
that CA in the instance."""

from __future__ import annotations

from sqlalchemy import select

from engine.demo import load_demo_data
from engine.documents.demo_ca import DEMO_PIN
from engine.documents.signatures import load_trust_roots, read_pkcs12
from engine.models import SigningCertificate, User


def _load(runtime, clock) -> list[tuple[str, str]]:
    with runtime.unit_of_work() as uow:
        load_demo_data(uow.session, clock.now(), certificates=runtime.settings)
        uow.commit()
        rows = uow.session.execute(
            select(User.username, SigningCertificate.sha256).join(User, SigningCertificate.user_id == User.id)
        )
        return sorted(tuple(row) for row in rows)


def test_each_leader_gets_one_certificate_of_the_demo_ca_once(runtime, clock):
    ca_pem = runtime.settings.demo_ca_dir / "ca.pem"
    first = _load(runtime, clock)
    ca_before = ca_pem.read_bytes()
    assert _load(runtime, clock) == first and ca_pem.read_bytes() == ca_before
    logins = {username for username, _sha in first}
    assert {"lanhdao.anhoa", "lanhdao.stc", "truongphong.anhoa"} <= logins and "motcua.anhoa" not in logins
    [root] = load_trust_roots(runtime.settings.trust_roots)
    assert root.dump() == load_trust_roots(ca_pem)[0].dump()
    with runtime.unit_of_work() as uow:
        certificate = uow.session.scalar(
            select(SigningCertificate)
            .join(User, SigningCertificate.user_id == User.id)
            .where(User.username == "lanhdao.anhoa")
        )
        info = read_pkcs12(certificate.pkcs12, DEMO_PIN)
    assert "Lê Công Thành" in info.subject and root.subject.native["common_name"] in info.issuer
    assert (runtime.settings.demo_ca_dir / "ca-key.pem").stat().st_mode & 0o077 == 0
