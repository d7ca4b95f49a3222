import Foundation

/// The seed documents' texts (Tests/Fixtures/seeds, see its README), one copy for every test target.
public enum Seeds {
    public static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/seeds")

    /// A seed file's text, byte for byte.
    public static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// pyproject.toml as seed 000 prints it (line 12 is the `authors` inline table).
    public static let pyproject: String = {
        do { return try text("000-pyproject.toml") } catch { fatalError("seed 000-pyproject.toml: \(error)") }
    }()
}
