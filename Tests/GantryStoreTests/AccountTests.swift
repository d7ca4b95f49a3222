import Foundation
import Testing
@testable import GantryStore

/// Users, tokens, groups, projects and variables: lookups, paging and conflicts.
struct AccountTests {
    @Test func tokenLookupIgnoresRevokedAndExpired() throws {
        let f = try Fixture()
        let valid = try f.store.createAccessToken(AccessTokenRecord(userID: f.user.id, name: "ok", tokenDigest: "ok",
                                                                    scopes: ["api"], createdAt: date(0)))
        let revoked = try f.store.createAccessToken(AccessTokenRecord(userID: f.user.id, name: "r", tokenDigest: "r",
                                                                      scopes: ["api"], createdAt: date(0)))
        _ = try f.store.createAccessToken(AccessTokenRecord(userID: f.user.id, name: "e", tokenDigest: "e",
                                                            scopes: ["api"], createdAt: date(0), expiresAt: date(100)))
        #expect(try f.store.revokeAccessToken(id: revoked.id))

        let found = try f.store.user(forTokenDigest: "ok", at: date(200))
        #expect(found?.user == f.user)
        #expect(found?.token.id == valid.id)
        #expect(found?.token.lastUsedAt == date(200))
        #expect(try f.store.user(forTokenDigest: "r", at: date(200)) == nil)
        #expect(try f.store.user(forTokenDigest: "e", at: date(50))?.user == f.user)
        #expect(try f.store.user(forTokenDigest: "e", at: date(100)) == nil)
        #expect(try f.store.user(forTokenDigest: "unknown", at: date(0)) == nil)

        // lastUsedAt moves at most once a minute.
        _ = try f.store.user(forTokenDigest: "ok", at: date(230))
        #expect(try f.store.accessTokens(userID: f.user.id)[0].lastUsedAt == date(200))
        _ = try f.store.user(forTokenDigest: "ok", at: date(261))
        #expect(try f.reopen().accessTokens(userID: f.user.id)[0].lastUsedAt == date(261))
    }

    @Test func uniqueViolationsAreConflicts() throws {
        let f = try Fixture()
        #expect(throws: StoreError.conflict("users.username")) {
            try f.store.createUser(UserRecord(username: "ALICE", name: "Other", email: "o@example.com", createdAt: date(0)))
        }
        #expect(throws: StoreError.conflict("projects.path_with_namespace")) {
            try f.store.createProject(makeProject("Widget", namespace: "Alice", creator: f.user.id))
        }
        _ = try f.store.createGroup(GroupRecord(name: "Acme", path: "acme", fullPath: "acme", createdAt: date(0)))
        #expect(throws: StoreError.conflict("groups.full_path")) {
            try f.store.createGroup(GroupRecord(name: "ACME", path: "ACME", fullPath: "ACME", createdAt: date(0)))
        }
        _ = try f.store.createAccessToken(AccessTokenRecord(userID: f.user.id, name: "a", tokenDigest: "same",
                                                            scopes: [], createdAt: date(0)))
        #expect(throws: StoreError.conflict("access_tokens.token_digest")) {
            try f.store.createAccessToken(AccessTokenRecord(userID: f.user.id, name: "b", tokenDigest: "same",
                                                            scopes: [], createdAt: date(0)))
        }
        _ = try f.store.createRunner(RunnerRecord(tokenDigest: "rt", createdAt: date(0)))
        #expect(throws: StoreError.conflict("runners.token_digest")) {
            try f.store.createRunner(RunnerRecord(tokenDigest: "rt", createdAt: date(0)))
        }
        // Renaming onto a taken path conflicts too.
        var other = try f.store.createProject(makeProject("gadget", namespace: "alice", creator: f.user.id))
        other.pathWithNamespace = "alice/widget"
        #expect(throws: StoreError.conflict("projects.path_with_namespace")) { try f.store.updateProject(other) }
        #expect(StoreError.conflict("projects.path_with_namespace").description
            == "projects.path_with_namespace has already been taken")
    }

    @Test func pathLookupsIgnoreCase() throws {
        let f = try Fixture()
        let group = try f.store.createGroup(GroupRecord(name: "Acme", path: "Acme", fullPath: "Acme/Python",
                                                        createdAt: date(0)))
        #expect(try f.store.group(fullPath: "acme/python") == group)
        #expect(try f.store.group(fullPath: "ACME/PYTHON") == group)
        #expect(try f.store.group(fullPath: "acme") == nil)
        #expect(try f.store.project(pathWithNamespace: "ALICE/Widget") == f.project)
        #expect(try f.store.project(pathWithNamespace: "alice/widge") == nil)
        #expect(try f.store.user(username: "Alice") == f.user)
        #expect(try f.store.user(username: "bob") == nil)
    }

    @Test func subgroupsThreeLevelsDeep() throws {
        let f = try Fixture()
        func add(_ path: String, parent: GroupRecord?) throws -> GroupRecord {
            let full = parent.map { "\($0.fullPath)/\(path)" } ?? path
            return try f.store.createGroup(GroupRecord(name: path, path: path, fullPath: full, parentID: parent?.id,
                                                       createdAt: date(0)))
        }
        let acme = try add("acme", parent: nil)
        let python = try add("python", parent: acme)
        let rust = try add("rust", parent: acme)
        let libs = try add("libs", parent: python)
        let parsers = try add("parsers", parent: libs)
        let other = try add("other", parent: nil)
        _ = try add("elsewhere", parent: other)

        #expect(try f.store.subgroupIDs(of: acme.id, recursive: false) == [python.id, rust.id])
        #expect(try f.store.subgroupIDs(of: acme.id, recursive: true) == [python.id, rust.id, libs.id, parsers.id])
        #expect(try f.store.subgroupIDs(of: libs.id, recursive: true) == [parsers.id])
        #expect(try f.store.subgroupIDs(of: parsers.id, recursive: true) == [])

        // Projects of a group and its descendants, as the group projects API lists them.
        let inLibs = try f.store.createProject(makeProject("p1", namespace: libs.fullPath, kind: "group",
                                                           namespaceID: libs.id, creator: f.user.id))
        let inAcme = try f.store.createProject(makeProject("p2", namespace: acme.fullPath, kind: "group",
                                                           namespaceID: acme.id, creator: f.user.id))
        _ = try f.store.createProject(makeProject("p3", namespace: other.fullPath, kind: "group",
                                                  namespaceID: other.id, creator: f.user.id))
        let tree = try [acme.id] + f.store.subgroupIDs(of: acme.id, recursive: true)
        let listed = try f.store.projects(inGroups: tree, page: 1, perPage: 1)
        #expect(listed.items == [inAcme])
        #expect(listed.total == 2)
        #expect(try f.store.projects(inGroups: tree, page: 2, perPage: 1).items == [inLibs])
        #expect(try f.store.projects(inGroups: [], page: 1, perPage: 10).total == 0)
    }

    @Test func listsPageAndSearch() throws {
        let f = try Fixture()
        for n in 1...11 {
            _ = try f.store.createUser(UserRecord(username: "user\(n)", name: "User \(n)", email: "u\(n)@example.com",
                                                  createdAt: date(Double(n))))
            _ = try f.store.createGroup(GroupRecord(name: "Group \(n)", path: "g\(n)", fullPath: "g\(n)",
                                                    createdAt: date(0)))
            _ = try f.store.createProject(makeProject(n % 2 == 0 ? "even\(n)" : "odd_\(n)", namespace: "alice",
                                                      creator: f.user.id))
        }
        let users = try f.store.users(page: 2, perPage: 5)
        #expect(users.total == 12)
        #expect(users.items.map(\.username) == ["user6", "user5", "user4", "user3", "user2"])
        #expect(try f.store.users(page: 3, perPage: 5).items.map(\.username) == ["user1", "alice"])

        let groups = try f.store.groups(page: 1, perPage: 3, search: nil)
        #expect(groups.total == 11)
        #expect(groups.items.map(\.name) == ["Group 1", "Group 10", "Group 11"])
        #expect(try f.store.groups(page: 1, perPage: 20, search: "group 1").total == 3)
        #expect(try f.store.groups(page: 1, perPage: 20, search: "G7").items.map(\.path) == ["g7"])

        #expect(try f.store.projects(page: 1, perPage: 100, search: nil).total == 12)
        #expect(try f.store.projects(page: 1, perPage: 100, search: "EVEN").total == 5)
        // LIKE wildcards in the search are literal characters.
        #expect(try f.store.projects(page: 1, perPage: 100, search: "d_").total == 6)
        #expect(try f.store.projects(page: 1, perPage: 100, search: "%").total == 0)
    }

    @Test func projectActivityOnlyMovesForward() throws {
        let f = try Fixture()
        try f.store.touchProject(id: f.project.id, at: date(100))
        try f.store.touchProject(id: f.project.id, at: date(50))
        #expect(try f.store.project(id: f.project.id)?.lastActivityAt == date(100))
    }

    @Test func variablesUpsertAndDelete() throws {
        let f = try Fixture()
        let first = try f.store.setVariable(CIVariableRecord(ownerKind: "project", ownerID: f.project.id, key: "TOKEN",
                                                             value: "one"))
        let production = try f.store.setVariable(CIVariableRecord(ownerKind: "project", ownerID: f.project.id,
                                                                  key: "TOKEN", value: "prod",
                                                                  environmentScope: "production"))
        let replaced = try f.store.setVariable(CIVariableRecord(ownerKind: "project", ownerID: f.project.id,
                                                               key: "TOKEN", value: "two", masked: true))
        #expect(replaced.id == first.id)
        #expect(replaced.value == "two" && replaced.masked)
        _ = try f.store.setVariable(CIVariableRecord(ownerKind: "group", ownerID: f.project.id, key: "TOKEN",
                                                     value: "group's"))
        #expect(try f.store.variables(ownerKind: "project", ownerID: f.project.id) == [replaced, production])
        #expect(try f.store.deleteVariable(ownerKind: "project", ownerID: f.project.id, key: "TOKEN",
                                           environmentScope: "*"))
        #expect(try !f.store.deleteVariable(ownerKind: "project", ownerID: f.project.id, key: "TOKEN",
                                            environmentScope: "*"))
        #expect(try f.reopen().variables(ownerKind: "project", ownerID: f.project.id) == [production])
    }
}
