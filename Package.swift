// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Gantry",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gantry", targets: ["gantry"]),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(name: "GantryYAML", dependencies: ["CYAML"]),
        .target(name: "GantryPipeline", dependencies: ["GantryYAML"]),
        .executableTarget(name: "gantry", dependencies: ["GantryPipeline", "GantryYAML"]),
        .testTarget(name: "GantryYAMLTests", dependencies: ["GantryYAML"]),
        .testTarget(name: "GantryPipelineTests", dependencies: ["GantryPipeline", "GantryYAML"]),
        .testTarget(name: "GantryCLITests", dependencies: []),
    ],
    swiftLanguageModes: [.v6]
)
