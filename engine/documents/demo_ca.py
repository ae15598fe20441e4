"""A demo certificate authority and one signing certificate per demo leader (never for production use)."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

DEMO_PIN = "123456"
CA_NAME = "Một Cửa demo CA (không dùng thật)"

# Valid from a year back: the demo's history signs the decisions of the last three months (engine/demo_history.py).
BACKDATED = timedelta(days=366)


def _name(common_name: str, organisation: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    return x509.Name([*parts, x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _usage(*, signs_certificates: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not signs_certificates,
        content_commitment=not signs_certificates,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=signs_certificates,
        crl_sign=signs_certificates,
        encipher_only=False,
        decipher_only=False,
    )


class CertificateAuthority:
    """A self-signed CA whose key and certificate are PEM files in one folder."""

    def __init__(self, certificate: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> None:
        self.certificate = certificate
        self.key = key

    @classmethod
    def create(cls, common_name: str, at: datetime) -> CertificateAuthority:
        key = ec.generate_private_key(ec.SECP256R1())
        certificate = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name))
            .issuer_name(_name(common_name))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(at - BACKDATED)
            .not_valid_after(at + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_usage(signs_certificates=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )
        return cls(certificate, key)

    @classmethod
    def load_or_create(cls, folder: Path, at: datetime) -> CertificateAuthority:
        """The CA kept in `folder` (ca.pem, ca-key.pem), created there the first time."""
        cert_path, key_path = folder / "ca.pem", folder / "ca-key.pem"
        if cert_path.is_file() and key_path.is_file():
            key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
            return cls(x509.load_pem_x509_certificate(cert_path.read_bytes()), key)
        authority = cls.create(CA_NAME, at)
        folder.mkdir(parents=True, exist_ok=True)
        key_pem = authority.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        key_path.write_bytes(key_pem)
        os.chmod(key_path, 0o600)
        cert_path.write_bytes(authority.certificate.public_bytes(serialization.Encoding.PEM))
        return authority

    def trust_in(self, folder: Path) -> None:
        """Put this CA's certificate among the trusted roots of `folder`."""
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "demo-ca.pem").write_bytes(self.certificate.public_bytes(serialization.Encoding.PEM))

    def issue_pkcs12(self, full_name: str, organisation: str, pin: str, at: datetime) -> bytes:
        """A signing key and certificate for one person, with this CA's certificate, locked by `pin`."""
        key = ec.generate_private_key(ec.SECP256R1())
        certificate = (
            x509.CertificateBuilder()
            .subject_name(_name(full_name, organisation))
            .issuer_name(self.certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(at - BACKDATED)
            .not_valid_after(at + timedelta(days=3 * 365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(signs_certificates=False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False)
            .sign(self.key, hashes.SHA256())
        )
        return pkcs12.serialize_key_and_certificates(
            full_name.encode(),
            key,
            certificate,
            [self.certificate],
            serialization.BestAvailableEncryption(pin.encode()),
        )
