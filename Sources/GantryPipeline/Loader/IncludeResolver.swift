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
    /// Project files, remote files, template sources and components; nil when there is no server.
    let fetcher: (any IncludeFetcher)?
    var diagnostics = Diagnostics()
    private var included: Set<String> = []
    private var count = 0
    private var allFiles: [String]? = nil
    /// What `$[[ … ]]` interpolation built in all the pipeline's files (see `Interpolator`).
    var interpolatedBytes = 0

    init(source: SourceProvider, variables: [String: String], templates: BuiltinTemplates, fetcher: (any IncludeFetcher)? = nil) {
        self.source = source
        self.variables = variables
        self.templates = templates
        self.fetcher = fetcher
    }

    /// Parses a file's text; YAML errors and warnings become diagnostics.
    mutating func parse(_ text: String, file: String) -> Node? {
        parse(bytes: Array(text.utf8), file: file)
    }

    /// `request` is how an include asked for the file (nil for the top-level file): see `specified`.
    mutating func parse(bytes: [UInt8], file: String, request: IncludeInvocation? = nil) -> Node? {
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

    /// The file's mapping with its includes merged underneath it. `origin` is where the file's own
    /// `include: local` entries are read: this project, or the hosted project a file came from.
    /// Nesting is bounded by `maxIncludes`: every level loads at least one more file.
    mutating func expand(_ root: Node, file: String, origin: IncludeOrigin = .here) -> Node {
        guard case .mapping(var mapping) = root.content, let includeEntry = mapping.entry("include") else { return root }
        mapping.remove("include")
        var merged = Node(.mapping(Mapping()), mark: root.mark)
        let list = items(of: includeEntry.value)
        prefetch(list, origin: origin)
        for item in list {
            for (name, node, nested) in fetch(item, origin: origin) {
                let expanded = expand(node, file: name, origin: nested)
                if expanded.mapping != nil { merged = merged.deepMerged(with: expanded) }
            }
        }
        return merged.deepMerged(with: Node(.mapping(mapping), tag: root.tag, mark: root.mark))
    }

    private func items(of value: Node) -> [Node] {
        if case .sequence(let list) = value.content { return list }
        return [value]
    }

    /// Loads one include entry: none when it is skipped (rules) or failed (with a diagnostic), several
    /// for `project:` with a list of files.
    private mutating func fetch(_ item: Node, origin: IncludeOrigin) -> [(String, Node, IncludeOrigin)] {
        if let map = item.mapping, let ambiguous = IncludeValidator.ambiguity(map) {
            diagnostics.error(item.mark, ambiguous)
            return []
        }
        guard let entry = IncludeEntry(item, expand: expandVariables, diagnostics: &diagnostics) else { return [] }
        if let rules = entry.rules, !IncludeRules(variables: variables, source: source).allow(rules, diagnostics: &diagnostics) {
            return []
        }
        let loaded: (String, Node, IncludeOrigin)?
        switch entry.kind {
        case .local(let location):
            if case .project(let project, let ref) = origin {
                return projectFiles(project: project, ref: ref, files: [location], item, local: true)
            }
            loaded = local(location, item).map { ($0.0, $0.1, .here) }
        case .remote(let url, let integrity): loaded = remote(url, integrity: integrity, item).map { ($0.0, $0.1, .here) }
        case .template(let name): loaded = template(name, item).map { ($0.0, $0.1, .here) }
        case .project(let project, let ref, let files): return projectFiles(project: project, ref: ref, files: files, item, local: false)
        case .component(let address): loaded = component(address, item)
        }
        return loaded.map { [$0] } ?? []
    }

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

    /// A template from the template source, else one of Gantry's built-in ones.
    private mutating func template(_ name: String, _ item: Node) -> (String, Node)? {
        guard name.hasSuffix(".gitlab-ci.yml") else {
            diagnostics.error(item.mark, "Template file `\(name)` is not a valid location!")
            return nil
        }
        let answer = fetcher?.fetch(.template(name: name)) ?? .noServer
        switch answer {
        case .content(let bytes): return load(bytes, name: "template:\(name)", location: name, item)
        case .failed(let message):
            diagnostics.error(item.mark, message)
            return nil
        default: break
        }
        guard let text = templates.text(of: name) else {
            let hint = answer == .noServer
                ? "no template source is configured: give --template-source URL or set GANTRY_TEMPLATE_SOURCE to a GitLab or a `gantry server --ci-templates DIR`"
                : "the template source does not have it"
            diagnostics.error(item.mark, "Included file `\(name)` is empty or does not exist! (\(hint); built-in templates: \(templates.names.joined(separator: ", ")))")
            return nil
        }
        return load(Array(text.utf8), name: "template:\(name)", location: name, item)
    }

    private mutating func remote(_ url: String, integrity: String?, _ item: Node) -> (String, Node)? {
        guard Self.hasYAMLExtension(url) else {
            diagnostics.error(item.mark, "Included file `\(url)` does not have YAML extension!")
            return nil
        }
        guard let fetcher else {
            diagnostics.error(item.mark, "Remote file `\(url)` could not be fetched: this load has no way to fetch remote files")
            return nil
        }
        switch fetcher.fetch(.remote(url: url, integrity: integrity)) {
        case .content(let bytes): return load(bytes, name: url, location: url, item)
        case .failed(let message): diagnostics.error(item.mark, message)
        default: diagnostics.error(item.mark, RemoteIncludeFailure.status(404).message(url))
        }
        return nil
    }

    /// `project:` with `file:` as a string or a list; also a nested `local:` inside a project's file.
    private mutating func projectFiles(project: String, ref: String?, files: [String], _ item: Node,
                                       local: Bool) -> [(String, Node, IncludeOrigin)] {
        var loaded: [(String, Node, IncludeOrigin)] = []
        for file in files {
            let path = file.hasPrefix("/") ? String(file.drop { $0 == "/" }) : file
            guard Self.hasYAMLExtension(path) else {
                diagnostics.error(item.mark, "Included file `\(file)` does not have YAML extension!")
                continue
            }
            let name = "\(project)/\(path)@\(ref ?? "HEAD")"
            switch fetcher?.fetch(.projectFile(project: project, ref: ref, path: path)) ?? .noServer {
            case .content(let bytes):
                guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
                    diagnostics.error(item.mark, local ? "Local file `\(file)` is empty!" : "Project `\(project)` file `\(file)` is empty!")
                    continue
                }
                if let (n, node) = load(bytes, name: name, location: file, item) { loaded.append((n, node, .project(project, ref: ref))) }
            case .projectNotFound:
                diagnostics.error(item.mark, "Project `\(project)` not found or access denied! Make sure any includes in the pipeline configuration are correctly defined.")
                return loaded
            case .noServer:
                diagnostics.error(item.mark, "Project `\(project)` not found or access denied! Make sure any includes in the pipeline configuration are correctly defined. (" + Self.noServerHint + ")")
                return loaded
            case .refNotFound:
                diagnostics.error(item.mark, "Project `\(project)` reference `\(ref ?? "HEAD")` does not exist!")
                return loaded
            case .failed(let message):
                diagnostics.error(item.mark, message)
            default:
                diagnostics.error(item.mark, local ? "Local file `\(file)` does not exist!" : "Project `\(project)` file `\(file)` does not exist!")
            }
        }
        return loaded
    }

    /// A component of a project hosted on this server, at the version its address names.
    private mutating func component(_ text: String, _ item: Node) -> (String, Node, IncludeOrigin)? {
        let tagsAnswer = ComponentAddress(text, serverFQDN: serverFQDN).map { fetcher?.fetch(.tags(project: $0.project)) ?? .noServer }
        guard let fetcher, let address = ComponentAddress(text, serverFQDN: serverFQDN), tagsAnswer != .noServer else {
            let hint = tagsAnswer == .noServer || fetcher == nil ? " (" + Self.noServerHint + ")"
                : " (components are resolved from `\(serverFQDN)/<project path>/<name>@<version>`)"
            diagnostics.error(item.mark, "Component '\(text)' - the component path is not supported" + hint)
            return nil
        }
        guard case .tags(let tags) = tagsAnswer else {
            diagnostics.error(item.mark, address.error("project does not exist or you don't have sufficient permissions"))
            return nil
        }
        guard let ref = address.ref(tags: tags) else {
            diagnostics.error(item.mark, address.error("content not found (no released version: tag the project with a semantic version such as 1.0.0)"))
            return nil
        }
        for path in address.candidatePaths {
            switch fetcher.fetch(.projectFile(project: address.project, ref: ref, path: path)) {
            case .content(let bytes):
                let facts = address.facts(ref: ref, tags: tags, mark: item.mark)
                guard let (name, node) = load(bytes, name: text, location: text, item, component: facts) else { return nil }
                return (name, node, .project(address.project, ref: ref))
            case .projectNotFound:
                diagnostics.error(item.mark, address.error("project does not exist or you don't have sufficient permissions"))
                return nil
            default: continue
            }
        }
        diagnostics.error(item.mark, address.error("content not found"))
        return nil
    }

    static let noServerHint = "no Gantry server to read it from: give --server URL and --token TOKEN, or set GANTRY_SERVER or CI_SERVER_URL and GANTRY_TOKEN"

    /// GitLab's YAML_ALLOWLIST_EXTENSION: the file's name ends in .yml or .yaml.
    static func hasYAMLExtension(_ location: String) -> Bool {
        let name = (location.split(separator: "?").first.map(String.init) ?? location).lowercased()
        return name.hasSuffix(".yml") || name.hasSuffix(".yaml")
    }

    /// `CI_SERVER_FQDN`, else the host (and port) of `CI_SERVER_URL`.
    private var serverFQDN: String {
        if let fqdn = variables["CI_SERVER_FQDN"], !fqdn.isEmpty { return fqdn }
        let url = variables["CI_SERVER_URL"] ?? ""
        let afterScheme = url.range(of: "://").map { String(url[$0.upperBound...]) } ?? url
        return String(afterScheme.prefix { $0 != "/" })
    }

    /// Asks the fetcher for every file of this include list at once; components in two rounds
    /// (their projects' tags, then their files at the version picked).
    private func prefetch(_ list: [Node], origin: IncludeOrigin) {
        guard let fetcher, list.count > 1 else { return }
        var scratch = Diagnostics()
        var requests: [IncludeRequest] = []
        var components: [ComponentAddress] = []
        for item in list {
            guard let entry = IncludeEntry(item, expand: expandVariables, diagnostics: &scratch) else { continue }
            if let rules = entry.rules, !IncludeRules(variables: variables, source: source).allow(rules, diagnostics: &scratch) { continue }
            switch entry.kind {
            case .local(let path):
                if case .project(let project, let ref) = origin { requests.append(.projectFile(project: project, ref: ref, path: path)) }
            case .remote(let url, let integrity): requests.append(.remote(url: url, integrity: integrity))
            case .template(let name): requests.append(.template(name: name))
            case .project(let project, let ref, let files):
                requests += files.map { .projectFile(project: project, ref: ref, path: $0.hasPrefix("/") ? String($0.drop { $0 == "/" }) : $0) }
            case .component(let text):
                if let address = ComponentAddress(text, serverFQDN: serverFQDN) {
                    components.append(address)
                    requests.append(.tags(project: address.project))
                }
            }
        }
        fetcher.prefetch(requests)
        let files = components.flatMap { address -> [IncludeRequest] in
            guard case .tags(let tags) = fetcher.fetch(.tags(project: address.project)), let ref = address.ref(tags: tags) else { return [] }
            return address.candidatePaths.map { .projectFile(project: address.project, ref: ref, path: $0) }
        }
        fetcher.prefetch(files)
    }

    /// `component`: the facts `$[[ component.… ]]` reads, for a component's file.
    private mutating func load(_ bytes: [UInt8], name: String, location: String, _ item: Node,
                               component: Mapping? = nil) -> (String, Node)? {
        count += 1
        if count > Self.maxIncludes {
            // Once: every later include would repeat it.
            if count == Self.maxIncludes + 1 {
                diagnostics.error(item.mark, "Maximum of \(Self.maxIncludes) nested includes are allowed!")
            }
            return nil
        }
        let request = IncludeInvocation(item: item, location: location, component: component)
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
