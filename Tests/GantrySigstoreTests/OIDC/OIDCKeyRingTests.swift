import Foundation
import GantryCrypto
import GantrySigstore
import Testing

/// The issuer's key ring on disk: made once, kept across openings, private to its owner; a
/// rotated key stays published exactly while a token it signed is still valid.
@Suite struct OIDCKeyRingTests {
    static func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("gantry-oidc-tests/\(UUID().uuidString)/oidc")
    }

    @Test func firstOpeningMakesOneKeyThatLaterOpeningsKeep() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let kid = try OIDCKeyRing(folder: folder).currentKeyID()
        #expect(try OIDCKeyRing(folder: folder).currentKeyID() == kid)
        #expect(try OIDCKeyRing(folder: folder).keySet().keys.map(\.kid) == [kid])
        let folderMode = try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let mode = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)[.posixPermissions]
            #expect(mode as? Int == 0o600, "\(name)")
        }
    }

    @Test func aRotatedKeyIsPublishedUntilItsLastTokenExpires() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let ring = try OIDCKeyRing(folder: folder)
        let old = try ring.currentKeyID()
        let now = Date()
        _ = try ring.signJWT(payload: Data("{}".utf8), expires: now.addingTimeInterval(3600))
        let new = try ring.rotate(now: now)
        #expect(try ring.currentKeyID() == new)
        #expect(try ring.keySet(now: now).keys.map(\.kid) == [new, old])
        // Once the old key's last token has expired (its record rounds up by at most ten minutes).
        #expect(try ring.keySet(now: now.addingTimeInterval(3600 + 601)).keys.map(\.kid) == [new])
        // A key that signed nothing is not published once replaced, but its files stay a day (a
        // server that picked it just before the rotation can still sign, which publishes it again).
        let newer = try ring.rotate(now: now.addingTimeInterval(1))
        #expect(try ring.keySet(now: now).keys.map(\.kid) == [newer, old])
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(new).pem").path))
        // A rotation two days later removes every older key without a valid token.
        let newest = try ring.rotate(now: now.addingTimeInterval(2 * 86_400))
        #expect(try ring.keySet(now: now.addingTimeInterval(2 * 86_400)).keys.map(\.kid) == [newest])
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(newest) }
        #expect(left.isEmpty, "\(left)")
    }
}
