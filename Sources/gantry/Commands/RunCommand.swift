#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import GantryEngine
import GantryExecution
import GantryPipeline

/// `gantry run [JOB...] [--file F] [--ref R | --tag T] [--source S] [--variable K=V]... [--masked-variable K=V]...
///  [--concurrency N] [--manual JOB]... [--needs] [--keep] [--json-summary FILE]`
enum RunCommand {
    static let usage = "usage: gantry run [JOB...] [--file F] [--ref R | --tag T] [--source S] [--default-branch B] [--variable K=V]... [--masked-variable K=V]... [--concurrency N] [--manual JOB]... [--needs] [--keep] [--json-summary FILE]"

    static func run(_ args: [String]) throws(Arguments.UsageError) -> Int32 {
        let options = try Arguments(args, valued: ["file", "ref", "tag", "source", "default-branch", "variable", "masked-variable",
                                                   "concurrency", "manual", "json-summary"],
                                    flags: ["needs", "keep"])
        let file = PipelineFile(option: options.value("file"))
        var context = try PlanCommand.context(options, file)
        let masked = try options.pairs("masked-variable")
        context.pipelineVariables += masked
        let concurrency: Int
        if let text = options.value("concurrency") {
            guard let n = Int(text), n > 0 else { throw Arguments.UsageError(description: "--concurrency takes a positive number") }
            concurrency = n
        } else {
            concurrency = ProcessInfo.processInfo.activeProcessorCount
        }
        let iid = RunSettings.nextPipelineIID(projectRoot: file.root)
        context.pipelineID = iid
        context.pipelineIID = iid

        var plan: Plan
        switch PlanCommand.plan(file, context) {
        case .success(let p): plan = p
        case .failure(let exit): return exit.code
        }
        if !options.positional.isEmpty {
            do {
                plan = try JobSelection(names: options.positional, withNeeds: options.flag("needs")).apply(to: plan)
            } catch {
                Output.err(explanation(of: error, file: file, context: context, plan: plan))
                return 3
            }
        }

        let console = Console()
        let settings = RunSettings(projectRoot: file.root, pipelineIID: iid, concurrency: concurrency,
                                   masked: masked.map(\.1), keepWorkspaces: options.flag("keep"), console: console)
        console.note("Pipeline #\(iid) for \(context.isTag ? "tag" : "branch") \(context.ref): \(plan.jobs.count) job\(plan.jobs.count == 1 ? "" : "s"), logs in \(PipelineFile.relative(settings.pipelineDirectory.path, to: FileManager.default.currentDirectoryPath))")
        do {
            try settings.prepareStateDirectory()
        } catch {
            Output.err("cannot create \(settings.stateDirectory.path): \(error)")
            return 1
        }
        let runner = PipelineRunner(plan: plan, settings: settings, manual: Set(options.all("manual")))
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

    /// "no job 'X'", unless the file defines X and its rules leave it out for this ref: then
    /// which rule, and which options would bring it in.
    static func explanation(of error: JobSelection.UnknownJob, file: PipelineFile, context: PlanContext, plan: Plan) -> String {
        guard let data = FileManager.default.contents(atPath: file.url.path),
              let exclusion = JobExclusion.explain(job: error.name, text: String(decoding: data, as: UTF8.self),
                                                   file: file.displayPath, source: file.source, context: context, layers: plan.layers)
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
