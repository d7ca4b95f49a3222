// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Gantry",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gantry", targets: ["gantry"]),
    ],
    targets: [
        // System libraries from Debian's -dev packages (see `make deps`).
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        .target(name: "GantryYAML", dependencies: ["CYAML"]),
        .target(name: "GantryPipeline", dependencies: ["GantryYAML"]),
        .target(name: "GantryCrypto", dependencies: ["COpenSSL"]),
        .target(name: "GantryEngine", dependencies: ["GantryPipeline"]),
        .target(name: "GantryExecution", dependencies: ["GantryEngine", "GantryPipeline", "GantryCrypto", "CArchive"]),
        .target(name: "GantryPython"),
        .executableTarget(name: "gantry", dependencies: ["GantryPipeline", "GantryYAML", "GantryEngine", "GantryExecution", "GantryPython"]),

        .testTarget(name: "GantryYAMLTests", dependencies: ["GantryYAML"]),
        .testTarget(name: "GantryPipelineTests", dependencies: ["GantryPipeline", "GantryYAML"]),
        .testTarget(name: "GantryEngineTests", dependencies: ["GantryEngine", "GantryPipeline"]),
        .testTarget(name: "GantryExecutionTests", dependencies: ["GantryExecution", "GantryEngine", "GantryPipeline", "GantryCrypto"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "GantryCLITests", dependencies: []),
        .testTarget(name: "GantryPythonTests", dependencies: ["GantryPython"]),
    ],
    swiftLanguageModes: [.v6]
)
