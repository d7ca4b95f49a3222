import Foundation
import GantryCommandLine
import GantryExecution
import GantryIncludes
import GantryMonitor
import GantryPipeline

/// Where `gantry lint/config/plan/run` read `include: project`, `component`, `template` and
/// `remote` files: `--server URL` (else $GANTRY_SERVER, else $CI_SERVER_URL) with `--token TOKEN`
/// (else $GANTRY_TOKEN, else $CI_JOB_TOKEN as a job token), `--template-source URL` (else
/// $GANTRY_TEMPLATE_SOURCE); remote files are fetched directly.
enum IncludeOptions {
    static let options: [Option] = [
        .value("server", "URL", help: "the Gantry (or GitLab) server that hosts included projects and components "
               + "(default: $GANTRY_SERVER, else $CI_SERVER_URL)"),
        .value("token", "TOKEN", help: "a token that may read them (default: $GANTRY_TOKEN, else $CI_JOB_TOKEN)"),
        .value("template-source", "URL", help: "where `include: template:` reads GitLab's templates: a GitLab, or a "
               + "`gantry server --ci-templates DIR` (default: $GANTRY_TEMPLATE_SOURCE)"),
    ]

    /// The server's URL when one is configured (also CI_SERVER_URL of a plan).
    static func serverURL(_ options: Arguments, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        [options.value("server"), environment["GANTRY_SERVER"], environment["CI_SERVER_URL"]].compactMap { $0 }.first { !$0.isEmpty }
    }

    /// The server given by `--server`/`--token` or the environment; nil when none is configured.
    static func server(_ options: Arguments) throws(Arguments.UsageError) -> GitLabServer? {
        let environment = ProcessInfo.processInfo.environment
        guard let url = serverURL(options, environment: environment) else { return nil }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw Arguments.UsageError(description: "--server: the server's URL must start with http:// or https://, got '\(url)'")
        }
        let credential: GitLabServer.Credential
        if let token = [options.value("token"), environment["GANTRY_TOKEN"]].compactMap({ $0 }).first(where: { !$0.isEmpty }) {
            credential = .privateToken(token)
        } else if let job = environment["CI_JOB_TOKEN"], !job.isEmpty {
            credential = .jobToken(job)
        } else {
            credential = .none
        }
        return GitLabServer(url: url, credential: credential)
    }

    static func fetcher(_ options: Arguments) throws(Arguments.UsageError) -> any IncludeFetcher {
        let environment = ProcessInfo.processInfo.environment
        let server = try server(options)
        let templates = options.value("template-source") ?? environment["GANTRY_TEMPLATE_SOURCE"].flatMap { $0.isEmpty ? nil : $0 }
        let timeout = environment["GANTRY_INCLUDE_TIMEOUT"].flatMap(TimeInterval.init) ?? RemoteIncludePolicy.defaultTimeout
        return APIIncludeSource(server: server, templateSource: templates, remotePolicy: .commandLine(timeout: timeout)).fetcher()
    }

    /// Where `gantry run` downloads the artifacts of needs on other projects: the same server and
    /// token as includes; nil without a server or a token.
    static func crossNeeds(_ options: Arguments, folder: URL) throws(Arguments.UsageError) -> CrossNeedSource? {
        guard let server = try server(options) else { return nil }
        switch server.credential {
        case .privateToken(let token): return CrossNeedSource(serverURL: server.url, credential: ("PRIVATE-TOKEN", token), folder: folder)
        case .jobToken(let token): return CrossNeedSource(serverURL: server.url, credential: ("JOB-TOKEN", token), folder: folder)
        case .oauthToken(let token): return CrossNeedSource(serverURL: server.url, credential: ("Authorization", "Bearer " + token), folder: folder)
        case .none: return nil
        }
    }
}
