import Testing
import GantryEngine

/// GitLab's composite status of a group of jobs.
struct CompositeStatusTests {
    func composite(_ jobs: [(JobStatus, Bool)], dag: Bool = false) -> JobStatus? {
        CompositeStatus(jobs.map { (status: $0.0, allowFailure: $0.1) }).status(dag: dag)
    }

    @Test func stageAndPipelineRules() {
        #expect(composite([]) == nil)
        #expect(composite([(.skipped, false), (.skipped, false)]) == .skipped)
        #expect(composite([(.manual, true), (.skipped, false)]) == .skipped)
        #expect(composite([(.success, false), (.skipped, false)]) == .success)
        #expect(composite([(.success, false), (.failed, true)]) == .success)
        #expect(composite([(.success, false), (.canceled, true)]) == .success)
        #expect(composite([(.success, false), (.manual, true)]) == .success)
        #expect(composite([(.success, false), (.failed, false)]) == .failed)
        #expect(composite([(.created, false), (.created, false)]) == .created)
        #expect(composite([(.pending, false), (.created, false)]) == .pending)
        #expect(composite([(.success, false), (.created, false)]) == .running)
        #expect(composite([(.running, false), (.failed, false)]) == .running)
        #expect(composite([(.success, false), (.canceled, false)]) == .canceled)
        #expect(composite([(.failed, false), (.canceled, false)]) == .failed)
        #expect(composite([(.success, false), (.manual, false)]) == .manual)
        #expect(composite([(.failed, false), (.manual, false)]) == .manual)
        #expect(composite([(.success, false), (.scheduled, false)]) == .scheduled)
        #expect(composite([(.waitingForResource, false), (.success, false)]) == .waitingForResource)
    }

    @Test func needsRules() {
        #expect(composite([(.success, false), (.skipped, false)], dag: true) == .skipped)
        #expect(composite([(.running, false), (.manual, true)], dag: true) == .skipped)
        #expect(composite([(.success, false), (.running, false)], dag: true) == .pending)
        #expect(composite([(.success, false), (.manual, false)], dag: true) == .pending)
        #expect(composite([(.success, false), (.failed, true)], dag: true) == .success)
        #expect(composite([(.success, false), (.failed, false)], dag: true) == .failed)
        #expect(composite([(.success, false), (.canceled, false)], dag: true) == .canceled)
    }

    @Test func warnings() {
        #expect(CompositeStatus([(status: .failed, allowFailure: true)]).hasWarnings)
        #expect(!CompositeStatus([(status: .failed, allowFailure: false)]).hasWarnings)
        #expect(!CompositeStatus([(status: .manual, allowFailure: true)]).hasWarnings)
    }

    @Test func statusesUseGitLabNames() {
        #expect(JobStatus.waitingForResource.rawValue == "waiting_for_resource")
        #expect(PipelineStatus.manual.rawValue == "manual")
        #expect(FailureReason(rawValue: "runner_system_failure") == .runnerSystemFailure)
        #expect(FailureReason.jobExecutionTimeout.rawValue == "job_execution_timeout")
    }
}
