import GantryYAML

extension Node {
    /// A keyword's value as a list of strings: one scalar, or a list (nested lists, as
    /// `!reference` leaves them, flattened), scalars written as GitLab turns them into text.
    public static func strings(_ node: Node?) -> [String] {
        guard let node else { return [] }
        if let s = node.scalar { return [s.value.asString] }
        return node.flattenedSequence().compactMap { $0.scalar?.value.asString }
    }
}
