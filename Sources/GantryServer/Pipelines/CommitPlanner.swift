import Foundation
import GantryPipeline
import GantryStore

/// Plans a commit's `.gitlab-ci.yml` (includes read from the same commit) with the CI/CD
/// variables of its project and groups. The same inputs give the same plan: a restarted server
/// plans a stored pipeline again this way (`PipelineRecovery`). Reads git and the store, keeps no
/// state: safe to call outside the coordinator's lock.
struct CommitPlanner {
    let store: any Store
    let data: DataDirectory
    let baseURL: String
    /// Project files, templates and remote files that `include:` reads.
    let includes: ServerIncludes

    /// A pipeline about to be created, planned outside the coordinator's lock.
    enum Draft {
        /// No `.gitlab-ci.yml` at the commit, or rules and workflow leave nothing to run.
        case none(reason: String)
        /// An invalid `.gitlab-ci.yml`: a failed pipeline whose `yaml_errors` are the lint messages.
        case invalid(PipelineRecord)
        case planned(PipelineRecord, Plan, maskedKeys: Set<String>)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The pipeline for `sha` on `ref`, not stored yet.
    func draft(project: ProjectRecord, ref: String, tag: Bool, sha: String, beforeSHA: String, source: String,
               variables: [(String, String)], userID: Int?) throws -> Draft {
        let repository = BareRepository(path: data.repository(projectID: project.id))
        guard repository.file(".gitlab-ci.yml", at: sha) != nil else { return .none(reason: "Missing CI config file") }
        let (outcome, masked) = try plan(project: project, ref: ref, tag: tag, sha: sha, source: source, variables: variables,
                                         userID: userID)
        let now = Date()
        let variablesJSON = String(decoding: (try? JSONSerialization.data(withJSONObject: variables.map { ["key": $0.0, "value": $0.1] }))
                                   ?? Data("[]".utf8), as: UTF8.self)
        var record = PipelineRecord(projectID: project.id, sha: sha, beforeSHA: beforeSHA, ref: ref, tag: tag, source: source,
                                    userID: userID, createdAt: now, updatedAt: now, variablesJSON: variablesJSON)
        switch outcome {
        case .noPipeline(let reason):
            return .none(reason: reason)
        case .invalid(let errors):
            record.status = .failed
            record.yamlErrors = errors.joined(separator: "\n")
            record.finishedAt = now
            return .invalid(record)
        case .planned(let plan):
            record.warnings = PipelineWarnings.of(plan, source: CommitSource(repository: repository, sha: sha))
            record.name = plan.name
            return .planned(record, plan, maskedKeys: masked)
        }
    }

    /// The plan of a stored pipeline, again; it must plan as it did when it was created.
    func replan(_ record: PipelineRecord, project: ProjectRecord) throws -> (Plan, maskedKeys: Set<String>) {
        let variables = ((try? JSONSerialization.jsonObject(with: Data(record.variablesJSON.utf8))) as? [[String: String]] ?? [])
            .compactMap { v in v["key"].map { ($0, v["value"] ?? "") } }
        let (outcome, masked) = try plan(project: project, ref: record.ref, tag: record.tag, sha: record.sha, source: record.source,
                                         variables: variables, userID: record.userID)
        guard case .planned(let plan) = outcome else {
            throw Failure(description: "pipeline #\(record.id) no longer plans as it did: \(outcome)")
        }
        return (plan, masked)
    }

    /// The plan of `.gitlab-ci.yml` at `sha`, and the keys of the masked CI/CD variables its jobs get;
    /// includes of other projects are read as the pipeline's user.
    private func plan(project: ProjectRecord, ref: String, tag: Bool, sha: String, source: String,
                      variables: [(String, String)], userID: Int?) throws -> (PipelineBuild.Outcome, Set<String>) {
        let repository = BareRepository(path: data.repository(projectID: project.id))
        guard let bytes = repository.fileBytes(".gitlab-ci.yml", at: sha) else {
            throw Failure(description: "cannot read .gitlab-ci.yml at \(sha) of \(project.pathWithNamespace)")
        }
        let (context, masked) = try context(project: project, ref: ref, tag: tag, sha: sha, source: source, variables: variables)
        let outcome = PipelineBuild.plan(bytes: bytes, file: ".gitlab-ci.yml", source: CommitSource(repository: repository, sha: sha),
                                         context: context, fetcher: includes.fetcher(userID: userID)).outcome
        return (outcome, masked)
    }

    /// What planning `sha` on `ref` knows: predefined and CI/CD variables (protected ones for
    /// protected refs); and the keys of the masked ones. Also the context of CI lint's dry run.
    func context(project: ProjectRecord, ref: String, tag: Bool, sha: String, source: String,
                 variables: [(String, String)]) throws -> (PlanContext, masked: Set<String>) {
        let repository = BareRepository(path: data.repository(projectID: project.id))
        // Protected branches and tags decide protected variables and CI_COMMIT_REF_PROTECTED.
        let protectedRef = ProtectedRefs(store: store).isProtected(project: project, ref: ref, tag: tag)
        let (projectVariables, masked) = try ciVariables(for: project, protectedRef: protectedRef)
        let context = PlanContext(ref: ref, refKind: tag ? .tag : .branch, source: source, defaultBranch: project.defaultBranch,
                                  projectPath: project.pathWithNamespace, commitSHA: sha, commitMessage: repository.commitMessage(sha),
                                  pipelineID: 0, pipelineIID: 0, projectID: project.id, serverURL: baseURL,
                                  pipelineVariables: variables, projectVariables: projectVariables, refProtected: protectedRef)
        return (context, masked)
    }

    /// Project and group CI/CD variables (groups from the top down, then the project's own),
    /// protected ones only for protected refs; and the keys of the masked ones.
    func ciVariables(for project: ProjectRecord, protectedRef: Bool) throws -> ([(String, String)], Set<String>) {
        var owners: [(String, Int)] = [("project", project.id)]
        if project.namespaceKind == "group" {
            var group = try store.group(id: project.namespaceID)
            while let g = group {
                owners.insert(("group", g.id), at: 0)
                group = try g.parentID.flatMap { try store.group(id: $0) }
            }
        }
        var values: [(String, String)] = []
        var masked: Set<String> = []
        for (kind, id) in owners {
            for v in try store.variables(ownerKind: kind, ownerID: id) where protectedRef || !v.protected {
                values.append((v.key, v.value))
                if v.masked { masked.insert(v.key) }
            }
        }
        return (values, masked)
    }
}
