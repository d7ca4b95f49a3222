import Foundation
import GantryCrypto
import GantryPipeline
import GantryYAML

/// A job's `id_tokens:`: one signed JWT per named variable, with GitLab's claims (`Ci::Build#
/// id_tokens_variables` and `Gitlab::Ci::JwtV2`). `aud` is expanded with the job's variables as
/// GitLab expands it (a name nobody defines gives nothing); everything else comes from the
/// ``IDTokenContext``. The variables are masked and never files, as GitLab sends them.
public enum JobIDTokens {
    /// GitLab's `NOT_BEFORE_TIME`: a little room for clocks that run behind.
    static let notBefore = 5

    /// The tokens of `job`, in the order written; empty when it has no `id_tokens:`.
    public static func issue(for job: JobConfig, context: IDTokenContext, variables: [String: String], signer: any JWTSigning,
                             now: Date = Date()) throws -> [(name: String, token: String)] {
        guard let entries = job["id_tokens"]?.mapping?.entries, !entries.isEmpty else { return [] }
        let expand = { (text: String) in VariableExpander.expand(text, with: { variables[$0] }) }
        let environment = Self.environment(job, expand: expand)
        return try entries.map { entry in
            let aud: IDTokenClaims.Audience
            let written = entry.value.mapping?["aud"]
            if let list = written?.sequence {
                aud = .many(list.compactMap { $0.scalar?.value.asString }.map(expand))
            } else {
                aud = .one(expand(written?.scalar?.value.asString ?? ""))
            }
            let claims = Self.claims(context, aud: aud, environment: environment, now: now)
            let expires = Date(timeIntervalSince1970: TimeInterval(claims.exp))
            return (entry.key, try signer.signJWT(payload: try claims.json(), expires: expires))
        }
    }

    static func claims(_ c: IDTokenContext, aud: IDTokenClaims.Audience, environment: Environment?, now: Date) -> IDTokenClaims {
        let issued = Int(now.timeIntervalSince1970)
        let refType = c.isTag ? "tag" : "branch"
        return IDTokenClaims(
            namespaceID: String(c.namespaceID), namespacePath: c.namespacePath, projectID: String(c.projectID),
            projectPath: c.projectPath, userID: c.user.map { String($0.id) } ?? "", userLogin: c.user?.login, userEmail: c.user?.email,
            userAccessLevel: c.userAccessLevel, pipelineID: String(c.pipelineID), pipelineSource: c.pipelineSource, jobID: String(c.jobID),
            ref: c.ref, refType: refType, refPath: c.refPath, refProtected: c.refProtected ? "true" : "false",
            environment: environment?.name, environmentProtected: environment.map { _ in "false" },
            deploymentTier: environment?.tier, environmentAction: environment?.action,
            runnerID: c.runnerID, runnerEnvironment: c.runnerID == nil ? nil : "self-hosted", sha: c.sha,
            projectVisibility: c.projectVisibility,
            ciConfigRefURI: "\(c.serverFQDN)/\(c.projectPath)//\(c.configPath)@\(c.refPath)", ciConfigSHA: c.sha,
            jti: UUID().uuidString.lowercased(), iss: c.issuer, iat: issued, nbf: issued - notBefore, exp: issued + c.timeout,
            sub: "project_path:\(c.projectPath):ref_type:\(refType):ref:\(c.ref)", aud: aud)
    }

    /// The job's `environment:` as the token names it: the expanded name, its action (`start`
    /// unless written) and its tier (written, or guessed from the name as GitLab guesses it).
    struct Environment {
        var name: String
        var action: String
        var tier: String
    }

    static func environment(_ job: JobConfig, expand: (String) -> String) -> Environment? {
        guard let node = job["environment"], !node.isNull else { return nil }
        let map = node.mapping
        guard let written = node.scalar?.value.asString ?? map?["name"]?.scalar?.value.asString else { return nil }
        let name = expand(written)
        guard !name.isEmpty else { return nil }
        return Environment(name: name, action: map?["action"]?.scalar?.value.asString ?? "start",
                           tier: map?["deployment_tier"]?.scalar?.value.asString ?? guessTier(name))
    }

    /// GitLab's `Environment#guess_tier`, in its order.
    static func guessTier(_ name: String) -> String {
        let rules: [(String, String)] = [
            ("(dev|review|trunk)", "development"),
            ("(test|tst|int|ac(ce|)pt|qa|qc|control|quality)", "testing"),
            ("(st(a|)g|mod(e|)l|pre|demo|non)", "staging"),
            ("(pr(o|)d|live)", "production"),
        ]
        for (pattern, tier) in rules where name.range(of: pattern, options: [.regularExpression, .caseInsensitive]) != nil {
            return tier
        }
        return "other"
    }
}
