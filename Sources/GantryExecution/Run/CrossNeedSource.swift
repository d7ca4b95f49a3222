import Foundation
import GantryHTTP
import GantryPipeline

/// Where `gantry run` fetches the artifacts of a job's needs on other projects: a Gantry (or
/// GitLab) server's `GET /projects/:path/jobs/artifacts/:ref/download?job=NAME`, the archive of
/// that job in the ref's newest successful pipeline. Without a server, or for a need on another
/// pipeline (a local run has no parent pipeline), the job gets a dependency that says why it
/// cannot be downloaded, and fails before its script as GitLab fails it.
public struct CrossNeedSource: Sendable {
    /// Without a trailing slash: `https://gantry.example.com`.
    public let serverURL: String
    /// `PRIVATE-TOKEN` (a user's token) or `JOB-TOKEN` (inside a CI job) and its value.
    public let credential: (header: String, value: String)
    /// Where downloaded archives go (the pipeline's folder).
    public let folder: URL

    public init(serverURL: String, credential: (header: String, value: String), folder: URL) {
        var url = serverURL
        while url.hasSuffix("/") { url.removeLast() }
        self.serverURL = url
        self.credential = credential
        self.folder = folder
    }

    /// The need's archive, downloaded, or why it could not be.
    func artifacts(_ need: CrossNeed, variables: [String: String]) -> JobRunner.DependencyArtifacts {
        let expand = { (text: String) in VariableExpander.expand(text, with: { variables[$0] }) }
        guard let project = need.project.map(expand), let ref = need.ref.map(expand) else {
            return Self.unavailable(need, "a local run has no parent pipeline to take artifacts from")
        }
        let encode = PercentEncoding.encodeQueryComponent
        let url = "\(serverURL)/api/v4/projects/\(encode(project))/jobs/artifacts/\(encode(ref))/download?job=\(encode(need.job))"
        let zip = folder.appendingPathComponent("cross-needs/\(UUID().uuidString).zip")
        do {
            try FileManager.default.createDirectory(at: zip.deletingLastPathComponent(), withIntermediateDirectories: true)
            let response = try HTTPClient().send(HTTPClientRequest(url: url, headers: [credential], timeout: 600, downloadTo: zip))
            guard response.status == 200 else {
                let why = response.status == 404
                    ? "no successful pipeline of \(ref) has a job \(need.job) with artifacts, or the token cannot read \(project)"
                    : "the server answered HTTP \(response.status)"
                return Self.unavailable(need, "\(serverURL): \(why)")
            }
            return JobRunner.DependencyArtifacts(name: need.description, id: 0, zip: zip)
        } catch {
            return Self.unavailable(need, "\(serverURL): \(error)")
        }
    }

    /// A need no server was given for.
    static func unreachable(_ need: CrossNeed) -> JobRunner.DependencyArtifacts {
        unavailable(need, "`gantry run` has no Gantry server to download artifacts of other pipelines from: give "
                    + "--server URL and --token TOKEN (or set GANTRY_SERVER and GANTRY_TOKEN), run the pipeline on the server, or set `artifacts: false` on "
                    + "this need (line \(need.mark.line)) to run the job without them")
    }

    private static func unavailable(_ need: CrossNeed, _ why: String) -> JobRunner.DependencyArtifacts {
        JobRunner.DependencyArtifacts(name: need.description, id: 0, zip: nil, downloadError: why)
    }
}
