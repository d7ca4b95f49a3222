import GantryYAML

/// A file's documents as GitLab reads them (`Ci::Config::Yaml::Result`): the first document is a
/// `spec:` header when it is a mapping with a `spec` key and another document follows; the
/// configuration is then the document after it, otherwise the first one. Empty documents are
/// left out, as GitLab's loader rejects blank ones.
struct ConfigDocuments {
    var header: Mapping?
    var headerMark: SourceMark?
    var content: Node?
    /// The first document nobody reads, for a warning.
    var ignored: Node?

    init(_ documents: [Node?]) {
        let present = documents.compactMap { $0 }.filter { !Self.isBlank($0) }
        if present.count > 1, let first = present[0].mapping, first.contains("spec") {
            header = first
            headerMark = present[0].mark
            content = present[1]
            ignored = present.count > 2 ? present[2] : nil
        } else {
            content = present.first
            ignored = present.count > 1 ? present[1] : nil
        }
    }

    /// What libyaml gives for a document with nothing in it.
    private static func isBlank(_ node: Node) -> Bool {
        guard let scalar = node.scalar, node.tag == nil else { return false }
        return scalar.style == .plain && scalar.text.isEmpty
    }
}
