import GantryLint
import GantryPipeline

/// Project files held in memory, beside the pipeline under test.
struct MemorySource: SourceProvider {
    var files: [String: String]
    func read(_ path: String) -> String? { files[path] }
    func allFiles() -> [String] { files.keys.sorted() }
}

/// Loads `.gitlab-ci.yml` text (plus other project files) the way `gantry lint` does: with the checks.
func load(_ yaml: String, files: [String: String] = [:]) -> LoadResult {
    ConfigLoader(source: MemorySource(files: files), checks: PipelineLint.checks).load(text: yaml, file: ".gitlab-ci.yml")
}
