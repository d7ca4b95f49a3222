import Foundation
import GantryStore

/// GitLab's PyPI package forwarding: the simple index answers a name it does not hold with a
/// redirect to the upstream index's page of that name (`https://pypi.org/simple/<name>/`).
/// Gantry only redirects, as GitLab does: it never fetches from the upstream, so a name the
/// registry holds is never mixed with upstream files (no dependency confusion), and no token of
/// the request ever reaches the upstream. Whether a group forwards is its own setting, else its
/// nearest ancestor's, else the instance's default (GitLab's cascading namespace setting).
struct PyPIForwarding: Sendable {
    static let pypi = "https://pypi.org/simple"

    /// The upstream simple index, without a trailing slash.
    let upstream: String
    /// What a group without a setting of its own (and a user's namespace) does.
    let onByDefault: Bool
    let store: any Store

    /// The upstream URL for an index in this group (nil: a project of a user's namespace), or nil
    /// when it does not forward.
    func upstream(forGroup groupID: Int?) throws -> String? {
        var next = groupID
        var depth = 0
        while let id = next, depth < 100 {
            if let value = try store.setting(Self.settingKey(group: id)) { return value == "true" ? upstream : nil }
            next = try store.group(id: id)?.parentID
            depth += 1
        }
        return onByDefault ? upstream : nil
    }

    /// A group's own setting, which its subgroups inherit unless they have their own.
    func set(group groupID: Int, forwarding: Bool) throws {
        try store.setSetting(Self.settingKey(group: groupID), forwarding ? "true" : "false")
    }

    /// Group ids are never reused (AUTOINCREMENT), so a deleted group's key is never read again.
    static func settingKey(group: Int) -> String { "group:\(group):pypi_package_requests_forwarding" }

    /// An upstream URL an administrator gave: http(s) with a host, no credentials (they would
    /// go to every client in `Location`), no query or fragment; the trailing slash dropped.
    static func validatedUpstream(_ text: String) throws(ServerSetupError) -> String {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = url.host, !host.isEmpty else {
            throw ServerSetupError("the PyPI upstream '\(text)' is not an http(s) URL like \(pypi)")
        }
        guard url.user == nil, url.password == nil else {
            throw ServerSetupError("the PyPI upstream must not hold credentials: every client would see them in the redirect")
        }
        guard url.query == nil, url.fragment == nil else {
            throw ServerSetupError("the PyPI upstream '\(text)' must not have a query or fragment")
        }
        var clean = text
        while clean.hasSuffix("/") { clean.removeLast() }
        return clean
    }
}
