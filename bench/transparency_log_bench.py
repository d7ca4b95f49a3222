"""Transparency log benchmark: append rate and inclusion-proof size as the log grows.

Drives a running `gantry server`'s Rekor v1 API (URL as the first argument). Entries are
hashedrekord requests as sigstore-python builds them, signed beforehand (client-side signing is
not part of the measured rate). Appends go in phases up to each size in SIZES, THREADS keep-alive
connections at once; after each phase the proofs of the first and the newest entry are fetched.
"""
import base64, concurrent.futures, datetime, hashlib, json, math, os, random, sys, threading, time

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
from cryptography.x509.oid import NameOID

URL = sys.argv[1]
SERVER_PID = sys.argv[2] if len(sys.argv) > 2 else None
SIZES = [int(s) for s in os.environ.get("SIZES", "10,100,1000,10000,100000").split(",")]
THREADS = int(os.environ.get("THREADS", "8"))


def bodies(n):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bench signer")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    pem = base64.b64encode(cert.public_bytes(serialization.Encoding.PEM)).decode()
    out = []
    for i in range(n):
        digest = hashlib.sha256(b"artifact %d" % i).digest()
        sig = key.sign(digest, ec.ECDSA(Prehashed(hashes.SHA256())))
        out.append(json.dumps({"apiVersion": "0.0.1", "kind": "hashedrekord", "spec": {
            "signature": {"content": base64.b64encode(sig).decode(), "publicKey": {"content": pem}},
            "data": {"hash": {"algorithm": "sha256", "value": digest.hex()}}}}))
    return out


local = threading.local()


def session():
    if not hasattr(local, "s"):
        local.s = requests.Session()
        local.s.headers["Content-Type"] = "application/json"
    return local.s


def append(body):
    r = session().post(URL + "/api/v1/log/entries", data=body)
    if r.status_code != 201:
        raise SystemExit(f"append failed: {r.status_code} {r.text[:200]}")


def proof(index):
    started = time.perf_counter()
    r = session().get(URL + "/api/v1/log/entries", params={"logIndex": index})
    elapsed = time.perf_counter() - started
    entry = list(r.json().values())[0]
    return len(entry["verification"]["inclusionProof"]["hashes"]), len(r.content), elapsed


def server_cpu():
    """The server's CPU seconds so far (user + system), from /proc: what an append costs the
    server whatever the client and the machine's load allow."""
    if not SERVER_PID:
        return 0.0
    fields = open(f"/proc/{SERVER_PID}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    total = max(SIZES)
    started = time.perf_counter()
    pending = bodies(total)
    print(f"signed {total} requests client-side in {time.perf_counter() - started:.1f} s (not measured below)", flush=True)
    print(f"{'log size':>9} {'appends/s':>10} {'proof hashes first/newest':>26} {'ceil(log2 n)':>13} "
          f"{'entry bytes':>12} {'GET entry ms':>13} {'server CPU ms/append':>21}")
    size = 0
    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        for target in SIZES:
            batch = pending[size:target]
            started, cpu = time.perf_counter(), server_cpu()
            list(pool.map(append, batch))
            cpu_per_append = (server_cpu() - cpu) / len(batch) * 1000
            rate = len(batch) / (time.perf_counter() - started)
            size = target
            first, first_bytes, _ = proof(0)
            newest, _, _ = proof(size - 1)
            latencies = sorted(proof(random.randrange(size))[2] for _ in range(50))
            print(f"{size:>9} {rate:>10.0f} {f'{first}/{newest}':>26} {math.ceil(math.log2(size)):>13} "
                  f"{first_bytes:>12} {latencies[len(latencies) // 2] * 1000:>13.2f} {cpu_per_append:>21.2f}", flush=True)


main()
