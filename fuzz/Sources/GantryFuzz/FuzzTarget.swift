import Foundation
import GantryHTTP
import GantryPipeline
import GantryPython
import GantryYAML

/// What one fuzz run feeds its input to; chosen by `GANTRY_FUZZ_TARGET`. Each must return (with
/// a result or an error) for any bytes: a crash, a hang or a memory blow-up is the finding.
enum FuzzTarget: String, CaseIterable {
    /// `.gitlab-ci.yml` bytes through the YAML loader, the config loader (the input is also an
    /// included file) and the planner.
    case config
    /// A `rules:if` expression, parsed and evaluated.
    case rules
    /// A multipart/form-data body: the first line is the boundary, the rest the body.
    case multipart
    /// A distribution file name on the first line, core metadata (`PKG-INFO`) after it.
    case python

    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["GANTRY_FUZZ_TARGET"] ?? "config"
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("GANTRY_FUZZ_TARGET must be one of \(allCases.map(\.rawValue))\n".utf8))
            exit(2)
        }
        return target
    }()

    func run(_ bytes: [UInt8]) {
        switch self {
        case .config: Self.config(bytes)
        case .rules: Self.rules(bytes)
        case .multipart: Self.multipart(bytes)
        case .python: Self.python(bytes)
        }
    }

    private static func config(_ bytes: [UInt8]) {
        let source = FuzzSource(files: ["inc.yml": bytes])
        let loaded = ConfigLoader(source: source).load(bytes: bytes, file: ".gitlab-ci.yml")
        guard let config = loaded.config else { return }
        for ref in ["main", "v1.0"] {
            let context = PlanContext(ref: ref, refKind: ref == "main" ? .branch : .tag, source: "push")
            _ = Planner(config: config, context: context, files: ["inc.yml"]).plan()
        }
    }

    private static func rules(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let expression = try? RuleExpression(text) else { return }
        let value = String(text.prefix(64))
        _ = expression.evaluate(["CI_COMMIT_BRANCH": "main", "V": value, "P": "/" + value + "/"])
    }

    private static func multipart(_ bytes: [UInt8]) {
        let split = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
        let boundary = String(decoding: bytes[..<split], as: UTF8.self)
        let body = Data(bytes[min(split + 1, bytes.endIndex)...])
        guard let form = try? MultipartForm(body: .data(body), contentType: "multipart/form-data; boundary=\(boundary)") else {
            return
        }
        for part in form.parts { _ = try? part.text() }
    }

    private static func python(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let split = text.firstIndex(of: "\n") ?? text.endIndex
        _ = try? DistributionFilename(parsing: String(text[..<split]))
        _ = try? CoreMetadata(parsing: String(text[split...].dropFirst()))
    }
}

/// The input itself as the project's only other file.
private struct FuzzSource: SourceProvider {
    let files: [String: [UInt8]]
    func read(_ path: String) -> String? { files[path].map { String(decoding: $0, as: UTF8.self) } }
    func readBytes(_ path: String) -> [UInt8]? { files[path] }
    func allFiles() -> [String] { files.keys.sorted() }
}
