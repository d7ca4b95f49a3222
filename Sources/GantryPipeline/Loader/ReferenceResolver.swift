import GantryYAML

/// Replaces `!reference [key, subkey, ...]` tags with the value found at that path of the
/// configuration (after includes and extends), following references inside it up to 10 levels.
/// A reference that stands in a list and points at a list is spliced into it.
struct ReferenceResolver {
    static let tag = "!reference"
    static let maxNesting = 10
    /// Nodes all references together may produce (each counted at every level it is copied
    /// through, and at least one per reference): nesting alone lets a 2 KB file ask for 10^10.
    static let maxProducedNodes = 1_000_000

    let root: Mapping
    var diagnostics = Diagnostics()
    private var budget = ReferenceResolver.maxProducedNodes
    private var exhausted = false
    /// Each path resolved once: its result, its size, and how many levels of references it
    /// spans (a result reused deeper in a chain must still respect `maxNesting`). Only results
    /// found without an error are kept, so cycles are still reported wherever they are reached.
    private var resolved: [[String]: (node: Node, size: Int, height: Int)] = [:]
    /// Heights of the references followed inside the reference being resolved, innermost last.
    private var heights: [Int] = []

    init(root: Mapping) { self.root = root }

    mutating func resolve() -> Mapping {
        var out = root
        for entry in root.entries {
            if let changed = rewrite(entry.value, chain: []) { out[entry.key, entry.keyMark] = changed }
        }
        return out
    }

    /// The node with its references replaced, or nil when it holds none (most nodes: no copy made).
    private mutating func rewrite(_ node: Node, chain: [[String]]) -> Node? {
        if node.tag == Self.tag { return follow(node, chain: chain) ?? Node.null(mark: node.mark) }
        switch node.content {
        case .scalar:
            return nil
        case .sequence(let items):
            var out: [Node]? = nil
            for (i, item) in items.enumerated() {
                if item.tag == Self.tag {
                    if out == nil { out = Array(items[..<i]) }
                    guard let target = follow(item, chain: chain) else { continue }
                    if case .sequence(let spliced) = target.content { out!.append(contentsOf: spliced) } else { out!.append(target) }
                } else if let changed = rewrite(item, chain: chain) {
                    if out == nil { out = Array(items[..<i]) }
                    out!.append(changed)
                } else {
                    out?.append(item)
                }
            }
            return out.map { Node(.sequence($0), tag: node.tag, mark: node.mark) }
        case .mapping(let map):
            var out: Mapping? = nil
            for entry in map.entries {
                if let changed = rewrite(entry.value, chain: chain) {
                    if out == nil { out = map }
                    out![entry.key, entry.keyMark] = changed
                }
            }
            return out.map { Node(.mapping($0), tag: node.tag, mark: node.mark) }
        }
    }

    /// Ruby's Array#inspect, as GitLab prints the reference in its messages.
    private func inspect(_ path: [String]) -> String {
        "[" + path.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
    }

    private mutating func follow(_ node: Node, chain: [[String]]) -> Node? {
        if exhausted { return nil }
        guard let items = node.sequence, !items.isEmpty, items.allSatisfy({ $0.string != nil }) else {
            diagnostics.error(node.mark, "\(Self.tag) tags must be a non-empty array of keys, like `!reference [.job, script]`")
            return nil
        }
        let path = items.map { $0.string! }
        if chain.contains(path) {
            diagnostics.error(node.mark, "\(Self.tag) \(inspect(path)) is part of a circular chain")
            return nil
        }
        if chain.count >= Self.maxNesting {
            diagnostics.error(node.mark, "\(Self.tag) \(inspect(path)) is nested more than \(Self.maxNesting) levels deep")
            return nil
        }
        if let known = resolved[path], chain.count + known.height <= Self.maxNesting {
            return spend(known.size, on: known.node, height: known.height, node: node, path: path, chain: chain)
        }
        var current: Node? = root[path[0]]
        for key in path.dropFirst() { current = current?.mapping?[key] }
        guard let target = current, !target.isNull else {
            diagnostics.error(node.mark, "\(Self.tag) \(inspect(path)) could not be found")
            return nil
        }
        let errorsBefore = diagnostics.items.count
        heights.append(0)
        let result = rewrite(target, chain: chain + [path]) ?? target
        let height = 1 + heights.removeLast()
        if exhausted { return nil }
        let size = max(1, result.count(upTo: Self.maxProducedNodes))
        if diagnostics.items.count == errorsBefore { resolved[path] = (result, size, height) }
        return spend(size, on: result, height: height, node: node, path: path, chain: chain)
    }

    /// Takes `size` nodes from the budget for one use of a reference's result.
    private mutating func spend(_ size: Int, on result: Node, height: Int, node: Node, path: [String], chain: [[String]]) -> Node? {
        if !heights.isEmpty { heights[heights.count - 1] = max(heights[heights.count - 1], height) }
        budget -= size
        if budget < 0 {
            exhausted = true
            let via = chain.isEmpty ? "" : " (reached through " + chain.map(inspect).joined(separator: " → ") + ")"
            diagnostics.error(node.mark, "The parsed YAML is too big: \(Self.tag) \(inspect(path))\(via) takes the references past \(Self.maxProducedNodes) nodes")
            return nil
        }
        return result
    }
}
