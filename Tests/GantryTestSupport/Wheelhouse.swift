import Foundation

/// One folder of wheels for the Python tools the example and template pipelines install, filled
/// once per test run (`pip wheel`, which reuses what an earlier run left and adds what PyPI has
/// newer) and handed to the jobs as `PIP_FIND_LINKS` with `PIP_NO_INDEX=1`: every job's pip
/// installs from there instead of downloading from PyPI, in every job of every pipeline. The
/// pipelines' YAML sets neither variable, so a pipeline variable (`gantry run --variable`) or a
/// project's CI/CD variable (on the server) reaches every job; their `PIP_CACHE_DIR` and caches
/// stay as they are.
///
/// Without `PIP_NO_INDEX`, pip's resolver takes PyPI's copy of a version the folder also holds,
/// and downloads it. With it, a tool missing from `requirements` fails the job ("No matching
/// distribution"): add it here.
public enum Wheelhouse {
    /// What the example (`examples/`) and template (`gantry init`) pipelines `pip install`.
    public static let requirements = [
        "pip", "setuptools>=64", "wheel", "build", "poetry-core>=1.0.0", "uv_build>=0.9,<0.14",
        "coverage", "unittest-xml-reporting", "pytest", "pytest-cov", "pylint", "black", "mypy",
        "docstr-coverage", "twine", "poetry==2.5.1",
        "setuptools-scm>=6.2.3",  // builds unittest-xml-reporting from its sdist (builtFromSource)
        "sigstore==4.5.1", "pypi-attestations==0.0.31",  // the templates' sign job (SIGSTORE_VERSION, PYPI_ATTESTATIONS_VERSION)
    ]

    /// Packages the cache tests build from their source distributions.
    public static let builtFromSource = ["unittest-xml-reporting"]
    public static let folder = GantryProcess.repositoryRoot.appendingPathComponent(".build/test-wheelhouse")

    /// The folder once filled; nil when `pip wheel` failed (no network, say): the pipelines then
    /// download as they would anyway.
    public static let prepared: URL? = {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Two test runs of one checkout fill the folder one after the other, never into each other's files.
        let lock = open(folder.appendingPathComponent(".lock").path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        if lock >= 0 { flock(lock, LOCK_EX) }
        defer { if lock >= 0 { close(lock) } }
        let python = GantryProcess.repositoryRoot.appendingPathComponent(".venv/bin/python")
        let started = Date()
        let result = try? Waiting.run(python, ["-m", "pip", "wheel", "--quiet", "--disable-pip-version-check",
                                               "--wheel-dir", folder.path, "--find-links", folder.path] + requirements,
                                      waitingFor: "pip wheel of the pipelines' tools into \(folder.path)")
        // Sources too for what the cache tests make pip build (`PIP_NO_BINARY`): a wheel pip builds
        // is the one it keeps in `PIP_CACHE_DIR`, so a second run shows "Using cached".
        let sources = try? Waiting.run(python, ["-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
                                                "--no-binary", ":all:", "--dest", folder.path] + builtFromSource,
                                       waitingFor: "pip download of \(builtFromSource) into \(folder.path)")
        guard let result, result.status == 0, let sources, sources.status == 0 else {
            Waiting.say("wheelhouse: pip wheel failed; pipelines will download from PyPI:\n\(result?.output.suffix(2000) ?? "")")
            return nil
        }
        let count = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".whl") }.count
        Waiting.say("wheelhouse: \(count) wheels in \(folder.path), ready in \(Int(Date().timeIntervalSince(started))) s")
        return folder
    }()

    /// The CI/CD variables that point a job's pip at the folder (none when there is no folder).
    public static var variables: [(String, String)] {
        prepared.map { [("PIP_FIND_LINKS", $0.path), ("PIP_NO_INDEX", "1")] } ?? []
    }

    /// `--variable K=V` for `gantry run`.
    public static var runArguments: [String] {
        variables.flatMap { ["--variable", "\($0.0)=\($0.1)"] }
    }
}
