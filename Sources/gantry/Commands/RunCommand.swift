#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import GantryCommandLine
import GantryEngine
import GantryExecution
import GantryPipeline

/// `gantry run`: plans the pipeline as `gantry plan` does and runs it (or the named jobs) here.
enum RunCommand {
    static let command = Command(
        "run", abstract: "run the pipeline or the named jobs here, each in its own workspace",
        positionals: [Positional("JOB", help: "run only these jobs (a parallel job's name selects all its instances)",
                                 repeatable: true, optional: true)],
        options: PipelineOptions.context + [
            .value("masked-variable", "K=V", help: "a pipeline variable whose value is shown as [MASKED] in the output and every log",
                   repeatable: true),
            .value("concurrency", "N", help: "jobs at once (default: twice the number of cores)"),
            .value("manual", "JOB", help: "play this manual job when the pipeline reaches it", repeatable: true),
            .flag("needs", help: "with JOB...: also run every job they need, transitively"),
            .flag("keep", help: "keep each job's workspace under .gantry/pipelines/IID/workspaces"),
            .value("json-summary", "FILE", help: "also write the summary (statuses, durations, exit codes, logs) to FILE as JSON", completion: .file),
            .value("executor", "E", help: "where jobs run: docker (in their image:) or shell (here); default: $GANTRY_EXECUTOR, "
                   + "else docker when a container engine answers, else shell",
                   completion: .choices(ExecutorChoice.Kind.allCases.map(\.rawValue))),
            .value("docker-host", "URL", help: "the engine: unix:///path or tcp://host:port (default: $DOCKER_HOST, else the usual sockets)"),
            .value("docker-image", "IMAGE", help: "the image of jobs without image: (default: $GANTRY_DOCKER_IMAGE, else "
                   + "\(RunCommand.defaultDockerImage), which scripts/build-image.sh python builds)"),
            .value("pull-policy", "P", help: "for every image: always, if-not-present or never (default: each job's pull_policy)",
                   completion: .choices(JobImage.pullPolicyNames)),
        ],
        exclusive: [PipelineOptions.refOrTag], action: run)

    static func run(_ options: Arguments) throws(Arguments.UsageError) -> Int32 {
        let file = try PipelineFile(options)
        var context = try PlanCommand.context(options, file)
        let masked = try options.pairs("masked-variable")
        context.pipelineVariables += masked
        let concurrency: Int
        if let text = options.value("concurrency") {
            guard let n = Int(text), n > 0 else { throw Arguments.UsageError(description: "--concurrency takes a positive number") }
            concurrency = n
        } else {
            concurrency = RunSettings.defaultConcurrency
        }
        let choice: ExecutorChoice
        do {
            choice = try executorChoice(options)
        } catch let usage as Arguments.UsageError {
            throw usage
        } catch {
            Output.err("\(error)")
            return 1
        }
        let iid: Int
        do {
            iid = try RunSettings.reservePipelineIID(projectRoot: file.root)
        } catch {
            Output.err("cannot create \(file.root.appendingPathComponent(".gantry").path): \(error)")
            return 1
        }
        context.pipelineID = iid
        context.pipelineIID = iid
        let console = Console()
        var settings = RunSettings(projectRoot: file.root, pipelineIID: iid, concurrency: concurrency,
                                   masked: masked.map(\.1), keepWorkspaces: options.flag("keep"), console: console)
        // A pipeline that never starts leaves no folder behind.
        let abandon = { try? FileManager.default.removeItem(at: settings.pipelineDirectory) }

        var plan: Plan
        switch PlanCommand.plan(file, context) {
        case .success(let p): plan = p
        case .failure(let exit):
            abandon()
            return exit.code
        }
        if !options.positional.isEmpty {
            do {
                plan = try JobSelection(names: options.positional, withNeeds: options.flag("needs")).apply(to: plan)
            } catch {
                abandon()
                Output.err(explanation(of: error, file: file, context: context, plan: plan))
                return 3
            }
        }

        settings.crossNeeds = try IncludeOptions.crossNeeds(options, folder: settings.pipelineDirectory)
        settings.idTokens = localIDTokens(plan, context, settings)
        console.note("Pipeline #\(iid) for \(context.isTag ? "tag" : "branch") \(context.ref): \(plan.jobs.count) job\(plan.jobs.count == 1 ? "" : "s"), up to \(concurrency) at once, logs in \(PipelineFile.relative(settings.pipelineDirectory.path, to: FileManager.default.currentDirectoryPath))")
        console.note("Jobs run with the \(choice.reason)")
        let runner = PipelineRunner(plan: plan, settings: settings, manual: Set(options.all("manual")), executor: choice.executor)
        let interrupt = Interrupts.onInterrupt { runner.cancel() }
        let outcome = waitFor { await runner.run() }
        interrupt.forEach { $0.cancel() }

        let summary = RunSummary(outcome: outcome, plan: plan)
        console.write(summary.table(colour: console.colour))
        if let path = options.value("json-summary") {
            do {
                try summary.json().serialized().write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                Output.err("cannot write \(path): \(error)")
            }
        }
        switch outcome.status {
        case .success, .skipped: return 0
        case .canceled: return 130
        default: return 1
        }
    }

    /// `--executor`, else `GANTRY_EXECUTOR` (how the test suites keep host jobs on the shell),
    /// else whichever answers; a bad value or `--docker-host` is a usage error, an engine that
    /// does not answer when docker is asked for throws `DockerError.unreachable`.
    static func executorChoice(_ options: Arguments) throws -> ExecutorChoice {
        let environment = ProcessInfo.processInfo.environment
        let (requested, source) = options.value("executor").map { ($0, "--executor") }
            ?? environment["GANTRY_EXECUTOR"].flatMap { $0.isEmpty ? nil : ($0, "GANTRY_EXECUTOR") } ?? (nil, "")
        var kind: ExecutorChoice.Kind?
        if let requested {
            kind = ExecutorChoice.Kind(rawValue: requested)
            guard kind != nil else {
                throw Arguments.UsageError(description: "\(source) takes docker or shell, got '\(requested)'")
            }
        }
        let policy = options.value("pull-policy")
        if let policy, !JobImage.pullPolicyNames.contains(policy) {
            throw Arguments.UsageError(description: "--pull-policy takes always, if-not-present or never, got '\(policy)'")
        }
        let host = options.value("docker-host")
        if let host, (try? DockerEndpoint.parse(host)) == nil {
            throw Arguments.UsageError(description: "--docker-host takes unix:///path or tcp://host:port, got '\(host)'")
        }
        let (image, origin): (String, String)
        if let given = options.value("docker-image") {
            (image, origin) = (given, "--docker-image")
        } else if let given = environment["GANTRY_DOCKER_IMAGE"], !given.isEmpty {
            (image, origin) = (given, "GANTRY_DOCKER_IMAGE")
        } else {
            (image, origin) = (defaultDockerImage, "gantry run's default")
        }
        if !image.contains("$"), !DockerClient.isImageReference(image) {
            throw Arguments.UsageError(description: "\(origin) '\(image)' is not an image name (invalid reference format)")
        }
        return try ExecutorChoice.resolve(kind, dockerHost: host, defaultImage: image, defaultImageOrigin: origin,
                                          pullPolicies: policy.map { [$0] }, environment: environment)
    }

    /// The image of jobs without `image:` under the docker executor: the Python image the example
    /// pipelines use, which scripts/build-image.sh python builds without a registry.
    static let defaultDockerImage = "python:3.11-slim"

    /// "no job 'X'", unless the file defines X and its rules leave it out for this ref: then
    /// which rule, and which options would bring it in.
    static func explanation(of error: JobSelection.UnknownJob, file: PipelineFile, context: PlanContext, plan: Plan) -> String {
        guard let data = FileManager.default.contents(atPath: file.url.path),
              let exclusion = JobExclusion.explain(job: error.name, text: String(decoding: data, as: UTF8.self),
                                                   file: file.displayPath, source: file.source, context: context, layers: plan.layers,
                                                   fetcher: file.fetcher)
        else { return error.description }
        return exclusion.description
    }

    /// Runs async work to completion from synchronous code (the CLI's entry point is synchronous).
    static func waitFor<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            box.value = await body()
            done.signal()
        }
        done.wait()
        return box.value!
    }
}

private final class ResultBox<T>: @unchecked Sendable {  // written once before the semaphore is signalled
    var value: T?
}
