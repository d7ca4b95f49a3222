import Foundation
import GantryEngine
import GantryStore
import Testing
@testable import GantryServer

/// A pipeline's `duration` is GitLab's: the union of its latest jobs' running periods.
struct PipelineDurationTests {
    func job(_ name: String, _ status: JobStatus, from start: Double?, to end: Double?, retried: Bool = false) -> JobRecord {
        JobRecord(pipelineID: 1, projectID: 1, name: name, stage: "test", stageIndex: 0, status: status,
                  createdAt: Date(timeIntervalSince1970: 0), startedAt: start.map { Date(timeIntervalSince1970: $0) },
                  finishedAt: end.map { Date(timeIntervalSince1970: $0) }, retried: retried)
    }

    /// GitLab's own example: A (1, 3), B (2, 4), C (6, 7) ran 4 seconds, not the 6 from first
    /// start to last end; a manual job waiting, a skipped one and a retried attempt add nothing.
    @Test func overlappingJobsCountOnceAndWaitingCountsNot() {
        let jobs = [job("a", .success, from: 1, to: 3), job("b", .failed, from: 2, to: 4), job("c", .success, from: 6, to: 7),
                    job("deploy", .manual, from: nil, to: nil), job("lint", .skipped, from: nil, to: nil),
                    job("c", .failed, from: 100, to: 200, retried: true)]
        #expect(PipelineDuration.seconds(jobs, now: Date(timeIntervalSince1970: 5000)) == 4)
    }

    @Test func aRunningJobCountsUntilNow() {
        #expect(PipelineDuration.seconds([job("a", .running, from: 10, to: nil)], now: Date(timeIntervalSince1970: 25)) == 15)
        #expect(PipelineDuration.seconds([], now: Date()) == 0)
    }

    @Test func queuedIsFromCreationToTheFirstStart() {
        var p = PipelineRecord(projectID: 1, sha: "a", ref: "main", source: "push", createdAt: Date(timeIntervalSince1970: 100),
                               updatedAt: Date(timeIntervalSince1970: 100))
        #expect(PipelineDuration.queued(p) == nil)
        p.startedAt = Date(timeIntervalSince1970: 130)
        #expect(PipelineDuration.queued(p) == 30)
    }
}
