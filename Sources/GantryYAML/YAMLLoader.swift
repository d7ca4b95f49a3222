import Foundation
import CYAML

/// A YAML syntax error or a construct Gantry refuses, with where it happened.
public struct YAMLError: Error, Sendable, CustomStringConvertible {
    public var mark: SourceMark
    public var message: String
    public init(mark: SourceMark, message: String) {
        self.mark = mark
        self.message = message
    }
    public var description: String { "\(mark): \(message)" }
}

/// Something legal but probably not meant, such as a key given twice.
public struct YAMLWarning: Sendable, CustomStringConvertible {
    public var mark: SourceMark
    public var message: String
    public var description: String { "\(mark): warning: \(message)" }
}

/// The result of loading one file: its root node (nil for an empty document) and warnings.
public struct YAMLDocument: Sendable {
    public var root: Node?
    /// Every document of the stream in order (nil for an empty one), when loaded with
    /// `allDocuments`; otherwise just the first. GitLab reads a `spec:` header this way.
    public var documents: [Node?] = []
    public var warnings: [YAMLWarning]
    /// Plain scalars Psych turns into dates or times (`2024-01-31`): GitLab's safe loader refuses them.
    public var timestamps: [Node] = []
}

/// Builds `Node` trees from libyaml's event stream, the way Psych does: aliases become copies of
/// their anchors, `<<` merge keys are applied in place, a repeated key keeps the last value.
public struct YAMLLoader {
    public static func load(_ text: String, file: String, limits: YAMLLimits = .gitlab, allDocuments: Bool = false) throws(YAMLError) -> YAMLDocument {
        var bytes = Array(text.utf8)
        return try load(bytes: &bytes, file: file, limits: limits, allDocuments: allDocuments)
    }

    /// Loads raw file contents: invalid UTF-8 is refused by libyaml with its place, as GitLab's
    /// loader refuses it (decoding to a `String` first would hide it behind U+FFFD).
    /// Without `allDocuments` only the first document is kept, with a warning about the others;
    /// with it every document is kept (anchors stay within their document), for the caller to choose.
    public static func load(bytes: inout [UInt8], file: String, limits: YAMLLimits = .gitlab,
                            allDocuments: Bool = false) throws(YAMLError) -> YAMLDocument {
        if bytes.count > limits.maxBytes {
            throw YAMLError(mark: position(of: limits.maxBytes, in: bytes, file: file),
                            message: "\(YAMLLimits.tooBig): the file is \(bytes.count) bytes, more than max_yaml_size_bytes (\(limits.maxBytes) bytes)")
        }
        // libyaml reads the input in place, so it needs a buffer that outlives the parse.
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        defer { buffer.deallocate() }
        _ = buffer.initialize(from: bytes)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLError(mark: SourceMark(file: file, line: 1, column: 1), message: "cannot start the YAML parser")
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, buffer.baseAddress, bytes.count)
        // Without this libyaml guesses the encoding from a byte-order mark and reads UTF-16 too.
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        var builder = Builder(file: file, limits: limits, input: bytes)
        builder.keepsAllDocuments = allDocuments
        let documents = try builder.documents(&parser)
        return YAMLDocument(root: documents.first ?? nil, documents: documents, warnings: builder.warnings,
                            timestamps: builder.timestamps)
    }

    /// Line and column of a byte offset, for the size limit's message.
    private static func position(of offset: Int, in bytes: [UInt8], file: String) -> SourceMark {
        var line = 1, column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return SourceMark(file: file, line: line, column: column)
    }
}

private struct Builder {
    let file: String
    var anchors: [String: Node] = [:]
    var warnings: [YAMLWarning] = []
    var timestamps: [Node] = []

    let fileID: Int32
    let limits: YAMLLimits
    /// The raw input, to place reader errors.
    let input: [UInt8]
    /// Open mappings and lists around the event being read.
    var depth = 0
    /// Nodes so far, an alias counting as the nodes of its anchor.
    var nodes = 0
    var anchorSizes: [String: Int] = [:]
    var keepsAllDocuments = false

    init(file: String, limits: YAMLLimits, input: [UInt8]) {
        self.input = input
        self.file = file
        self.fileID = SourceFiles.id(of: file)
        self.limits = limits
    }

    /// Counts `count` more nodes, refusing the document past the limit.
    mutating func add(_ count: Int, at m: SourceMark, alias: String? = nil) throws(YAMLError) {
        nodes += count
        guard nodes > limits.maxNodes else { return }
        let what = alias.map { "with the alias *\($0) it has" } ?? "it has"
        throw YAMLError(mark: m, message: "\(YAMLLimits.tooBig): \(what) more than \(limits.maxNodes) nodes once aliases are expanded")
    }

    /// Enters a mapping or list; refused past `max_yaml_depth`, before anything recurses deeper.
    mutating func enter(at m: SourceMark) throws(YAMLError) {
        depth += 1
        if depth > limits.maxDepth {
            throw YAMLError(mark: m, message: "\(YAMLLimits.tooBig): it nests mappings and lists more than \(limits.maxDepth) levels deep (max_yaml_depth)")
        }
    }

    func mark(_ m: yaml_mark_t) -> SourceMark {
        SourceMark(fileID: fileID, line: Int(m.line) + 1, column: Int(m.column) + 1)
    }

    func string(_ p: UnsafeMutablePointer<yaml_char_t>?, _ length: Int) -> String {
        guard let p else { return "" }
        return String(decoding: UnsafeBufferPointer(start: p, count: length), as: UTF8.self)
    }

    func cString(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let p else { return nil }
        return String(cString: p)
    }

    /// Reads one event; the caller owns it and must delete it.
    func next(_ parser: inout yaml_parser_t) throws(YAMLError) -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else {
            let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
            if parser.error == YAML_READER_ERROR {
                // Encoding errors carry a byte offset, not a mark.
                return try readerError(problem, offset: parser.problem_offset, value: parser.problem_value)
            }
            var message = problem
            if let context = parser.context.map({ String(cString: $0) }) {
                message = "\(problem) \(context) at line \(parser.context_mark.line + 1) column \(parser.context_mark.column + 1)"
            }
            throw YAMLError(mark: mark(parser.problem_mark), message: message)
        }
        return event
    }

    /// Throws the reader's error (invalid UTF-8, control characters) at its line and column.
    func readerError(_ problem: String, offset: Int, value: Int32) throws(YAMLError) -> yaml_event_t {
        var line = 1, column = 1
        for byte in input[..<min(offset, input.count)] {
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        let byte = value >= 0 ? String(format: " (byte 0x%02X)", value) : ""
        throw YAMLError(mark: SourceMark(fileID: fileID, line: line, column: column),
                        message: "\(problem)\(byte): the file must be UTF-8 text")
    }

    mutating func documents(_ parser: inout yaml_parser_t) throws(YAMLError) -> [Node?] {
        var roots: [Node?] = []
        var documents = 0
        while true {
            var event = try next(&parser)
            defer { yaml_event_delete(&event) }
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return roots
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if keepsAllDocuments {
                    roots.append(nil)
                    anchors = [:]
                    anchorSizes = [:]
                } else if documents > 1 {
                    warnings.append(YAMLWarning(mark: mark(event.start_mark),
                                                message: "only the first YAML document is read; later documents are ignored"))
                } else {
                    roots.append(nil)
                }
            case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT:
                continue
            default:
                let node = try self.node(from: &event, &parser)
                if keepsAllDocuments || documents <= 1 { roots[roots.count - 1] = node }
            }
        }
    }

    /// Builds the node that starts with `event` (already read).
    mutating func node(from event: inout yaml_event_t, _ parser: inout yaml_parser_t) throws(YAMLError) -> Node {
        let start = mark(event.start_mark)
        switch event.type {
        case YAML_ALIAS_EVENT:
            let name = cString(event.data.alias.anchor) ?? ""
            guard let target = anchors[name] else {
                throw YAMLError(mark: start, message: "unknown alias *\(name)")
            }
            try add(anchorSizes[name] ?? 1, at: start, alias: name)
            return target
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let text = string(s.value, s.length)
            let style: Scalar.Style
            switch s.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            let tag = cString(s.tag)
            let node = Node(.scalar(Scalar(text: text, style: style, forcedString: tag == "tag:yaml.org,2002:str")),
                            tag: customTag(tag), mark: start)
            if case .timestamp = node.scalar?.value { timestamps.append(node) }
            try add(1, at: start)
            if let anchor = cString(s.anchor) {
                anchors[anchor] = node
                anchorSizes[anchor] = 1
            }
            return node
        case YAML_SEQUENCE_START_EVENT:
            let anchor = cString(event.data.sequence_start.anchor)
            let tag = customTag(cString(event.data.sequence_start.tag))
            try enter(at: start)
            let before = nodes
            try add(1, at: start)
            var items: [Node] = []
            while true {
                var child = try next(&parser)
                defer { yaml_event_delete(&child) }
                if child.type == YAML_SEQUENCE_END_EVENT { break }
                items.append(try node(from: &child, &parser))
            }
            depth -= 1
            let node = Node(.sequence(items), tag: tag, mark: start)
            if let anchor {
                anchors[anchor] = node
                anchorSizes[anchor] = nodes - before
            }
            return node
        case YAML_MAPPING_START_EVENT:
            let anchor = cString(event.data.mapping_start.anchor)
            let tag = customTag(cString(event.data.mapping_start.tag))
            try enter(at: start)
            let before = nodes
            try add(1, at: start)
            var mapping = Mapping()
            // Keys written in this mapping (not merged in) and where first, to warn about repeats.
            var written: [String: SourceMark] = [:]
            while true {
                var keyEvent = try next(&parser)
                defer { yaml_event_delete(&keyEvent) }
                if keyEvent.type == YAML_MAPPING_END_EVENT { break }
                let keyNode = try node(from: &keyEvent, &parser)
                var valueEvent = try next(&parser)
                defer { yaml_event_delete(&valueEvent) }
                let value = try node(from: &valueEvent, &parser)
                let keyText = keyString(keyNode)
                if keyText == "<<", keyNode.scalar?.style == .plain, merge(value, into: &mapping) {
                    continue
                }
                if mapping.contains(keyText), let previous = written[keyText] {
                    warnings.append(YAMLWarning(
                        mark: keyNode.mark,
                        message: "duplicate key '\(keyText)' (also at line \(previous.line)); the value at line \(keyNode.mark.line) wins"))
                }
                if written[keyText] == nil { written[keyText] = keyNode.mark }
                mapping[keyText, keyNode.mark] = value
            }
            depth -= 1
            let node = Node(.mapping(mapping), tag: tag, mark: start)
            if let anchor {
                anchors[anchor] = node
                anchorSizes[anchor] = nodes - before
            }
            return node
        default:
            throw YAMLError(mark: start, message: "unexpected YAML event")
        }
    }

    /// Psych's merge: a mapping (or each mapping of a list, earlier ones winning) is merged over
    /// what is there so far. Returns false when the value cannot be merged (kept as a plain key).
    func merge(_ value: Node, into mapping: inout Mapping) -> Bool {
        switch value.content {
        case .mapping(let source):
            for entry in source.entries { mapping[entry.key, entry.keyMark] = entry.value }
            return true
        case .sequence(let items):
            guard items.allSatisfy({ $0.mapping != nil }) else { return false }
            var combined = Mapping()
            for item in items.reversed() {
                for entry in item.mapping!.entries { combined[entry.key, entry.keyMark] = entry.value }
            }
            for entry in combined.entries { mapping[entry.key, entry.keyMark] = entry.value }
            return true
        case .scalar:
            return false
        }
    }

    /// Keys are read as their text; GitLab symbolizes them, so `1:` and `"1":` are the same key.
    func keyString(_ node: Node) -> String {
        switch node.content {
        case .scalar(let s):
            switch s.value {
            case .null: return ""
            default: return s.text
            }
        case .sequence, .mapping:
            return "<complex key>"
        }
    }

    func customTag(_ tag: String?) -> String? {
        guard let tag, !tag.hasPrefix("tag:yaml.org,2002:") else { return nil }
        return tag
    }
}
