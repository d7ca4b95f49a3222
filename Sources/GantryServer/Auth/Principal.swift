import GantryStore

/// Who is asking: a user (by personal access token), a running job (by its job token, acting for
/// its project), or nobody.
enum Principal: Sendable {
    case anonymous
    case user(UserRecord)
    case job(JobRecord)

    var user: UserRecord? {
        if case .user(let u) = self { return u }
        return nil
    }

    var isAdmin: Bool { user?.isAdmin ?? false }
    var isAnonymous: Bool {
        if case .anonymous = self { return true }
        return false
    }
}
