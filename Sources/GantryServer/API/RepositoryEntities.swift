import Foundation
import GantryPipeline
import GantryStore

/// GitLab's repository entities (`API::Entities::Commit`, `CommitDetail`, `Branch`, `Tag`,
/// `TreeObject`, `Diff`) from what `RepositoryReader` reads.
struct RepositoryEntities {
    let baseURL: String
    let project: ProjectRecord

    private var projectURL: String { "\(baseURL)/\(project.pathWithNamespace)" }

    func commit(_ c: RepositoryReader.Commit) -> JSONValue {
        c.json(webURL: "\(projectURL)/-/commit/\(c.id)")
    }

    /// `CommitDetail`: the commit with its line counts and its latest pipeline.
    func commitDetail(_ c: RepositoryReader.Commit, stats: (additions: Int, deletions: Int)?, lastPipeline: JSONValue?,
                      status: String?) -> JSONValue {
        guard case .object(var fields) = commit(c) else { return .null }
        if let stats {
            fields.append(("stats", .object([("additions", .int(stats.additions)), ("deletions", .int(stats.deletions)),
                                             ("total", .int(stats.additions + stats.deletions))])))
        }
        fields += [("status", status.map(JSONValue.string) ?? .null), ("project_id", .int(project.id)),
                   ("last_pipeline", lastPipeline ?? .null)]
        return .object(fields)
    }

    struct BranchFacts {
        var merged, protected, developersCanPush, developersCanMerge, canPush: Bool
    }

    func branch(_ ref: RepositoryReader.Ref, commit: RepositoryReader.Commit?, facts: BranchFacts) -> JSONValue {
        .object([
            ("name", .string(ref.name)), ("commit", commit.map(self.commit) ?? .null), ("merged", .bool(facts.merged)),
            ("protected", .bool(facts.protected)), ("developers_can_push", .bool(facts.developersCanPush)),
            ("developers_can_merge", .bool(facts.developersCanMerge)), ("can_push", .bool(facts.canPush)),
            ("default", .bool(ref.name == project.defaultBranch)),
            ("web_url", .string("\(projectURL)/-/tree/\(ref.name)")),
        ])
    }

    func tag(_ ref: RepositoryReader.Ref, commit: RepositoryReader.Commit?, protected: Bool) -> JSONValue {
        .object([
            ("name", .string(ref.name)), ("message", .string(ref.message ?? "")), ("target", .string(ref.target)),
            ("commit", commit.map(self.commit) ?? .null), ("release", .null), ("protected", .bool(protected)),
            ("created_at", ref.createdAt.map(JSONValue.string) ?? .null),
        ])
    }

    func treeEntry(_ e: RepositoryReader.Entry) -> JSONValue {
        .object([("id", .string(e.id)), ("name", .string(e.name)), ("type", .string(e.type)), ("path", .string(e.path)),
                 ("mode", .string(e.mode))])
    }

    func diff(_ d: RepositoryReader.FileDiff) -> JSONValue {
        .object([
            ("diff", .string(d.diff)), ("new_path", .string(d.newPath)), ("old_path", .string(d.oldPath)),
            ("a_mode", .string(d.oldMode)), ("b_mode", .string(d.newMode)), ("new_file", .bool(d.newFile)),
            ("renamed_file", .bool(d.renamedFile)), ("deleted_file", .bool(d.deletedFile)), ("generated_file", .bool(false)),
        ])
    }
}

extension RepositoryReader.Commit {
    /// GitLab's `API::Entities::Commit`: in repository answers and as a job's `commit`.
    func json(webURL: String) -> JSONValue {
        .object([
            ("id", .string(id)), ("short_id", .string(String(id.prefix(8)))), ("created_at", .string(committedDate)),
            ("parent_ids", .array(parents.map(JSONValue.string))), ("title", .string(title)), ("message", .string(message)),
            ("author_name", .string(authorName)), ("author_email", .string(authorEmail)), ("authored_date", .string(authoredDate)),
            ("committer_name", .string(committerName)), ("committer_email", .string(committerEmail)),
            ("committed_date", .string(committedDate)), ("trailers", .object([])), ("extended_trailers", .object([])),
            ("web_url", .string(webURL)),
        ])
    }
}
