import GantryServer
import GantrySigstore

extension ServerCommand {
    /// The server as an OIDC issuer: its key ring (made on first start in `DATA/oidc`) signs jobs'
    /// `id_tokens:`, and its discovery document and keys are served at GitLab's paths. The
    /// Fulcio-compatible CA accepts those tokens (audience `sigstore`) and only those.
    static func composeOIDCIssuer(_ settings: inout ServerOptions) throws {
        let keyRing = try OIDCKeyRing(folder: DataDirectory(settings.data).oidcKeys)
        settings.idTokenSigner = keyRing
        settings.extraRoutes.append { router, _, _, url in OIDCDiscovery(issuer: url, keyRing: keyRing).register(&router) }
        settings.extraRoutes.append(SigstoreRoutes.registrar { url in try IDTokenVerifier(issuer: url, keyRing: keyRing) })
    }
}
