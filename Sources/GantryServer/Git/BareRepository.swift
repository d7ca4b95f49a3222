import Foundation
import GantryExecution
import GantryPipeline

/// A project's bare repository on the server: created with the project, read at a commit to plan
/// its pipeline, compared before and after a push to see which refs moved.
public struct BareRepository: Sendable {
    public let path: URL

    public init(path: URL) { self.path = path }

    public struct GitFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// `git init --bare` with the project's default branch as HEAD.
    public func create(defaultBranch: String) throws {
        try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
        guard run(["init", "--quiet", "--bare", "--initial-branch=\(defaultBranch)", path.path]) != nil else {
            throw GitFailure(description: "cannot create the repository at \(path.path)")
        }
    }

    /// `refs/heads/*` and `refs/tags/*` with the commit each points to (tags peeled).
    public func refs() -> [String: String] {
        guard let out = run(["for-each-ref", "--format=%(refname) %(objectname) %(*objectname)", "refs/heads", "refs/tags"]) else {
            return [:]
        }
        var refs: [String: String] = [:]
        for line in out.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count >= 2 else { continue }
            refs[String(parts[0])] = String(parts.count > 2 ? parts[2] : parts[1])
        }
        return refs
    }

    /// A file's text at a commit, or nil when the commit has no such file.
    public func file(_ name: String, at sha: String) -> String? {
        run(["show", "\(sha):\(name)"], trim: false)
    }

    /// A file's bytes at a commit, undecoded, so that invalid UTF-8 can be refused.
    public func fileBytes(_ name: String, at sha: String) -> [UInt8]? {
        let result = GitProcess(gitDir: path).run(["show", "\(sha):\(name)"])
        return result.ok ? Array(result.output) : nil
    }

    /// Every file path of a commit's tree, for wildcard includes.
    public func files(at sha: String) -> [String] {
        (run(["ls-tree", "-r", "--name-only", "-z", sha], trim: false) ?? "").split(separator: "\0").map(String.init)
    }

    public func commitMessage(_ sha: String) -> String {
        run(["log", "-1", "--format=%B", sha]) ?? ""
    }

    /// The commit a branch or tag name points to.
    public func resolve(_ ref: String) -> (sha: String, tag: Bool)? {
        let all = refs()
        if let sha = all["refs/heads/\(ref)"] { return (sha, false) }
        if let sha = all["refs/tags/\(ref)"] { return (sha, true) }
        return nil
    }

    /// Through the repository API's `GitProcess`: one way to run git on a bare repository.
    func run(_ args: [String], trim: Bool = true) -> String? {
        let result = GitProcess(gitDir: path).run(args)
        guard result.ok else { return nil }
        return trim ? result.text.trimmingCharacters(in: .whitespacesAndNewlines) : result.text
    }
}

/// Included files read from a commit of a bare repository.
struct CommitSource: SourceProvider {
    let repository: BareRepository
    let sha: String

    func read(_ path: String) -> String? { repository.file(path, at: sha) }
    func readBytes(_ path: String) -> [UInt8]? { repository.fileBytes(path, at: sha) }
    func allFiles() -> [String] { repository.files(at: sha) }
}
