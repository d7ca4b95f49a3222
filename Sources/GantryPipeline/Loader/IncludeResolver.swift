import GantryYAML

/// Expands `include:` as GitLab does: every included file (and what it includes) is deep-merged in
/// order, later files over earlier ones, and the including file over all of them.
struct IncludeResolver {
    /// GitLab's `ci_max_includes` default: included files in one pipeline, counted across every
    /// level of nesting and each time a file is included again.
    static let maxIncludes = 150

    let source: SourceProvider
    let variables: [String: String]
    let templates: BuiltinTemplates
    var diagnostics = Diagnostics()
    private var included: Set<String> = []
    private var count = 0
    private var allFiles: [String]? = nil
    /// What `$[[ … ]]` interpolation built in all the pipeline's files (see `Interpolator`).
    var interpolatedBytes = 0

    init(source: SourceProvider, variables: [String: String], templates: BuiltinTemplates) {
        self.source = source
        self.variables = variables
        self.templates = templates
    }

    /// Parses a file's text; YAML errors and warnings become diagnostics.
    mutating func parse(_ text: String, file: String) -> Node? {
        parse(bytes: Array(text.utf8), file: file)
    }

    /// `request` is how an include asked for the file (nil for the top-level file): see `specified`.
    mutating func parse(bytes: [UInt8], file: String, request: IncludeRequest? = nil) -> Node? {
        do {
            var bytes = bytes
            let document = try YAMLLoader.load(bytes: &bytes, file: file, allDocuments: true)
            for w in document.warnings { diagnostics.warning(w.mark, w.message) }
            for t in document.timestamps {
                diagnostics.error(t.mark, "Tried to load unspecified class: Date: GitLab's YAML loader refuses the date `\(t.scalar?.text ?? "")`; quote it to keep it as text")
            }
            return specified(document, bytes: bytes, request: request)
        } catch {
            diagnostics.error(error.mark, error.message + SyntaxHint.hint(for: error.message, bytes: bytes, mark: error.mark))
            return nil
        }
    }

    /// The file's mapping with its includes merged underneath it.
    /// Nesting is bounded by `maxIncludes`: every level loads at least one more file.
    mutating func expand(_ root: Node, file: String) -> Node {
        guard case .mapping(var mapping) = root.content, let includeEntry = mapping.entry("include") else { return root }
        mapping.remove("include")
        var merged = Node(.mapping(Mapping()), mark: root.mark)
        for item in items(of: includeEntry.value) {
            guard let (name, node) = fetch(item, from: file) else { continue }
            let expanded = expand(node, file: name)
            if expanded.mapping != nil { merged = merged.deepMerged(with: expanded) }
        }
        return merged.deepMerged(with: Node(.mapping(mapping), tag: root.tag, mark: root.mark))
    }

    private func items(of value: Node) -> [Node] {
        if case .sequence(let list) = value.content { return list }
        return [value]
    }

    /// Loads one include entry; nil when it is skipped (rules) or failed (with a diagnostic).
    private mutating func fetch(_ item: Node, from file: String) -> (String, Node)? {
        if let text = item.string {
            let location = expandVariables(text)
            if location.hasPrefix("http://") || location.hasPrefix("https://") {
                return remote(location, item)
            }
            return local(location, item)
        }
        guard let map = item.mapping else {
            diagnostics.error(item.mark, "include config should be a hash, a string or an array of hashes and strings")
            return nil
        }
        if let ambiguous = IncludeValidator.ambiguity(map) {
            diagnostics.error(item.mark, ambiguous)
            return nil
        }
        if let rules = map["rules"], !IncludeRules(variables: variables, source: source).allow(rules, diagnostics: &diagnostics) {
            return nil
        }
        if let local = map["local"]?.string { return self.local(expandVariables(local), item) }
        if let template = map["template"]?.string { return self.template(template, item) }
        if let remote = map["remote"]?.string { return self.remote(expandVariables(remote), item) }
        if let project = map["project"]?.string {
            diagnostics.error(item.mark, "Project `\(expandVariables(project))` not found or access denied! Gantry resolves `include: project` only on a Gantry server that hosts that project; locally, copy the file into this project and use `include: local`")
            return nil
        }
        if let component = map["component"]?.string {
            diagnostics.error(item.mark, "Component `\(expandVariables(component))` could not be fetched: CI/CD catalog components are not available to Gantry")
            return nil
        }
        diagnostics.error(item.mark, "Included file `\(describe(map))` does not have a valid include type: use local, template, project, remote or component")
        return nil
    }

    private func describe(_ map: Mapping) -> String { map.keys.joined(separator: ", ") }

    private mutating func local(_ location: String, _ item: Node) -> (String, Node)? {
        let path = location.hasPrefix("/") ? String(location.dropFirst()) : location
        if path.contains("*") {
            let matches = matchingFiles(path)
            if matches.isEmpty {
                diagnostics.error(item.mark, "Local file `\(location)` does not exist!")
                return nil
            }
            // A wildcard include is the merge of every file it matches, in path order.
            var merged = Node(.mapping(Mapping()), mark: item.mark)
            for match in matches {
                if let (_, node) = localFile(match, location: match, item) { merged = merged.deepMerged(with: node) }
            }
            return (location, merged)
        }
        return localFile(path, location: location, item)
    }

    private mutating func localFile(_ path: String, location: String, _ item: Node) -> (String, Node)? {
        guard path.hasSuffix(".yml") || path.hasSuffix(".yaml") else {
            diagnostics.error(item.mark, "Included file `\(location)` does not have YAML extension!")
            return nil
        }
        guard let bytes = source.readBytes(path) else {
            diagnostics.error(item.mark, "Local file `\(location)` does not exist!")
            return nil
        }
        return load(bytes, name: source.displayName(path), location: location, item)
    }

    private mutating func template(_ name: String, _ item: Node) -> (String, Node)? {
        guard let text = templates.text(of: name) else {
            let known = templates.names.joined(separator: ", ")
            diagnostics.error(item.mark, "Template file `\(name)` is not a valid location! Built-in templates: \(known)")
            return nil
        }
        return load(Array(text.utf8), name: "template:\(name)", location: name, item)
    }

    private mutating func remote(_ location: String, _ item: Node) -> (String, Node)? {
        diagnostics.error(item.mark, "Remote file `\(location)` could not be fetched: Gantry does not download remote includes; save the file in the project and use `include: local`")
        return nil
    }

    private mutating func load(_ bytes: [UInt8], name: String, location: String, _ item: Node) -> (String, Node)? {
        count += 1
        if count > Self.maxIncludes {
            // Once: every later include would repeat it.
            if count == Self.maxIncludes + 1 {
                diagnostics.error(item.mark, "Maximum of \(Self.maxIncludes) nested includes are allowed!")
            }
            return nil
        }
        let request = IncludeRequest(item: item, location: location)
        if included.contains(name + request.identity) { return nil }  // counted again, merged once
        included.insert(name + request.identity)
        guard let node = parse(bytes: bytes, file: name, request: request) else {
            if !diagnostics.hasErrors { diagnostics.error(item.mark, "Local file `\(location)` is empty!") }
            return nil
        }
        guard node.mapping != nil else {
            diagnostics.error(node.mark, "Included file `\(location)` does not have valid YAML syntax!")
            return nil
        }
        return (name, node)
    }

    private mutating func matchingFiles(_ pattern: String) -> [String] {
        if allFiles == nil { allFiles = source.allFiles() }
        let glob = Glob(pattern)
        return allFiles!.filter { glob.matches($0) }
    }

    /// Includes may use predefined and project variables, not the file's own `variables:`.
    private func expandVariables(_ text: String) -> String {
        VariableExpander.expand(text, with: { variables[$0] })
    }
}
