/// One YAML node with the place it came from. Aliases are already replaced by copies of
/// their anchors and merge keys (`<<`) applied, so consumers see plain trees.
public struct Node: Sendable {
    public enum Content: Sendable {
        case scalar(Scalar)
        case sequence([Node])
        case mapping(Mapping)
    }

    public var content: Content
    /// A tag other than YAML's own (`!reference`); nil when untagged.
    public var tag: String?
    public var mark: SourceMark

    public init(_ content: Content, tag: String? = nil, mark: SourceMark) {
        self.content = content
        self.tag = tag
        self.mark = mark
    }

    public var scalar: Scalar? {
        if case .scalar(let s) = content { return s }
        return nil
    }

    public var sequence: [Node]? {
        if case .sequence(let s) = content { return s }
        return nil
    }

    public var mapping: Mapping? {
        if case .mapping(let m) = content { return m }
        return nil
    }

    public var isNull: Bool { scalar?.value == .null }

    /// The value when this is a scalar that GitLab would read as a string (quoted or plain text).
    public var string: String? {
        if case .string(let s) = scalar?.value { return s }
        return nil
    }

    /// Name of the node's type in GitLab's validation messages.
    public var typeName: String {
        switch content {
        case .mapping: return "hash"
        case .sequence: return "array"
        case .scalar(let s):
            switch s.value {
            case .null: return "null"
            case .bool: return "boolean"
            case .int: return "integer"
            case .float: return "float"
            case .string: return "string"
            case .timestamp: return "timestamp"
            }
        }
    }

    public static func string(_ text: String, mark: SourceMark) -> Node {
        Node(.scalar(Scalar(text: text, style: .doubleQuoted)), mark: mark)
    }

    public static func null(mark: SourceMark) -> Node {
        Node(.scalar(Scalar(text: "", style: .plain)), mark: mark)
    }
}

/// An ordered mapping with unique keys (duplicates were resolved by the loader, last one wins
/// at the place of the first, as Ruby's Hash does).
public struct Mapping: Sendable {
    public struct Entry: Sendable {
        public var key: String
        public var keyMark: SourceMark
        public var value: Node

        public init(key: String, keyMark: SourceMark, value: Node) {
            self.key = key
            self.keyMark = keyMark
            self.value = value
        }
    }

    public private(set) var entries: [Entry] = []
    /// Built only for large mappings (the top level of a big pipeline): most mappings hold a
    /// handful of keys, where a scan is cheaper than hashing.
    private var index: [String: Int]? = nil
    private static let indexThreshold = 16

    public init() {}

    public init(_ entries: [Entry]) {
        for entry in entries { self[entry.key, entry.keyMark] = entry.value }
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var keys: [String] { entries.map(\.key) }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        // Comparing lengths first skips Swift's slow path for unequal strings.
        let length = key.utf8.count
        return entries.firstIndex { $0.key.utf8.count == length && $0.key == key }
    }

    public subscript(key: String) -> Node? {
        guard let i = position(of: key) else { return nil }
        return entries[i].value
    }

    public func entry(_ key: String) -> Entry? {
        guard let i = position(of: key) else { return nil }
        return entries[i]
    }

    public func contains(_ key: String) -> Bool { position(of: key) != nil }

    /// Sets a value; an existing key keeps its position and key mark.
    public subscript(key: String, keyMark: SourceMark) -> Node? {
        get { self[key] }
        set {
            if let i = position(of: key) {
                if let newValue {
                    entries[i].value = newValue
                } else {
                    remove(key)
                }
            } else if let newValue {
                entries.append(Entry(key: key, keyMark: keyMark, value: newValue))
                if index != nil {
                    index![key] = entries.count - 1
                } else if entries.count > Self.indexThreshold {
                    index = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.key, $0) })
                }
            }
        }
    }

    public mutating func remove(_ key: String) {
        guard let i = position(of: key) else { return }
        entries.remove(at: i)
        if index != nil {
            index = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.key, $0) })
        }
    }
}

extension Node {
    /// Nodes in this tree (itself included), counting stopped once past `limit`: what a step that
    /// copies trees (`!reference`, `extends`) checks against its budget without walking a huge one.
    public func count(upTo limit: Int) -> Int {
        var total = 0
        var stack: [Node] = [self]
        while let node = stack.popLast(), total <= limit {
            total += 1
            switch node.content {
            case .scalar: break
            case .sequence(let items): stack.append(contentsOf: items)
            case .mapping(let map): for entry in map.entries { total += 1; stack.append(entry.value) }
            }
        }
        return total
    }
}
