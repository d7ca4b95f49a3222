#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import GantryPipeline

/// Where and how `gantry run` works: the user's project (read only), its `.gantry` state folder,
/// and the pipeline's number there.
public struct RunSettings: Sendable {
    public var projectRoot: URL
    public var stateDirectory: URL
    public var pipelineIID: Int
    public var concurrency: Int
    /// Values never shown in output or logs.
    public var masked: [String]
    /// Keep each job's workspace under the pipeline folder instead of removing it.
    public var keepWorkspaces: Bool
    public var console: Console
    /// The folder of the running `gantry`, put first on jobs' PATH so a job can call `gantry`
    /// (`gantry python version --write`) without installing it.
    public var toolDirectory: String? = {
        guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        return URL(fileURLWithPath: exe).deletingLastPathComponent().path
    }()

    /// Sends an artifacts archive where it belongs, for a runner: the server. Nil for `gantry
    /// run`, which keeps archives under the pipeline's folder.
    public var artifactUploader: (@Sendable (URL) throws -> Void)? = nil
    /// Where `gantry run` downloads artifacts of needs on other projects; nil: nowhere.
    public var crossNeeds: CrossNeedSource? = nil

    /// Signs the jobs' `id_tokens:` for `gantry run`; nil gives jobs none.
    public var idTokens: LocalIDTokens? = nil

    public init(projectRoot: URL, pipelineIID: Int, concurrency: Int, masked: [String] = [], keepWorkspaces: Bool = false,
                console: Console) {
        self.projectRoot = projectRoot
        self.stateDirectory = projectRoot.appendingPathComponent(".gantry")
        self.cacheDirectory = stateDirectory.appendingPathComponent("cache")
        self.pipelineIID = pipelineIID
        self.concurrency = max(1, concurrency)
        self.masked = masked
        self.keepWorkspaces = keepWorkspaces
        self.console = console
    }

    /// `gantry run`'s jobs at once without `--concurrency`: twice the cores. A job mostly waits
    /// (process starts, file system, its script's own I/O): on 2 cores 4 at once took half the
    /// time of 2, and 8 were within the noise of 4 while keeping twice the slots' working copies
    /// (bench/run_bench.sh, docs/benchmarks.md).
    public static var defaultConcurrency: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) * 2 }

    public var pipelineDirectory: URL { stateDirectory.appendingPathComponent("pipelines/\(pipelineIID)") }
    /// Where caches live across runs: `.gantry/cache` locally; a runner keeps one per project.
    public var cacheDirectory: URL

    /// Where build folders go: `.gantry/builds` locally; a runner's `builds/<token-short>`.
    public var buildsRoot: URL? = nil
    /// The project's folder under a slot's: its name locally; a runner's `namespace/project`.
    public var buildsProjectPath: String? = nil

    /// The reused build folder of a concurrency slot: `.gantry/builds/<slot>/<project>`; `spare`
    /// > 0 names a spare for when another process holds the slot's own (`<slot>-<spare+1>`).
    public func buildDirectory(slot: Int, spare: Int = 0) -> URL {
        let root = buildsRoot ?? stateDirectory.appendingPathComponent("builds")
        return root.appendingPathComponent((spare == 0 ? "\(slot)" : "\(slot)-\(spare + 1)") + "/"
                                           + (buildsProjectPath ?? projectRoot.lastPathComponent))
    }

    /// A runner's `namespace/project` folder for a project path a server sent, as GitLab Runner
    /// names it; `project-<id>` when the path is missing or could lead out of the builds folder.
    public static func buildsProjectPath(_ path: String?, projectID: Int) -> String {
        let parts = (path ?? "").split(separator: "/", omittingEmptySubsequences: false)
        let safe = !parts.isEmpty && parts.allSatisfy { part in
            !part.isEmpty && part != "." && part != ".." && !part.contains("\0") && !part.hasPrefix("-")
        }
        return safe ? path! : "project-\(projectID)"
    }

    /// Creates `.gantry/` with a `.gitignore` of its own, so Gantry's state never shows up in the
    /// user's `git status` whatever their own ignore rules say.
    public func prepareStateDirectory() throws {
        try FileManager.default.createDirectory(at: pipelineIID > 0 ? pipelineDirectory : stateDirectory, withIntermediateDirectories: true)
        let ignore = stateDirectory.appendingPathComponent(".gitignore")
        if !FileManager.default.fileExists(atPath: ignore.path) {
            try "# Gantry's local state: pipelines, logs, artifacts, caches, build folders.\n*\n".write(to: ignore, atomically: true, encoding: .utf8)
        }
    }

    /// The next pipeline number: one more than the largest under `.gantry/pipelines`.
    public static func nextPipelineIID(projectRoot: URL) -> Int {
        let folder = projectRoot.appendingPathComponent(".gantry/pipelines")
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return (existing.compactMap(Int.init).max() ?? 0) + 1
    }

    /// The next pipeline number, claimed: its folder is made with `mkdir`, which fails when a
    /// second `gantry run` in the same checkout picked the same number at the same moment; that
    /// one takes the next. Two runs never share a pipeline folder, logs or job IDs.
    public static func reservePipelineIID(projectRoot: URL) throws -> Int {
        var settings = RunSettings(projectRoot: projectRoot, pipelineIID: 0, concurrency: 1, console: Console())
        let folder = settings.pipelineDirectory.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try settings.prepareStateDirectory()
        settings.pipelineIID = nextPipelineIID(projectRoot: projectRoot)
        while mkdir(settings.pipelineDirectory.path, 0o755) != 0 {
            guard errno == EEXIST else {
                throw WorkspaceError("cannot create \(settings.pipelineDirectory.path): \(String(cString: strerror(errno)))")
            }
            settings.pipelineIID += 1
        }
        return settings.pipelineIID
    }

    /// A file-system-safe form of a job name (`test: [3.11, pg]` → `test-3-11-pg`).
    public static func slug(_ name: String) -> String {
        let s = PredefinedVariables.slug(name).split(separator: "-").joined(separator: "-")
        return s.isEmpty ? "job" : s
    }
}
