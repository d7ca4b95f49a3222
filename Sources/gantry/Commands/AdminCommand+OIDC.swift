import GantryCommandLine
import GantryServer
import GantrySigstore

extension AdminCommand {
    static let oidcCommand = Command("oidc", abstract: "the keys jobs' ID tokens are signed with", subcommands: [
        Command("rotate", abstract: "sign new ID tokens with a new key (old ones stay valid)",
                action: run),
    ])

    /// A running server signs with the new key from its next token on (it reads the folder each time).
    static func rotateOIDCKey(_ data: DataDirectory) throws {
        let ring = try OIDCKeyRing(folder: data.oidcKeys)
        let kid = try ring.rotate()
        let published = try ring.keySet().keys.map(\.kid)
        Output.out("new signing key \(kid)")
        Output.out("published keys: \(published.joined(separator: ", "))")
    }
}
