import GantryYAML

/// One `$[[ <access> | <function> | … ]]` block, evaluated as GitLab's `Interpolation::Block` and
/// `Access`: the access path (`inputs.name`) is looked up in the context, then up to three
/// functions apply in order.
struct InterpolationBlock {
    static let maxFunctions = 3
    /// GitLab's `Access::MAX_ACCESS_OBJECTS`: a longer path keeps its tail as one key.
    static let maxAccessObjects = 5
    static let maxAccessBytes = 1024
    /// Contexts GitLab leaves for later (`$[[ matrix.X ]]` in `needs:parallel:matrix`).
    static let skippedContexts: Set<String> = ["matrix"]

    /// The whole block as written, which is what a string replaces.
    let text: String
    /// Nil when the block is invalid.
    private(set) var value: Node?
    private(set) var errors: [String] = []

    init(text: String, data: String, context: Mapping, variables: [String: String], mark: SourceMark) {
        self.text = text
        let parts = data.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
        let access = parts[0]
        if let first = access.split(separator: ".", omittingEmptySubsequences: false).first,
           Self.skippedContexts.contains(String(first)) {
            value = .string(text, mark: mark)
            return
        }
        guard let found = lookUp(access, in: context, mark: mark) else { return }
        let expressions = parts.dropFirst()
        if expressions.count > Self.maxFunctions {
            errors.append("too many functions in interpolation block")
            return
        }
        var functions: [InterpolationFunction] = []
        for (index, expression) in expressions.enumerated() {
            guard let function = InterpolationFunction(expression) else {
                errors.append("no function matching `\(expression)`: check that the function name, arguments, and types are correct")
                continue
            }
            if case .split = function, index < expressions.count - 1 {
                errors.append("split() must be the last function in a chain (it returns an array, not a string)")
                continue
            }
            functions.append(function)
        }
        guard errors.isEmpty else { return }
        var result = found
        for function in functions {
            switch function.apply(result, variables: variables) {
            case .success(let next): result = next
            case .failure(let error):
                errors.append(error.message)
                return
            }
        }
        value = result
    }

    /// The value at `inputs.name`; nil with GitLab's error when the path is malformed or unknown.
    private mutating func lookUp(_ access: String, in context: Mapping, mark: SourceMark) -> Node? {
        let objects = access.split(separator: ".", maxSplits: Self.maxAccessObjects - 1, omittingEmptySubsequences: false)
        if objects.count <= 1 { errors.append("invalid interpolation access pattern") }
        if access.utf8.count > Self.maxAccessBytes { errors.append("maximum interpolation expression size exceeded") }
        guard errors.isEmpty else { return nil }
        var current = Node(.mapping(context), mark: mark)
        for key in objects {
            guard let next = current.mapping?[String(key)] else {
                errors.append("unknown interpolation key: `\(key)`")
                return nil
            }
            current = next
        }
        return current
    }
}

extension StringProtocol {
    /// Ruby's `strip`: whitespace and NUL off both ends.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace || $0 == "\0" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
