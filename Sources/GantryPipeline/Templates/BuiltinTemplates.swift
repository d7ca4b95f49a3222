/// The templates `include: template:` can name. They are compiled into the binary so that a
/// pipeline resolves the same way offline, on a runner and on the server.
public struct BuiltinTemplates: Sendable {
    private let texts: [String: String]

    public init(_ texts: [String: String]) { self.texts = texts }

    public static let standard = BuiltinTemplates([
        "Python.gitlab-ci.yml": PythonTemplate.text,
        "Python-Package.gitlab-ci.yml": PythonPackageTemplate.text,
        "Poetry.gitlab-ci.yml": PoetryTemplate.text,
    ])

    public var names: [String] { texts.keys.sorted() }

    public func text(of name: String) -> String? {
        texts[name] ?? texts[name.hasPrefix("/") ? String(name.dropFirst()) : name]
    }
}
