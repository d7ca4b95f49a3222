import Foundation
import GantryYAML

/// `release:` (`Entry::Release`, `Release::Assets`, `Release::Assets::Links`).
enum ReleaseValidator {
    /// `scope` is the release location (`jobs:release:release`).
    static func validate(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let map = node.mapping else {
            scope.config("should be a hash", at: node.mark, into: &diagnostics)
            return
        }
        NodeChecks.checkAllowedKeys(map, KeywordLists.releaseKeys, scope: scope, into: &diagnostics)
        for key in ["tag_name", "description"] {
            let value = map[key]
            if let value, !value.isNull, !NodeChecks.isString(value) {
                scope.error(key, "should be a string", at: value.mark, into: &diagnostics)
            } else if value == nil || NodeChecks.isBlank(value!) {
                scope.error(key, "can't be blank", at: value?.mark ?? node.mark, into: &diagnostics)
            }
        }
        if let message = map["tag_message"], !NodeChecks.isBlank(message), !NodeChecks.isString(message) {
            scope.error("tag_message", "should be a string", at: message.mark, into: &diagnostics)
        }
        if let milestones = map["milestones"], !NodeChecks.isBlank(milestones),
           !NodeChecks.isArrayOfStringsOrString(milestones) {
            scope.error("milestones", "should be an array of strings or a string", at: milestones.mark, into: &diagnostics)
        }
        if let releasedAt = map["released_at"], !releasedAt.isNull {
            let text = releasedAt.scalar.map { $0.text } ?? ""
            if releasedAt.scalar == nil || !isISO8601(text) {
                scope.error("released_at", "must be a valid datetime", at: releasedAt.mark, into: &diagnostics)
            }
        }
        if let assets = map["assets"], !assets.isNull {
            validateAssets(assets, scope: scope.child("assets"), into: &diagnostics)
        }
    }

    /// `DateTime.iso8601`: a date, optionally with a time and zone.
    private static func isISO8601(_ text: String) -> Bool {
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds], [.withFullDate],
        ] {
            formatter.formatOptions = options
            if formatter.date(from: text) != nil { return true }
        }
        return false
    }

    private static func validateAssets(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let map = node.mapping else {
            scope.config("should be a hash", at: node.mark, into: &diagnostics)
            return
        }
        NodeChecks.checkAllowedKeys(map, ["links"], scope: scope, into: &diagnostics)
        let links = map["links"]
        if let links, !links.isNull, !NodeChecks.isArrayOfHashes(links) {
            scope.error("links", "should be an array of hashes", at: links.mark, into: &diagnostics)
        }
        if links == nil || NodeChecks.isBlank(links!) {
            scope.error("links", "can't be blank", at: links?.mark ?? node.mark, into: &diagnostics)
        }
    }
}
