import Foundation
import Testing
@testable import GantryStore

/// Schema v7: a user's password digest (kept out of UserRecord) and web sessions found by digest
/// until they expire, removed one by one, per user, or when expired.
struct SessionStoreTests {
    @Test func passwordDigestsAreSetReadAndRemoved() throws {
        let f = try Fixture()
        #expect(try f.store.passwordDigest(userID: f.user.id) == nil)
        try f.store.setPasswordDigest(userID: f.user.id, "$scrypt$x")
        #expect(try f.reopen().passwordDigest(userID: f.user.id) == "$scrypt$x")
        try f.store.setPasswordDigest(userID: f.user.id, nil)
        #expect(try f.store.passwordDigest(userID: f.user.id) == nil)
        #expect(throws: StoreError.self) { try f.store.setPasswordDigest(userID: 999, "x") }
    }

    @Test func sessionsLiveUntilTheyExpireOrAreDeleted() throws {
        let f = try Fixture()
        let one = try f.store.createSession(SessionRecord(digest: "d1", userID: f.user.id, csrfToken: "t1", createdAt: date(0),
                                                          expiresAt: date(100)))
        _ = try f.store.createSession(SessionRecord(digest: "d2", userID: f.user.id, csrfToken: "t2", createdAt: date(0),
                                                    expiresAt: date(10)))
        #expect(try f.store.session(digest: "d1", at: date(50)) == one)
        #expect(try f.store.session(digest: "d2", at: date(50)) == nil)
        #expect(try f.store.session(digest: "unknown", at: date(0)) == nil)
        try f.store.deleteExpiredSessions(before: date(50))
        #expect(try f.store.session(digest: "d2", at: date(0)) == nil)
        #expect(try f.store.deleteSession(digest: "d1"))
        #expect(try !f.store.deleteSession(digest: "d1"))
        _ = try f.store.createSession(SessionRecord(digest: "d3", userID: f.user.id, csrfToken: "t3", createdAt: date(0), expiresAt: date(100)))
        _ = try f.store.createSession(SessionRecord(digest: "d4", userID: f.user.id, csrfToken: "t4", createdAt: date(0), expiresAt: date(100)))
        #expect(try f.store.deleteSessions(userID: f.user.id) == 2)
        #expect(throws: StoreError.self) {
            try f.store.createSession(SessionRecord(digest: "d5", userID: f.user.id, csrfToken: "t", createdAt: date(0), expiresAt: date(1)))
            try f.store.createSession(SessionRecord(digest: "d5", userID: f.user.id, csrfToken: "t", createdAt: date(0), expiresAt: date(1)))
        }
    }
}
