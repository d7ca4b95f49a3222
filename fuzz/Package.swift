// swift-tools-version:6.0
// The fuzz harness, a package of its own so that neither `swift build` nor `make test` builds it:
// `make fuzz` builds it with `-sanitize=fuzzer` (libFuzzer, coverage-guided) and runs each target.
import PackageDescription

let package = Package(
    name: "GantryFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Gantry", path: "..")],
    targets: [
        .target(name: "CFuzzerDriver"),
        .executableTarget(name: "GantryFuzz", dependencies: ["CFuzzerDriver", .product(name: "GantryParsers", package: "Gantry")]),
    ],
    swiftLanguageModes: [.v6]
)
