import Foundation
import GantryEngine
import GantryStore

/// A pipeline's `duration` as GitLab computes it (`Gitlab::Ci::Pipeline::Duration`): the union
/// of the running periods of its latest jobs that ran (success, failed, running, canceled), so
/// that queueing, a manual job waiting to be played and overlapping parallel jobs are not counted.
enum PipelineDuration {
    static func seconds(_ jobs: [JobRecord], now: Date = Date()) -> Double {
        let ran: Set<JobStatus> = [.success, .failed, .running, .canceled]
        let periods = jobs.filter { !$0.retried && ran.contains($0.status) }
            .compactMap { j in j.startedAt.map { ($0, max($0, j.finishedAt ?? now)) } }
            .sorted { $0.0 < $1.0 }
        var merged: [(Date, Date)] = []
        for period in periods {
            if let last = merged.last, period.0 <= last.1 {
                merged[merged.count - 1].1 = max(last.1, period.1)
            } else {
                merged.append(period)
            }
        }
        return merged.reduce(0) { $0 + $1.1.timeIntervalSince($1.0) }
    }

    /// The duration a pipeline shows: computed from the jobs once settled, so that pipelines
    /// stored with a wall-clock duration (before this version) show GitLab's figure too; none
    /// for a pipeline no job of which started (as stored).
    static func shown(_ pipeline: PipelineRecord, jobs: [JobRecord]) -> Double? {
        guard pipeline.startedAt != nil else { return nil }
        return pipeline.finishedAt.map { seconds(jobs, now: $0) } ?? pipeline.duration
    }

    /// GitLab's `queued_duration`: from creation to the first job starting; nil before that.
    static func queued(_ pipeline: PipelineRecord) -> Double? {
        pipeline.startedAt.map { max(0, $0.timeIntervalSince(pipeline.createdAt)) }
    }
}
