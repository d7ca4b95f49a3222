import Foundation
import GantryEngine
import Synchronization
import Testing
@testable import GantryStore

struct PipelineTests {
    @Test func iidsCountPerProject() throws {
        let f = try Fixture()
        let other = try f.store.createProject(makeProject("gadget", namespace: "alice", creator: f.user.id))
        let a1 = try f.store.createPipeline(f.newPipeline())
        let b1 = try f.store.createPipeline(f.newPipeline(project: other.id))
        let a2 = try f.store.createPipeline(f.newPipeline())
        #expect([a1.iid, a2.iid, b1.iid] == [1, 2, 1] as [Int])
        #expect(a1.id < b1.id && b1.id < a2.id)
        // The counter lives in the file: a reopened store goes on from 3.
        #expect(try f.reopen().createPipeline(f.newPipeline()).iid == 3)
    }

    @Test func concurrentCreationGivesGaplessIIDs() throws {
        let f = try Fixture()
        let other = try f.store.createProject(makeProject("gadget", namespace: "alice", creator: f.user.id))
        let projects = [f.project.id, other.id]
        let created = Mutex<[PipelineRecord]>([])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for n in 0..<25 {
                do {
                    let pipeline = try f.store.createPipeline(f.newPipeline(project: projects[(thread + n) % 2]))
                    created.withLock { $0.append(pipeline) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        let all = created.withLock { $0 }
        #expect(all.count == 200)
        #expect(Set(all.map(\.id)).count == 200)
        for project in projects {
            let iids = all.filter { $0.projectID == project }.map(\.iid).sorted()
            #expect(iids == Array(1...iids.count))
        }
    }

    @Test func filterOrderAndPagination() throws {
        let f = try Fixture()
        let specs: [(ref: String, status: PipelineStatus, source: String, updated: Double)] = [
            ("main", .success, "push", 50),
            ("main", .failed, "web", 10),
            ("feature", .success, "push", 40),
            ("main", .running, "api", 30),
            ("feature", .canceled, "push", 20),
        ]
        var ids: [Int] = []
        for spec in specs {
            var pipeline = f.newPipeline(ref: spec.ref, status: spec.status, source: spec.source,
                                         sha: "sha-\(spec.ref)")
            pipeline.updatedAt = date(spec.updated)
            ids.append(try f.store.createPipeline(pipeline).id)
        }
        let store = f.store
        let project = f.project.id

        // Default: newest first.
        let page1 = try store.pipelines(projectID: project, page: 1, perPage: 2)
        #expect(page1.items.map(\.id) == [ids[4], ids[3]])
        #expect(page1.total == 5)
        let page3 = try store.pipelines(projectID: project, page: 3, perPage: 2)
        #expect(page3.items.map(\.id) == [ids[0]])
        #expect(page3.total == 5)
        #expect(try store.pipelines(projectID: project, page: 9, perPage: 2) == ([], 5))

        let main = try store.pipelines(projectID: project, filter: PipelineFilter(ref: "main"), orderBy: .updatedAt,
                                       ascending: true, page: 1, perPage: 20)
        #expect(main.items.map(\.id) == [ids[1], ids[3], ids[0]])
        #expect(main.total == 3)

        let pushSuccess = try store.pipelines(projectID: project,
                                              filter: PipelineFilter(status: .success, source: "push"),
                                              orderBy: .ref, ascending: true, page: 1, perPage: 20)
        #expect(pushSuccess.items.map(\.id) == [ids[2], ids[0]])

        let finished = try store.pipelines(projectID: project,
                                           filter: PipelineFilter(statuses: [.success, .failed, .canceled]),
                                           orderBy: .status, ascending: false, page: 1, perPage: 20)
        #expect(finished.items.map(\.status) == [.success, .success, .failed, .canceled])
        #expect(finished.items.first?.id == ids[2])  // ties broken by id, same direction
        #expect(try store.pipelines(projectID: project, filter: PipelineFilter(sha: "sha-feature"), page: 1,
                                    perPage: 20).total == 2)
        #expect(try store.pipelines(projectID: project, filter: PipelineFilter(tag: true), page: 1, perPage: 20).total == 0)
        #expect(try store.pipelines(projectID: project + 1, page: 1, perPage: 20).total == 0)
    }

    @Test func unfinishedPipelinesAreTheOnesToRecover() throws {
        let f = try Fixture()
        var expected: [Int] = []
        let statuses: [PipelineStatus] = [.created, .success, .pending, .running, .failed, .manual, .canceled, .skipped,
                                          .scheduled, .waitingForResource]
        for status in statuses {
            let pipeline = try f.store.createPipeline(f.newPipeline(status: status))
            if ![.success, .failed, .canceled, .skipped].contains(status) { expected.append(pipeline.id) }
        }
        #expect(try f.store.unfinishedPipelines().map(\.id) == expected)
    }

    @Test func eventsAreNumberedPerPipeline() throws {
        let f = try Fixture()
        let p1 = try f.store.createPipeline(f.newPipeline())
        let p2 = try f.store.createPipeline(f.newPipeline())
        for (n, pipeline) in [p1, p1, p2, p1].enumerated() {
            try f.store.appendEvent(PipelineEventRecord(pipelineID: pipeline.id, kind: "job_started",
                                                        jobName: "job\(n)", at: date(Double(n))))
        }
        #expect(try f.store.events(pipelineID: p1.id).map(\.seq) == [1, 2, 3])
        #expect(try f.store.events(pipelineID: p1.id).map(\.jobName) == ["job0", "job1", "job3"])
        #expect(try f.reopen().appendEvent(PipelineEventRecord(pipelineID: p2.id, kind: "canceled", at: date(9))).seq == 2)
    }

    @Test func aPipelineNeedsAnExistingProject() throws {
        let f = try Fixture()
        // Foreign keys are on: the error is SQLite's, not a conflict.
        let error = #expect(throws: StoreError.self) { try f.store.createPipeline(f.newPipeline(project: 4242)) }
        guard case .sqlite(_, let message) = error else {
            Issue.record("expected a SQLite error, got \(String(describing: error))")
            return
        }
        #expect(message.contains("FOREIGN KEY"))
    }
}
