import Foundation
import GantryEngine
import GantryPipeline
import GantryYAML

extension JobRunner {
    /// `artifacts:` after the script: the paths zipped (when `when:` matches the outcome) into the
    /// pipeline's artifact store, and the reports read: junit totals, dotenv variables.
    func collectArtifacts(_ job: JobConfig, expand: (String) -> String, workspace: URL, succeeded: Bool, id: Int,
                          result: inout JobResult, log: JobLog) {
        guard let artifacts = job["artifacts"]?.mapping else { return }
        let when = artifacts["when"]?.string ?? "on_success"
        let wanted = when == "always" || (when == "on_success") == succeeded
        let paths = Node.strings(artifacts["paths"]).map(expand)
        let untracked = artifacts["untracked"]?.scalar?.value == .bool(true)

        if wanted && (!paths.isEmpty || untracked) {
            log.sectionStart("upload_artifacts_on_\(succeeded ? "success" : "failure")", "Uploading artifacts...")
            let selector = ArtifactSelector(paths: paths, exclude: Node.strings(artifacts["exclude"]).map(expand),
                                            untracked: untracked ? Git.untrackedFiles(in: workspace) : nil)
            let (files, warnings) = selector.select(in: workspace)
            for w in warnings { log.info("WARNING: \(w)") }
            result.notes.append(contentsOf: warnings)
            if files.isEmpty {
                log.info("WARNING: no files to upload")
            } else {
                let zip = settings.pipelineDirectory.appendingPathComponent("artifacts/\(id)-\(RunSettings.slug(job.name)).zip")
                do {
                    try FileManager.default.createDirectory(at: zip.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try ZipArchive.write(files: files, from: workspace, to: zip)
                    result.artifacts = zip.path
                    // As GitLab Runner words it; where the archive lies on this machine is no
                    // business of the job's log.
                    log.info("Found \(files.count) matching artifact file\(files.count == 1 ? "" : "s") and directories")
                    if let upload = settings.artifactUploader {
                        do {
                            try upload(zip)
                            log.info("Uploading artifacts as \"archive\" to coordinator... 201 Created  id=\(id)")
                        } catch {
                            log.info("\u{1B}[31;1mERROR: Uploading artifacts as \"archive\" to coordinator... failed  id=\(id): \(error)\u{1B}[0;m")
                            result.notes.append("artifacts not uploaded: \(error)")
                        }
                    } else {
                        log.info("Saved the artifacts archive in the pipeline's artifacts folder")
                    }
                } catch {
                    log.info("ERROR: cannot archive artifacts: \(error)")
                    result.notes.append("artifacts not saved: \(error)")
                }
            }
            log.sectionEnd("upload_artifacts_on_\(succeeded ? "success" : "failure")")
        }

        guard let reports = artifacts["reports"]?.mapping else { return }
        // Reports are read whatever the outcome: a failing test job is when they matter most.
        if let junit = reports["junit"] {
            var parsed: [JUnitReport] = []
            for file in matching(Node.strings(junit).map(expand), in: workspace) {
                guard let data = JobUser.contentsOfJobFile(atPath: workspace.appendingPathComponent(file).path) else { continue }
                keepReport("junit", data, id: id, result: &result)
                do {
                    parsed.append(try JUnitReport.parse(data, file: file))
                } catch {
                    log.info("WARNING: junit report \(file): \(error)")
                    result.notes.append("junit report \(file): \(error)")
                }
            }
            if parsed.isEmpty {
                log.info("WARNING: junit report: no file matches \(Node.strings(junit).joined(separator: ", "))")
            } else {
                result.tests = JUnitReport.merge(parsed)
            }
        }
        if let dotenv = reports["dotenv"] {
            for file in matching(Node.strings(dotenv).map(expand), in: workspace) {
                guard let data = JobUser.contentsOfJobFile(atPath: workspace.appendingPathComponent(file).path) else { continue }
                keepReport("dotenv", data, id: id, result: &result)
                do {
                    result.dotenv += try DotenvReport.parse(String(decoding: data, as: UTF8.self), file: file)
                } catch {
                    log.info("WARNING: dotenv report: \(error)")
                    result.notes.append("dotenv report: \(error)")
                }
            }
        }
    }

    /// A copy of a report file outside the workspace (which is removed after the job), for a
    /// runner to upload as a report artifact.
    private func keepReport(_ type: String, _ data: Data, id: Int, result: inout JobResult) {
        let file = settings.pipelineDirectory.appendingPathComponent("reports/\(id)-\(type)-\(result.reportFiles.count + 1)")
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        if (try? data.write(to: file)) != nil { result.reportFiles.append((type, file)) }
    }

    /// Files under `root` that the patterns name (globs or plain paths).
    func matching(_ patterns: [String], in root: URL) -> [String] {
        ArtifactSelector(paths: patterns, exclude: [], untracked: nil).select(in: root).files
    }
}
