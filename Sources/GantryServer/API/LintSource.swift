import Foundation
import GantryPipeline
import Synchronization

/// The files CI lint's configuration may include: a project's commit, or nothing (the global
/// `POST /ci/lint` has no project). It remembers which files were read, for the answer's `includes`.
final class LintSource: SourceProvider, Sendable {
    private let base: CommitSource?
    private let read = Mutex<[String]>([])

    init(_ base: CommitSource?) { self.base = base }

    /// The local includes read while loading, in the order they were first read: YAML files only
    /// (GitLab's includes must be `.yml`/`.yaml`), since the Python checks read project files too.
    var included: [String] { read.withLock { $0 }.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") } }

    private func note(_ path: String) {
        read.withLock { if !$0.contains(path) { $0.append(path) } }
    }

    func read(_ path: String) -> String? {
        let text = base?.read(path)
        if text != nil { note(path) }
        return text
    }

    func readBytes(_ path: String) -> [UInt8]? {
        let bytes = base?.readBytes(path)
        if bytes != nil { note(path) }
        return bytes
    }

    func allFiles() -> [String] { base?.allFiles() ?? [] }
}
