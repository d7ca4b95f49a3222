import GantryYAML

extension Node {
    /// Ruby's Hash#deep_merge as GitLab uses it for `extends` and `include`: mappings merge key by
    /// key, anything else (arrays included) is replaced by the other side.
    public func deepMerged(with other: Node) -> Node {
        guard case .mapping(var mine) = content, case .mapping(let theirs) = other.content else { return other }
        for entry in theirs.entries {
            if let existing = mine[entry.key] {
                mine[entry.key, entry.keyMark] = existing.deepMerged(with: entry.value)
            } else {
                mine[entry.key, entry.keyMark] = entry.value
            }
        }
        return Node(.mapping(mine), tag: other.tag, mark: mark)
    }

    /// `["a", ["b", "c"]]` → `["a", "b", "c"]`, as GitLab flattens script lines.
    public func flattenedSequence() -> [Node] {
        guard case .sequence(let items) = content else { return [self] }
        return items.flatMap { $0.sequence != nil ? $0.flattenedSequence() : [$0] }
    }
}
