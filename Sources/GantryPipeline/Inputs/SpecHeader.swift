import GantryYAML

/// Reads and checks a `spec:` header as GitLab's `Ci::Config::Header::Root`, `Spec` and `Input`
/// entries do, with their messages (`header:spec:inputs:website config contains unknown keys: foo`).
struct SpecHeader {
    /// GitLab's `Header::Input::ALLOWED_OPTIONS_LIMIT`.
    static let maxOptions = 50
    static let inputKeys: Set<String> = ["default", "description", "options", "regex", "type"]
    static let componentValues: Set<String> = ["name", "sha", "version", "reference"]

    private(set) var inputs: [InputSpec] = []
    /// The component facts the file may interpolate (`spec: component: [name, version]`).
    private(set) var componentKeys: [String] = []
    private(set) var errors: [InterpolationError] = []

    init(_ header: Mapping, mark: SourceMark) {
        check(header, mark: mark)
    }

    private mutating func check(_ header: Mapping, mark: SourceMark) {
        let unknown = header.keys.filter { $0 != "spec" }
        if !unknown.isEmpty { fail("header config contains unknown keys: " + unknown.joined(separator: ", "), mark) }
        guard let spec = header["spec"], !spec.isNull else { return }
        guard let specMap = spec.mapping else { return fail("header:spec config should be a hash", spec.mark) }
        let unknownSpec = specMap.keys.filter { !["inputs", "component", "include"].contains($0) }
        if !unknownSpec.isEmpty {
            fail("header:spec config contains unknown keys: " + unknownSpec.joined(separator: ", "), spec.mark)
        }
        if let include = specMap.entry("include") {
            // GitLab 18.6 reads input definitions from other files; said plainly rather than "unknown key".
            fail("header:spec:include (input definitions read from other files) is not supported by Gantry yet", include.keyMark)
        }
        if let component = specMap["component"] { checkComponent(component) }
        guard let inputs = specMap["inputs"], !inputs.isNull else { return }
        guard let map = inputs.mapping else { return fail("header:spec:inputs config should be a hash", inputs.mark) }
        for entry in map.entries { read(entry) }
    }

    private mutating func fail(_ message: String, _ mark: SourceMark) {
        errors.append(InterpolationError(message, at: mark))
    }

    /// One input, checked in the order of GitLab's `Header::Input` validations.
    private mutating func read(_ entry: Mapping.Entry) {
        let path = "header:spec:inputs:\(entry.key)"
        let map: Mapping
        if entry.value.isNull {
            map = Mapping()  // `website:` alone: a required string input
        } else if let m = entry.value.mapping {
            map = m
        } else {
            return fail("\(path) config should be a hash", entry.value.mark)
        }
        let unknown = map.keys.filter { !Self.inputKeys.contains($0) }
        if !unknown.isEmpty { fail("\(path) config contains unknown keys: " + unknown.joined(separator: ", "), entry.keyMark) }
        if let description = present(map, "description"), !Self.isAlphanumeric(description) {
            fail("\(path) input description must be an alphanumeric string", description.mark)
        }
        let regex = present(map, "regex")
        if let regex, regex.string == nil { fail("\(path) input regex should be a string", regex.mark) }
        var kind = InputSpec.Kind.string
        if let type = present(map, "type") {
            let name = RubyText.string(type)
            if let known = InputSpec.Kind(rawValue: name), type.scalar != nil { kind = known } else {
                fail("\(path) input type unknown value: \(name)", type.mark)
            }
        }
        let options = present(map, "options")
        if let options {
            if let list = options.sequence {
                if list.count > Self.maxOptions { fail("\(path) config cannot define more than \(Self.maxOptions) options", options.mark) }
            } else {
                fail("\(path) input options should be an array", options.mark)
            }
        }
        inputs.append(InputSpec(name: entry.key, mark: entry.keyMark, kind: kind, hasDefault: map.contains("default"),
                                defaultValue: map["default"], options: options?.sequence, regex: regex?.string,
                                hasRegex: regex != nil))
    }

    /// A key's value unless absent or null (GitLab's `allow_nil`).
    private func present(_ map: Mapping, _ key: String) -> Node? {
        guard let value = map[key], !value.isNull else { return nil }
        return value
    }

    /// GitLab's `AlphanumericValidator`: a string or an integer.
    private static func isAlphanumeric(_ node: Node) -> Bool {
        switch node.scalar?.value {
        case .string, .int: return true
        default: return false
        }
    }

    /// `spec:component`: which component facts (`$[[ component.name ]]`) the file uses.
    private mutating func checkComponent(_ node: Node) {
        guard let list = node.sequence else { return fail("header:spec:component config should be an array", node.mark) }
        let names = list.compactMap(\.string)
        guard names.count == list.count else { return fail("header:spec:component config should be an array of strings", node.mark) }
        let unknown = names.filter { !Self.componentValues.contains($0) }
        if !unknown.isEmpty { fail("header:spec:component config contains unknown values: " + unknown.joined(separator: ", "), node.mark) }
        componentKeys = names
    }
}
