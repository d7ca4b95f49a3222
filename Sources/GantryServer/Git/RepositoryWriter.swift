import Foundation

/// Makes commits and moves refs in a bare repository without a working tree: blobs with
/// `hash-object -w`, a tree from a temporary index (`read-tree`, `update-index --index-info`,
/// `write-tree`), `commit-tree`, and `update-ref` with the old value, so that a ref that moved
/// since it was read is never overwritten (two writers: one wins, the other gets `.moved`).
struct RepositoryWriter: Sendable {
    let git: GitProcess
    /// Where the temporary index and input files go (the server's temporary folder).
    let temporary: URL

    init(path: URL, temporary: URL) {
        git = GitProcess(gitDir: path)
        self.temporary = temporary
    }

    enum Failure: Error, Equatable {
        /// The ref no longer has the value it was read with.
        case moved
        case git(String)
    }

    /// An author, committer or tagger; `<`, `>` and control characters are dropped, since they
    /// would end or split the header line git writes.
    struct Person: Sendable {
        var name: String
        var email: String

        init(name: String, email: String) {
            let clean: (String) -> String = { text in
                String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && $0 != "<" && $0 != ">" })
                    .trimmingCharacters(in: .whitespaces)
            }
            self.name = clean(name).isEmpty ? "Unknown" : clean(name)
            self.email = clean(email)
        }
    }

    /// One file's change: its new bytes (or an existing blob, for a move or a mode change) and
    /// mode (`100644`/`100755`); neither bytes nor blob deletes it.
    struct Change: Sendable {
        var path: String
        var content: Data?
        var blob: String?
        var mode: String = "100644"

        init(path: String, content: Data?, mode: String = "100644") {
            self.path = path
            self.content = content
            self.mode = mode
        }

        init(path: String, blob: String, mode: String) {
            self.path = path
            self.blob = blob
            self.mode = mode
        }
    }

    /// A commit on `parent` (nil: a first commit) with the changes applied; returns its id.
    func commit(_ changes: [Change], parent: String?, message: String, author: Person, committer: Person) throws(Failure) -> String {
        let index = temporary.appendingPathComponent("index-\(UUID().uuidString)")
        let env = ["GIT_INDEX_FILE": index.path]
        defer { try? FileManager.default.removeItem(at: index) }
        if let parent, !git.run(["read-tree", parent], environment: env).ok { throw .git("cannot read the tree of \(parent)") }
        var info = Data()
        for change in changes {
            if let blob = change.blob {
                info.append(Data("\(change.mode) \(blob)\t\(change.path)\0".utf8))
            } else if let content = change.content {
                let blob = try withFile(content) { file throws(Failure) in
                    guard let id = git.text(["hash-object", "-w", "--no-filters", "--", file.path]) else { throw .git("cannot store the file") }
                    return id
                }
                info.append(Data("\(change.mode) \(blob)\t\(change.path)\0".utf8))
            } else {
                info.append(Data("0 \(GitNames.zeroID)\t\(change.path)\0".utf8))
            }
        }
        let updated = try withFile(info) { file throws(Failure) in
            git.run(["update-index", "-z", "--index-info"], environment: env, input: file).ok
        }
        guard updated, let tree = git.text(["write-tree"], environment: env) else { throw .git("cannot write the tree") }
        let people = ["GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email,
                      "GIT_COMMITTER_NAME": committer.name, "GIT_COMMITTER_EMAIL": committer.email]
        return try withFile(Data(message.utf8)) { file throws(Failure) in
            guard let id = git.text(["commit-tree", tree] + (parent.map { ["-p", $0] } ?? []) + ["-F", file.path], environment: people) else {
                throw .git("cannot create the commit")
            }
            return id
        }
    }

    /// Moves `ref` (a full name, `refs/heads/x`) from `old` (nil: it must not exist) to `new`
    /// (nil: delete it), atomically.
    func move(_ ref: String, from old: String?, to new: String?, reason: String) throws(Failure) {
        let args = new.map { ["update-ref", "-m", reason, ref, $0, old ?? GitNames.zeroID] }
            ?? ["update-ref", "-m", reason, "-d", ref, old ?? ""]
        guard git.run(args).ok else { throw .moved }
    }

    /// An annotated tag object for `commit`; returns its id.
    func tagObject(name: String, commit: String, message: String, tagger: Person) throws(Failure) -> String {
        let stamp = "\(Int(Date().timeIntervalSince1970)) +0000"
        var text = "object \(commit)\ntype commit\ntag \(name)\ntagger \(tagger.name) <\(tagger.email)> \(stamp)\n\n\(message)"
        if !text.hasSuffix("\n") { text += "\n" }
        return try withFile(Data(text.utf8)) { file throws(Failure) in
            let r = git.run(["mktag"], input: file)
            guard r.ok else { throw .git("cannot create the tag") }
            return r.text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    private func withFile<T>(_ data: Data, _ body: (URL) throws(Failure) -> T) throws(Failure) -> T {
        let file = temporary.appendingPathComponent("git-input-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: file.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw .git("cannot write \(file.path)")
        }
        defer { try? FileManager.default.removeItem(at: file) }
        return try body(file)
    }
}
