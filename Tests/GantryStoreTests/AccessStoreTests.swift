import Foundation
import Testing
@testable import GantryStore

/// The access tables of schema v3: members, lists filtered by what a viewer may see (with their
/// totals), protected refs and their wildcards, deploy tokens, the job token allowlist, and the
/// upgrade of a v2 database.
struct AccessStoreTests {
    @Test func membersAreUpsertedListedAndRemoved() throws {
        let f = try Fixture()
        let m = try f.store.setMember(MemberRecord(sourceKind: "project", sourceID: f.project.id, userID: f.user.id, accessLevel: 30,
                                                   createdAt: date(0)))
        #expect(m.accessLevel == 30)
        // A second set changes the role and keeps the creation date.
        let changed = try f.store.setMember(MemberRecord(sourceKind: "project", sourceID: f.project.id, userID: f.user.id,
                                                         accessLevel: 40, createdAt: date(50), expiresAt: date(99)))
        #expect(changed.accessLevel == 40 && changed.createdAt == date(0) && changed.expiresAt == date(99))
        #expect(try f.reopen().members(sourceKind: "project", sourceID: f.project.id).map(\.accessLevel) == [40])
        #expect(try f.store.memberships(userID: f.user.id).count == 1)
        #expect(try f.store.deleteMember(sourceKind: "project", sourceID: f.project.id, userID: f.user.id))
        #expect(try !f.store.deleteMember(sourceKind: "project", sourceID: f.project.id, userID: f.user.id))
        #expect(try f.store.member(sourceKind: "project", sourceID: f.project.id, userID: f.user.id) == nil)
    }

    @Test func listsAndTotalsCountOnlyWhatTheViewerMaySee() throws {
        let f = try Fixture()
        let bob = try f.store.createUser(UserRecord(username: "bob", name: "Bob", email: "b@example.com", createdAt: date(0)))
        let top = try f.store.createGroup(GroupRecord(name: "top", path: "top", fullPath: "top", createdAt: date(0)))
        let sub = try f.store.createGroup(GroupRecord(name: "sub", path: "sub", fullPath: "top/sub", parentID: top.id, createdAt: date(0)))
        let open = try f.store.createGroup(GroupRecord(name: "open", path: "open", fullPath: "open", visibility: "public", createdAt: date(0)))
        let deep = try f.store.createProject(makeProject("deep", namespace: "top/sub", kind: "group", namespaceID: sub.id, creator: f.user.id))
        var shown = makeProject("shown", namespace: "open", kind: "group", namespaceID: open.id, creator: f.user.id)
        shown.visibility = "internal"
        _ = try f.store.createProject(shown)
        let bobView = Viewer(userID: bob.id, now: date(10))

        // bob: only the internal project and the public group (f.project is alice's, private).
        var projects = try f.store.projects(visibleTo: bobView, inGroups: nil, search: nil, page: 1, perPage: 20)
        #expect(projects.items.map(\.path) == ["shown"] && projects.total == 1)
        #expect(try f.store.projects(visibleTo: .anonymous, inGroups: nil, search: nil, page: 1, perPage: 20).total == 0)
        var groups = try f.store.groups(visibleTo: bobView, parentID: nil, search: nil, page: 1, perPage: 20)
        #expect(groups.items.map(\.fullPath) == ["open"] && groups.total == 1)

        // A member of the top group sees its subgroups and their projects; paging keeps the total.
        // (Projects come newest first, groups by name.)
        try f.store.setMember(MemberRecord(sourceKind: "group", sourceID: top.id, userID: bob.id, accessLevel: 10, createdAt: date(0)))
        projects = try f.store.projects(visibleTo: bobView, inGroups: nil, search: nil, page: 2, perPage: 1)
        #expect(projects.total == 2 && projects.items.map(\.path) == ["deep"])
        #expect(try f.store.projects(visibleTo: bobView, inGroups: [sub.id], search: nil, page: 1, perPage: 5).items.map(\.id) == [deep.id])
        groups = try f.store.groups(visibleTo: bobView, parentID: nil, search: nil, page: 1, perPage: 20)
        #expect(groups.items.map(\.fullPath) == ["open", "top/sub", "top"] && groups.total == 3)

        // An expired membership counts for nothing; a project membership shows the groups above it.
        try f.store.setMember(MemberRecord(sourceKind: "group", sourceID: top.id, userID: bob.id, accessLevel: 10, createdAt: date(0),
                                           expiresAt: date(5)))
        #expect(try f.store.groups(visibleTo: bobView, parentID: nil, search: nil, page: 1, perPage: 20).total == 1)
        try f.store.setMember(MemberRecord(sourceKind: "project", sourceID: deep.id, userID: bob.id, accessLevel: 20, createdAt: date(0)))
        groups = try f.store.groups(visibleTo: bobView, parentID: nil, search: nil, page: 1, perPage: 20)
        #expect(groups.items.map(\.fullPath) == ["open", "top/sub", "top"])
        #expect(try f.store.groups(visibleTo: bobView, parentID: top.id, search: nil, page: 1, perPage: 20).items.map(\.id) == [sub.id])
        // GitLab's membership filters: what bob is a member of, from a role up.
        var members = bobView
        members.membersOnly = true
        #expect(try f.store.projects(visibleTo: members, inGroups: nil, search: nil, page: 1, perPage: 20).items.map(\.path) == ["deep"])
        members.minAccessLevel = 30
        #expect(try f.store.projects(visibleTo: members, inGroups: nil, search: nil, page: 1, perPage: 20).total == 0)
        try f.store.setMember(MemberRecord(sourceKind: "group", sourceID: top.id, userID: bob.id, accessLevel: 30, createdAt: date(0)))
        #expect(try f.store.projects(visibleTo: members, inGroups: nil, search: nil, page: 1, perPage: 20).items.map(\.path) == ["deep"])
        #expect(try f.store.groups(visibleTo: members, parentID: nil, search: nil, page: 1, perPage: 20).items.map(\.fullPath)
            == ["top/sub", "top"])
        var owned = bobView
        owned.ownedOnly = true
        #expect(try f.store.groups(visibleTo: owned, parentID: nil, search: nil, page: 1, perPage: 20).total == 0)
        #expect(try f.store.projects(visibleTo: owned, inGroups: nil, search: nil, page: 1, perPage: 20).total == 0)
        // Administrators see everything.
        #expect(try f.store.projects(visibleTo: Viewer(userID: bob.id, isAdmin: true), inGroups: nil, search: nil, page: 1,
                                     perPage: 20).total == 3)
    }

    @Test func protectedRefsMatchGitLabWildcards() throws {
        let f = try Fixture()
        let rule = try f.store.createProtectedRef(ProtectedRefRecord(projectID: f.project.id, kind: "branch", name: "release/*-stable"))
        #expect(rule.matches("release/1.0-stable") && rule.matches("release/a/b-stable"))
        #expect(!rule.matches("release/1.0") && !rule.matches("xrelease/1-stable"))
        #expect(ProtectedRefRecord(projectID: 1, kind: "tag", name: "v*").matches("v1.2"))
        #expect(ProtectedRefRecord(projectID: 1, kind: "tag", name: "*").matches("anything"))
        #expect(!ProtectedRefRecord(projectID: 1, kind: "branch", name: "main").matches("main2"))
        #expect(throws: StoreError.conflict("protected_refs.project_id, protected_refs.kind, protected_refs.name")) {
            try f.store.createProtectedRef(ProtectedRefRecord(projectID: f.project.id, kind: "branch", name: "release/*-stable"))
        }
        var changed = rule
        changed.allowForcePush = true
        changed.pushAccessLevel = 30
        try f.store.updateProtectedRef(changed)
        #expect(try f.reopen().protectedRefs(projectID: f.project.id, kind: "branch") == [changed])
        #expect(try f.store.deleteProtectedRef(id: rule.id))
        #expect(try f.store.protectedRefs(projectID: f.project.id, kind: "branch").isEmpty)
    }

    @Test func deployTokensGetGitLabsUsernameAndAllowlistsKeepEntries() throws {
        let f = try Fixture()
        let token = try f.store.createDeployToken(DeployTokenRecord(ownerKind: "project", ownerID: f.project.id, name: "ci",
                                                                    tokenDigest: "d1", scopes: ["read_repository"], createdAt: date(0)))
        #expect(token.username == "gitlab+deploy-token-\(token.id)")
        #expect(try f.store.deployToken(digest: "d1") == token)
        let named = try f.store.createDeployToken(DeployTokenRecord(ownerKind: "project", ownerID: f.project.id, name: "x", username: "deployer",
                                                                    tokenDigest: "d2", scopes: [], createdAt: date(0), expiresAt: date(5)))
        #expect(named.username == "deployer" && named.isExpired(at: date(5)) && !named.isExpired(at: date(4)))
        #expect(try f.store.revokeDeployToken(id: token.id))
        #expect(try f.store.deployTokens(ownerKind: "project", ownerID: f.project.id).map(\.revoked) == [true, false])

        #expect(try f.store.jobTokenScopeEnabled(projectID: f.project.id))
        try f.store.setJobTokenScopeEnabled(projectID: f.project.id, false)
        #expect(try !f.reopen().jobTokenScopeEnabled(projectID: f.project.id))
        try f.store.addJobTokenAllowlistEntry(projectID: f.project.id, targetKind: "project", targetID: 42, at: date(0))
        #expect(throws: StoreError.self) {
            try f.store.addJobTokenAllowlistEntry(projectID: f.project.id, targetKind: "project", targetID: 42, at: date(1))
        }
        #expect(try f.store.jobTokenAllowlist(projectID: f.project.id, targetKind: "project") == [42])
        #expect(try f.store.jobTokenAllowlist(projectID: f.project.id, targetKind: "group").isEmpty)
        #expect(try f.store.removeJobTokenAllowlistEntry(projectID: f.project.id, targetKind: "project", targetID: 42))
    }

    @Test func upgradingFromV2MakesCreatorsOwnersAndProtectsDefaultBranches() throws {
        let dir = TempDirectory()
        let project: ProjectRecord
        do {
            let old = try SQLiteStore(path: dir.databasePath, migrations: [Schema.v1, Schema.v2])
            try old.withDB { db in
                _ = try db.run("INSERT INTO users (username, name, email, created_at) VALUES ('carol', 'Carol', 'c@example.com', 0)")
                _ = try db.run("""
                    INSERT INTO projects (name, path, namespace_kind, namespace_id, path_with_namespace, default_branch, created_at,
                        last_activity_at, creator_id) VALUES ('p', 'p', 'user', 1, 'carol/p', 'trunk', 0, 0, 1)
                    """)
            }
            project = try #require(try old.project(pathWithNamespace: "carol/p"))
        }
        let store = try SQLiteStore(path: dir.databasePath)
        #expect(try store.user(username: "carol")?.userType == "human")
        #expect(try store.members(sourceKind: "project", sourceID: project.id).map { [$0.userID, $0.accessLevel] } == [[1, 50]])
        let refs = try store.protectedRefs(projectID: project.id, kind: "branch")
        #expect(refs.map(\.name) == ["trunk"] && refs.first?.pushAccessLevel == 40 && refs.first?.allowForcePush == false)
    }
}
