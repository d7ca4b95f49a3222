import Foundation
import GantryEngine
import GantryExecution
import GantryRunnerProtocol

/// One job taken from a server, run with the executor of `gantry run`: the commit fetched with
/// the job token, dependencies' artifacts downloaded, the trace streamed while it runs, artifacts
/// uploaded, the outcome reported.
struct RemoteJob {
    let payload: JobPayload
    let api: RunnerAPIClient
    let config: RunnerConfig
    let slot: Int
    let console: Console?
    let executor: any JobExecutor
    /// True when the runner is shutting down and canceled the job itself.
    let aborted: @Sendable () -> Bool

    func run() {
        let work = URL(fileURLWithPath: config.workDirectory)
        let projectName = payload.jobInfo.projectName.isEmpty ? "project-\(payload.jobInfo.projectID)" : payload.jobInfo.projectName
        var settings = RunSettings(projectRoot: work.appendingPathComponent(projectName), pipelineIID: payload.id, concurrency: 1,
                                   masked: payload.maskedValues, console: Console(colour: false, quiet: true))
        // Runners sharing a work directory keep apart, as GitLab's runner does with the start of
        // its token in `builds/<token>/<slot>/<namespace>/<project>`, where each slot keeps its
        // working copy of the project for the next job (`GIT_STRATEGY: fetch`).
        let short = String(config.token.dropFirst(5).prefix(8))
        settings.stateDirectory = work.appendingPathComponent("runner-" + short)
        settings.buildsRoot = work.appendingPathComponent("builds/" + short)
        // From the repository URL the server wrote, never from the job's variables: a job that sets
        // CI_PROJECT_PATH must not get another project's copy (GitLab Runner does the same).
        settings.buildsProjectPath = RunSettings.buildsProjectPath(Self.projectPath(repositoryURL: payload.gitInfo.repoURL),
                                                                 projectID: payload.jobInfo.projectID)
        // GitLab's runner keeps caches per project (`cache/<namespace>/<project>/<key>`).
        settings.cacheDirectory = work.appendingPathComponent("cache/\(payload.jobInfo.projectID)")
        let jobFolder = settings.pipelineDirectory
        defer { try? FileManager.default.removeItem(at: jobFolder) }

        let log = jobFolder.appendingPathComponent("logs/\(payload.id)-\(RunSettings.slug(payload.jobInfo.name)).log")
        let streamer = TraceStreamer(api: api, jobID: payload.id, token: payload.token, file: log) { executor.cancelAll() }
        streamer.start()

        // Downloaded before the job starts; one that fails makes the job fail before its script.
        var dependencies: [JobRunner.DependencyArtifacts] = []
        for dependency in payload.dependencies where dependency.artifactsFile != nil {
            let zip = jobFolder.appendingPathComponent("dependencies/\(dependency.id).zip")
            do {
                try FileManager.default.createDirectory(at: zip.deletingLastPathComponent(), withIntermediateDirectories: true)
                try api.downloadArtifacts(id: dependency.id, token: dependency.token, to: zip)
                dependencies.append(.init(name: dependency.name, id: dependency.id, zip: zip))
            } catch {
                dependencies.append(.init(name: dependency.name, id: dependency.id, zip: nil, downloadError: "\(error)"))
            }
        }
        let archive = payload.artifacts?.first { $0.artifactType == ArtifactUploadQuery.archiveType }
        settings.artifactUploader = { [api, payload] zip in
            try api.uploadArtifact(id: payload.id, token: payload.token, file: zip, filename: "artifacts.zip",
                                   query: ArtifactUploadQuery(type: ArtifactUploadQuery.archiveType, format: "zip",
                                                              expireIn: archive?.expireIn))
        }

        let git = payload.gitInfo
        let source = JobRunner.JobSource.git(url: git.repoURL, sha: git.sha, ref: git.ref, refspecs: git.refspecs, depth: git.depth,
                                             allowFetch: payload.allowGitFetch)
        let assignment = JobRunner.Assignment(name: payload.jobInfo.name, stage: payload.jobInfo.stage, config: payload.jobConfig,
                                              id: payload.id, index: slot, slot: slot, source: source,
                                              variables: payload.jobVariables, dependencies: dependencies)
        let result = JobRunner(settings: settings, executor: executor).run(assignment)
        for (type, file) in result.reportFiles {
            try? api.uploadArtifact(id: payload.id, token: payload.token, file: file, filename: file.lastPathComponent,
                                    query: ArtifactUploadQuery(type: type, format: "raw"))
        }
        let state: JobState = result.status == .success ? .success : .failed
        var reason = result.status == .canceled ? nil : result.failureReason?.rawValue
        if result.status != .success && aborted() {
            appendToLog(log, "ERROR: Job failed (system failure): the runner was stopped")
            reason = FailureReason.runnerSystemFailure.rawValue
        }
        // The whole log reaches the server before the final state, as with GitLab's runner.
        let logSize = streamer.finish()
        _ = try? api.updateJob(id: payload.id, token: payload.token, state: state, failureReason: reason, exitCode: result.exitCode,
                               logSize: logSize)
        console?.note("job \(payload.id) (\(payload.jobInfo.name)): \(result.status.rawValue)")
    }

    private func appendToLog(_ log: URL, _ line: String) {
        guard let handle = try? FileHandle(forWritingTo: log) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data((line + "\n").utf8))
    }

    /// `group/project` of `https://host[/prefix]/group/project.git`: the URL's path without the
    /// `.git`; nil when the URL has none (the project's number names the folder then).
    static func projectPath(repositoryURL: String) -> String? {
        guard var path = URLComponents(string: repositoryURL)?.path else { return nil }
        while path.hasPrefix("/") { path.removeFirst() }
        if path.hasSuffix(".git") { path.removeLast(4) }
        return path.isEmpty ? nil : path
    }
}
