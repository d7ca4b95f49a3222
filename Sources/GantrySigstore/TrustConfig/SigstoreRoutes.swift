import Foundation
import GantryHTTP
import GantryStore

/// The CA's Fulcio API and `GET /-/sigstore/trust-config.json` (the ClientTrustConfig), composed
/// from the data directory: the CA and CT keys are made on first start beside the log's key.
public enum SigstoreRoutes {
    public static let trustConfigPath = "/-/sigstore/trust-config.json"

    /// For `ServerOptions.extraRoutes`; `tokens` gives the ID token verifier for the server's URL.
    public static func registrar(tokens: @escaping @Sendable (_ baseURL: String) throws -> IDTokenVerifier)
        -> @Sendable (inout Router, any Store, URL, String) throws -> Void {
        { router, store, dataRoot, baseURL in
            let authority = try CertificateAuthority(dataRoot: dataRoot, name: URL(string: baseURL)?.host ?? "gantry")
            CertificateAuthorityRoutes(authority: authority, tokens: { try tokens(baseURL) }).register(&router)
            let logKey = try LogKey.load(dataRoot: dataRoot, store: store, create: true)
            let created = (try? FileManager.default.attributesOfItem(atPath: LogKey.file(dataRoot: dataRoot).path))?[.modificationDate] as? Date
            let config = try ClientTrustConfig(baseURL: baseURL, authority: authority, transparencyLogKey: logKey.publicKey,
                                               transparencyLogCreated: created ?? Date(timeIntervalSince1970: 0)).json()
            router.add("GET", trustConfigPath) { _ in
                HTTPResponse(status: 200, headers: [("Content-Type", ClientTrustConfig.mediaType)], body: .data(config))
            }
        }
    }
}
