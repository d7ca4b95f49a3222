import Foundation
import GantryExecution
import GantryPipeline
import GantrySigstore

extension RunCommand {
    /// When a job has `id_tokens:`, the checkout's key ring under `.gantry/oidc` (made on first
    /// use) signs them; its public keys go to `jwks.json` there, the folder the tokens' `iss` names.
    static func localIDTokens(_ plan: Plan, _ context: PlanContext, _ settings: RunSettings) -> LocalIDTokens? {
        guard plan.jobs.contains(where: { $0.instance.job["id_tokens"] != nil }) else { return nil }
        let folder = settings.stateDirectory.appendingPathComponent("oidc")
        do {
            let ring = try OIDCKeyRing(folder: folder)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try encoder.encode(try ring.keySet()).write(to: folder.appendingPathComponent("jwks.json"))
            // Built by hand: a URL of an existing folder ends in `/`, which would change `iss` after the first run.
            return LocalIDTokens(plan: context, issuer: "file://" + folder.standardizedFileURL.path, signer: ring)
        } catch {
            settings.console.note("jobs get no ID tokens: the key ring in \(folder.path) cannot be used: \(error)")
            return nil
        }
    }
}
