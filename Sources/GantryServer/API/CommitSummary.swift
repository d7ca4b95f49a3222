import Foundation
import GantryPipeline

/// A commit as GitLab's API shows it (`API::Entities::Commit`), read from the project's bare
/// repository: the job's `commit`, the pipeline's `committed_at`.
struct CommitSummary {
    let id: String
    let parentIDs: [String]
    let authorName, authorEmail, authoredDate: String
    let committerName, committerEmail, committedDate: String
    let message: String

    /// Nil when the commit is not in the repository (pushed over, or the repository is gone).
    init?(_ repository: BareRepository, sha: String) {
        // Only a full hex id reaches git, never an option.
        guard sha.count == 40, sha.allSatisfy(\.isHexDigit),
              let out = repository.run(["show", "-s", "--format=%H%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B", sha],
                                       trim: false) else { return nil }
        let f = out.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        guard f.count >= 9 else { return nil }
        id = f[0]
        parentIDs = f[1].split(separator: " ").map(String.init)
        (authorName, authorEmail, authoredDate) = (f[2], f[3], f[4])
        (committerName, committerEmail, committedDate) = (f[5], f[6], f[7])
        message = f[8...].joined(separator: "\0").trimmingCharacters(in: .newlines)
    }

    var title: String { String(message.split(separator: "\n", maxSplits: 1).first ?? "") }

    func json(webURL: String) -> JSONValue {
        .object([("id", .string(id)), ("short_id", .string(String(id.prefix(8)))), ("created_at", .string(committedDate)),
                 ("parent_ids", .array(parentIDs.map(JSONValue.string))), ("title", .string(title)), ("message", .string(message + "\n")),
                 ("author_name", .string(authorName)), ("author_email", .string(authorEmail)), ("authored_date", .string(authoredDate)),
                 ("committer_name", .string(committerName)), ("committer_email", .string(committerEmail)),
                 ("committed_date", .string(committedDate)), ("trailers", .object([])), ("extended_trailers", .object([])),
                 ("web_url", .string(webURL))])
    }
}
