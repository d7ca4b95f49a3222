import Foundation
import GantryPipeline

/// The CI/CD templates this server offers at `GET /api/v4/templates/gitlab_ci_ymls` and uses for
/// `include: template:` in its own pipelines: the `*.gitlab-ci.yml` files an administrator put in
/// `--ci-templates DIR` (GitLab's own belong to GitLab and are not shipped), then Gantry's
/// built-in Python templates. Names are paths below DIR (`Jobs/Build.gitlab-ci.yml`); nothing
/// outside DIR is reachable by name (no `..`, no symbolic link out).
struct TemplateLibrary: Sendable {
    static let suffix = ".gitlab-ci.yml"
    /// Larger files are not templates; GitLab's own largest is some 30 KB.
    static let maxBytes = 1 << 20

    let directory: URL?
    let builtins: BuiltinTemplates

    init(directory: URL?, builtins: BuiltinTemplates = .standard) {
        self.directory = directory?.standardizedFileURL.resolvingSymlinksInPath()
        self.builtins = builtins
    }

    /// Every template's name, sorted.
    var names: [String] {
        var names = Set(builtins.names)
        if let directory, let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where url.lastPathComponent.hasSuffix(Self.suffix) {
                if let name = name(of: url) { names.insert(name) }
            }
        }
        return names.sorted()
    }

    /// The template's text: the directory's file first, then a built-in one.
    func text(of name: String) -> String? {
        if let directory, name.hasSuffix(Self.suffix), !name.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }),
           !name.hasPrefix("/") {
            let url = directory.appendingPathComponent(name).resolvingSymlinksInPath()
            if url.path.hasPrefix(directory.path + "/"), let size = (try? url.resourceValues(forKeys: [.fileSizeKey]))?.fileSize,
               size <= Self.maxBytes, let data = FileManager.default.contents(atPath: url.path) {
                return String(decoding: data, as: UTF8.self)
            }
        }
        return builtins.text(of: name)
    }

    private func name(of url: URL) -> String? {
        guard let directory else { return nil }
        let path = url.standardizedFileURL.path
        guard path.hasPrefix(directory.path + "/") else { return nil }
        return String(path.dropFirst(directory.path.count + 1))
    }
}
