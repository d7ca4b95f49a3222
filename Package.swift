// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Gantry",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gantry", targets: ["gantry"]),
        // For the fuzz harness (fuzz/Package.swift); builds nothing more than `gantry` already does.
        .library(name: "GantryParsers", targets: ["GantryYAML", "GantryPipeline", "GantryHTTP", "GantryPython"]),
    ],
    targets: [
        // System libraries from Debian's -dev packages (see `make deps`).
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),

        // libcurl (libcurl4-openssl-dev) and libmicrohttpd (libmicrohttpd-dev) behind C interfaces that
        // dlopen them on first use, so that commands making no HTTP request and serving nothing
        // (`gantry run`, `plan`, `lint`) do not load them and the TLS/Kerberos/LDAP libraries behind them.
        .target(name: "CLazyLibrary"),
        .target(name: "CCurl", dependencies: ["CLazyLibrary"]),
        .target(name: "CMicroHTTPD", dependencies: ["CLazyLibrary"]),

        // RE2 (libre2-dev) behind a C interface: GitLab's regex engine, linear in the text.
        .target(name: "CRE2", linkerSettings: [.linkedLibrary("re2"), .linkedLibrary("stdc++")]),

        .target(name: "GantryYAML", dependencies: ["CYAML"]),
        .target(name: "GantrySuggestion"),
        .target(name: "GantryPipeline", dependencies: ["GantryYAML", "GantrySuggestion", "CRE2"]),
        .target(name: "GantryLint", dependencies: ["GantryPipeline", "GantryYAML"]),
        .target(name: "GantryCrypto", dependencies: ["COpenSSL"]),
        .target(name: "GantryEngine", dependencies: ["GantryPipeline"]),
        .target(name: "GantryExecution", dependencies: ["GantryEngine", "GantryPipeline", "GantryCrypto", "GantryHTTP", "CArchive", "CGit2"]),
        .target(name: "GantryPython"),
        .target(name: "GantryCommandLine", dependencies: ["GantrySuggestion"]),
        .target(name: "GantryStore", dependencies: ["GantryEngine", "CSQLite"]),
        .target(name: "GantryHTTP", dependencies: ["CMicroHTTPD", "CCurl"]),
        // `gantry pipelines`: a group's newest pipelines through the v4 API of Gantry or GitLab.
        .target(name: "GantryMonitor", dependencies: ["GantryHTTP"]),
        // `include: project/remote/template/component` fetched over HTTP for the CLI, and remote includes for the server.
        .target(name: "GantryIncludes", dependencies: ["GantryPipeline", "GantryHTTP", "GantryMonitor", "GantryCrypto"]),
        // GitLab's runner protocol, shared by the server and the runner, neither of which imports the other.
        .target(name: "GantryRunnerProtocol"),
        .target(name: "GantryRunner", dependencies: ["GantryRunnerProtocol", "GantryExecution", "GantryEngine", "GantryPipeline",
                                                     "GantryYAML", "GantryHTTP"]),
        .target(name: "GantrySigstore", dependencies: ["GantryCrypto", "GantryStore", "GantryHTTP"]),
        .target(name: "GantryServer", dependencies: ["GantryStore", "GantryHTTP", "GantryExecution", "GantryEngine", "GantryPipeline",
                                                     "GantryYAML", "GantryCrypto", "GantryRunnerProtocol", "GantryPython", "GantryLint",
                                                     "GantryIncludes", "GantrySigstore"]),
        // The web UI: pages at GitLab's paths over GantryServer's read model, sessions, embedded assets.
        .target(name: "GantryWeb", dependencies: ["GantryServer", "GantryHTTP", "GantryStore", "GantryEngine", "GantryExecution", "GantryCrypto"]),
        .executableTarget(name: "gantry", dependencies: ["GantryPipeline", "GantryLint", "GantryYAML", "GantryEngine", "GantryExecution", "GantryPython",
                                                         "GantryStore", "GantryServer", "GantryRunner", "GantryRunnerProtocol", "GantryCommandLine",
                                                         "GantryMonitor", "GantrySigstore", "GantryWeb", "GantryIncludes"]),

        // What every test target shares: the gantry process runner, the server process, waiting and
        // polling, the wheelhouse, the in-memory source, the seed texts and the container engine for
        // the Docker tests. Not part of `gantry`.
        .target(name: "GantryTestSupport", dependencies: ["GantryPipeline", "GantryExecution"], path: "Tests/GantryTestSupport"),

        .testTarget(name: "GantryYAMLTests", dependencies: ["GantryYAML"]),
        .testTarget(name: "GantryPipelineTests", dependencies: ["GantryPipeline", "GantryYAML", "GantryTestSupport"]),
        .testTarget(name: "GantryLintTests", dependencies: ["GantryLint", "GantryPipeline", "GantryYAML", "GantryTestSupport"]),
        .testTarget(name: "GantryEngineTests", dependencies: ["GantryEngine", "GantryPipeline", "GantryTestSupport"]),
        .testTarget(name: "GantryExecutionTests", dependencies: ["GantryExecution", "GantryEngine", "GantryPipeline", "GantryCrypto",
                                                                "GantryYAML", "GantryTestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "GantryCLITests", dependencies: ["GantryExecution", "GantryTestSupport"]),
        .testTarget(name: "GantryCommandLineTests", dependencies: ["GantryCommandLine"]),
        .testTarget(name: "GantryPythonTests", dependencies: ["GantryPython", "GantryTestSupport"]),
        .testTarget(name: "GantryStoreTests", dependencies: ["GantryStore"]),
        .testTarget(name: "GantryHTTPTests", dependencies: ["GantryHTTP", "GantryTestSupport"]),
        .testTarget(name: "GantryWebTests", dependencies: ["GantryWeb", "GantryCrypto", "GantryHTTP", "GantryTestSupport"], exclude: ["Browser"]),
        .testTarget(name: "GantryServerTests", dependencies: ["GantryServer", "GantryHTTP", "GantryTestSupport"]),
        .testTarget(name: "GantryCryptoTests", dependencies: ["GantryCrypto"]),
        .testTarget(name: "GantrySigstoreTests", dependencies: ["GantrySigstore", "GantryCrypto", "GantryTestSupport"]),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
