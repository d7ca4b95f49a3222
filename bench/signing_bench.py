"""Signing one file with the sigstore client against one `gantry server --runner` (the binary
given), as whole `python -m sigstore` calls, side by side with the same client's offline verify.

A pipeline job with `id_tokens: SIGSTORE_ID_TOKEN: aud: sigstore` hands the bench its ID token (as
an artifact, like Tests/GantryCLITests/SigstoreSigningTests.swift does); the trust config comes
from `GET /-/sigstore/trust-config.json`. Then RUNS times, interleaved:

- `sigstore --trust-config trust.json sign --identity-token TOKEN --overwrite FILE`: a key pair,
  a certificate from the server's CA, an entry in its transparency log, the bundle written;
- `sigstore --trust-config trust.json verify identity --offline --bundle ... FILE`;
- `sigstore --version`: the client's start-up alone, the floor under both.

Prints the medians and their ratio. See docs/benchmarks.md.
"""
import io, os, statistics, subprocess, sys, tempfile, time, urllib.parse, urllib.request, zipfile

import gitlab

import bench_server

gantry, runs = sys.argv[1], int(sys.argv[2])
python = sys.executable
token = "glpat-bench-root-token-0001"
server, data, url = bench_server.start(gantry, token)
work = tempfile.mkdtemp(prefix="gantry-signing-bench-")

try:
    gl = gitlab.Gitlab(url, private_token=token)
    project = gl.projects.create({"name": "signer"})
    project.files.create({"file_path": ".gitlab-ci.yml", "branch": "main", "commit_message": "ci", "content": """\
token:
  id_tokens:
    SIGSTORE_ID_TOKEN:
      aud: sigstore
  script:
    - printf %s "$SIGSTORE_ID_TOKEN" > token.txt
  artifacts: {paths: [token.txt]}
"""})
    deadline = time.time() + 300
    while True:
        pipeline = project.pipelines.list(get_all=False)
        if pipeline and pipeline[0].status in ("success", "failed", "canceled"):
            break
        if time.time() > deadline:
            sys.exit("the token job did not finish")
        time.sleep(0.5)
    job = project.jobs.get(pipeline[0].jobs.list()[0].id)
    assert pipeline[0].status == "success", job.trace().decode()
    identity_token = zipfile.ZipFile(io.BytesIO(job.artifacts())).read("token.txt").decode()
    host = urllib.parse.urlparse(url).netloc
    identity = f"https://{host}/root/signer//.gitlab-ci.yml@refs/heads/main"
    # A release build at d7ba0fc gives jobs no token (RSAKey reads its PEM through a dangling pointer).
    assert identity_token.count(".") == 2, f"the job got no ID token (see docs/benchmarks.md, signing):\n{job.trace().decode()}"
    trust = os.path.join(work, "trust.json")
    with urllib.request.urlopen(url + "/-/sigstore/trust-config.json") as r, open(trust, "wb") as f:
        f.write(r.read())
    wheel = os.path.join(work, "bench-1.0-py3-none-any.whl")
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr("bench/__init__.py", "VERSION = '1.0'\n" * 200)
    bundle = wheel + ".sigstore.json"

    def timed(arguments):
        start = time.perf_counter()
        result = subprocess.run([python, "-m", "sigstore", "--trust-config", trust, *arguments], capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        assert result.returncode == 0, result.stderr
        return elapsed

    sign = ["sign", "--identity-token", identity_token, "--overwrite", wheel]
    verify = ["verify", "identity", "--offline", "--bundle", bundle, "--cert-identity", identity, "--cert-oidc-issuer", url, wheel]
    startup = ["--version"]  # the client's start-up alone (imports): the floor under both
    timed(sign), timed(verify)  # warm-up: the client's byte-code caches, the server's first entry
    signs, verifies, starts = [], [], []
    for _ in range(runs):  # interleaved, so drift on the shared machine hits every side alike
        signs.append(timed(sign))
        verifies.append(timed(verify))
        starts.append(timed(startup))
    s, v, f = statistics.median(signs), statistics.median(verifies), statistics.median(starts)
    ms = lambda t: t * 1000
    print(f"sigstore client {subprocess.run([python, '-m', 'sigstore', '--version'], capture_output=True, text=True).stdout.strip()}, "
          f"one {os.path.getsize(wheel)}-byte wheel; medians of {runs} whole calls each")
    print(f"  sigstore sign (certificate + log entry + bundle)   median {ms(s):7.0f} ms   min {ms(min(signs)):7.0f} ms")
    print(f"  sigstore verify identity --offline               median {ms(v):7.0f} ms   min {ms(min(verifies)):7.0f} ms")
    print(f"  sigstore --version (start-up and imports only)   median {ms(f):7.0f} ms   min {ms(min(starts)):7.0f} ms")
    print(f"  sign / verify: {s / v:.2f}x; above start-up: sign {ms(s - f):.0f} ms, verify {ms(v - f):.0f} ms")
finally:
    bench_server.stop(server, data)
    subprocess.run(["rm", "-rf", work])
