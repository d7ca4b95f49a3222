#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import GantryEngine
import GantryPipeline
import GantryYAML

/// Runs one attempt of one job the way GitLab's runner does: fresh workspace, caches restored,
/// artifacts of its dependencies downloaded, `before_script` + `script` in one step, `after_script`
/// in another, caches saved, artifacts and reports collected. Where the steps run is the
/// executor's business (a shell on this host, a container).
public struct JobRunner: Sendable {
    public let settings: RunSettings
    public let executor: any JobExecutor
    /// The user's project as this pipeline's jobs get it, looked at by the first job only.
    private let localSources = LocalSourceCache()

    public init(settings: RunSettings, executor: any JobExecutor) {
        self.settings = settings
        self.executor = executor
    }

    /// One job to run, whoever planned it: `gantry run` from its own plan, a remote runner from
    /// the job payload a server sent.
    public struct Assignment: Sendable {
        public var name: String
        public var stage: String
        /// The job's keywords the executor reads: scripts, cache, artifacts, timeout, coverage, image.
        public var config: JobConfig
        public var id: Int
        public var index: Int
        public var slot: Int
        /// Where the job's sources come from.
        public var source: JobSource
        /// The job's variables as a runner gets them: expanded as far as the pipeline knows, with
        /// references to what only the executor knows (`$CI_PROJECT_DIR`, `$CI_BUILDS_DIR`) left
        /// for `run`, which expands them with this job's own directory.
        public var variables: [JobVariable]
        /// Artifacts of earlier jobs to extract first, in order.
        public var dependencies: [DependencyArtifacts]
        /// Values of this job alone that its log must never show (its ID tokens under `gantry run`).
        public var maskedValues: [String] = []

        public init(name: String, stage: String, config: JobConfig, id: Int, index: Int, slot: Int, source: JobSource,
                    variables: [JobVariable], dependencies: [DependencyArtifacts]) {
            self.name = name
            self.stage = stage
            self.config = config
            self.id = id
            self.index = index
            self.slot = slot
            self.source = source
            self.variables = variables
            self.dependencies = dependencies
        }
    }

    /// The artifacts archive of an earlier job, or why it could not be downloaded.
    public struct DependencyArtifacts: Sendable {
        public var name: String
        public var id: Int
        public var zip: URL?
        public var downloadError: String?
        public init(name: String, id: Int, zip: URL?, downloadError: String? = nil) {
            self.name = name
            self.id = id
            self.zip = zip
            self.downloadError = downloadError
        }
    }

    /// Where a job's sources come from.
    public enum JobSource: Sendable {
        /// The user's project on this machine (`gantry run`).
        case local(URL)
        /// A commit to fetch over HTTP (a runner); `url` may carry credentials, which logs never
        /// show. `refspecs` and `depth` as the server's `git_info` says; `allowFetch` its
        /// `allow_git_fetch` (whether `fetch` or `clone` is the default strategy).
        case git(url: String, sha: String, ref: String, refspecs: [String], depth: Int, allowFetch: Bool)
    }

    public func run(_ a: Assignment) -> JobResult {
        let started = Date()
        let name = a.name
        let config = a.config
        let logPath = settings.pipelineDirectory.appendingPathComponent("logs/\(a.id)-\(RunSettings.slug(name)).log")
        var result = JobResult(name: name, status: .running, exitCode: nil, failureReason: nil, duration: 0,
                               coverage: nil, tests: nil, dotenv: [], artifacts: nil, logPath: logPath.path, notes: [], id: a.id)
        guard let log = try? JobLog(path: logPath, job: name, index: a.index, console: settings.console,
                                    masked: settings.masked + a.maskedValues) else {
            result.status = .failed
            result.failureReason = .unknownFailure
            result.notes.append("cannot write the log at \(logPath.path)")
            return result
        }
        defer { log.close() }

        // The job's environment is built here, where the job runs: its directory is known. Paths
        // this host works with (cache and artifact paths) expand with the workspace's own path;
        // the scripts get the project directory as the executor shows it to them.
        // The slot's build folder, held until the job is done (see SlotLease).
        let lease: SlotLease
        do {
            lease = try SlotLease.acquire(slot: a.slot, job: a.id) { settings.buildDirectory(slot: a.slot, spare: $0) }
        } catch {
            log.info("\u{1B}[31;1mERROR: Job failed (system failure): \(error)\u{1B}[0;m")
            return finish(result, .failed, reason: .runnerSystemFailure, started: started, log: log)
        }
        defer { lease.release() }
        var workspace = lease.directory
        var hostVariables = JobVariable.environment(a.variables, runner: runnerVariables(projectDirectory: workspace.path, slot: a.slot))
        let git: GitSettings
        switch a.source {
        case .local: git = GitSettings(variables: hostVariables)
        case .git(_, _, _, _, let depth, let allowFetch): git = GitSettings(variables: hostVariables, depth: depth, allowFetch: allowFetch)
        }
        if git.strategy == .empty {
            workspace = SourcesStep.emptyDirectory(workspace)
            hostVariables = JobVariable.environment(a.variables, runner: runnerVariables(projectDirectory: workspace.path, slot: a.slot))
        }
        let job = ExecutorJob(id: a.id, name: name, slot: a.slot, config: config, workspace: workspace,
                              projectPath: a.variables.last { $0.key == "CI_PROJECT_PATH" }?.value, settings: settings)
        let expand: (String) -> String = { text in VariableExpander.expand(text, with: { hostVariables[$0] }) }
        let projectDirectory = executor.projectDirectory(for: job)
        let variables = projectDirectory == workspace.path ? hostVariables
            : JobVariable.environment(a.variables, runner: runnerVariables(projectDirectory: projectDirectory, slot: a.slot))

        log.sectionStart("prepare_executor", "Preparing the \"\(executor.name)\" executor")
        let session: any JobSession
        do {
            session = try executor.prepare(job, variables: variables, log: log)
        } catch {
            log.info("\u{1B}[31;1mERROR: Job failed: \(error)\u{1B}[0;m")
            log.sectionEnd("prepare_executor")
            return finish(result, .failed, reason: (error as? ExecutorError)?.reason ?? .runnerSystemFailure, started: started, log: log)
        }
        log.sectionEnd("prepare_executor")
        // What the executor made goes before the job's last line, whatever the outcome.
        func end(_ status: JobStatus, reason: FailureReason?) -> JobResult {
            session.cleanUp(log: log)
            return finish(result, status, reason: reason, started: started, log: log)
        }

        log.sectionStart("get_sources", "Getting source from Git repository")
        do {
            var local: LocalSource?
            var ref = hostVariables["CI_COMMIT_REF_NAME"] ?? "HEAD"
            switch a.source {
            case .local(let root): local = localSources.source(root)
            case .git(_, _, let remoteRef, _, _, _): ref = remoteRef
            }
            try SourcesStep(settings: git, say: log.info).run(a.source, local: local, in: workspace,
                                                               previousJobUnfinished: lease.previousJobUnfinished, ref: ref)
        } catch {
            log.info("ERROR: \(error)")
            log.sectionEnd("get_sources")
            return end(.failed, reason: .runnerSystemFailure)
        }
        log.sectionEnd("get_sources")

        let caches = CacheStep(settings: settings, job: config, expand: expand, workspace: workspace)
        caches.restore(log: log)

        let unavailable = downloadArtifacts(a.dependencies, into: workspace, log: log)
        if !unavailable.isEmpty {
            // GitLab fails such a job before its script, with this message and reason.
            log.info("\u{1B}[31;1mERROR: Job failed: This job could not start because it could not retrieve the needed artifacts: \(unavailable.joined(separator: ", ")).\u{1B}[0;m")
            removeWorkspace(workspace, strategy: git.strategy, name: name, id: a.id, log: log)
            return end(.failed, reason: .missingDependencyFailure)
        }

        let timeout = TimeInterval(config["timeout"]?.scalar.flatMap { DurationParser.seconds($0.value.asString) } ?? 3600)

        log.sectionStart("step_script", "Executing \"step_script\" stage of the job script")
        let commands = Node.strings(config["before_script"]) + Node.strings(config["script"])
        var outcome: StepOutcome
        do {
            outcome = try session.run(.script, script: ShellScript.build(commands), variables: variables, timeout: timeout) { log.append($0) }
        } catch {
            log.info("ERROR: \(error)")
            outcome = .exited(-1)
        }
        log.flush()
        log.sectionEnd("step_script")

        var status: JobStatus
        switch outcome {
        case .exited(0):
            status = .success
        case .exited(let code):
            status = .failed
            result.exitCode = code
            result.failureReason = code < 0 ? .runnerSystemFailure : .scriptFailure
            log.info("\u{1B}[31;1mERROR: Job failed: exit code \(code)\u{1B}[0;m")
        case .timedOut:
            status = .failed
            result.failureReason = .jobExecutionTimeout
            log.info("\u{1B}[31;1mERROR: Job failed: execution took longer than \(Int(timeout))s seconds\u{1B}[0;m")
        case .canceled:
            status = .canceled
        }

        let after = Node.strings(config["after_script"])
        if !after.isEmpty && status != .canceled {
            log.sectionStart("after_script", "Running after_script")
            var afterVariables = variables
            afterVariables["CI_JOB_STATUS"] = status == .success ? "success" : "failed"
            let afterOutcome = try? session.run(.afterScript, script: ShellScript.build(after), variables: afterVariables,
                                                timeout: 300) { log.append($0) }
            log.flush()
            if afterOutcome != .exited(0) { log.info("WARNING: after_script failed, but the job's status is not affected") }
            log.sectionEnd("after_script")
        }

        if status != .canceled {
            caches.save(succeeded: status == .success, log: log)
            collectArtifacts(config, expand: expand, workspace: workspace, succeeded: status == .success, id: a.id,
                             result: &result, log: log)
        }
        if let regex = config["coverage"]?.string, let value = CoverageExtractor.coverage(regex: regex, in: log.contents) {
            result.coverage = value
        }
        removeWorkspace(workspace, strategy: git.strategy, name: name, id: a.id, log: log)
        return end(status, reason: result.failureReason)
    }

    /// The variables only the runner knows, GitLab Runner's "job-only" ones that depend on where
    /// the job runs; the job's own variables may use them (`$CI_PROJECT_DIR/.cache/pip`).
    func runnerVariables(projectDirectory: String, slot: Int) -> [(String, String)] {
        [("CI_BUILDS_DIR", URL(fileURLWithPath: projectDirectory).deletingLastPathComponent().path),
         ("CI_PROJECT_DIR", projectDirectory),
         ("CI_CONCURRENT_ID", String(slot)),
         ("CI_CONCURRENT_PROJECT_ID", String(slot)),
         ("CI_SERVER", "yes"),
         ("CI_SHARED_ENVIRONMENT", "true"),
         ("CI_RUNNER_EXECUTABLE_ARCH", "linux/amd64")]
    }

    /// Extracts each dependency's artifacts into the workspace, logging as GitLab Runner does;
    /// returns the names of those that could not be downloaded or extracted.
    private func downloadArtifacts(_ dependencies: [DependencyArtifacts], into workspace: URL, log: JobLog) -> [String] {
        guard !dependencies.isEmpty else { return [] }
        var unavailable: [String] = []
        log.sectionStart("download_artifacts", "Downloading artifacts")
        for dependency in dependencies {
            log.info("Downloading artifacts for \(dependency.name) (\(dependency.id))...")
            guard let zip = dependency.zip else {
                log.info("\u{1B}[31;1mERROR: Downloading artifacts from coordinator... error\u{1B}[0;m  id=\(dependency.id) \(dependency.downloadError ?? "")")
                unavailable.append(dependency.name)
                continue
            }
            do {
                let files = try ZipArchive.extract(zip, into: workspace)
                log.info("Downloading artifacts from coordinator... ok  id=\(dependency.id) (\(files.count) file\(files.count == 1 ? "" : "s"))")
            } catch {
                log.info("\u{1B}[31;1mERROR: Extracting artifacts of \(dependency.name) failed: \(error)\u{1B}[0;m")
                unavailable.append(dependency.name)
            }
        }
        log.sectionEnd("download_artifacts")
        return unavailable
    }

    /// After the job: `--keep` moves the folder under the pipeline's; otherwise `fetch` and `none`
    /// leave it for the slot's next job, and the fresh copies of `clone` and `empty` are removed
    /// (GitLab Runner's job cleanup).
    private func removeWorkspace(_ workspace: URL, strategy: GitSettings.Strategy, name: String, id: Int, log: JobLog) {
        if settings.keepWorkspaces {
            let kept = settings.pipelineDirectory.appendingPathComponent("workspaces/\(id)-\(RunSettings.slug(name))")
            try? FileManager.default.createDirectory(at: kept.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? FileManager.default.moveItem(at: workspace, to: kept)
            log.info("Workspace kept at \(kept.path)")
        } else if strategy == .clone || strategy == .empty {
            try? FileManager.default.removeItem(at: workspace)
        }
    }

    private func finish(_ r: JobResult, _ status: JobStatus, reason: FailureReason?, started: Date, log: JobLog) -> JobResult {
        var r = r
        r.status = status
        r.failureReason = status == .failed ? (reason ?? .unknownFailure) : nil
        r.duration = Date().timeIntervalSince(started)
        r.sections = log.sections
        switch status {
        case .success: log.info("\u{1B}[32;1mJob succeeded\u{1B}[0;m")
        case .canceled: log.info("\u{1B}[31;1mJob canceled\u{1B}[0;m")
        default: break
        }
        return r
    }

    /// `2026-12-02T17:14:00Z`, as `ISO8601DateFormatter` writes it: built by hand, because making
    /// that formatter (ICU underneath) cost more than the rest of a job's variables.
    static func utcTimestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let pad = { (value: Int32, width: Int) in String(repeating: "0", count: max(0, width - String(value).count)) + String(value) }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
            + "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))Z"
    }

    /// A job of `gantry run`'s own plan, with the variables a server would send for it: job-only
    /// predefined ones, the pipeline's layers, dotenv variables of the jobs it gets artifacts from.
    public static func localAssignment(_ job: PlannedJob, id: Int, index: Int, slot: Int, project: URL, layers: VariableLayers,
                                       dependencies: [JobResult], idTokens: LocalIDTokens? = nil,
                                       crossNeeds: CrossNeedSource? = nil) -> Assignment {
        let instance = job.instance
        let timeout = instance.job["timeout"]?.scalar.flatMap { DurationParser.seconds($0.value.asString) } ?? 3600
        let predefined: [(String, String)] = [
            ("CI_JOB_ID", String(id)),
            ("CI_JOB_STARTED_AT", utcTimestamp(Date())),
            ("CI_JOB_TIMEOUT", String(timeout)),
        ]
        let dotenv = dependencies.flatMap(\.dotenv)
        var variables = layers.jobVariables(instance, jobPredefined: predefined, rule: job.ruleVariables, dotenv: dotenv)
        var tokens: [(name: String, token: String)] = []
        if let idTokens, instance.job["id_tokens"] != nil {
            let scope = layers.jobScope(instance, jobPredefined: layers.jobOnly + predefined, rule: job.ruleVariables, dotenv: dotenv)
            tokens = idTokens.tokens(for: instance.job, jobID: id, timeout: timeout, variables: scope.resolved())
            variables += tokens.map { JobVariable(key: $0.name, value: $0.token, raw: true) }
        }
        var assignment = Assignment(name: job.name, stage: job.stage, config: instance.job, id: id, index: index, slot: slot,
                                    source: .local(project), variables: variables,
                                    dependencies: dependencies.compactMap { d in
                                        d.artifacts.map { DependencyArtifacts(name: d.name, id: d.id, zip: URL(fileURLWithPath: $0)) }
                                    } + crossDependencies(job, variables: variables, source: crossNeeds))
        assignment.maskedValues = tokens.map(\.token)
        return assignment
    }

    /// The artifacts of needs on other pipelines: downloaded from the server when there is one;
    /// otherwise missing, so that the job fails before its script, as GitLab fails it, saying why.
    private static func crossDependencies(_ job: PlannedJob, variables: [JobVariable], source: CrossNeedSource?)
        -> [DependencyArtifacts] {
        let needs = job.crossNeeds.filter(\.artifacts)
        guard !needs.isEmpty else { return [] }
        guard let source else { return needs.map(CrossNeedSource.unreachable) }
        let values = Dictionary(variables.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        return needs.map { source.artifacts($0, variables: values) }
    }
}
