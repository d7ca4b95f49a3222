import Foundation
import GantryStore
import Synchronization

/// The one way a project's refs change, whether by a git push or by a commit, branch or tag made
/// through the API: one change at a time per project, recorded in the push journal before a ref
/// may move (a server that dies half-way creates the pipelines at its next start), and a pipeline
/// for every branch or tag that moved.
struct RefChanges: Sendable {
    let data: DataDirectory
    let coordinator: PipelineCoordinator
    let log: ServerLog
    private static let locks = Mutex<[Int: NSLock]>([:])

    struct JournalFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `body` (which may move refs) under the project's lock, then starts the pipelines of
    /// what moved. `body`'s error is rethrown after the pipelines of anything it moved anyway.
    func perform<T>(project: ProjectRecord, userID: Int?, _ body: () throws -> T) throws -> T {
        let lock = RefChanges.locks.withLock { locks in
            if let l = locks[project.id] { return l }
            let l = NSLock()
            locks[project.id] = l
            return l
        }
        lock.lock()
        defer { lock.unlock() }
        let repository = BareRepository(path: data.repository(projectID: project.id))
        let before = repository.refs()
        let journal = PushJournal(folder: data.pushes)
        let entry: URL
        do {
            entry = try journal.begin(PushJournal.Entry(projectID: project.id, userID: userID, before: before))
        } catch {
            log.note("change to \(project.pathWithNamespace) refused: \(error)")
            throw JournalFailure(description: "\(error)")
        }
        let result = Result { try body() }
        let after = repository.refs()
        if PushPipelines(coordinator: coordinator, log: log).start(project: project, before: before, after: after, userID: userID) {
            journal.finish(entry)
        }
        return try result.get()
    }
}
