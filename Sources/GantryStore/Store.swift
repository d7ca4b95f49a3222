import Foundation
import GantryEngine

/// One page of a list and the number of items without paging.
public typealias Page<Item> = (items: [Item], total: Int)

/// The persistence of `gantry server`. `SQLiteStore` implements it; PostgreSQL can follow.
///
/// Conventions: `create*` ignore the given id (and iid/seq) and return the record as stored;
/// lookups of missing rows return nil; `update*` of a missing row throws `StoreError.notFound`;
/// unique violations throw `StoreError.conflict`. Pages start at 1. Dates keep millisecond precision.
public protocol Store: Sendable {
    // MARK: Users and personal access tokens
    func createUser(_ user: UserRecord) throws -> UserRecord
    func updateUser(_ user: UserRecord) throws
    func user(id: Int) throws -> UserRecord?
    /// Case-insensitive, as in GitLab.
    func user(username: String) throws -> UserRecord?
    /// Ordered by id, newest first (GitLab's default).
    func users(page: Int, perPage: Int) throws -> Page<UserRecord>
    func createAccessToken(_ token: AccessTokenRecord) throws -> AccessTokenRecord
    /// The owner of a valid token: revoked and expired (expiresAt <= now) tokens are ignored.
    /// Sets the token's lastUsedAt to `now` when it is nil or a minute old, so that lookups stay cheap.
    func user(forTokenDigest digest: String, at now: Date) throws -> (user: UserRecord, token: AccessTokenRecord)?
    @discardableResult func revokeAccessToken(id: Int) throws -> Bool
    /// Ordered by id.
    func accessTokens(userID: Int) throws -> [AccessTokenRecord]
    /// Any token with this digest, revoked and expired ones included (to tell why a token fails).
    func accessToken(digest: String) throws -> AccessTokenRecord?
    func accessToken(id: Int) throws -> AccessTokenRecord?
    /// Tokens of one user (all users when nil), ordered by id.
    func accessTokens(page: Int, perPage: Int, userID: Int?) throws -> Page<AccessTokenRecord>

    // MARK: Groups
    func createGroup(_ group: GroupRecord) throws -> GroupRecord
    func updateGroup(_ group: GroupRecord) throws
    func group(id: Int) throws -> GroupRecord?
    /// Case-insensitive, as in GitLab.
    func group(fullPath: String) throws -> GroupRecord?
    /// `search` matches name or full path (case-insensitive substring). Ordered by name, then id.
    func groups(page: Int, perPage: Int, search: String?) throws -> Page<GroupRecord>
    /// Ids of the direct subgroups, or of all descendants when `recursive`; ascending.
    func subgroupIDs(of groupID: Int, recursive: Bool) throws -> [Int]

    // MARK: Projects
    func createProject(_ project: ProjectRecord) throws -> ProjectRecord
    func updateProject(_ project: ProjectRecord) throws
    func project(id: Int) throws -> ProjectRecord?
    /// Case-insensitive, as in GitLab.
    func project(pathWithNamespace: String) throws -> ProjectRecord?
    /// `search` matches name or path (case-insensitive substring). Ordered by id, newest first.
    func projects(page: Int, perPage: Int, search: String?) throws -> Page<ProjectRecord>
    /// Projects whose namespace is one of these groups. Ordered by id, newest first.
    func projects(inGroups groupIDs: [Int], page: Int, perPage: Int) throws -> Page<ProjectRecord>
    /// Moves lastActivityAt forward to `at` (never backwards).
    func touchProject(id: Int, at: Date) throws

    // MARK: CI/CD variables
    /// Inserts, or replaces the variable with the same owner, key and environment scope.
    @discardableResult func setVariable(_ variable: CIVariableRecord) throws -> CIVariableRecord
    /// Ordered by key, then environment scope.
    func variables(ownerKind: String, ownerID: Int) throws -> [CIVariableRecord]
    @discardableResult
    func deleteVariable(ownerKind: String, ownerID: Int, key: String, environmentScope: String) throws -> Bool

    // MARK: Members, visibility, protected refs, deploy tokens, job token allowlist
    /// Adds the member, or changes the role and expiry of an existing one.
    @discardableResult func setMember(_ member: MemberRecord) throws -> MemberRecord
    func member(sourceKind: String, sourceID: Int, userID: Int) throws -> MemberRecord?
    /// Direct members, oldest first.
    func members(sourceKind: String, sourceID: Int) throws -> [MemberRecord]
    @discardableResult func deleteMember(sourceKind: String, sourceID: Int, userID: Int) throws -> Bool
    /// Every direct membership of a user.
    func memberships(userID: Int) throws -> [MemberRecord]
    /// Projects the viewer may see (in these groups when given), newest first; the total counts only those.
    func projects(visibleTo viewer: Viewer, inGroups groupIDs: [Int]?, search: String?, page: Int,
                  perPage: Int) throws -> Page<ProjectRecord>
    /// Groups the viewer may see (children of `parentID` when given), by name; the total counts only those.
    func groups(visibleTo viewer: Viewer, parentID: Int?, search: String?, page: Int, perPage: Int) throws -> Page<GroupRecord>
    func createProtectedRef(_ ref: ProtectedRefRecord) throws -> ProtectedRefRecord
    func updateProtectedRef(_ ref: ProtectedRefRecord) throws
    /// `kind` is "branch" or "tag"; ordered by id.
    func protectedRefs(projectID: Int, kind: String) throws -> [ProtectedRefRecord]
    @discardableResult func deleteProtectedRef(id: Int) throws -> Bool
    func createDeployToken(_ token: DeployTokenRecord) throws -> DeployTokenRecord
    func deployToken(id: Int) throws -> DeployTokenRecord?
    func deployToken(digest: String) throws -> DeployTokenRecord?
    func deployTokens(ownerKind: String, ownerID: Int) throws -> [DeployTokenRecord]
    @discardableResult func revokeDeployToken(id: Int) throws -> Bool
    /// Whether only allowlisted projects' job tokens may reach this project (GitLab's default: yes).
    func jobTokenScopeEnabled(projectID: Int) throws -> Bool
    func setJobTokenScopeEnabled(projectID: Int, _ enabled: Bool) throws
    func addJobTokenAllowlistEntry(projectID: Int, targetKind: String, targetID: Int, at: Date) throws
    func jobTokenAllowlist(projectID: Int, targetKind: String) throws -> [Int]
    @discardableResult func removeJobTokenAllowlistEntry(projectID: Int, targetKind: String, targetID: Int) throws -> Bool

    // MARK: Pipelines
    /// Assigns the global id and the next per-project iid atomically.
    func createPipeline(_ pipeline: PipelineRecord) throws -> PipelineRecord
    /// Replaces every field but projectID and iid.
    func updatePipeline(_ pipeline: PipelineRecord) throws
    func pipeline(id: Int) throws -> PipelineRecord?
    func pipelines(projectID: Int, filter: PipelineFilter, orderBy: PipelineOrder, ascending: Bool,
                   page: Int, perPage: Int) throws -> Page<PipelineRecord>
    /// Pipelines in created, waiting_for_resource, preparing, pending, running, scheduled or manual: the ones
    /// to plan again after a restart. Ordered by id.
    func unfinishedPipelines() throws -> [PipelineRecord]

    // MARK: Jobs
    func createJob(_ job: JobRecord) throws -> JobRecord
    /// Creates several jobs in one transaction (a pipeline's jobs), in order.
    func createJobs(_ jobs: [JobRecord]) throws -> [JobRecord]
    /// Replaces every field but pipelineID and projectID.
    func updateJob(_ job: JobRecord) throws
    func job(id: Int) throws -> JobRecord?
    func job(tokenDigest: String) throws -> JobRecord?
    /// Ordered by id; without retried attempts unless `includeRetried`.
    func jobs(pipelineID: Int, includeRetried: Bool) throws -> [JobRecord]
    /// Jobs of a project whose status is one of `statuses` (all when nil), newest first.
    func jobs(projectID: Int, statuses: [JobStatus]?, page: Int, perPage: Int) throws -> Page<JobRecord>
    /// Running jobs not heard of since `date`: lastHeartbeatAt (or, without one, startedAt) before it.
    func runningJobs(heartbeatBefore date: Date) throws -> [JobRecord]
    /// Pending jobs, oldest first: the queue runners pick from.
    func pendingJobs() throws -> [JobRecord]

    // MARK: Pipeline events
    /// Appends with the next seq of its pipeline and returns it with that seq.
    @discardableResult func appendEvent(_ event: PipelineEventRecord) throws -> PipelineEventRecord
    /// Ordered by seq.
    func events(pipelineID: Int) throws -> [PipelineEventRecord]

    // MARK: Runners
    func createRunner(_ runner: RunnerRecord) throws -> RunnerRecord
    func runner(id: Int) throws -> RunnerRecord?
    func runner(tokenDigest: String) throws -> RunnerRecord?
    func updateRunner(_ runner: RunnerRecord) throws
    /// Jobs keep their history; their runnerID becomes nil.
    @discardableResult func deleteRunner(id: Int) throws -> Bool
    /// Ordered by id.
    func runners() throws -> [RunnerRecord]

    // MARK: Job artifacts
    func addArtifact(_ artifact: JobArtifactRecord) throws -> JobArtifactRecord
    /// Ordered by id.
    func artifacts(jobID: Int) throws -> [JobArtifactRecord]
    /// Removes the rows and returns them, so that the caller can delete the files.
    @discardableResult func deleteArtifacts(jobID: Int) throws -> [JobArtifactRecord]
    /// Bytes of a project's job artifacts and of its package files (its `statistics`).
    func storageSizes(projectID: Int) throws -> (artifacts: Int, packages: Int)
    /// Clears the expiry of the job's artifacts (GitLab's "keep").
    func keepArtifacts(jobID: Int) throws

    // MARK: Settings
    func setting(_ key: String) throws -> String?
    func setSetting(_ key: String, _ value: String) throws

    // MARK: Packages
    /// Adds `file` to its package in one transaction: the package with `package`'s project, type,
    /// normalized name and normalized version, created from `package` when this is its first file.
    /// A file name already used in the project throws `StoreError.conflict` and changes nothing.
    /// `provenance` (a PEP 740 provenance object, JSON) is stored with the file.
    func addPackageFile(_ file: PackageFileRecord, package: PackageRecord, provenance: Data?) throws
        -> (package: PackageRecord, file: PackageFileRecord)
    /// The PEP 740 provenance object stored with a file, if it was uploaded with attestations.
    func packageFileProvenance(fileID: Int) throws -> Data?
    func package(id: Int) throws -> PackageRecord?
    /// Packages of these projects; ties in the order are broken by id in the same direction.
    func packages(projectIDs: [Int], filter: PackageFilter, page: Int, perPage: Int) throws -> Page<PackageRecord>
    /// Ordered by id.
    func packageFiles(packageID: Int) throws -> [PackageFileRecord]
    /// The files of every package of this type and normalized name in these projects, with their
    /// package, ordered by file name then id: one index page.
    func packageFiles(projectIDs: [Int], packageType: String, normalizedName: String) throws
        -> [(package: PackageRecord, file: PackageFileRecord)]
    /// The distinct normalized names of these projects' packages of this type, each with the
    /// spelling of its oldest package; ordered by normalized name.
    func packageNames(projectIDs: [Int], packageType: String) throws -> [(normalizedName: String, name: String)]
    /// A file of one of these projects by content and name (index download URLs carry both).
    func packageFile(projectIDs: [Int], sha256: String, fileName: String) throws -> PackageFileRecord?
    /// A file of a project by name (case-insensitive).
    func packageFile(projectID: Int, fileName: String) throws -> PackageFileRecord?
    /// Removes the package and its files and returns the removed files, so that the caller can
    /// delete the stored content no other file refers to.
    @discardableResult func deletePackage(id: Int) throws -> [PackageFileRecord]
    /// Removes one file; its package stays, as in GitLab. Nil when there was no such file.
    @discardableResult func deletePackageFile(id: Int) throws -> PackageFileRecord?
    /// How many files (in any project) have this content.
    func packageFileCount(sha256: String) throws -> Int

    // MARK: Deletion
    /// Removes a pipeline with its jobs, artifacts rows and events; returns the removed jobs' ids,
    /// so that the caller can delete their traces and artifact folders.
    @discardableResult func deletePipeline(id: Int) throws -> [Int]
    /// The ids of all of a project's pipelines.
    func pipelineIDs(projectID: Int) throws -> [Int]
    /// Removes a project and everything that belongs to it (pipelines, jobs, packages, variables,
    /// members, deploy tokens, protected refs, allowlist entries) in one transaction.
    @discardableResult func deleteProject(id: Int) throws -> ProjectDeletion

    // MARK: Transparency log
    /// Appends `entry` at its index, which must be the log's size, and records `head` (the tree it
    /// makes), in one transaction. A leaf hash already in the log, or a taken index (a second writer),
    /// throws `StoreError.conflict` and changes nothing.
    func appendLogEntry(_ entry: TransparencyLogEntryRecord, head: TransparencyLogHead) throws
    func logEntry(index: Int) throws -> TransparencyLogEntryRecord?
    func logEntry(leafHash: String) throws -> TransparencyLogEntryRecord?
    /// Entries in index order from `start`, at most `limit`.
    func logEntries(from start: Int, limit: Int) throws -> [TransparencyLogEntryRecord]
    /// Every leaf hash in index order, with its index (a removed row leaves a gap).
    func logLeafHashes() throws -> [(index: Int, leafHash: String)]
    /// Indexes of the entries for an artifact hash (`sha256:<hex>`), oldest first, at most `limit`.
    func logEntryIndexes(artifactHash: String, limit: Int) throws -> [Int]
    /// The tree head of the last append; nil for an empty log.
    func logHead() throws -> TransparencyLogHead?
    // MARK: Web sign-in: passwords and sessions
    /// The user's password digest (`PasswordHash`), kept apart from `UserRecord` so that nothing
    /// that presents a user can show it; nil removes the password (no sign-in by password).
    func setPasswordDigest(userID: Int, _ digest: String?) throws
    func passwordDigest(userID: Int) throws -> String?
    func createSession(_ session: SessionRecord) throws -> SessionRecord
    /// A session that has not expired (expiresAt > now).
    func session(digest: String, at now: Date) throws -> SessionRecord?
    @discardableResult func deleteSession(digest: String) throws -> Bool
    /// Every session of a user (a new password, a blocked user); returns how many.
    @discardableResult func deleteSessions(userID: Int) throws -> Int
    /// Forgets sessions that expired before `date`.
    func deleteExpiredSessions(before date: Date) throws
}

/// What a project's deletion removed that lives outside the database.
public struct ProjectDeletion: Sendable {
    public var jobIDs: [Int] = []
    /// The content digests of its package files (stored content no other project shares goes too).
    public var packageDigests: [String] = []
    public init() {}
}

extension Store {
    /// `user(forTokenDigest:at:)` at the current time.
    public func user(forTokenDigest digest: String) throws -> (user: UserRecord, token: AccessTokenRecord)? {
        try user(forTokenDigest: digest, at: Date())
    }

    /// A package file without attestations.
    public func addPackageFile(_ file: PackageFileRecord, package: PackageRecord) throws -> (package: PackageRecord, file: PackageFileRecord) {
        try addPackageFile(file, package: package, provenance: nil)
    }

    /// The default list of a project's pipelines: newest first, as GitLab orders it.
    public func pipelines(projectID: Int, filter: PipelineFilter = PipelineFilter(),
                          page: Int, perPage: Int) throws -> Page<PipelineRecord> {
        try pipelines(projectID: projectID, filter: filter, orderBy: .id, ascending: false, page: page, perPage: perPage)
    }
}
