import GantryLint
import GantryPipeline
import GantryTestSupport

/// Loads `.gitlab-ci.yml` text (plus other project files) the way `gantry lint` does: with the checks.
func load(_ yaml: String, files: [String: String] = [:]) -> LoadResult {
    ConfigLoader(source: MemorySource(files: files), checks: PipelineLint.checks).load(text: yaml, file: ".gitlab-ci.yml")
}
