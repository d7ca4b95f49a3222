import Foundation

/// A fresh copy of a project on this machine, as a job with `GIT_STRATEGY: clone` gets it: the
/// commit checked out with a `.git` that borrows the user's objects, the uncommitted changes to
/// tracked files on top (untracked files are not copied); a project that is not the top of a git
/// checkout gets its tracked files (or, outside git, all its files) copied. The user's checkout
/// is only read. Jobs get theirs through `SourcesStep`, which also reuses copies (`fetch`).
public struct Workspace: Sendable {
    public let source: LocalSource

    public init(source: URL) {
        self.source = LocalSource(root: source)
    }

    /// Empties `directory` and fills it with the project.
    public func prepare(_ directory: URL) throws {
        try SourcesStep(settings: GitSettings(variables: ["GIT_STRATEGY": "clone"]), say: { _ in })
            .run(.local(source.root), local: source, in: directory, previousJobUnfinished: false, ref: "HEAD")
    }

    /// `http://user:secret@host/...` → `http://host/...`, for messages and the copy's `origin`.
    static func withoutCredentials(_ url: String) -> String {
        guard var parts = URLComponents(string: url) else { return url }
        parts.user = nil
        parts.password = nil
        return parts.string ?? url
    }
}

public struct WorkspaceError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
