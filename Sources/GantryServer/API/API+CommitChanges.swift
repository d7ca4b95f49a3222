import Foundation
import GantryHTTP
import GantryPipeline
import GantryStore

/// One commit of file changes through the API, shared by the files routes (one change) and
/// `POST /repository/commits` (`actions`): checked against the start branch as GitLab's
/// Files and Commits services check it, committed without a working tree, and the branch moved
/// only if it still points where it was read, through `RefChanges` (a pipeline as for a push).
extension API {
    struct FileChange {
        enum Kind: String { case create, update, delete, move, chmod }
        var kind: Kind
        var path: String
        var previousPath: String?
        var content: Data?
        var executable: Bool?
        var lastCommitID: String?
    }

    struct CommitOrder {
        var branch: String
        var startBranch: String?
        var message: String
        var authorName: String?
        var authorEmail: String?
        var changes: [FileChange]
    }

    /// Makes the commit and moves the branch; returns the new commit's id.
    func commitChanges(_ order: CommitOrder, project: ProjectRecord, user: UserRecord, role: Int) throws -> String {
        let branch = order.branch
        let start = order.startBranch.flatMap { $0.isEmpty ? nil : $0 } ?? branch
        guard !order.message.contains("\0") else { throw Self.invalidParameter("commit_message", "must not contain a NUL byte") }
        guard GitNames.isValidRefName(branch) else {
            throw APIError(400, start == branch ? "You can only create or edit files when you are on a branch"
                           : "Something went wrong when we tried to create '\(branch)' for you: Branch name is invalid")
        }
        let reader = reader(project)
        guard mayPush(project, branch: branch, role: role, creating: reader.branch(branch) == nil) else {
            throw APIError(400, "You are not allowed to push into this branch")
        }
        let author = RepositoryWriter.Person(name: order.authorName ?? user.name, email: order.authorEmail ?? user.email)
        let committer = RepositoryWriter.Person(name: user.name, email: user.email)
        return try changingRefs(project, user) {
            let target = reader.branch(branch)
            let empty = reader.refs("heads").isEmpty
            let origin = reader.branch(start)
            if start != branch {
                guard origin != nil || empty else { throw APIError(400, "You can only create or edit files when you are on a branch") }
                guard target == nil else {
                    throw APIError(400, "A branch called '\(branch)' already exists. Switch to that branch in order to make changes")
                }
            } else {
                guard target != nil || empty else { throw APIError(400, "You can only create or edit files when you are on a branch") }
            }
            let parent = origin?.commit
            let changes = try order.changes.flatMap { try indexChanges($0, parent: parent, reader: reader) }
            do {
                let writer = writer(project)
                let sha = try writer.commit(changes, parent: parent, message: order.message, author: author, committer: committer)
                try writer.move("refs/heads/\(branch)", from: target?.commit, to: sha, reason: "commit by \(user.username)")
                return sha
            } catch RepositoryWriter.Failure.moved {
                throw APIError(400, "Could not update refs/heads/\(branch). Please refresh and try again.")
            } catch RepositoryWriter.Failure.git(let why) {
                log.note("commit to \(project.pathWithNamespace) \(branch) failed: \(why)")
                throw APIError(400, "Your changes could not be committed: \(why)")
            }
        }
    }

    /// One change checked against the parent commit, as the index entries it makes.
    private func indexChanges(_ change: FileChange, parent: String?, reader: RepositoryReader) throws -> [RepositoryWriter.Change] {
        let path = change.path
        let existing = parent.flatMap { reader.entry(at: $0, path: path) }
        let mode = { (current: String?) in change.executable.map { $0 ? "100755" : "100644" } ?? current ?? "100644" }
        func mustExist(_ entry: RepositoryReader.Entry?) throws -> RepositoryReader.Entry {
            guard let entry, entry.type == "blob" else { throw APIError(400, "A file with this name doesn't exist") }
            return entry
        }
        func mustBeFree(_ path: String) throws {
            let entry = parent.flatMap { reader.entry(at: $0, path: path) }
            if entry?.type == "tree" { throw APIError(400, "A directory with this name already exists") }
            guard entry == nil else { throw APIError(400, "A file with this name already exists") }
            // A file cannot go under a path that is a file.
            var prefix = ""
            for component in path.split(separator: "/").dropLast() {
                prefix += prefix.isEmpty ? String(component) : "/\(component)"
                if let parent, reader.entry(at: parent, path: prefix)?.type == "blob" {
                    throw APIError(400, "A file with this name already exists")
                }
            }
        }
        if let last = change.lastCommitID, !last.isEmpty, let parent,
           last != reader.lastCommit(at: parent, path: change.previousPath ?? path) {
            throw APIError(400, "You are attempting to update a file that has changed since you started editing it.")
        }
        switch change.kind {
        case .create:
            try mustBeFree(path)
            return [.init(path: path, content: change.content ?? Data(), mode: mode(nil))]
        case .update:
            let entry = try mustExist(existing)
            return [.init(path: path, content: change.content ?? Data(), mode: mode(entry.mode))]
        case .delete:
            _ = try mustExist(existing)
            return [.init(path: path, content: nil)]
        case .chmod:
            let entry = try mustExist(existing)
            return [.init(path: path, blob: entry.id, mode: mode(entry.mode))]
        case .move:
            guard let previous = change.previousPath else { throw Self.invalidParameter("previous_path", "is missing") }
            let entry = try mustExist(parent.flatMap { reader.entry(at: $0, path: previous) })
            try mustBeFree(path)
            let moved: RepositoryWriter.Change = change.content.map { .init(path: path, content: $0, mode: mode(entry.mode)) }
                ?? .init(path: path, blob: entry.id, mode: mode(entry.mode))
            return [.init(path: previous, content: nil), moved]
        }
    }

    /// `content` as `encoding` says (`text` or `base64`).
    static func decodeContent(_ text: String, encoding: String?) throws -> Data {
        switch encoding ?? "text" {
        case "text": return Data(text.utf8)
        case "base64":
            guard let decoded = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else {
                throw APIError(400, "content is not valid base64")
            }
            return decoded
        default: throw invalidParameter("encoding", "does not have a valid value")
        }
    }
}
