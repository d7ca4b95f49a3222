import Foundation
import GantryCrypto
import GantryHTTP

/// The embedded stylesheet and script, served at a path that names their content
/// (`/-/assets/<digest>/gantry.css`): a browser may keep them for a year, and a new build's
/// pages name new paths, so nobody runs yesterday's script against today's pages.
struct Assets: Sendable {
    struct Asset: Sendable {
        let name: String
        let contentType: String
        let body: Data
    }

    let version: String
    private let byName: [String: Asset]

    init() {
        let all = [Asset(name: "gantry.css", contentType: "text/css; charset=utf-8", body: Data((Stylesheet.text + JobLogScript.style).utf8)),
                   Asset(name: "gantry.js", contentType: "text/javascript; charset=utf-8", body: Data((Script.text + JobLogScript.text).utf8))]
        let digest = SHA256Digest()
        for asset in all { digest.update(asset.body) }
        version = String(digest.finalizeHex().prefix(12))
        byName = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
    }

    static let prefix = "/-/assets"

    func path(_ name: String) -> String { "\(Assets.prefix)/\(version)/\(name)" }

    func register(_ router: inout Router) {
        router.add("GET", "\(Assets.prefix)/:version/:name") { request in
            // Another version is an old page asking after a restart: answer with today's asset,
            // but let nobody keep it under that name.
            guard let asset = byName[request.params["name"] ?? ""] else { return .notFound }
            let current = request.params["version"] == version
            return HTTPResponse(status: 200, headers: [
                ("Content-Type", asset.contentType),
                ("Cache-Control", current ? "public, max-age=31536000, immutable" : "no-store"),
                ("X-Content-Type-Options", "nosniff"),
            ], body: .data(asset.body))
        }
    }
}
