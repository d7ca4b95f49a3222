import Foundation
import GantryStore

/// Who may see and change what, by GitLab's membership model: a user's role in a project is the
/// highest of their project membership, their membership of the project's group or any ancestor
/// group, and Owner of projects in their own namespace; administrators are above every role.
/// Visibility lets non-members see public projects (and internal ones when signed in). A job
/// token acts for its pipeline's user, in its own project and in projects whose job token
/// allowlist names its project; a deploy token reaches the projects it belongs to.
struct Access: Sendable {
    let store: any Store

    // MARK: Roles

    func role(of user: UserRecord, in group: GroupRecord, now: Date = Date()) -> Int {
        if user.isAdmin { return Role.admin }
        var level = Role.noAccess
        for g in lineage(of: group) {
            if let m = try? store.member(sourceKind: "group", sourceID: g.id, userID: user.id), active(m, now) {
                level = max(level, m.accessLevel)
            }
        }
        return level
    }

    func role(of user: UserRecord, in project: ProjectRecord, now: Date = Date()) -> Int {
        if user.isAdmin { return Role.admin }
        var level = Role.noAccess
        if let m = try? store.member(sourceKind: "project", sourceID: project.id, userID: user.id), active(m, now) {
            level = m.accessLevel
        }
        switch project.namespaceKind {
        case "user" where project.namespaceID == user.id: level = max(level, Role.owner)
        case "group":
            if let g = try? store.group(id: project.namespaceID) { level = max(level, role(of: user, in: g, now: now)) }
        default: break
        }
        return level
    }

    /// The role a principal acts with in a project: a job token its pipeline user's role where the
    /// token may reach the project; deploy tokens and anonymous callers have none.
    func role(of who: Principal, in project: ProjectRecord) -> Int {
        switch who {
        case .user(let user, _): return role(of: user, in: project)
        case .job(let job):
            guard jobTokenReaches(job, project), let user = pipelineUser(job) else { return Role.noAccess }
            return role(of: user, in: project)
        case .deployToken, .anonymous: return Role.noAccess
        }
    }

    func role(of who: Principal, in group: GroupRecord) -> Int {
        guard let user = who.user else { return Role.noAccess }
        return role(of: user, in: group)
    }

    private func active(_ m: MemberRecord, _ now: Date) -> Bool { m.expiresAt.map { $0 > now } ?? true }

    private func pipelineUser(_ job: JobRecord) -> UserRecord? {
        guard let userID = (try? store.pipeline(id: job.pipelineID))??.userID else { return nil }
        return (try? store.user(id: userID)) ?? nil
    }

    // MARK: Projects

    /// Whether the project exists for this caller (a 404 otherwise, as GitLab hides what you cannot see).
    func canRead(_ project: ProjectRecord, _ who: Principal) -> Bool {
        switch who {
        case .anonymous: return project.visibility == "public"
        case .user(let user, _):
            return project.visibility != "private" || role(of: user, in: project) >= Role.guest
        case .job(let job):
            // Public projects are open to anyone, job tokens included; others need the allowlist.
            if project.visibility == "public" { return true }
            guard jobTokenReaches(job, project) else { return false }
            if job.projectID == project.id { return true }
            guard let user = pipelineUser(job) else { return false }
            return project.visibility == "internal" || role(of: user, in: project) >= Role.guest
        case .deployToken(let token): return deployToken(token, belongsTo: project)
        }
    }

    /// Clone and fetch, and reading packages: Reporter and above, or anyone who can see a public
    /// or internal project.
    func canDownloadCode(_ project: ProjectRecord, _ who: Principal) -> Bool {
        guard canRead(project, who) else { return false }
        switch who {
        case .deployToken: return true
        case .anonymous: return project.visibility == "public"
        case .job(let job) where job.projectID == project.id: return true
        default: return project.visibility != "private" || role(of: who, in: project) >= Role.reporter
        }
    }

    /// Whether a job token may reach `project` at all: its own project always; another project
    /// only when that project's inbound allowlist is off or names the job's project or one of its groups.
    func jobTokenReaches(_ job: JobRecord, _ project: ProjectRecord) -> Bool {
        if job.projectID == project.id { return true }
        guard (try? store.jobTokenScopeEnabled(projectID: project.id)) ?? true else { return true }
        if ((try? store.jobTokenAllowlist(projectID: project.id, targetKind: "project")) ?? []).contains(job.projectID) {
            return true
        }
        let groups = Set((try? store.jobTokenAllowlist(projectID: project.id, targetKind: "group")) ?? [])
        guard !groups.isEmpty, let source = (try? store.project(id: job.projectID)) ?? nil else { return false }
        return namespaceLineage(of: source).contains { groups.contains($0.id) }
    }

    private func deployToken(_ token: DeployTokenRecord, belongsTo project: ProjectRecord) -> Bool {
        if token.ownerKind == "project" { return token.ownerID == project.id }
        return namespaceLineage(of: project).contains { $0.id == token.ownerID }
    }

    // MARK: Groups

    func canRead(_ group: GroupRecord, _ who: Principal) -> Bool {
        if group.visibility == "public" { return true }
        switch who {
        case .deployToken(let t):
            // A group deploy token reaches its group and the subgroups inside.
            return t.ownerKind == "group" && lineage(of: group).contains { $0.id == t.ownerID }
        case .job(let job):
            // A job sees what the user who started its pipeline sees.
            return pipelineUser(job).map { userCanRead(group, $0) } ?? false
        case .user(let user, _): return userCanRead(group, user)
        case .anonymous: return false
        }
    }

    private func userCanRead(_ group: GroupRecord, _ user: UserRecord) -> Bool {
        if group.visibility != "private" || role(of: user, in: group) >= Role.guest { return true }
        // Members of a subgroup or of a project inside see the group too, as in GitLab.
        return descendantMembership(user, of: group)
    }

    private func descendantMembership(_ user: UserRecord, of group: GroupRecord) -> Bool {
        let inside = Set([group.id] + ((try? store.subgroupIDs(of: group.id, recursive: true)) ?? []))
        for m in (try? store.memberships(userID: user.id)) ?? [] where active(m, Date()) {
            if m.sourceKind == "group" && inside.contains(m.sourceID) { return true }
            if m.sourceKind == "project", let p = (try? store.project(id: m.sourceID)) ?? nil,
               p.namespaceKind == "group", inside.contains(p.namespaceID) { return true }
        }
        return false
    }

    /// `group` and its ancestors, nearest first (a cycle in stored data ends the walk).
    func lineage(of group: GroupRecord) -> [GroupRecord] {
        var out = [group]
        var seen: Set<Int> = [group.id]
        var parent = group.parentID
        while let id = parent, seen.insert(id).inserted, let g = (try? store.group(id: id)) ?? nil {
            out.append(g)
            parent = g.parentID
        }
        return out
    }

    /// The groups a project sits in, nearest first; none for a project in a user's namespace.
    func namespaceLineage(of project: ProjectRecord) -> [GroupRecord] {
        guard project.namespaceKind == "group", let g = (try? store.group(id: project.namespaceID)) ?? nil else { return [] }
        return lineage(of: g)
    }

    /// The viewer for lists filtered in the store.
    func viewer(_ who: Principal) -> Viewer {
        guard let user = who.user else { return .anonymous }
        return Viewer(userID: user.id, isAdmin: user.isAdmin)
    }
}
