import GantryStore

/// Who may see and change what. Gantry has no member lists yet: administrators may do anything,
/// a user owns the projects and groups they created and their own namespace, public projects are
/// readable by anyone and internal ones by any signed-in user; a job token reads its own project.
struct Access: Sendable {
    let store: any Store

    func canRead(_ project: ProjectRecord, _ who: Principal) -> Bool {
        switch who {
        case .job(let job): return job.projectID == project.id || project.visibility != "private"
        case .user(let user): return user.isAdmin || project.visibility != "private" || owns(project, user)
        case .anonymous: return project.visibility == "public"
        }
    }

    func canWrite(_ project: ProjectRecord, _ who: Principal) -> Bool {
        guard let user = who.user else { return false }
        return user.isAdmin || owns(project, user)
    }

    func canRead(_ group: GroupRecord, _ who: Principal) -> Bool {
        switch who {
        case .anonymous: return group.visibility == "public"
        case .job: return group.visibility != "private"
        // Without member lists, every signed-in user sees every group; projects inside keep
        // their own visibility.
        case .user: return true
        }
    }

    private func owns(_ project: ProjectRecord, _ user: UserRecord) -> Bool {
        project.creatorID == user.id || (project.namespaceKind == "user" && project.namespaceID == user.id)
    }
}
