/// The optional `sign` stage both Python package templates share: keyless Sigstore signing of
/// everything `build` put in `dist/`, against the Gantry server that runs the pipeline (its OIDC
/// issuer, certificate authority and transparency log; docs/signing.md). Off unless `SIGN_ENABLED`
/// is "true", GitLab's `*_ENABLED` convention for opt-in jobs (Auto DevOps' `STAGING_ENABLED`),
/// the counterpart of the templates' `*_DISABLED`: a pipeline that does not ask is unchanged.
enum SigstoreSignStage {
    /// The template variables that switch it on and choose the client (at variable indentation).
    static let variables = #"""
      # "true" adds the sign job: Sigstore bundles for dist/, made against this Gantry server.
      SIGN_ENABLED: "false"
      # The sigstore client (PyPI's `sigstore`) the sign job installs, and the PEP 740 library.
      SIGSTORE_VERSION: "4.5.1"
      PYPI_ATTESTATIONS_VERSION: "0.0.31"
    """#

    /// Everything of the `sign` job but its environment (`extends:` or `image:`/`before_script:`,
    /// which make and activate a venv), at job-key indentation. The trust config is fetched with
    /// Python rather than curl, which `python:*-slim` lacks; `SIGSTORE_IDENTITY_TOKEN` hands the
    /// client the job's token without putting it on a command line. The PEP 740 attestations
    /// (`<dist>.publish.attestation`, the names twine looks for) are made with pypi-attestations'
    /// Python API: its command line knows only the public Sigstore, not a trust config.
    static let job = #"""
      stage: sign
      rules:
        - if: $SIGN_ENABLED == "true"
      # What was tested is what is signed.
    \#(PythonPackageTemplate.testedBuildNeeds)
      id_tokens:
        SIGSTORE_ID_TOKEN:
          aud: sigstore
      script:
        - python -m pip install "sigstore==$SIGSTORE_VERSION" "pypi-attestations==$PYPI_ATTESTATIONS_VERSION"
        - |
          python - "$CI_SERVER_URL/-/sigstore/trust-config.json" <<'EOF'
          import sys, urllib.request
          try:
              with urllib.request.urlopen(sys.argv[1], timeout=60) as answer:
                  open("trust.json", "wb").write(answer.read())
          except OSError as error:
              sys.exit(f"cannot fetch {sys.argv[1]}: {error}. The sign job needs a Gantry server, which serves its Sigstore trust config there")
          EOF
        - SIGSTORE_IDENTITY_TOKEN="$SIGSTORE_ID_TOKEN" python -m sigstore --trust-config trust.json sign dist/*
        - |
          python - trust.json dist/*.whl dist/*.tar.gz <<'EOF'
          import os, sys, pathlib
          from sigstore.models import ClientTrustConfig
          from sigstore.oidc import IdentityToken
          from sigstore.sign import SigningContext
          from pypi_attestations import Attestation, Distribution
          config = ClientTrustConfig.from_json(pathlib.Path(sys.argv[1]).read_text())
          with SigningContext.from_trust_config(config).signer(IdentityToken(os.environ["SIGSTORE_ID_TOKEN"])) as signer:
              for name in sys.argv[2:]:
                  dist = pathlib.Path(name)
                  attestation = Attestation.sign(signer, Distribution.from_file(dist))
                  dist.with_name(dist.name + ".publish.attestation").write_text(attestation.model_dump_json())
                  print("PEP 740 attestation written to", dist.name + ".publish.attestation")
          EOF
        - ls -l dist/
      artifacts:
        paths:
          - dist/*.sigstore.json
          - dist/*.publish.attestation
        expire_in: 1 week
    """#

    /// The `needs:` entry of the upload jobs: the bundles and attestations when `sign` ran (at
    /// `needs:` item indentation).
    static let publishNeed = #"""
        - job: sign
          artifacts: true
          optional: true
    """#
}
