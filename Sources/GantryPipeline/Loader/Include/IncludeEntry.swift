import GantryYAML

/// One entry of an `include:` list read for fetching, with CI/CD variables expanded in its
/// locations (GitLab's Mapper::VariablesExpander: predefined, project and pipeline variables).
/// The entry's shape is the validator's business; here only what fetching needs.
struct IncludeEntry {
    enum Kind {
        case local(String)
        case remote(url: String, integrity: String?)
        case template(String)
        case project(String, ref: String?, files: [String])
        case component(String)
    }

    let kind: Kind
    let rules: Node?

    init?(_ item: Node, expand: (String) -> String, diagnostics: inout Diagnostics) {
        if let text = item.string {
            let location = expand(text)
            kind = location.hasPrefix("http://") || location.hasPrefix("https://") ? .remote(url: location, integrity: nil) : .local(location)
            rules = nil
            return
        }
        guard let map = item.mapping else {
            diagnostics.error(item.mark, "include config should be a hash, a string or an array of hashes and strings")
            return nil
        }
        rules = map["rules"]
        if let local = map["local"]?.string {
            kind = .local(expand(local))
        } else if let template = map["template"]?.string {
            kind = .template(template)
        } else if let remote = map["remote"]?.string {
            kind = .remote(url: expand(remote), integrity: map["integrity"]?.string)
        } else if let project = map["project"]?.string {
            let files = map["file"].map { $0.sequence?.compactMap(\.string) ?? $0.string.map { [$0] } ?? [] } ?? []
            guard !files.isEmpty else {
                diagnostics.error(item.mark, "Included file `\(project)` needs a `file:` (a path or a list of paths) in project `\(project)`")
                return nil
            }
            kind = .project(expand(project), ref: map["ref"]?.string.map(expand), files: files.map(expand))
        } else if let component = map["component"]?.string {
            kind = .component(expand(component))
        } else {
            diagnostics.error(item.mark, "Included file `\(map.keys.joined(separator: ", "))` does not have a valid include type: use local, template, project, remote or component")
            return nil
        }
    }
}

/// Where a file's `include: local` entries are read.
enum IncludeOrigin: Equatable {
    /// The project being linted or planned (the source provider).
    case here
    /// A project on the server, at the ref the including file was read at.
    case project(String, ref: String?)
}
