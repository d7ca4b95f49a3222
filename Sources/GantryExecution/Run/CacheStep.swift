#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import GantryPipeline
import GantryYAML

/// `cache:` around a job: each cache (a job may list several) is restored before the script when
/// its policy pulls, from its key or the first fallback key that exists, and saved after the
/// script when its policy pushes and its `when` matches the outcome. Caches live in
/// `.gantry/cache/<key>.zip`, kept across runs.
struct CacheStep {
    let settings: RunSettings
    let job: JobConfig
    let expand: (String) -> String
    let workspace: URL

    struct Entry {
        var key: String
        var fallbackKeys: [String]
        var paths: [String]
        var untracked: Bool
        var policy: String
        var when: String
    }

    var entries: [Entry] {
        guard let cache = job["cache"] else { return [] }
        let list = cache.sequence ?? [cache]
        return list.compactMap { node in
            guard let map = node.mapping else { return nil }
            let paths = Node.strings(map["paths"]).map(expand)
            let untracked = map["untracked"]?.scalar?.value == .bool(true)
            guard !paths.isEmpty || untracked else { return nil }
            return Entry(key: CacheKey.resolve(map["key"], expand: expand, root: workspace),
                         fallbackKeys: Node.strings(map["fallback_keys"]).map(expand).map(CacheKey.sanitize),
                         paths: paths, untracked: untracked,
                         policy: map["policy"].map { expand($0.scalar?.value.asString ?? "") } ?? "pull-push",
                         when: map["when"]?.string ?? "on_success")
        }
    }

    func file(_ key: String) -> URL { settings.cacheDirectory.appendingPathComponent("\(key).zip") }

    func restore(log: JobLog) {
        let pulling = entries.filter { $0.policy == "pull" || $0.policy == "pull-push" }
        guard !pulling.isEmpty else { return }
        log.sectionStart("restore_cache", "Restoring cache")
        for entry in pulling {
            let candidates = [entry.key] + entry.fallbackKeys
                + [expand("$CACHE_FALLBACK_KEY")].filter { !$0.isEmpty }.map(CacheKey.sanitize)
            log.info("Checking cache for \(entry.key)...")
            guard let key = candidates.first(where: { FileManager.default.fileExists(atPath: file($0).path) }) else {
                log.info("WARNING: no cache for \(entry.key) yet")
                continue
            }
            do {
                let files = try ZipArchive.extract(file(key), into: workspace)
                log.info("Successfully extracted cache \(key) (\(files.count) entries)")
            } catch {
                log.info("WARNING: failed to extract cache \(key): \(error)")
            }
        }
        log.sectionEnd("restore_cache")
    }

    func save(succeeded: Bool, log: JobLog) {
        let pushing = entries.filter { entry in
            (entry.policy == "push" || entry.policy == "pull-push")
                && (entry.when == "always" || (entry.when == "on_success") == succeeded)
        }
        guard !pushing.isEmpty else { return }
        log.sectionStart("archive_cache", "Saving cache")
        for entry in pushing {
            log.info("Creating cache \(entry.key)...")
            let untracked = entry.untracked ? Git.untrackedFiles(in: workspace) : nil
            let (files, warnings) = ArtifactSelector(paths: entry.paths, exclude: [], untracked: untracked).select(in: workspace)
            for w in warnings { log.info("WARNING: \(w)") }
            guard !files.isEmpty else {
                log.info("WARNING: nothing to cache for \(entry.key)")
                continue
            }
            // Written aside and renamed, so a concurrent job never reads half a cache.
            let target = file(entry.key)
            let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(entry.key).\(UUID().uuidString).zip")
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try ZipArchive.write(files: files, from: workspace, to: temporary)
                guard rename(temporary.path, target.path) == 0 else {
                    throw WorkspaceError("cannot move the cache into place: \(String(cString: strerror(errno)))")
                }
                log.info("Created cache \(entry.key) (\(files.count) files)")
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                log.info("WARNING: cache \(entry.key) not saved: \(error)")
            }
        }
        log.sectionEnd("archive_cache")
    }
}
