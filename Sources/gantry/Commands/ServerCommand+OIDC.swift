import GantryServer
import GantrySigstore

extension ServerCommand {
    /// The server as an OIDC issuer: its key ring (made on first start in `DATA/oidc`) signs jobs'
    /// `id_tokens:`, and its discovery document and keys are served at GitLab's paths.
    static func composeOIDCIssuer(_ settings: inout ServerOptions) throws {
        let keyRing = try OIDCKeyRing(folder: DataDirectory(settings.data).oidcKeys)
        settings.idTokenSigner = keyRing
        settings.extraRoutes.append { router, _, _, url in OIDCDiscovery(issuer: url, keyRing: keyRing).register(&router) }
    }
}
