import GantryYAML

/// The value of each input a header declares: the one the include gives, or the default; checked
/// as GitLab's `Interpolation::Inputs` and its input classes check them, with their messages
/// (`` `website` input: required value has not been provided ``).
struct InputValues {
    /// Name to value, in the header's order.
    private(set) var values = Mapping()
    private(set) var errors: [InterpolationError] = []

    /// `arguments` are the include's `inputs:`; `requestMark` is where the file was asked for (the
    /// include entry, or the header for the top-level file), for inputs nobody gave.
    init(specs: [InputSpec], arguments: Mapping?, requestMark: SourceMark) {
        let declared = Set(specs.map(\.name))
        let unknown = (arguments?.entries ?? []).filter { !declared.contains($0.key) }
        if let first = unknown.first {
            errors.append(InterpolationError("unknown input arguments: " + unknown.map(\.key).joined(separator: ", "), at: first.keyMark))
        }
        for spec in specs {
            let given = arguments?[spec.name].flatMap { $0.isNull ? nil : $0 }
            check(spec, given: given, requestMark: requestMark)
            let value = given ?? spec.defaultValue ?? Node.null(mark: spec.mark)
            values[spec.name, spec.mark] = value
        }
    }

    private mutating func check(_ spec: InputSpec, given: Node?, requestMark: SourceMark) {
        if !spec.hasDefault && given == nil {
            return fail(spec, "required value has not been provided", requestMark)
        }
        if spec.hasDefault { validate(spec, spec.defaultValue, isDefault: true, fallback: spec.mark) }
        if let given { validate(spec, given, isDefault: false, fallback: given.mark) }
    }

    /// GitLab's `run_validations`: type, then options, then regex.
    private mutating func validate(_ spec: InputSpec, _ value: Node?, isDefault: Bool, fallback: SourceMark) {
        let which = isDefault ? "default" : "provided"
        let mark = value?.mark ?? fallback
        if !spec.kind.accepts(value) {
            fail(spec, "\(which) value is not \(spec.kind.article) \(spec.kind.rawValue)", mark)
        }
        if let options = spec.options {
            switch spec.kind {
            case .string, .number:
                // Ruby's `return unless options && value`: nil and false are not checked.
                if let value, !value.isNull, value.scalar?.value != .bool(false),
                   !options.contains(where: { Self.rubyEqual($0, value) }) {
                    let list = spec.kind == .number ? "the list of the allowed options" : "the list of allowed options"
                    fail(spec, "`\(RubyText.string(value))` cannot be used because it is not in \(list)", mark)
                }
            case .array, .boolean:
                fail(spec, "Options can only be used with string and number inputs", mark)
            }
        }
        guard spec.hasRegex else { return }
        guard spec.kind == .string else {
            return fail(spec, "RegEx validation can only be used with string inputs", mark)
        }
        guard let text = value?.string, let pattern = spec.regex else { return }
        switch GitLabRegex.compile(pattern: pattern, flags: "") {
        case .failure: fail(spec, "invalid regular expression", mark)
        case .success(let regex):
            if !regex.matches(text) { fail(spec, "\(which) value does not match required RegEx pattern", mark) }
        }
    }

    private mutating func fail(_ spec: InputSpec, _ message: String, _ mark: SourceMark) {
        errors.append(InterpolationError("`\(spec.name)` input: \(message)", at: mark))
    }

    /// Ruby's `==` on YAML values: `1 == 1.0`, lists and hashes item by item.
    static func rubyEqual(_ a: Node, _ b: Node) -> Bool {
        switch (a.content, b.content) {
        case (.scalar(let x), .scalar(let y)):
            switch (x.value, y.value) {
            case (.int(let i), .float(let d)), (.float(let d), .int(let i)): return Double(i) == d
            default: return x.value == y.value
            }
        case (.sequence(let x), .sequence(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { rubyEqual($0, $1) }
        case (.mapping(let x), .mapping(let y)):
            return x.count == y.count && x.entries.allSatisfy { e in y[e.key].map { rubyEqual(e.value, $0) } ?? false }
        default:
            return false
        }
    }
}
