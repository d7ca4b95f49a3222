import GantryYAML

/// Replaces `$[[ … ]]` blocks in the keys and values of a configuration document, as GitLab's
/// `Interpolation::Template` and `Interpolation::Config` do: a string that is exactly one block
/// takes the value with its type (a number, a boolean, a list); blocks inside longer text are
/// replaced by the value's text; a list item that becomes a list is spliced into its list.
/// Tagged nodes (`!reference`) are left alone, as GitLab keeps them as objects.
struct Interpolator {
    static let maxBlocks = 10_000
    /// GitLab's `Interpolation::Config::MAX_NODES` and `MAX_NODE_SIZE`.
    static let maxNodes = 500_000
    static let maxNodeBytes = 1024 * 1024
    /// What interpolation may build for a whole pipeline: one long input referenced in thousands
    /// of places would otherwise build gigabytes (GitLab's `ci_limit_interpolated_config_size`:
    /// ten times `max_yaml_size_bytes`).
    static let maxOutputBytes = 10 * YAMLLimits.gitlab.maxBytes
    static let blockPattern = #"(\$\[\[\s*(\S{1}.*?\S{1})\s*\]\])"#
    static let blockPrefix = "$[["

    let context: Mapping
    let variables: [String: String]
    private var blocks: [String: InterpolationBlock] = [:]
    private(set) var errors: [InterpolationError] = []
    private var visited = 0
    /// Bytes built so far, across the pipeline's files.
    private(set) var outputBytes: Int

    init(context: Mapping, variables: [String: String], bytesSoFar: Int = 0) {
        self.context = context
        self.variables = variables
        self.outputBytes = bytesSoFar
    }

    /// The interpolated document, or nil with `errors`.
    mutating func interpolate(_ root: Node) -> Node? {
        let result = replace(root)
        return errors.isEmpty ? result : nil
    }

    private mutating func replace(_ node: Node) -> Node {
        visited += 1
        if visited > Self.maxNodes { fail("config too large", node.mark) }
        guard errors.isEmpty, node.tag == nil else { return node }
        switch node.content {
        case .scalar:
            guard let text = node.string else { return node }
            return replace(text, at: node.mark) ?? node
        case .sequence(let items):
            var out: [Node] = []
            out.reserveCapacity(items.count)
            for item in items {
                let new = replace(item)
                if item.string != nil, let spliced = new.sequence { out.append(contentsOf: spliced) } else { out.append(new) }
            }
            return Node(.sequence(out), tag: node.tag, mark: node.mark)
        case .mapping(let map):
            var out = Mapping()
            for entry in map.entries {
                visited += 1
                let key = replace(entry.key, at: entry.keyMark).map(RubyText.string) ?? entry.key
                out[key, entry.keyMark] = replace(entry.value)
            }
            return Node(.mapping(out), tag: node.tag, mark: node.mark)
        }
    }

    /// The new value of one string, or nil when it holds no block.
    private mutating func replace(_ text: String, at mark: SourceMark) -> Node? {
        guard errors.isEmpty, text.hasSubstring(Self.blockPrefix) else { return nil }
        if text.utf8.count > Self.maxNodeBytes { fail("config node too large", mark); return nil }
        guard case .success(let regex) = GitLabRegex.compile(pattern: Self.blockPattern, flags: "") else { return nil }
        let matches = regex.scan(text)
        guard !matches.isEmpty else { return nil }
        var found: [InterpolationBlock] = []
        for match in matches {
            guard let whole = match[0], let data = match[1] else { continue }
            let block = blocks[whole] ?? InterpolationBlock(text: whole, data: data, context: context, variables: variables, mark: mark)
            blocks[whole] = block
            if blocks.count > Self.maxBlocks { fail("too many interpolation blocks", mark); return nil }
            guard block.value != nil else {
                for message in block.errors { fail(message, mark) }
                return nil
            }
            found.append(block)
        }
        if found.count == 1, found[0].text.utf8.count == text.utf8.count, let value = found[0].value {
            // The whole node is the block: the value keeps its type, placed where the block was.
            count(RubyText.string(value).utf8.count, mark)
            var typed = value
            typed.mark = mark
            return typed
        }
        var result = text
        for block in found {
            result = result.replacingAll(block.text, with: RubyText.string(block.value!))
        }
        count(result.utf8.count, mark)
        return .string(result, mark: mark)
    }

    private mutating func count(_ bytes: Int, _ mark: SourceMark) {
        outputBytes += bytes
        if outputBytes > Self.maxOutputBytes { fail("interpolated config is too large", mark) }
    }

    private mutating func fail(_ message: String, _ mark: SourceMark) {
        if errors.last?.message != message { errors.append(InterpolationError(message, at: mark)) }
    }
}

extension String {
    /// Every occurrence of `target` replaced, compared byte by byte (Ruby's `gsub` with a string).
    func replacingAll(_ target: String, with replacement: String) -> String {
        let text = Array(utf8), needle = Array(target.utf8), with = Array(replacement.utf8)
        guard !needle.isEmpty, text.count >= needle.count else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            if i + needle.count <= text.count, text[i] == needle[0], text[i..<(i + needle.count)].elementsEqual(needle) {
                out.append(contentsOf: with)
                i += needle.count
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
