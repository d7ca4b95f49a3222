import Foundation
import GantryCommandLine
import GantryHTTP
import GantrySigstore

/// `gantry sigstore trust-config --url URL`: the server's ClientTrustConfig, for
/// `sigstore --trust-config FILE sign|verify` (docs/signing.md).
enum SigstoreCommand {
    static let command = Command("sigstore", abstract: "keyless signing with a Gantry server", subcommands: [
        Command("trust-config", abstract: "print a server's sigstore trust config", options: [
            .value("url", "URL", help: "the server's URL, as its jobs see it in $CI_SERVER_URL", required: true),
        ], action: run),
    ])

    static func run(_ options: Arguments) throws(Arguments.UsageError) -> Int32 {
        var server = options.value("url") ?? ""
        guard server.hasPrefix("http://") || server.hasPrefix("https://") else {
            throw Arguments.UsageError(description: "--url takes the server's http:// or https:// URL, got '\(server)'")
        }
        while server.hasSuffix("/") { server.removeLast() }
        let url = server + SigstoreRoutes.trustConfigPath
        do {
            let response = try HTTPClient(userAgent: "gantry-sigstore").send(HTTPClientRequest(url: url))
            let type = response.headers.first { $0.0.lowercased() == "content-type" }?.1 ?? ""
            guard response.status == 200, type.hasPrefix(ClientTrustConfig.mediaType) else {
                Output.err("gantry sigstore trust-config: \(url) answered \(response.status) \(type): not a Gantry server with a trust config")
                return 1
            }
            FileHandle.standardOutput.write(response.body)
            FileHandle.standardOutput.write(Data("\n".utf8))
            return 0
        } catch {
            Output.err("gantry sigstore trust-config: \(error)")
            return 1
        }
    }
}
