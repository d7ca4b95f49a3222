import GantryStore

/// Who is asking: a user (by personal, project or group access token, with that token's scopes),
/// a running job (by its job token, acting for its project and the user who started its pipeline),
/// a deploy token, or nobody.
enum Principal: Sendable {
    case anonymous
    case user(UserRecord, token: AccessTokenRecord)
    case job(JobRecord)
    case deployToken(DeployTokenRecord)

    var user: UserRecord? {
        if case .user(let u, _) = self { return u }
        return nil
    }

    /// The access token a user signed in with.
    var token: AccessTokenRecord? {
        if case .user(_, let t) = self { return t }
        return nil
    }

    var isAdmin: Bool { user?.isAdmin ?? false }
    var isAnonymous: Bool {
        if case .anonymous = self { return true }
        return false
    }

    /// Scopes that bound what this caller may do (a job token's and a deploy token's are fixed by their kind).
    var scopes: Set<String> {
        switch self {
        case .anonymous: return []
        case .user(_, let token): return Set(token.scopes)
        case .job: return ["api"]
        case .deployToken(let t): return Set(t.scopes)
        }
    }

    /// True when one of `wanted` was granted.
    func hasScope(_ wanted: Set<String>) -> Bool { !scopes.isDisjoint(with: wanted) }
}
