import Foundation
import GantryTestSupport

/// Runs Python against a server's transparency log with sigstore-python's own Rekor client and
/// verification code. The script gets `URL`, `client` (sigstore's `RekorClient`), `signer()` (a P-256
/// key and a self-signed certificate, standing in for the CA), `hashedrekord(key, cert, artifact)`
/// and `dsse_entry(key, cert, digest_hex)` (requests as `sigstore sign` and `sigstore attest` build
/// them), `keyring()` (the log's key as a sigstore keyring), `verify(entry)` (inclusion proof,
/// checkpoint and SET, as `sigstore verify` checks them) and `post(body)` (a raw POST, for what
/// the client would never send). What it prints is returned.
enum RekorClientScript {
    static let prelude = #"""
        import base64, datetime, hashlib, json, sys, threading
        import requests
        from cryptography import x509
        from cryptography.x509.oid import NameOID
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
        from sigstore import dsse
        from sigstore._internal.rekor import _hashedrekord_from_parts
        from sigstore._internal.rekor.client import RekorClient
        from sigstore._internal.trust import Keyring
        from sigstore.errors import VerificationError
        from sigstore.hashes import Hashed
        from sigstore.models import TransparencyLogEntry
        from sigstore_models.common import v1 as common_v1
        from sigstore_models.common.v1 import HashAlgorithm

        client = RekorClient(URL)

        def signer():
            key = ec.generate_private_key(ec.SECP256R1())
            name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "gantry test signer")])
            now = datetime.datetime.now(datetime.timezone.utc)
            cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                    .serial_number(x509.random_serial_number()).not_valid_before(now)
                    .not_valid_after(now + datetime.timedelta(minutes=10)).sign(key, hashes.SHA256()))
            return key, cert

        def hashed(artifact):
            return Hashed(algorithm=HashAlgorithm.SHA2_256, digest=hashlib.sha256(artifact).digest())

        def sign_digest(key, artifact):
            return key.sign(hashlib.sha256(artifact).digest(), ec.ECDSA(Prehashed(hashes.SHA256())))

        def hashedrekord(key, cert, artifact):
            return client._build_hashed_rekord_request(hashed(artifact), sign_digest(key, artifact), cert)

        def dsse_entry(key, cert, digest_hex):
            stmt = (dsse.StatementBuilder().subjects([dsse.Subject(name="pkg-1.0.tar.gz", digest={"sha256": digest_hex})])
                    .predicate_type("https://docs.pypi.org/attestations/publish/v1").predicate({}).build())
            return client._build_dsse_request(dsse._sign(key, stmt), cert)

        def keyring():
            pem = requests.get(URL + "/api/v1/log/publicKey").text
            der = serialization.load_pem_public_key(pem.encode()).public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
            return Keyring([common_v1.PublicKey(raw_bytes=base64.b64encode(der),
                                                key_details=common_v1.PublicKeyDetails.PKIX_ECDSA_P256_SHA_256)])

        def verify(entry):
            entry._verify(keyring())

        def post(body, path="/api/v1/log/entries"):
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
            return requests.post(URL + path, data=data, headers={"Content-Type": "application/json"})

        """#

    static func run(_ server: ServerProcess, _ script: String) throws -> String {
        let code = "URL = \"\(server.url)\"\n" + prelude + script
        var env = ProcessInfo.processInfo.environment
        env["NO_PROXY"] = "*"
        let r = try Waiting.run(GantryProcess.repositoryRoot.appendingPathComponent(".venv/bin/python"), ["-c", code],
                                environment: env, waitingFor: "sigstore-python against the log at \(server.url)")
        guard r.status == 0 else {
            throw ServerProcess.ServerFailure(description: "sigstore script failed (\(r.status)):\n\(r.stdout)\n\(r.stderr)\nserver log:\n\(server.log)")
        }
        return r.stdout
    }
}
