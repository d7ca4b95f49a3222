import GantryYAML

extension Node {
    /// Ruby's Hash#deep_merge as GitLab uses it for `extends` and `include`: mappings merge key by
    /// key, anything else (arrays included) is replaced by the other side.
    public func deepMerged(with other: Node) -> Node {
        var cost = 0
        return deepMerged(with: other, cost: &cost)
    }

    /// The same, adding to `cost` the entries each merged mapping holds (what copying them costs),
    /// for callers that bound the work a configuration may ask for.
    func deepMerged(with other: Node, cost: inout Int) -> Node {
        guard case .mapping(var mine) = content, case .mapping(let theirs) = other.content else { return other }
        // Into nothing: the other mapping as it is, shared rather than copied key by key.
        if mine.isEmpty { return Node(other.content, tag: other.tag, mark: mark) }
        cost += mine.count + theirs.count
        for entry in theirs.entries {
            if let existing = mine[entry.key] {
                mine[entry.key, entry.keyMark] = existing.deepMerged(with: entry.value, cost: &cost)
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
